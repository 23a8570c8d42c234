package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// This file sets up a discordgo session for the transports: the bot token,
// DISCORD_API_URL, and the timeouts.

// Timeouts of the session's network calls.
const (
	restTimeout      = 10 * time.Second // one REST call, including reading the reply
	dialTimeout      = 10 * time.Second // TCP (and TLS) connect to the gateway
	handshakeTimeout = 15 * time.Second // from dialling the gateway to READY or RESUMED
)

// Token is a Discord bot token. Its String, GoString and LogValue methods
// redact it, so it cannot reach a log or an error message by accident; only
// the session's Authorization header carries it. The zero Token is empty.
type Token struct {
	secret string
}

// ParseToken accepts a bot token as shown in the developer portal, with or
// without the "Bot " prefix. Errors never include the token.
func ParseToken(s string) (Token, error) {
	s = strings.TrimSpace(s)
	if prefix, rest, ok := strings.Cut(s, " "); ok && strings.EqualFold(prefix, "bot") {
		s = strings.TrimSpace(rest)
	} else if strings.EqualFold(s, "bot") {
		s = ""
	}
	if s == "" {
		return Token{}, errors.New("bot token is empty")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII }) >= 0 {
		return Token{}, errors.New("bot token contains spaces, control or non-ASCII characters")
	}
	return Token{secret: s}, nil
}

// String returns "[redacted]", or "" for the empty Token.
func (t Token) String() string {
	if t.secret == "" {
		return ""
	}
	return "[redacted]"
}

// GoString redacts the token in %#v.
func (t Token) GoString() string { return "bot.Token{" + t.String() + "}" }

// LogValue redacts the token in slog output.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// authorization is the value of the Authorization header: "Bot <token>".
func (t Token) authorization() string { return "Bot " + t.secret }

// Config is what a transport needs to reach Discord.
type Config struct {
	// Token authenticates the bot (DISCORD_TOKEN); required.
	Token Token
	// GuildID, when set, registers the commands in that one server, where
	// changes show at once, instead of globally (DISCORD_GUILD_ID).
	GuildID string
	// APIURL is an origin such as "http://127.0.0.1:8080" that replaces
	// https://discord.com for every REST call, for a REST proxy or a test
	// (DISCORD_API_URL). The gateway is whatever GET /api/v9/gateway there
	// returns. Empty means Discord itself.
	APIURL string
	// Logger receives the transport's logs; nil discards them.
	Logger *slog.Logger
}

func (c Config) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}

var snowflake = regexp.MustCompile(`^[0-9]{1,20}$`)

// Check reports the first setting that is wrong: no token, a guild ID that
// is not a Discord ID, an API URL that is not an origin.
func (c Config) Check() error {
	if c.Token.secret == "" {
		return errors.New("bot token is empty")
	}
	if c.GuildID != "" && !snowflake.MatchString(c.GuildID) {
		return fmt.Errorf("guild ID %q is not a Discord ID (digits only)", c.GuildID)
	}
	if c.APIURL != "" {
		if _, err := ParseAPIURL(c.APIURL); err != nil {
			return err
		}
	}
	return nil
}

// ParseAPIURL parses a DISCORD_API_URL value: an http or https origin
// (scheme, host and optional port), with nothing after it but an optional
// "/".
func ParseAPIURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("API URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("API URL %q is not an origin such as http://127.0.0.1:8080", s)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// discordOrigin is the origin of discordgo's REST endpoints, read (never
// written) from its package variables.
func discordOrigin() (*url.URL, error) {
	u, err := url.Parse(discordgo.EndpointDiscord)
	if err != nil {
		return nil, fmt.Errorf("discordgo endpoint: %w", err)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// originTransport sends the requests discordgo makes to Discord's origin
// (https://discord.com) to another origin instead, path and query
// unchanged; other requests pass through. This is how DISCORD_API_URL
// reaches every REST call without changing discordgo's package-level
// endpoint variables, which would affect every session in the process.
type originTransport struct {
	from, to *url.URL
	base     http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *originTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != t.from.Scheme || req.URL.Host != t.from.Host {
		return t.base.RoundTrip(req)
	}
	r := req.Clone(req.Context()) // a RoundTripper must not modify its request
	r.URL.Scheme, r.URL.Host, r.Host = t.to.Scheme, t.to.Host, ""
	return t.base.RoundTrip(r)
}

// maxConns bounds the REST client's connections to one host. Callbacks for
// a burst of interactions all go to one host: over HTTP/2 (Discord) they
// share one connection anyway; over HTTP/1.1 (a REST proxy, the fake) a
// bound keeps a burst from dialling a connection per interaction, which
// costs more than waiting for a free one (16 connections still carry
// thousands of callbacks a second to a proxy a millisecond away).
const maxConns = 16

// newHTTPClient returns the REST client: its own connection pool and, when
// apiURL is set, the origin rewrite.
func newHTTPClient(apiURL string) (*http.Client, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxConnsPerHost = maxConns
	base.MaxIdleConnsPerHost = maxConns
	var rt http.RoundTripper = base
	if apiURL != "" {
		to, err := ParseAPIURL(apiURL)
		if err != nil {
			return nil, err
		}
		from, err := discordOrigin()
		if err != nil {
			return nil, err
		}
		rt = &originTransport{from: from, to: to, base: base}
	}
	return &http.Client{Transport: rt, Timeout: restTimeout}, nil
}

// newSession returns a discordgo session set up for the bot: the token, the
// REST client, no privileged intent (no intent at all: slash commands need
// none), events delivered synchronously (handlers must not block), no state
// cache, and a gateway dialer whose connections time out until READY.
func newSession(c Config) (*discordgo.Session, *pendingConn, error) {
	if err := c.Check(); err != nil {
		return nil, nil, err
	}
	client, err := newHTTPClient(c.APIURL)
	if err != nil {
		return nil, nil, err
	}
	s, err := discordgo.New(c.Token.authorization())
	if err != nil {
		return nil, nil, fmt.Errorf("new discord session: %w", err)
	}
	s.Client = client
	s.Identify.Intents = discordgo.IntentsNone
	s.StateEnabled = false
	s.SyncEvents = true
	s.LogLevel = discordgo.LogError // its debug levels would print the token
	pending := &pendingConn{}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: dialTimeout,
		NetDialContext:   pending.dial,
	}
	return s, pending, nil
}

// pendingConn tracks the gateway connection being opened. discordgo reads
// HELLO and READY without a deadline, so a gateway that accepts the
// connection and then says nothing would hang Open for ever: the dialer sets
// a deadline on each new connection, cleared once the session is connected,
// and close aborts an Open in progress.
type pendingConn struct {
	mu   sync.Mutex
	conn *gatewayConn
}

func (p *pendingConn) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{Timeout: dialTimeout}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if err := c.SetDeadline(time.Now().Add(handshakeTimeout)); err != nil {
		c.Close()
		return nil, err
	}
	gc := &gatewayConn{Conn: c, settled: make(chan struct{})}
	p.mu.Lock()
	p.conn = gc
	p.mu.Unlock()
	return gc, nil
}

// connected clears the deadline of the connection that has just become the
// session's: from now on discordgo's heartbeats watch it.
func (p *pendingConn) connected() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn != nil {
		p.conn.SetDeadline(time.Time{})
		p.conn.connect()
		p.conn = nil
	}
}

// close closes a connection still being opened, so that Open returns.
func (p *pendingConn) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn != nil {
		p.conn.Close()
		p.conn = nil
	}
}

// firstWriteTimeout bounds how long gatewayConn holds back a read error
// for the connection's first heartbeat.
const firstWriteTimeout = handshakeTimeout

// gatewayConn is a gateway connection under discordgo. Once the session is
// connected on it, a read error is held back until the connection's first
// write since then has gone out, or the connection is closed (or
// firstWriteTimeout passes).
//
// This works around a race in discordgo v0.29.0 by which a connection that
// breaks just after it was opened can close the connection that replaces
// it, and so on, each losing what was sent on it. For each connection, Open
// starts a reading goroutine and a heartbeat goroutine. When a read fails,
// the reading goroutine calls Session.Close, which holds the session's lock
// for a second (it waits for the close handshake), and reconnects; it checks
// first that its connection is still the session's. The heartbeat goroutine
// sends a heartbeat as soon as it starts, and when that write fails it, too,
// calls Close and reconnects, but without that check. If the connection
// breaks before the heartbeat goroutine has run, that goroutine waits for the
// lock while Close runs, the reconnection's Open can take the lock before
// it, and its write on the old connection then fails ("close sent"): it
// closes the new connection, with code 1000, which on Discord ends the
// session, so that what was dispatched to it is lost and the next RESUME
// gets INVALID_SESSION; the new connection's heartbeat goroutine, which has
// not run either, does the same to the next one. Holding back the read error
// lets the heartbeat goroutine write first: its heartbeat then goes out, or
// fails while its connection is still the session's, and it closes that one.
type gatewayConn struct {
	net.Conn
	settled chan struct{} // closed when a read error need no longer wait
	settle  sync.Once

	mu        sync.Mutex
	connected bool // the session is connected on it
}

// connect marks the connection as the session's.
func (c *gatewayConn) connect() {
	c.mu.Lock()
	c.connected = true
	c.mu.Unlock()
}

func (c *gatewayConn) isConnected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.connected
}

func (c *gatewayConn) markSettled() { c.settle.Do(func() { close(c.settled) }) }

// Read implements net.Conn.
func (c *gatewayConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err != nil && c.isConnected() {
		t := time.NewTimer(firstWriteTimeout)
		select {
		case <-c.settled:
		case <-t.C:
		}
		t.Stop()
	}
	return n, err
}

// Write implements net.Conn.
func (c *gatewayConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err == nil && c.isConnected() {
		c.markSettled()
	}
	return n, err
}

// Close implements net.Conn.
func (c *gatewayConn) Close() error {
	err := c.Conn.Close()
	c.markSettled()
	return err
}

// redactURL strips the URL from an HTTP client error: interaction and
// webhook URLs contain the interaction's token.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
