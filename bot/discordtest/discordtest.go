// Package discordtest is a fake Discord for tests: an HTTP server on
// 127.0.0.1 with the REST routes a slash-command bot uses and a gateway
// websocket, so that the real discordgo client can be tested end to end
// through DISCORD_API_URL without touching Discord.
//
// REST (under /api/v9): GET /gateway and /gateway/bot, GET /applications/@me,
// /oauth2/applications/@me and /users/@me, PUT of the global and guild
// command lists (bulk overwrite), POST /interactions/{id}/{token}/callback,
// and the webhook routes for follow-ups (POST /webhooks/{app}/{token}) and
// for editing and deleting a response (PATCH and DELETE
// /webhooks/{app}/{token}/messages/{id}). Routes that need the bot's
// authorization check "Authorization: Bot <token>".
//
// Gateway (GET /gateway/?v=9&encoding=json), as Discord documents it: HELLO
// with a heartbeat interval (Discord's 41.25 s by default), IDENTIFY
// answered with READY (the application ID and a new session), heartbeats
// acknowledged. A session outlives its connection: what is pushed while it
// is disconnected is kept, and a RESUME with the last sequence number the bot
// received replays the events it missed, in order, then sends RESUMED. A
// RESUME of a session that is gone (DropConnection(false), or a close with
// code 1000 or 1001) gets INVALID_SESSION, and what was pushed for it is
// lost, as on Discord. Zombie simulates a half-open connection, whose
// heartbeats go unacknowledged.
//
// The Server records everything the bot sent. Tests push INTERACTION_CREATE
// events with PushInteraction and wait for what they expect with the Wait
// methods, which are bounded by their context: no sleeping. A Server is safe
// for concurrent use.
package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Defaults of Options.
const (
	DefaultToken             = "fake-bot-token"
	DefaultApplicationID     = "1100000000000000001"
	DefaultHeartbeatInterval = 41250 * time.Millisecond
)

// maxBody bounds a request body the fake reads.
const maxBody = 1 << 20

// Options configure a Server. The zero value uses the defaults.
type Options struct {
	// Token is the bot token the fake accepts, without "Bot ".
	Token string
	// ApplicationID is the bot's application ID, also its user ID.
	ApplicationID string
	// HeartbeatInterval is sent in HELLO.
	HeartbeatInterval time.Duration
	// Silent makes the gateway accept connections and then say nothing, not
	// even HELLO, like a gateway that hangs: for tests of timeouts.
	Silent bool
}

// Server is a fake Discord. Create it with New; it is closed when the test
// ends.
type Server struct {
	opts     Options
	http     *httptest.Server
	upgrader websocket.Upgrader
	nextID   atomic.Int64

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced on every recorded change
	requests    []Request
	callbacks   []Callback
	callbackIdx map[string]int // interaction ID → index in callbacks
	webhooks    []Webhook
	commands    map[string][]*discordgo.ApplicationCommand // "" (global) or guild ID → last overwrite
	pushed      map[string]pushed                          // interaction ID → what was pushed
	sessions    map[string]*session                        // session ID → a session that can be resumed
	current     *session                                   // where pushes go: the session of the last READY or RESUMED, until it is invalidated
	conns       map[*gatewayConn]bool                      // open connections
	identifies  []Identify
	stats       GatewayStats
}

type pushed struct {
	token string
	at    time.Time
}

// maxReplay is how many of a session's last events the fake keeps for a
// RESUME to replay. Discord keeps a session's events for a few minutes; a
// bot that resumes from further back gets INVALID_SESSION, as it would when
// it comes back too late.
const maxReplay = 1024

// session is a gateway session: the events sent in it, which a RESUME on a
// new connection replays from the sequence number the bot last received,
// and the connection it is delivered on. Its fields are guarded by
// Server.mu.
type session struct {
	id     string
	seq    int64        // last sequence number assigned
	events []event      // the last maxReplay events, in order of seq, without gaps
	conn   *gatewayConn // where its events are written; nil while the session is disconnected
}

// event is one dispatch of a session: its sequence number and the whole
// gateway message.
type event struct {
	seq   int64
	frame []byte
}

// gatewayConn is one websocket connection of the gateway.
type gatewayConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex // serialises writes; taken before Server.mu
	// session is the session READY or RESUMED bound the connection to, and
	// zombie is set by Zombie; both are guarded by Server.mu.
	session *session
	zombie  bool
}

// GatewayStats counts what happened on the gateway.
type GatewayStats struct {
	Connections int // websocket connections accepted
	Identifies  int // IDENTIFY received
	Ready       int // READY sent
	Resumes     int // RESUME received
	Resumed     int // RESUMED sent
	Invalid     int // INVALID_SESSION sent
	Heartbeats  int // heartbeats acknowledged
	Dispatched  int // events pushed
	Replayed    int // events replayed on RESUME (pushed ones and READY)
}

// Request is a REST request the fake received.
type Request struct {
	Method string
	Path   string // without the query
	Query  string
	Header http.Header
	Body   []byte
	At     time.Time
	// Status is the status the fake answered with.
	Status int
}

// Callback is an interaction response the bot posted.
type Callback struct {
	InteractionID string
	Type          discordgo.InteractionResponseType
	// Message holds the response's data for message responses (types 4 and
	// 7): content, embeds, components and flags; nil for other types and
	// for data that does not decode as a message.
	Message *discordgo.Message
	// AllowedMentions is the data's allowed_mentions, nil when absent.
	AllowedMentions *discordgo.MessageAllowedMentions
	// Choices are the choices of an autocomplete result (type 8); nil for
	// other types.
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Raw is the request body.
	Raw []byte
	// Pushed is when the interaction was written to the gateway; Received
	// is when its callback arrived.
	Pushed, Received time.Time
}

// Latency is the time from the interaction's push to its callback.
func (c Callback) Latency() time.Duration { return c.Received.Sub(c.Pushed) }

// Webhook is a request the bot made to an interaction's webhook: a
// follow-up (POST), or an edit (PATCH) or deletion (DELETE) of a message,
// "@original" being the interaction's response.
type Webhook struct {
	Method          string
	ApplicationID   string
	Token           string
	MessageID       string // "" for a follow-up
	Message         *discordgo.Message
	AllowedMentions *discordgo.MessageAllowedMentions
	Raw             []byte
	Received        time.Time
}

// New starts a fake Discord on 127.0.0.1 and closes it when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.ApplicationID == "" {
		opts.ApplicationID = DefaultApplicationID
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = DefaultHeartbeatInterval
	}
	s := &Server{
		opts:        opts,
		changed:     make(chan struct{}),
		callbackIdx: map[string]int{},
		commands:    map[string][]*discordgo.ApplicationCommand{},
		pushed:      map[string]pushed{},
		sessions:    map[string]*session{},
		conns:       map[*gatewayConn]bool{},
	}
	s.nextID.Store(1300000000000000000)
	s.http = httptest.NewServer(s.routes())
	tb.Cleanup(s.Close)
	return s
}

// URL is the fake's origin, for DISCORD_API_URL.
func (s *Server) URL() string { return s.http.URL }

// Token is the bot token the fake accepts.
func (s *Server) Token() string { return s.opts.Token }

// ApplicationID is the bot's application ID.
func (s *Server) ApplicationID() string { return s.opts.ApplicationID }

// Close drops every gateway connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.http.Close()
}

// notify wakes the waiters; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait waits until cond, evaluated with s.mu held, is true, or ctx ends.
func (s *Server) wait(ctx context.Context, what string, cond func() bool) error {
	return s.waitEvery(ctx, what, 0, cond)
}

// waitEvery is wait evaluating cond at most once every interval. A waiter
// for hundreds of callbacks would otherwise wake for each of them and take
// CPU from the bot it is timing (the callbacks' times are taken as they
// arrive, so checking later does not change them).
func (s *Server) waitEvery(ctx context.Context, what string, interval time.Duration, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, changed := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		}
		if interval > 0 {
			time.Sleep(interval)
		}
	}
}

// newID returns a new snowflake-like ID.
func (s *Server) newID() string { return strconv.FormatInt(s.nextID.Add(1), 10) }

// --- Gateway ---

// gatewayPayload is a gateway message.
type gatewayPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("v"); v != discordgo.APIVersion {
		http.Error(w, "unsupported gateway version "+v, http.StatusBadRequest)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	s.conns[c] = true
	s.stats.Connections++
	s.notify()
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		delete(s.conns, c)
		if c.session != nil && c.session.conn == c {
			c.session.conn = nil // disconnected: its events wait for a RESUME
		}
		s.notify()
		s.mu.Unlock()
	}()

	if s.opts.Silent {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}
	hello, _ := json.Marshal(map[string]int64{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()})
	if c.send(gatewayPayload{Op: opHello, D: hello}) != nil {
		return
	}
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			s.closed(c, err)
			return
		}
		if s.isZombie(c) {
			continue // nothing the bot sends arrives
		}
		var p gatewayPayload
		if err := json.Unmarshal(msg, &p); err != nil {
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "decode error"), time.Now().Add(time.Second))
			return
		}
		switch p.Op {
		case opHeartbeat:
			s.count(func(st *GatewayStats) { st.Heartbeats++ })
			if c.send(gatewayPayload{Op: opHeartbeatACK}) != nil {
				return
			}
		case opIdentify:
			if !s.identify(c, p.D) {
				return
			}
		case opResume:
			if !s.resume(c, p.D) {
				return
			}
		}
	}
}

func (s *Server) count(f func(*GatewayStats)) {
	s.mu.Lock()
	f(&s.stats)
	s.notify()
	s.mu.Unlock()
}

func (s *Server) isZombie(c *gatewayConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.zombie
}

// closed handles the end of connection c. A close frame with code 1000 or
// 1001 ends its session, as on Discord ("your session will be invalidated
// and your bot will appear offline"); a connection that just breaks, or
// closes with another code, leaves the session to be resumed.
func (s *Server) closed(c *gatewayConn, err error) {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || (ce.Code != websocket.CloseNormalClosure && ce.Code != websocket.CloseGoingAway) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := c.session; !c.zombie && sess != nil && sess.conn == c {
		s.invalidate(sess)
		s.notify()
	}
}

// invalidate forgets sess: it can no longer be resumed, and what is pushed
// for it is lost. s.mu must be held.
func (s *Server) invalidate(sess *session) {
	delete(s.sessions, sess.id)
	if s.current == sess {
		s.current = nil
	}
}

// identify answers IDENTIFY with READY and a new session, or closes the
// connection with 4004 for a wrong token.
func (s *Server) identify(c *gatewayConn, d json.RawMessage) bool {
	var id Identify
	if err := json.Unmarshal(d, &id); err != nil || id.Token != "Bot "+s.opts.Token {
		c.close(4004, "Authentication failed.")
		return false
	}
	sess := &session{id: "session-" + s.newID()}
	ready, _ := json.Marshal(map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway",
		"user":               map[string]any{"id": s.opts.ApplicationID, "username": "articlebot", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.opts.ApplicationID, "flags": 0},
		"guilds":             []any{},
	})
	// c's write lock is held until READY is written, so that no push
	// overtakes it; the state is updated before, so that whoever receives
	// READY sees the fake in its new state.
	c.wmu.Lock()
	defer c.wmu.Unlock()
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	s.stats.Identifies++
	s.stats.Ready++
	s.sessions[sess.id] = sess
	s.attach(c, sess)
	ev := s.appendEvent(sess, "READY", ready)
	s.notify()
	s.mu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, ev.frame) == nil
}

// resume answers RESUME as Discord does: for a known session, the right
// token and a sequence number whose later events the fake still has, it
// replays the events the bot missed, in order, then sends RESUMED; otherwise
// it sends INVALID_SESSION with d=false (not resumable: the bot must
// identify again). The fake never sends d=true.
func (s *Server) resume(c *gatewayConn, d json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	err := json.Unmarshal(d, &r)
	c.wmu.Lock() // as in identify
	defer c.wmu.Unlock()
	s.mu.Lock()
	s.stats.Resumes++
	sess := s.sessions[r.SessionID]
	if err != nil || r.Token != "Bot "+s.opts.Token || sess == nil || r.Seq > sess.seq || r.Seq < sess.seq-int64(len(sess.events)) {
		s.stats.Invalid++
		s.notify()
		s.mu.Unlock()
		return c.ws.WriteMessage(websocket.TextMessage, []byte(`{"op":9,"d":false}`)) == nil
	}
	missed := slices.Clone(sess.events[len(sess.events)-int(sess.seq-r.Seq):])
	s.stats.Replayed += len(missed)
	s.stats.Resumed++
	s.attach(c, sess)
	resumed := s.appendEvent(sess, "RESUMED", json.RawMessage("{}"))
	s.notify()
	s.mu.Unlock()
	for _, ev := range append(missed, resumed) {
		if c.ws.WriteMessage(websocket.TextMessage, ev.frame) != nil {
			return false
		}
	}
	return true
}

// attach makes c the connection of sess, where its events and pushes go.
// A connection it had before gets nothing more. s.mu must be held.
func (s *Server) attach(c *gatewayConn, sess *session) {
	c.session, sess.conn, s.current = sess, c, sess
}

// appendEvent gives an event of sess the next sequence number and keeps it
// for a RESUME to replay; s.mu must be held. The message is assembled by
// hand: d is sent as it is, valid JSON or not.
func (s *Server) appendEvent(sess *session, name string, d []byte) event {
	sess.seq++
	msg := make([]byte, 0, len(d)+64)
	msg = append(msg, `{"op":0,"t":`...)
	msg = strconv.AppendQuote(msg, name)
	msg = append(msg, `,"s":`...)
	msg = strconv.AppendInt(msg, sess.seq, 10)
	msg = append(msg, `,"d":`...)
	msg = append(msg, d...)
	msg = append(msg, '}')
	ev := event{seq: sess.seq, frame: msg}
	sess.events = append(sess.events, ev)
	if len(sess.events) >= 2*maxReplay { // keep the last maxReplay, copying once every maxReplay events
		sess.events = append([]event(nil), sess.events[len(sess.events)-maxReplay:]...)
	}
	return ev
}

// deliver dispatches an event of sess: written to the session's connection
// in order of sequence number, or, while the session is disconnected, kept
// for a RESUME to replay. An event whose write fails is kept all the same:
// the connection is lost, and a RESUME replays it.
func (s *Server) deliver(sess *session, name string, d []byte) {
	for {
		s.mu.Lock()
		c := sess.conn
		if c == nil {
			s.appendEvent(sess, name, d)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		c.wmu.Lock()
		s.mu.Lock()
		if sess.conn != c { // lost or replaced meanwhile
			s.mu.Unlock()
			c.wmu.Unlock()
			continue
		}
		ev := s.appendEvent(sess, name, d)
		s.mu.Unlock()
		c.ws.WriteMessage(websocket.TextMessage, ev.frame)
		c.wmu.Unlock()
		return
	}
}

func (c *gatewayConn) send(p gatewayPayload) error {
	msg, err := json.Marshal(p)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, msg)
}

func (c *gatewayConn) close(code int, text string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.ws.Close()
}

// ErrNotConnected is returned by the Push methods when there is no gateway
// session to deliver to, and by DropConnection and Zombie when no
// connection is delivering one.
var ErrNotConnected = errors.New("discordtest: no gateway session is connected")

// PushInteraction sends i to the bot as an INTERACTION_CREATE event of the
// current gateway session, as Discord would: written to the session's
// connection, or, while the session is disconnected but can be resumed,
// kept for the bot's RESUME to replay. It returns ErrNotConnected when there
// is no session: none was ever ready, or it was invalidated (a drop that
// lost it, a close with code 1000 or 1001); Discord delivers such an
// interaction to nobody. An empty ID, token, application ID or version is
// filled in (i is updated); the ID and token are then what the fake accepts
// a callback for. It returns when the event has been written or kept.
func (s *Server) PushInteraction(i *discordgo.Interaction) error {
	raw, err := s.EncodeInteraction(i)
	if err != nil {
		return err
	}
	return s.push(i.ID, i.Token, raw)
}

// EncodeInteraction fills in i as PushInteraction does and returns its
// JSON, for PushInteractionJSON: a load test encodes its interactions
// before it starts the clock.
func (s *Server) EncodeInteraction(i *discordgo.Interaction) ([]byte, error) {
	if i.ID == "" {
		i.ID = s.newID()
	}
	if i.Token == "" {
		i.Token = "interaction-token-" + i.ID
	}
	if i.AppID == "" {
		i.AppID = s.opts.ApplicationID
	}
	if i.Version == 0 {
		i.Version = 1
	}
	raw, err := json.Marshal(i)
	if err != nil {
		return nil, fmt.Errorf("discordtest: encode interaction: %w", err)
	}
	return raw, nil
}

// PushInteractionJSON sends raw, which need not be valid, as the data of an
// INTERACTION_CREATE event, as PushInteraction does. The fake accepts a
// callback for id and token.
func (s *Server) PushInteractionJSON(id, token string, raw []byte) error {
	return s.push(id, token, raw)
}

func (s *Server) push(id, token string, raw []byte) error {
	s.mu.Lock()
	sess := s.current
	if sess == nil {
		s.mu.Unlock()
		return ErrNotConnected
	}
	if id != "" {
		s.pushed[id] = pushed{token: token, at: time.Now()}
	}
	s.stats.Dispatched++
	s.mu.Unlock()
	s.deliver(sess, "INTERACTION_CREATE", raw)
	return nil
}

// DropConnection closes the current gateway connection abruptly, without a
// close frame, as a network failure would. When resumable is true the
// session lives on: what is pushed until the bot resumes it is kept, and
// the RESUME replays every event the bot missed. When resumable is false the
// session is forgotten too, as when the bot comes back too late: the bot's
// RESUME gets INVALID_SESSION and it must identify again, and pushes fail
// with ErrNotConnected until the new session is READY.
func (s *Server) DropConnection(resumable bool) error {
	s.mu.Lock()
	sess := s.current
	if sess == nil || sess.conn == nil {
		s.mu.Unlock()
		return ErrNotConnected
	}
	c := sess.conn
	sess.conn = nil
	if !resumable {
		s.invalidate(sess)
	}
	s.notify()
	s.mu.Unlock()
	return c.ws.UnderlyingConn().Close()
}

// Zombie makes the current gateway connection a zombie, as a network
// failure that closes nothing would: the connection stays open, but from
// now on what the bot sends on it is ignored (heartbeats go unacknowledged;
// a close frame ends the connection but not the session) and no event is
// sent on it. The session lives on and keeps what is pushed for a RESUME. A
// client that watches its heartbeat ACKs notices, reconnects and resumes.
func (s *Server) Zombie() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.current
	if sess == nil || sess.conn == nil {
		return ErrNotConnected
	}
	sess.conn.zombie = true
	sess.conn = nil
	s.notify()
	return nil
}

// WaitConnected waits until the gateway has had n successful handshakes
// (READY or RESUMED sent) in total and a session is connected.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.wait(ctx, fmt.Sprintf("%d gateway handshakes", n), func() bool {
		return s.stats.Ready+s.stats.Resumed >= n && s.current != nil && s.current.conn != nil
	})
}

// WaitDisconnected waits until no gateway connection is open.
func (s *Server) WaitDisconnected(ctx context.Context) error {
	return s.wait(ctx, "gateway connections to close", func() bool { return len(s.conns) == 0 })
}

// WaitStats waits until cond holds for the gateway's counters.
func (s *Server) WaitStats(ctx context.Context, cond func(GatewayStats) bool) error {
	return s.wait(ctx, "gateway counters", func() bool { return cond(s.stats) })
}

// Stats returns the gateway's counters.
func (s *Server) Stats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Identify is what the fake reads of an IDENTIFY payload.
type Identify struct {
	Token    string           `json:"token"`
	Intents  discordgo.Intent `json:"intents"`
	Compress bool             `json:"compress"`
	Shard    *[2]int          `json:"shard"`
}

// Identifies returns the IDENTIFY payloads received, in order.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// --- REST ---

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := "/api/v" + discordgo.APIVersion
	mux.HandleFunc("GET /gateway/", s.serveGateway)
	mux.HandleFunc("GET "+api+"/gateway", s.getGateway)
	mux.HandleFunc("GET "+api+"/gateway/bot", s.authorized(s.getGateway))
	mux.HandleFunc("GET "+api+"/applications/@me", s.authorized(s.getApplication))
	mux.HandleFunc("GET "+api+"/oauth2/applications/@me", s.authorized(s.getApplication))
	mux.HandleFunc("GET "+api+"/users/@me", s.authorized(s.getUser))
	mux.HandleFunc("PUT "+api+"/applications/{app}/commands", s.authorized(s.putCommands))
	mux.HandleFunc("PUT "+api+"/applications/{app}/guilds/{guild}/commands", s.authorized(s.putCommands))
	mux.HandleFunc("POST "+api+"/interactions/{id}/{token}/callback", s.postCallback)
	mux.HandleFunc("POST "+api+"/webhooks/{app}/{token}", s.webhook)
	mux.HandleFunc("PATCH "+api+"/webhooks/{app}/{token}/messages/{message}", s.webhook)
	mux.HandleFunc("DELETE "+api+"/webhooks/{app}/{token}/messages/{message}", s.webhook)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	return s.record(mux)
}

// record records every REST request with the status it was answered with.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gateway") {
			next.ServeHTTP(w, r)
			return
		}
		// Room for the declared length and the read that finds the end:
		// bytes.Buffer.ReadFrom grows the buffer when less than
		// bytes.MinRead is free.
		buf := bytes.NewBuffer(make([]byte, 0, min(max(r.ContentLength, 0), maxBody)+bytes.MinRead))
		_, err := buf.ReadFrom(io.LimitReader(r.Body, maxBody+1))
		body := buf.Bytes()
		if err != nil || len(body) > maxBody {
			writeError(w, http.StatusRequestEntityTooLarge, 0, "request entity too large")
			return
		}
		r.Body = &recordedBody{Reader: bytes.NewReader(body), data: body}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.mu.Lock()
		s.requests = append(s.requests, Request{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, At: time.Now(), Status: sw.status,
		})
		s.notify()
		s.mu.Unlock()
	})
}

// recordedBody is a request body that record has read already.
type recordedBody struct {
	*bytes.Reader
	data []byte
}

func (*recordedBody) Close() error { return nil }

// readBody returns the body of a request that went through record without
// copying it again.
func readBody(r *http.Request) []byte {
	if b, ok := r.Body.(*recordedBody); ok {
		return b.data
	}
	data, _ := io.ReadAll(r.Body)
	return data
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// authorized requires the bot's token.
func (s *Server) authorized(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.opts.Token {
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		h(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError writes an error in Discord's shape.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func (s *Server) getGateway(w http.ResponseWriter, r *http.Request) {
	u := "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway"
	writeJSON(w, http.StatusOK, map[string]any{
		"url":    u,
		"shards": 1,
		"session_start_limit": map[string]int{
			"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1,
		},
	})
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id": s.opts.ApplicationID, "name": "articlebot", "description": "", "bot_public": true,
		"bot": map[string]any{"id": s.opts.ApplicationID, "username": "articlebot", "bot": true},
	})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"id": s.opts.ApplicationID, "username": "articlebot", "discriminator": "0", "bot": true})
}

// putCommands is the bulk overwrite of the global or a guild's commands.
func (s *Server) putCommands(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("app") != s.opts.ApplicationID {
		writeError(w, http.StatusForbidden, 20012, "You are not authorized to perform this action on this application")
		return
	}
	var cmds []*discordgo.ApplicationCommand
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
		return
	}
	guild := r.PathValue("guild")
	for _, c := range cmds {
		if c == nil || c.Name == "" {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: command without a name")
			return
		}
		c.ID, c.ApplicationID, c.GuildID, c.Version = s.newID(), s.opts.ApplicationID, guild, s.newID()
		if c.Type == 0 {
			c.Type = discordgo.ChatApplicationCommand
		}
	}
	s.mu.Lock()
	s.commands[guild] = cmds
	s.notify()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, cmds)
}

// Commands returns a copy of the commands last registered in guild (""
// for global) and whether any were.
func (s *Server) Commands(guild string) ([]*discordgo.ApplicationCommand, bool) {
	s.mu.Lock()
	cmds, ok := s.commands[guild]
	s.mu.Unlock()
	return copyCommands(cmds), ok
}

// WaitCommands waits until commands are registered in guild ("" for global)
// and returns a copy of them.
func (s *Server) WaitCommands(ctx context.Context, guild string) ([]*discordgo.ApplicationCommand, error) {
	var cmds []*discordgo.ApplicationCommand
	err := s.wait(ctx, "commands to be registered", func() bool {
		var ok bool
		cmds, ok = s.commands[guild]
		return ok
	})
	return copyCommands(cmds), err
}

// copyCommands deep-copies commands, so that callers cannot change what the
// fake holds (it also answers with them).
func copyCommands(cmds []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
	if cmds == nil {
		return nil
	}
	b, err := json.Marshal(cmds)
	if err != nil {
		panic(fmt.Sprintf("discordtest: copy commands: %v", err))
	}
	var out []*discordgo.ApplicationCommand
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("discordtest: copy commands: %v", err))
	}
	return out
}

// responseBody is what a callback or webhook body is decoded into.
type responseBody struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data json.RawMessage                   `json:"data"`
}

// decodeMessage decodes message data and its allowed_mentions.
func decodeMessage(data []byte) (*discordgo.Message, *discordgo.MessageAllowedMentions, error) {
	var m discordgo.Message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, nil, err
	}
	var am struct {
		AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(data, &am); err != nil {
		return nil, nil, err
	}
	return &m, am.AllowedMentions, nil
}

// postCallback records an interaction response. Like Discord it accepts one
// response per interaction, for a pushed interaction and its token.
func (s *Server) postCallback(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	id, token := r.PathValue("id"), r.PathValue("token")
	raw := readBody(r)
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *struct{}                         `json:"data"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
		return
	}
	switch body.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		if body.Data == nil {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: a message response needs data")
			return
		}
	case discordgo.InteractionResponsePong, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionApplicationCommandAutocompleteResult,
		discordgo.InteractionResponseModal:
	default:
		writeError(w, http.StatusBadRequest, 50035, fmt.Sprintf("Invalid Form Body: unknown response type %d", body.Type))
		return
	}
	// The message is decoded when a test reads the callback, not here, to
	// keep the fake's work out of latency measurements.
	cb := Callback{InteractionID: id, Type: body.Type, Raw: raw, Received: received}

	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pushed[id]
	switch {
	case !ok:
		writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return
	case p.token != token:
		writeError(w, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
		return
	}
	if _, dup := s.callbackIdx[id]; dup {
		writeError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
		return
	}
	cb.Pushed = p.at
	s.callbackIdx[id] = len(s.callbacks)
	s.callbacks = append(s.callbacks, cb)
	s.notify()
	w.WriteHeader(http.StatusNoContent)
}

// webhook records a follow-up, an edit or a deletion.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	hook := Webhook{
		Method: r.Method, ApplicationID: r.PathValue("app"), Token: r.PathValue("token"),
		MessageID: r.PathValue("message"), Received: time.Now(),
	}
	hook.Raw = readBody(r)
	if hook.ApplicationID != s.opts.ApplicationID {
		writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	if r.Method != http.MethodDelete {
		m, am, err := decodeMessage(hook.Raw)
		if err != nil {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
		hook.Message, hook.AllowedMentions = m, am
	}
	s.mu.Lock()
	known := false
	for _, p := range s.pushed {
		if p.token == hook.Token {
			known = true
			break
		}
	}
	if known {
		s.webhooks = append(s.webhooks, hook)
		s.notify()
	}
	s.mu.Unlock()
	switch {
	case !known:
		writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
	case r.Method == http.MethodDelete || (r.Method == http.MethodPost && r.URL.Query().Get("wait") != "true"):
		w.WriteHeader(http.StatusNoContent)
	default:
		m := *hook.Message // the recorded message stays as sent
		m.ID, m.ChannelID = s.newID(), ChannelID
		writeJSON(w, http.StatusOK, &m)
	}
}

// decoded returns cb with its message data decoded.
func decoded(cb Callback) Callback {
	var body responseBody
	if json.Unmarshal(cb.Raw, &body) != nil || len(body.Data) == 0 || bytes.Equal(body.Data, []byte("null")) {
		return cb
	}
	m, am, err := decodeMessage(body.Data)
	if err != nil {
		return cb
	}
	cb.AllowedMentions = am
	switch cb.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		cb.Message = m
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		var data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		}
		if json.Unmarshal(body.Data, &data) == nil {
			cb.Choices = data.Choices
		}
	}
	return cb
}

// Callback returns the callback for an interaction, if it has arrived.
func (s *Server) Callback(interactionID string) (Callback, bool) {
	s.mu.Lock()
	k, ok := s.callbackIdx[interactionID]
	var cb Callback
	if ok {
		cb = s.callbacks[k]
	}
	s.mu.Unlock()
	if !ok {
		return Callback{}, false
	}
	return decoded(cb), true
}

// WaitCallback waits for the callback for an interaction.
func (s *Server) WaitCallback(ctx context.Context, interactionID string) (Callback, error) {
	cbs, err := s.WaitAnswered(ctx, interactionID)
	if err != nil {
		return Callback{}, err
	}
	return cbs[0], nil
}

// WaitAnswered waits until every one of the interactions has its callback
// and returns the callbacks in the same order.
func (s *Server) WaitAnswered(ctx context.Context, interactionIDs ...string) ([]Callback, error) {
	cbs, err := s.waitAnswered(ctx, interactionIDs)
	if err != nil {
		return nil, err
	}
	for k := range cbs {
		cbs[k] = decoded(cbs[k])
	}
	return cbs, nil
}

// WaitLatencies is WaitAnswered for a latency measurement: it returns
// each interaction's latency (see Callback.Latency) and leaves the
// callbacks undecoded, so that checking them adds no work, and no garbage,
// to the measurement.
func (s *Server) WaitLatencies(ctx context.Context, interactionIDs ...string) ([]time.Duration, error) {
	cbs, err := s.waitAnswered(ctx, interactionIDs)
	if err != nil {
		return nil, err
	}
	lat := make([]time.Duration, len(cbs))
	for k, cb := range cbs {
		lat[k] = cb.Latency()
	}
	return lat, nil
}

// waitAnswered waits until every one of the interactions has its callback
// and returns the callbacks, undecoded, in the same order.
func (s *Server) waitAnswered(ctx context.Context, interactionIDs []string) ([]Callback, error) {
	next := 0 // interactionIDs[:next] are answered
	cbs := make([]Callback, len(interactionIDs))
	interval := time.Duration(0)
	if len(interactionIDs) > 1 {
		interval = time.Millisecond
	}
	err := s.waitEvery(ctx, fmt.Sprintf("callbacks for %d interactions", len(interactionIDs)), interval, func() bool {
		for ; next < len(interactionIDs); next++ {
			k, ok := s.callbackIdx[interactionIDs[next]]
			if !ok {
				return false
			}
			cbs[next] = s.callbacks[k]
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("%w (%d of %d answered)", err, next, len(interactionIDs))
	}
	return cbs, nil
}

// Callbacks returns the callbacks received, in order.
func (s *Server) Callbacks() []Callback {
	s.mu.Lock()
	cbs := append([]Callback(nil), s.callbacks...)
	s.mu.Unlock()
	for k := range cbs {
		cbs[k] = decoded(cbs[k])
	}
	return cbs
}

// Webhooks returns the webhook requests received, in order.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Webhook(nil), s.webhooks...)
}

// WaitWebhooks waits until n webhook requests have arrived in total and
// returns them.
func (s *Server) WaitWebhooks(ctx context.Context, n int) ([]Webhook, error) {
	var hooks []Webhook
	err := s.wait(ctx, fmt.Sprintf("%d webhook requests", n), func() bool {
		if len(s.webhooks) < n {
			return false
		}
		hooks = append([]Webhook(nil), s.webhooks...)
		return true
	})
	return hooks, err
}

// Forget drops the requests, callbacks and webhook requests recorded so far
// (and the interactions pushed, and the events kept for replay), so that a
// long load test does not grow the heap it is measuring. Interactions pushed
// before no longer accept a callback, and a RESUME from before then gets
// INVALID_SESSION.
func (s *Server) Forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.callbacks, s.webhooks = nil, nil, nil
	for _, sess := range s.sessions {
		sess.events = nil
	}
	s.callbackIdx = map[string]int{}
	s.pushed = map[string]pushed{}
	s.notify()
}

// Requests returns the REST requests received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}
