package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Handler is what a transport needs from the core; *Bot implements it.
type Handler interface {
	// Handle answers one interaction; it must not panic and must return a
	// Reply with a Response.
	Handle(ctx context.Context, i *discordgo.Interaction) Reply
	// Deferral acknowledges an interaction whose answer is late, or is nil
	// when it cannot be deferred.
	Deferral(i *discordgo.Interaction) *discordgo.InteractionResponse
}

// ServeConfig configures Serve.
type ServeConfig struct {
	Config
	// Commands are registered by bulk overwrite once the gateway session is
	// ready, with the application ID from READY; nil registers nothing
	// (--no-register).
	Commands []*discordgo.ApplicationCommand
	// DeferAfter is how long Handle may take before the interaction is
	// acknowledged with a deferral and answered by editing the response
	// later. Discord allows 3 seconds from the interaction's creation, which
	// includes the gateway's delivery; zero means 2 seconds.
	DeferAfter time.Duration
	// DrainTimeout bounds how long shutdown waits for interactions in
	// flight; zero means 3 seconds, which with the bounded wait for the
	// session to close keeps shutdown under 5 seconds.
	DrainTimeout time.Duration
	// ShardID and ShardCount make this process one shard of the bot:
	// Discord sends it the interactions of the servers for which
	// (server ID >> 22) % ShardCount == ShardID (Discord requires sharding
	// past 2,500 servers). Zero ShardCount means 1: one process for all
	// servers.
	ShardID, ShardCount int
	// Metrics counts and logs every interaction; nil uses a Metrics of its
	// own, which nothing serves, for the log alone.
	Metrics *Metrics
}

// CheckShard reports a shard setting that Discord would refuse: a negative
// ID or count, or an ID not below the count. A zero count means 1.
func CheckShard(id, count int) error {
	switch {
	case count < 0:
		return fmt.Errorf("shard count %d is negative", count)
	case id < 0:
		return fmt.Errorf("shard ID %d is negative", id)
	case id >= max(count, 1):
		return fmt.Errorf("shard ID %d is not below the shard count %d", id, max(count, 1))
	}
	return nil
}

// GCPercent is the garbage collector target (GOGC) the transports are
// tuned for. The bot's live heap is a few megabytes, so the default of 100
// collects after every few hundred interactions, and in a burst the
// collector's work is a quarter of the latency; at 400 the heap stays under
// about 30 MB. Serve does not change process-wide settings itself:
// articlebot serve and serve-http apply this unless GOGC is set, and the
// latency benchmark and the HTTP load program do the same.
const GCPercent = 400

const (
	defaultDeferAfter   = 2 * time.Second
	defaultDrainTimeout = 3 * time.Second
	// handleTimeout bounds one interaction's work and delivery, deferred
	// or not (an interaction's token is valid for 15 minutes).
	handleTimeout = 30 * time.Second
	// closeTimeout bounds the wait for the session to close after the
	// drain; the close started with the drain and takes about a second.
	closeTimeout = 1500 * time.Millisecond
	// abortOpenTimeout bounds the wait for an Open aborted by shutdown.
	abortOpenTimeout = 2 * time.Second
	// maxErrorBody is how much of an error response's body is kept for the
	// log.
	maxErrorBody = 512
)

// Serve runs the bot on Discord's gateway until ctx ends: it connects with
// no intents, registers c.Commands, and answers every INTERACTION_CREATE
// with h, each in its own goroutine. When ctx ends it stops taking new
// interactions, finishes those in flight (up to c.DrainTimeout), closes the
// session and returns nil. It returns an error only if the bot could not
// start: bad settings, no gateway, or a failed registration.
//
// A dropped gateway connection is reconnected, resuming the session when it
// can (Discord then replays what the bot missed) and identifying again when
// it cannot. The bot reconnects rather than discordgo, whose own
// reconnection can start after Serve has closed the session.
func Serve(ctx context.Context, h Handler, c ServeConfig) error {
	if err := CheckShard(c.ShardID, c.ShardCount); err != nil {
		return err
	}
	s, pending, err := newSession(c.Config)
	if err != nil {
		return err
	}
	s.ShardID, s.ShardCount = c.ShardID, max(c.ShardCount, 1)
	s.ShouldReconnectOnError = false // see gateway.reconnect
	metrics := c.Metrics
	if metrics == nil {
		metrics = NewMetrics()
	}
	g := &gateway{
		h:            h,
		s:            s,
		log:          c.logger(),
		metrics:      metrics,
		deferAfter:   orDefault(c.DeferAfter, defaultDeferAfter),
		drainTimeout: orDefault(c.DrainTimeout, defaultDrainTimeout),
		workers:      workers{jobs: make(chan func())},
		pending:      pending,
		lost:         make(chan struct{}, 1),
		done:         make(chan struct{}),
	}
	// Handlers run on discordgo's reading goroutine (SyncEvents): they must
	// not block. In-flight interactions outlive ctx so they can finish.
	base := context.WithoutCancel(ctx)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { g.ready(base, r) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { pending.connected() })
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) {
		g.log.LogAttrs(base, slog.LevelInfo, "gateway session resumed")
	})
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { g.disconnected(base) })
	s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { g.receive(base, ic) })

	g.log.LogAttrs(ctx, slog.LevelInfo, "connecting to the Discord gateway", registerAttr(c), apiAttr(c.APIURL),
		slog.Int("shard_id", s.ShardID), slog.Int("shard_count", s.ShardCount))
	if err := g.open(ctx, pending); err != nil {
		if ctx.Err() == nil {
			return err
		}
		if g.wasReady() {
			// READY came, and maybe interactions with it, before Open
			// returned: finish them as any shutdown does.
			g.stop(base)
		} else {
			g.log.LogAttrs(base, slog.LevelInfo, "stopped before the gateway connected")
		}
		return nil
	}
	g.reconnecting.Add(1)
	go g.reconnect(base)
	if c.Commands != nil {
		appID := g.applicationID()
		if appID == "" {
			appID, err = applicationID(ctx, s)
		}
		if err == nil {
			_, err = register(ctx, s, appID, c.GuildID, c.Commands, g.log)
		}
		if err != nil {
			g.stop(base)
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	<-ctx.Done()
	g.stop(base)
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// registerAttr says where the commands will be registered.
func registerAttr(c ServeConfig) slog.Attr {
	switch {
	case c.Commands == nil:
		return slog.String("register", "no")
	case c.GuildID == "":
		return slog.String("register", "global")
	}
	return slog.String("register", "guild "+c.GuildID)
}

func apiAttr(apiURL string) slog.Attr {
	if apiURL == "" {
		return slog.String("api", "https://discord.com")
	}
	return slog.String("api", apiURL)
}

// gateway is one Serve call's state.
type gateway struct {
	h            Handler
	s            *discordgo.Session
	log          *slog.Logger
	metrics      *Metrics
	deferAfter   time.Duration
	drainTimeout time.Duration

	workers  workers
	mu       sync.Mutex
	appID    string // from READY
	sawReady bool   // READY has come
	stopping bool   // no new interactions are taken, no reconnection is made
	inflight sync.WaitGroup

	pending      *pendingConn
	lost         chan struct{} // a connection was lost: reconnect (buffered, 1)
	done         chan struct{} // closed by stop
	reconnecting sync.WaitGroup
}

// workerIdle is how long an idle worker waits for another interaction
// before it exits.
const workerIdle = 10 * time.Second

// workers runs each job in a goroutine of its own, reusing idle ones.
// Answering an interaction goes deep (search, JSON, HTTP); a new goroutine
// grows its stack by copying on each of them, which costs a burst of
// interactions a twentieth of its CPU. A reused goroutine keeps its grown
// stack. There is no bound on concurrency: callbacks wait on the network.
type workers struct {
	jobs chan func() // unbuffered: a send succeeds when a worker is idle
}

// run runs job on an idle worker, or on a new one.
func (w *workers) run(job func()) {
	select {
	case w.jobs <- job:
	default:
		go w.work(job)
	}
}

func (w *workers) work(job func()) {
	idle := time.NewTimer(workerIdle)
	defer idle.Stop()
	for {
		job()
		idle.Reset(workerIdle)
		var ok bool
		select {
		case job, ok = <-w.jobs:
			if !ok {
				return
			}
		case <-idle.C:
			return
		}
	}
}

// close makes the idle workers exit; run must not be called after.
func (w *workers) close() { close(w.jobs) }

// open opens the session, giving up when ctx ends.
func (g *gateway) open(ctx context.Context, pending *pendingConn) error {
	opened := make(chan error, 1)
	go func() { opened <- g.s.Open() }()
	select {
	case err := <-opened:
		if err != nil {
			return fmt.Errorf("connect to the gateway: %w", redactURL(err))
		}
		return nil
	case <-ctx.Done():
	}
	pending.close() // unblocks an Open waiting for HELLO or READY
	t := time.NewTimer(abortOpenTimeout)
	defer t.Stop()
	select {
	case err := <-opened:
		if err == nil { // connected just as we gave up
			g.s.Close()
		}
	case <-t.C:
		g.log.LogAttrs(context.WithoutCancel(ctx), slog.LevelWarn, "gateway connection still opening at shutdown")
	}
	return ctx.Err()
}

func (g *gateway) ready(ctx context.Context, r *discordgo.Ready) {
	attrs := []slog.Attr{slog.Int("gateway_version", r.Version)}
	g.mu.Lock()
	g.sawReady = true
	if r.Application != nil && snowflake.MatchString(r.Application.ID) {
		g.appID = r.Application.ID
		attrs = append(attrs, slog.String("application_id", g.appID))
	}
	g.mu.Unlock()
	if r.User != nil {
		attrs = append(attrs, slog.String("user", r.User.Username), slog.String("user_id", r.User.ID))
	}
	g.log.LogAttrs(ctx, slog.LevelInfo, "gateway session ready", attrs...)
}

func (g *gateway) wasReady() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.sawReady
}

func (g *gateway) applicationID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.appID
}

func (g *gateway) disconnected(ctx context.Context) {
	g.mu.Lock()
	stopping := g.stopping
	g.mu.Unlock()
	if stopping {
		g.log.LogAttrs(ctx, slog.LevelInfo, "gateway connection closed")
		return
	}
	g.log.LogAttrs(ctx, slog.LevelWarn, "gateway connection lost; reconnecting")
	select {
	case g.lost <- struct{}{}:
	default: // a reconnection is due already
	}
}

// Reconnection delays: the first attempt is at once, then they double.
const (
	firstReconnectDelay = time.Second
	maxReconnectDelay   = time.Minute
)

// reconnect reopens the session after each lost connection until stop:
// discordgo sends RESUME, or IDENTIFY when the session was lost. discordgo's
// own reconnection is off (ShouldReconnectOnError) because a heartbeat
// goroutine of v0.29.0 whose write fails reconnects without checking
// whether the session was closed meanwhile: shutting down while a
// connection's first heartbeat was still to go out reopened the session
// after Serve had closed it.
func (g *gateway) reconnect(ctx context.Context) {
	defer g.reconnecting.Done()
	for {
		select {
		case <-g.lost:
		case <-g.done:
			return
		}
		for delay := firstReconnectDelay; ; delay = min(2*delay, maxReconnectDelay) {
			if g.isStopping() {
				return
			}
			err := g.s.Open()
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				break
			}
			g.log.LogAttrs(ctx, slog.LevelWarn, "gateway reconnection failed; retrying",
				slog.Any("error", redactURL(err)), slog.Duration("retry_in", delay))
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-g.done:
				t.Stop()
				return
			}
		}
	}
}

func (g *gateway) isStopping() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stopping
}

// receive takes one INTERACTION_CREATE off the gateway and answers it in a
// new goroutine, unless the bot is shutting down.
func (g *gateway) receive(ctx context.Context, ic *discordgo.InteractionCreate) {
	received := time.Now()
	if ic == nil || ic.Interaction == nil || ic.ID == "" || ic.Token == "" {
		g.log.LogAttrs(ctx, slog.LevelWarn, "dropped a malformed interaction: no ID or token to answer it with")
		return
	}
	g.mu.Lock()
	if g.stopping {
		g.mu.Unlock()
		g.log.LogAttrs(ctx, slog.LevelWarn, "dropped an interaction: shutting down", slog.String("interaction_id", ic.ID))
		return
	}
	g.inflight.Add(1)
	g.mu.Unlock()
	g.workers.run(func() {
		defer g.inflight.Done()
		g.answer(ctx, ic.Interaction, received)
	})
}

// errNoDeferral is the deferral step's result when the interaction cannot
// be deferred.
var errNoDeferral = errors.New("interaction cannot be deferred")

// answer handles one interaction and delivers the response: as the
// interaction callback when Handle is quick, or, when it takes longer than
// deferAfter, as a deferral first and then an edit of the original response.
func (g *gateway) answer(ctx context.Context, i *discordgo.Interaction, received time.Time) {
	ctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			g.log.LogAttrs(ctx, slog.LevelError, "panic delivering an interaction", slog.String("interaction_id", i.ID),
				slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
		}
	}()

	var deferral *discordgo.InteractionResponse
	deferred := make(chan error, 1)
	timer := time.AfterFunc(deferAfter(g.h, i, g.deferAfter), func() {
		defer func() {
			if v := recover(); v != nil {
				deferred <- fmt.Errorf("panic in deferral: %v", v)
			}
		}()
		if deferral = g.h.Deferral(i); deferral == nil {
			deferred <- errNoDeferral
			return
		}
		deferred <- g.callback(ctx, i, deferral)
	})
	reply := handleSafely(ctx, g.h, i, g.log)

	var err error
	late := !timer.Stop()
	if !late {
		err = g.callback(ctx, i, reply.Response)
	} else {
		switch derr := <-deferred; {
		case errors.Is(derr, errNoDeferral):
			err = g.callback(ctx, i, reply.Response)
		case derr != nil:
			err = fmt.Errorf("defer: %w", derr)
		default:
			err = deliverLate(ctx, g.s, i, deferral, reply.Response)
		}
	}
	g.metrics.observe(ctx, g.log, observation{
		interaction: i, reply: reply, latency: time.Since(received), deferred: late, err: err,
	})
}

// callback posts the interaction response. It goes straight through the
// session's HTTP client rather than discordgo's InteractionRespond, whose
// rate limiter keeps a bucket for every interaction URL for the life of the
// process; the callback endpoint needs no bot authorization.
func (g *gateway) callback(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		return fmt.Errorf("encode interaction response: %w", err)
	}
	endpoint := discordgo.EndpointInteractionResponse(url.PathEscape(i.ID), url.PathEscape(i.Token))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, &body)
	if err != nil {
		return fmt.Errorf("interaction callback: %w", redactURL(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", g.s.UserAgent)
	res, err := g.s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("interaction callback: %w", redactURL(err))
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))
		return fmt.Errorf("interaction callback: %s: %s", res.Status, bytes.TrimSpace(msg))
	}
	_, err = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16)) // let the connection be reused
	return err
}

// stop stops taking interactions and reconnecting, closes the session and
// waits (up to drainTimeout) for the interactions in flight to be answered.
func (g *gateway) stop(ctx context.Context) {
	g.mu.Lock()
	g.stopping = true
	g.mu.Unlock()
	close(g.done)
	g.pending.close() // aborts a reconnection still opening
	g.log.LogAttrs(ctx, slog.LevelInfo, "shutting down: finishing interactions in flight")

	drained := make(chan struct{})
	go func() {
		g.inflight.Wait()
		close(drained)
	}()
	closed := make(chan error, 1)
	go func() {
		g.reconnecting.Wait() // so that no reconnection opens the session after the close
		closed <- g.s.Close() // takes a second: discordgo waits for the close handshake
	}()

	t := time.NewTimer(g.drainTimeout)
	defer t.Stop()
	select {
	case <-drained:
		g.workers.close() // nothing is queued or running: receive takes no more
	case <-t.C:
		g.log.LogAttrs(ctx, slog.LevelWarn, "shutdown: gave up waiting for interactions in flight")
	}
	ct := time.NewTimer(closeTimeout)
	defer ct.Stop()
	select {
	case err := <-closed:
		if err != nil {
			g.log.LogAttrs(ctx, slog.LevelWarn, "closing the gateway session", slog.Any("error", err))
		}
	case <-ct.C:
		g.log.LogAttrs(ctx, slog.LevelWarn, "shutdown: gateway session still closing")
	}
	g.log.LogAttrs(ctx, slog.LevelInfo, "stopped")
}
