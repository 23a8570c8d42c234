package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// This file is the second transport: Discord's HTTP interactions endpoint.
// Discord POSTs each interaction, signed with the application's Ed25519
// key, and takes the response from the HTTP reply. It keeps no state, so
// any number of replicas can run behind a load balancer.

// Limits and timeouts of the HTTP transport.
const (
	// maxInteractionBody bounds a request body. Discord's interactions are
	// a few kilobytes (a button click carries its message, embeds and all);
	// a bigger body is refused with 413 before it is all read.
	maxInteractionBody = 64 << 10
	// maxSignatureTimestamp bounds the X-Signature-Timestamp header, which
	// is a Unix time in seconds.
	maxSignatureTimestamp = 64
	// defaultHTTPDeferAfter is how long the core may take before the
	// endpoint answers with a deferral instead; Discord allows 3 seconds
	// from its request.
	defaultHTTPDeferAfter = 2500 * time.Millisecond

	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second  // headers and a body of at most 64 KiB
	writeTimeout      = 15 * time.Second  // from the request read to the response written, a deferral included
	idleTimeout       = 120 * time.Second // a keep-alive connection waiting for its next request
	maxHeaderBytes    = 16 << 10
	// shutdownTimeout bounds how long RunHTTP waits for requests in flight
	// when its context ends, within the 5 seconds a stop may take.
	shutdownTimeout = 4 * time.Second
	// maxPooledBuffer is the largest buffer kept for reuse.
	maxPooledBuffer = maxInteractionBody + maxSignatureTimestamp
)

// Headers Discord signs its requests with.
const (
	headerSignature = "X-Signature-Ed25519"
	headerTimestamp = "X-Signature-Timestamp"
)

// pong is the response to Discord's PING.
var pong = []byte(`{"type":1}`)

// ParsePublicKey parses an application's public key as the Discord
// developer portal shows it (General Information → Public Key): 64
// hexadecimal digits. Errors do not repeat the key.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("public key is empty")
	}
	if len(s) != 2*ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key has %d characters; want %d hexadecimal digits", len(s), 2*ed25519.PublicKeySize)
	}
	k, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("public key is not hexadecimal")
	}
	return ed25519.PublicKey(k), nil
}

// EndpointConfig configures an Endpoint.
type EndpointConfig struct {
	// PublicKey is the application's Ed25519 public key
	// (DISCORD_PUBLIC_KEY), which every request must be signed with;
	// required.
	PublicKey ed25519.PublicKey
	// APIURL is an origin that replaces https://discord.com for the REST
	// calls that deliver a late answer, as Config.APIURL
	// (DISCORD_API_URL). Those calls are authorized by the interaction's
	// own token: the endpoint needs no bot token.
	APIURL string
	// Metrics counts and logs every interaction and serves GET /metrics;
	// nil uses a Metrics of its own.
	Metrics *Metrics
	// Logger receives the endpoint's logs; nil discards them.
	Logger *slog.Logger
	// DeferAfter is how long the core may take before the endpoint
	// answers with a deferral and delivers the answer later by editing the
	// response; zero means 2.5 seconds.
	DeferAfter time.Duration
}

// Endpoint is Discord's HTTP interactions endpoint in front of a Handler.
// It is an http.Handler with three routes:
//
//	POST /interactions  Discord's requests: the signature is checked first
//	                    (401 when it is missing or wrong), PING is
//	                    answered with PONG, and every other interaction
//	                    is answered by the Handler, the response JSON in
//	                    the reply; 400 for a body that is not an
//	                    interaction, 413 for one over 64 KiB
//	GET /healthz        200 once the Handler's index is loaded
//	GET /metrics        the Metrics, in the Prometheus text format
//
// Other methods get 405 and other paths 404. When the Handler takes longer
// than DeferAfter, the reply is the Handler's deferral and the answer is
// delivered by editing the interaction's response through Discord's REST
// API. An Endpoint keeps no state between requests and is safe for
// concurrent use; serve it with RunHTTP, which sets the timeouts.
type Endpoint struct {
	h          Handler
	key        ed25519.PublicKey
	metrics    *Metrics
	log        *slog.Logger
	deferAfter time.Duration
	webhooks   *discordgo.Session // delivers late answers
	mux        *http.ServeMux
	buffers    sync.Pool // *[]byte, for request and response bodies
}

// NewEndpoint returns the endpoint answering with h. It fails when the
// public key or the API URL is invalid.
func NewEndpoint(h Handler, c EndpointConfig) (*Endpoint, error) {
	if len(c.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key has %d bytes; want %d", len(c.PublicKey), ed25519.PublicKeySize)
	}
	webhooks, err := newWebhookSession(c.APIURL)
	if err != nil {
		return nil, err
	}
	e := &Endpoint{
		h:          h,
		key:        c.PublicKey,
		metrics:    c.Metrics,
		log:        Config{Logger: c.Logger}.logger(),
		deferAfter: orDefault(c.DeferAfter, defaultHTTPDeferAfter),
		webhooks:   webhooks,
		mux:        http.NewServeMux(),
		buffers:    sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }},
	}
	if e.metrics == nil {
		e.metrics = NewMetrics()
	}
	e.mux.HandleFunc("POST /interactions", e.interactions)
	addOpsRoutes(e.mux, e.metrics, h)
	return e, nil
}

// ServeHTTP implements http.Handler.
func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.mux.ServeHTTP(w, r) }

// OpsHandler serves GET /metrics (m, in the Prometheus text format) and
// GET /healthz (200 once h's index is loaded), for a gateway bot's
// --metrics-addr; other paths get 404.
func OpsHandler(m *Metrics, h Handler) http.Handler {
	mux := http.NewServeMux()
	addOpsRoutes(mux, m, h)
	return mux
}

func addOpsRoutes(mux *http.ServeMux, m *Metrics, h Handler) {
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if hc, ok := h.(interface{ Health() error }); ok {
			if err := hc.Health(); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintf(w, "unavailable: %v\n", err)
				return
			}
		}
		io.WriteString(w, "ok\n")
	})
}

// errNotLoaded is Health's error for a Bot without an index.
var errNotLoaded = errors.New("no article is loaded")

// healthTimeout bounds the library's check in Health.
const healthTimeout = 2 * time.Second

// Health reports whether the Bot can answer: nil once its default article
// is indexed, which New requires, and while its library's store answers
// (a PostgreSQL database that is down is an error). GET /healthz asks it.
func (b *Bot) Health() error {
	if b == nil || b.def == nil || b.def.ix == nil || b.def.article == nil || len(b.def.article.Passages) == 0 {
		return errNotLoaded
	}
	if p, ok := b.lib.(interface{ Ping(context.Context) error }); ok {
		ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			return fmt.Errorf("the library's store does not answer: %w", err)
		}
	}
	return nil
}

// interactions answers POST /interactions.
func (e *Endpoint) interactions(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	var sig [ed25519.SignatureSize]byte
	sigHex, ts := r.Header.Get(headerSignature), r.Header.Get(headerTimestamp)
	if len(sigHex) != 2*len(sig) || ts == "" || len(ts) > maxSignatureTimestamp {
		e.reject(r, w, http.StatusUnauthorized, "invalid request signature")
		return
	}
	if _, err := hex.Decode(sig[:], []byte(sigHex)); err != nil {
		e.reject(r, w, http.StatusUnauthorized, "invalid request signature")
		return
	}
	if r.ContentLength > maxInteractionBody {
		e.reject(r, w, http.StatusRequestEntityTooLarge, "request body too large")
		return
	}

	// The signature covers the timestamp followed by the body: read the
	// body in after the timestamp, so that the signed message is one slice.
	bp := e.buffers.Get().(*[]byte)
	defer e.putBuffer(bp)
	msg, err := appendBody(append((*bp)[:0], ts...), http.MaxBytesReader(w, r.Body, maxInteractionBody))
	*bp = msg
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			e.reject(r, w, http.StatusRequestEntityTooLarge, "request body too large")
		} else {
			e.reject(r, w, http.StatusBadRequest, "could not read the request body")
		}
		return
	}
	if !ed25519.Verify(e.key, msg, sig[:]) {
		e.reject(r, w, http.StatusUnauthorized, "invalid request signature")
		return
	}

	// UnmarshalJSON validates the JSON itself: calling it directly spares
	// json.Unmarshal's two passes over the body before it.
	var i discordgo.Interaction
	if err := i.UnmarshalJSON(msg[len(ts):]); err != nil {
		e.reject(r, w, http.StatusBadRequest, "the body is not an interaction")
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(pong)))
		w.Write(pong)
		e.log.LogAttrs(r.Context(), slog.LevelInfo, "answered Discord's PING")
		return
	case discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent,
		discordgo.InteractionApplicationCommandAutocomplete, discordgo.InteractionModalSubmit:
	default:
		e.reject(r, w, http.StatusBadRequest, "unknown interaction type")
		return
	}
	e.answer(r.Context(), w, &i, received)
}

// reject answers a request that does not reach the core.
func (e *Endpoint) reject(r *http.Request, w http.ResponseWriter, code int, msg string) {
	e.metrics.rejected(code)
	e.log.LogAttrs(r.Context(), slog.LevelDebug, "rejected an interactions request",
		slog.Int("status", code), slog.String("reason", msg), slog.String("remote", r.RemoteAddr))
	http.Error(w, msg, code)
}

// appendBody appends what r yields to buf, as io.ReadAll does.
func appendBody(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func (e *Endpoint) putBuffer(bp *[]byte) {
	if cap(*bp) <= maxPooledBuffer {
		e.buffers.Put(bp)
	}
}

// answer has the core answer an interaction and writes the response. When
// the core takes longer than deferAfter, the deferral is written instead,
// from the timer's goroutine while the core goes on, and the answer is
// delivered by editing the response once it is ready. w is used by one
// goroutine at a time: the timer's write completes before answer reads
// the channel that says it happened.
func (e *Endpoint) answer(ctx context.Context, w http.ResponseWriter, i *discordgo.Interaction, received time.Time) {
	// The work outlives the request: after a deferral, Discord may close
	// the connection while the answer is still to be delivered.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()

	var (
		deferral *discordgo.InteractionResponse
		deferErr error
	)
	deferred := make(chan bool, 1)
	timer := time.AfterFunc(deferAfter(e.h, i, e.deferAfter), func() {
		d, err := deferralSafely(e.h, i)
		if err != nil || d == nil {
			if err != nil {
				e.log.LogAttrs(ctx, slog.LevelError, "interaction deferral failed", slog.String("interaction_id", i.ID), slog.Any("error", err))
			}
			deferred <- false
			return
		}
		deferral, deferErr = d, e.write(w, d, true)
		deferred <- true
	})
	reply := handleSafely(ctx, e.h, i, e.log)
	late := !timer.Stop() && <-deferred

	var err error
	switch {
	case !late:
		err = e.write(w, reply.Response, false)
	case deferErr != nil:
		err = fmt.Errorf("defer: %w", deferErr)
	default:
		err = deliverLate(ctx, e.webhooks, i, deferral, reply.Response)
	}
	e.metrics.observe(ctx, e.log, observation{
		interaction: i, reply: reply, latency: time.Since(received), deferred: late, err: err,
	})
}

// write writes resp as the reply. A deferral (early) is flushed at once
// and closes the connection: the handler goes on until the answer is
// delivered, and a client that sent its next request on the same
// keep-alive connection would wait that long for it to be read.
func (e *Endpoint) write(w http.ResponseWriter, resp *discordgo.InteractionResponse, early bool) error {
	bp := e.buffers.Get().(*[]byte)
	defer e.putBuffer(bp)
	buf := bytes.NewBuffer((*bp)[:0])
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(resp)
	*bp = buf.Bytes()
	if err != nil {
		http.Error(w, "could not encode the response", http.StatusInternalServerError)
		return fmt.Errorf("encode interaction response: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if early {
		h.Set("Connection", "close")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write interaction response: %w", err)
	}
	if early {
		if err := http.NewResponseController(w).Flush(); err != nil {
			return fmt.Errorf("flush interaction response: %w", err)
		}
	}
	return nil
}

// RunHTTP serves h on ln until ctx ends, with timeouts on reading headers
// and bodies, writing responses and idle connections, and a bound on header
// size, so that no client can hold a connection or grow memory without
// bound. When ctx ends it stops accepting connections, waits for the
// requests in flight (up to 4 seconds, then closes the connections that
// remain) and returns nil. It returns an error only if serving fails. ln is
// closed when RunHTTP returns.
func RunHTTP(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	log := Config{Logger: logger}.logger()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve HTTP on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		log.LogAttrs(stopCtx, slog.LevelWarn, "HTTP shutdown: gave up waiting for requests in flight", slog.Any("error", err))
		srv.Close()
	}
	<-served // Serve returns as soon as Shutdown starts
	log.LogAttrs(stopCtx, slog.LevelInfo, "HTTP server stopped", slog.String("addr", ln.Addr().String()))
	return nil
}
