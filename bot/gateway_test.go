package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// End-to-end tests: the real discordgo client, driven by Serve, against the
// fake Discord of package discordtest on 127.0.0.1, through DISCORD_API_URL.

// waitTimeout bounds every wait of these tests; nothing is timed against it.
const waitTimeout = 20 * time.Second

// harness is a running Serve against a fake Discord.
type harness struct {
	fake *discordtest.Server
	logs *logBuffer
	// stop cancels Serve and returns its error; it may be called more than
	// once.
	stop func() error
}

// startGateway runs Serve with h and cfg (its Config is filled in) against
// a new fake Discord and waits for the gateway session. It stops Serve when
// the test ends, checking that Serve returned nil and that the token never
// reached the log.
func startGateway(tb testing.TB, h Handler, cfg ServeConfig) *harness {
	tb.Helper()
	return startGatewayOn(tb, discordtest.New(tb, discordtest.Options{}), h, cfg)
}

// startGatewayOn is startGateway against fake.
func startGatewayOn(tb testing.TB, fake *discordtest.Server, h Handler, cfg ServeConfig) *harness {
	tb.Helper()
	tok, err := ParseToken(fake.Token())
	if err != nil {
		tb.Fatal(err)
	}
	logs := &logBuffer{}
	cfg.Token, cfg.APIURL = tok, fake.URL()
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	hs := &harness{fake: fake, logs: logs}
	hs.stop = runUntilCanceled("Serve", func(ctx context.Context) error { return Serve(ctx, h, cfg) })
	tb.Cleanup(func() {
		if err := hs.stop(); err != nil {
			tb.Errorf("Serve: %v", err)
		}
		if strings.Contains(logs.String(), fake.Token()) {
			tb.Errorf("the token is in the log:\n%s", logs.String())
		}
		if tb.Failed() {
			tb.Logf("bot log:\n%s", logs.String())
		}
	})
	if err := fake.WaitConnected(waitCtx(tb), 1); err != nil {
		tb.Fatalf("%v\nbot log:\n%s", err, logs.String())
	}
	return hs
}

// waitCtx bounds a wait.
func waitCtx(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	tb.Cleanup(cancel)
	return ctx
}

// roundTrip pushes i and returns its callback.
func (hs *harness) roundTrip(tb testing.TB, i *discordgo.Interaction) discordtest.Callback {
	tb.Helper()
	i.ID, i.Token = "", "" // the fake assigns them
	if err := hs.fake.PushInteraction(i); err != nil {
		tb.Fatal(err)
	}
	cb, err := hs.fake.WaitCallback(waitCtx(tb), i.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return cb
}

// checkCallback fails unless cb is a valid message response with mentions
// disabled.
func checkCallback(tb testing.TB, what string, cb discordtest.Callback) {
	tb.Helper()
	if cb.Message == nil {
		tb.Fatalf("%s: callback type %d has no message: %s", what, cb.Type, cb.Raw)
	}
	if err := validateMessage(cb.Message.Content, cb.Message.Embeds, cb.Message.Components, cb.AllowedMentions); err != nil {
		tb.Errorf("%s: %v\n%s", what, err, cb.Raw)
	}
	if !strings.Contains(string(cb.Raw), `"allowed_mentions":{"parse":[]`) {
		tb.Errorf("%s: allowed_mentions is not an empty parse list: %s", what, cb.Raw)
	}
}

// unescapedAngle finds a "<" that could open a mention, a channel link, a
// timestamp or an emoji: one without a backslash before it.
var unescapedAngle = regexp.MustCompile(`(^|[^\\])<`)

func cbEphemeral(cb discordtest.Callback) bool {
	return cb.Message != nil && cb.Message.Flags&discordgo.MessageFlagsEphemeral != 0
}

func TestGatewayRegistersCommands(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	for _, guild := range []string{"", discordtest.GuildID} {
		t.Run("guild="+guild, func(t *testing.T) {
			t.Parallel()
			hs := startGateway(t, b, ServeConfig{Config: Config{GuildID: guild}, Commands: b.Commands()})
			got, err := hs.fake.WaitCommands(waitCtx(t), guild)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(b.Commands())
			var names []string
			for _, c := range got {
				names = append(names, c.Name)
				c.ID, c.ApplicationID, c.GuildID, c.Version = "", "", "", ""
				if c.Type == discordgo.ChatApplicationCommand {
					c.Type = 0 // the fake fills in the default type
				}
			}
			if gotJSON, _ := json.Marshal(got); string(gotJSON) != string(want) {
				t.Errorf("registered %s;\nwant %s", gotJSON, want)
			}
			if !slices.Equal(names, []string{"ask", "takeaways", "passage", "quiz", "help", "articles", "library", "Ask the article"}) {
				t.Errorf("registered %v", names)
			}
			ids := hs.fake.Identifies()
			if len(ids) != 1 || ids[0].Intents != discordgo.IntentsNone {
				t.Errorf("IDENTIFY payloads %+v; want one with no intents", ids)
			}
			for _, r := range hs.fake.Requests() {
				if r.Method == "PUT" && r.Header.Get("Authorization") != "Bot "+hs.fake.Token() {
					t.Errorf("PUT %s with Authorization %q; want \"Bot <token>\"", r.Path, r.Header.Get("Authorization"))
				}
			}
			if _, global := hs.fake.Commands(""); guild != "" && global {
				t.Errorf("guild registration also registered global commands")
			}
		})
	}
}

func TestGatewayNoRegister(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	hs := startGateway(t, b, ServeConfig{})
	cb := hs.roundTrip(t, command(cmdHelp))
	checkCallback(t, "/help", cb)
	if err := hs.stop(); err != nil {
		t.Fatal(err)
	}
	for _, r := range hs.fake.Requests() {
		if strings.Contains(r.Path, "/commands") || strings.Contains(r.Path, "/applications") {
			t.Errorf("with no commands to register, the bot sent %s %s", r.Method, r.Path)
		}
	}
}

// TestGatewayCommands runs every command and button through the real
// client and the fake Discord.
func TestGatewayCommands(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	hs := startGateway(t, b, ServeConfig{Commands: b.Commands()})
	ctx := context.Background()

	t.Run("ask", func(t *testing.T) {
		cb := hs.roundTrip(t, askCommand(camerasQuestion, false))
		checkCallback(t, "/ask", cb)
		ans, err := b.def.ix.Answer(ctx, camerasQuestion, pageSize+1)
		if err != nil || !ans.Answered || ans.Takeaway == nil {
			t.Fatalf("index: %+v, %v; want an answer with a takeaway", ans, err)
		}
		e := cb.Message.Embeds[0]
		if top := fmt.Sprintf("📖 Passage %d", ans.Excerpts[0].Passage); e.Fields[0].Name != top || ans.Excerpts[0].Passage != 6 {
			t.Errorf("first excerpt %q; want %q (passage 6 answers it)", e.Fields[0].Name, top)
		}
		tk := fmt.Sprintf("💡 Key takeaway %d", ans.Takeaway.Number)
		if !slices.ContainsFunc(e.Fields, func(f *discordgo.MessageEmbedField) bool { return f.Name == tk }) {
			t.Errorf("no %q field in %+v", tk, e.Fields)
		}
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cbEphemeral(cb) {
			t.Errorf("type %d ephemeral %v; want a public message", cb.Type, cbEphemeral(cb))
		}
	})

	t.Run("ask private", func(t *testing.T) {
		cb := hs.roundTrip(t, askCommand(camerasQuestion, true))
		checkCallback(t, "/ask private", cb)
		if !cbEphemeral(cb) {
			t.Errorf("private answer is not ephemeral")
		}
	})

	t.Run("ask not covered", func(t *testing.T) {
		cb := hs.roundTrip(t, askCommand(pizzaQuestion, false))
		checkCallback(t, "/ask not covered", cb)
		if e := cb.Message.Embeds[0]; !strings.Contains(e.Description, "doesn't seem to cover") || !strings.Contains(e.Description, "/takeaways") {
			t.Errorf("not-covered reply %q", e.Description)
		}
	})

	t.Run("takeaways", func(t *testing.T) {
		cb := hs.roundTrip(t, command(cmdTakeaways))
		checkCallback(t, "/takeaways", cb)
		for _, tk := range b.def.article.Takeaways {
			if !strings.Contains(cb.Message.Embeds[0].Description, fmt.Sprintf("**%d.** %s", tk.Number, escape(tk.Text, 1000))) {
				t.Errorf("takeaway %d missing from %q", tk.Number, cb.Message.Embeds[0].Description)
			}
		}
	})

	t.Run("passage", func(t *testing.T) {
		cb := hs.roundTrip(t, passageCommand(6))
		checkCallback(t, "/passage 6", cb)
		p, _ := b.def.article.Passage(6)
		if e := cb.Message.Embeds[0]; e.Title != "📖 Passage 6 of 7" || unescape(e.Description) != p.Text {
			t.Errorf("/passage 6 = %q %q", e.Title, e.Description)
		}
		next := hs.roundTrip(t, click("page:7", cb.Message))
		checkCallback(t, "Next", next)
		if next.Type != discordgo.InteractionResponseUpdateMessage || next.Message.Embeds[0].Title != "📖 Passage 7 of 7" {
			t.Errorf("Next = type %d %q; want an update to passage 7", next.Type, next.Message.Embeds[0].Title)
		}
	})

	t.Run("passage out of range", func(t *testing.T) {
		for _, n := range []int{0, 8, 1 << 40} {
			cb := hs.roundTrip(t, passageCommand(n))
			checkCallback(t, fmt.Sprintf("/passage %d", n), cb)
			if !cbEphemeral(cb) || !strings.Contains(cb.Message.Content, "passages 1 to 7") {
				t.Errorf("/passage %d = %q ephemeral %v; want a friendly ephemeral range", n, cb.Message.Content, cbEphemeral(cb))
			}
		}
	})

	t.Run("buttons", func(t *testing.T) {
		q := questionWithMore(t, b.def.ix)
		first := hs.roundTrip(t, askCommand(q, false))
		checkCallback(t, "/ask", first)
		ids := buttonIDs(first.Message)
		if len(ids) == 0 || ids[len(ids)-1] != "more:3" {
			t.Fatalf("buttons %v; want Read passage buttons and more:3", ids)
		}
		more := hs.roundTrip(t, click("more:3", first.Message))
		checkCallback(t, "More excerpts", more)
		ans, _ := b.def.ix.Answer(ctx, q, 2*pageSize)
		if want := fmt.Sprintf("📖 Passage %d", ans.Excerpts[pageSize].Passage); !cbEphemeral(more) || more.Message.Embeds[0].Fields[0].Name != want {
			t.Errorf("More excerpts: ephemeral %v, first field %q; want ephemeral starting with %q",
				cbEphemeral(more), more.Message.Embeds[0].Fields[0].Name, want)
		}
		read := hs.roundTrip(t, click(ids[0], first.Message))
		checkCallback(t, "Read passage", read)
		n := ans.Excerpts[0].Passage
		if want := fmt.Sprintf("📖 Passage %d of 7", n); !cbEphemeral(read) || read.Message.Embeds[0].Title != want {
			t.Errorf("%s: ephemeral %v title %q; want ephemeral %q", ids[0], cbEphemeral(read), read.Message.Embeds[0].Title, want)
		}
	})

	t.Run("help", func(t *testing.T) {
		cb := hs.roundTrip(t, command(cmdHelp))
		checkCallback(t, "/help", cb)
		if !strings.Contains(cb.Message.Embeds[0].Description, "7 passages · 5 key takeaways") {
			t.Errorf("/help = %q", cb.Message.Embeds[0].Description)
		}
	})

	t.Run("hostile input", func(t *testing.T) {
		for _, q := range hostileQuestions {
			cb := hs.roundTrip(t, askCommand(q, false))
			checkCallback(t, fmt.Sprintf("/ask %.40q", q), cb)
			for _, e := range cb.Message.Embeds {
				if strings.Contains(e.Title, "@everyone") || unescapedAngle.MatchString(e.Title) || strings.Contains(e.Title, "\n") {
					t.Errorf("/ask %.40q: title %q is not escaped", q, e.Title)
				}
			}
		}
	})

	t.Run("malformed interactions", func(t *testing.T) {
		// Invalid UTF-8 inside the JSON, an unknown type, a command without
		// data: each gets a reply.
		app := `"application_id":"` + discordtest.DefaultApplicationID + `"`
		raw := []struct{ id, token, body string }{
			{"1310000000000000001", "t1", `{"id":"1310000000000000001","token":"t1",` + app + `,"type":2,` +
				`"data":{"name":"ask","options":[{"name":"question","type":3,"value":"China ` + "\xff\xfe" + ` cameras ` + "\xc3\x28" + `"}]}}`},
			{"1310000000000000002", "t2", `{"id":"1310000000000000002","token":"t2",` + app + `,"type":99}`},
			{"1310000000000000003", "t3", `{"id":"1310000000000000003","token":"t3",` + app + `,"type":2}`},
			{"1310000000000000004", "t4", `{"id":"1310000000000000004","token":"t4",` + app + `,"type":3,"data":{"custom_id":"` + strings.Repeat("x", 500) + `"}}`},
		}
		for _, r := range raw {
			if err := hs.fake.PushInteractionJSON(r.id, r.token, []byte(r.body)); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range raw {
			cb, err := hs.fake.WaitCallback(waitCtx(t), r.id)
			if err != nil {
				t.Fatal(err)
			}
			checkCallback(t, "malformed "+r.id, cb)
		}
		// Not an interaction at all, and one with no token to answer with:
		// dropped and logged; the bot keeps serving.
		for _, body := range []string{`"not an object"`, `{"id":"1310000000000000009","type":2}`} {
			if err := hs.fake.PushInteractionJSON("", "", []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		checkCallback(t, "/help after garbage", hs.roundTrip(t, command(cmdHelp)))
		if !strings.Contains(hs.logs.String(), "dropped a malformed interaction") {
			t.Errorf("no log line for the dropped interactions")
		}
	})
}

// TestGatewayReconnect breaks the gateway connection while interactions are
// in flight, in the three ways Discord's can break, and checks that every
// interaction Discord would deliver is answered:
//
//   - resumable: the connection drops and the session lives on. Discord
//     keeps what happens meanwhile and, on RESUME, replays every event the
//     bot missed: the interactions on the wire when the connection dropped
//     and those pushed while the bot was away. The bot must resume (no new
//     IDENTIFY) and answer all of them.
//   - session lost: the connection drops and the session with it, so the
//     bot's RESUME gets INVALID_SESSION and it identifies again. Discord
//     delivers nothing of the old session to the new one (what a member
//     sends in between fails on their side), so the test pushes nothing in
//     between; the interactions already in flight are answered over REST,
//     and those pushed once the new session is READY are answered.
//   - dropped again at once: as resumable, but the new connection drops as
//     soon as the session is resumed, most likely before its first
//     heartbeat. discordgo's heartbeat goroutine could then close the next
//     connection, and so on (see gatewayConn); the session must survive with
//     no connection but the three.
//   - zombie: the connection stays open but nothing gets through, so
//     heartbeats go unacknowledged; the bot must notice, reconnect and
//     resume, and answer what was pushed meanwhile.
//
// Handle is held until the connection has broken, so that the first
// interactions are in flight across it. Each case counts the connections:
// one more than needed is a connection the bot closed by mistake.
func TestGatewayReconnect(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	tests := []struct {
		name string
		// heartbeat is the fake's heartbeat interval: discordgo gives up on
		// a connection after five intervals without an ACK.
		heartbeat time.Duration
		// breakIt breaks the connection.
		breakIt func(context.Context, *discordtest.Server) error
		// resumes is whether the session survives: pushes in the gap are
		// delivered, and no new IDENTIFY is needed.
		resumes bool
		// connections is how many connections the bot needs in all.
		connections int
	}{
		{"resumable", 0, func(_ context.Context, f *discordtest.Server) error { return f.DropConnection(true) }, true, 2},
		{"session lost", 0, func(_ context.Context, f *discordtest.Server) error { return f.DropConnection(false) }, false, 2},
		{"dropped again at once", 0, func(ctx context.Context, f *discordtest.Server) error {
			if err := f.DropConnection(true); err != nil {
				return err
			}
			if err := f.WaitConnected(ctx, 2); err != nil {
				return err
			}
			return f.DropConnection(true)
		}, true, 3},
		{"zombie", time.Second, func(_ context.Context, f *discordtest.Server) error { return f.Zombie() }, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newBlockingHandler(b)
			fake := discordtest.New(t, discordtest.Options{HeartbeatInterval: tt.heartbeat})
			hs := startGatewayOn(t, fake, h, ServeConfig{DeferAfter: time.Hour})

			inFlight := pushMix(t, fake, 3)
			for range inFlight {
				h.waitEntered(t)
			}
			var onTheWire, inTheGap []string
			if tt.resumes {
				onTheWire = pushMix(t, fake, 3) // maybe read, maybe not when the connection breaks
			}
			if err := tt.breakIt(waitCtx(t), fake); err != nil {
				t.Fatal(err)
			}
			if tt.resumes {
				inTheGap = pushMix(t, fake, 3)
			} else {
				close(h.release) // answered while the gateway is down
			}
			if err := fake.WaitConnected(waitCtx(t), tt.connections); err != nil {
				t.Fatal(err)
			}
			after := pushMix(t, fake, 3)
			if tt.resumes {
				close(h.release)
			}

			all := slices.Concat(inFlight, onTheWire, inTheGap, after)
			cbs, err := fake.WaitAnswered(waitCtx(t), all...)
			if err != nil {
				t.Fatalf("%v; gateway %+v", err, fake.Stats())
			}
			for k, cb := range cbs {
				checkCallback(t, fmt.Sprintf("interaction %d", k), cb)
			}
			st := fake.Stats()
			if st.Connections != tt.connections {
				t.Errorf("gateway %+v; want %d connections", st, tt.connections)
			}
			if tt.resumes && (st.Identifies != 1 || st.Resumed < 1) {
				t.Errorf("gateway %+v; want the session resumed, not identified again", st)
			}
			if !tt.resumes && (st.Invalid < 1 || st.Identifies != 2) {
				t.Errorf("gateway %+v; want INVALID_SESSION, then one new IDENTIFY", st)
			}
			if !strings.Contains(hs.logs.String(), "gateway connection lost") {
				t.Errorf("the lost connection was not logged")
			}
		})
	}
}

// pushMix pushes n interactions, a mix of /help, /ask and /passage, and
// returns their IDs.
func pushMix(tb testing.TB, fake *discordtest.Server, n int) []string {
	tb.Helper()
	ids := make([]string, n)
	for k := range n {
		var i *discordgo.Interaction
		switch k % 3 {
		case 0:
			i = command(cmdHelp)
		case 1:
			i = askCommand(camerasQuestion, k%2 == 0)
		default:
			i = passageCommand(k%7 + 1)
		}
		i.ID, i.Token = "", ""
		if err := fake.PushInteraction(i); err != nil {
			tb.Fatal(err)
		}
		ids[k] = i.ID
	}
	return ids
}

// burst pushes n /ask and /passage interactions back to back and returns
// their callbacks once all have arrived.
func burst(tb testing.TB, hs *harness, n int) []discordtest.Callback {
	tb.Helper()
	cbs, err := hs.fake.WaitAnswered(waitCtx(tb), pushBurst(tb, hs, n)...)
	if err != nil {
		tb.Fatal(err)
	}
	return cbs
}

// pushBurst pushes n interactions back to back, a mix of /ask, private
// /ask and /passage, and returns their IDs.
func pushBurst(tb testing.TB, hs *harness, n int) []string {
	tb.Helper()
	questions := []string{camerasQuestion, pizzaQuestion, "What did DeepSeek claim?", "Why is it called a Sputnik moment?",
		"What does China have that helps AI?", "Did US sanctions work?"}
	ids := make([]string, n)
	tokens := make([]string, n)
	payloads := make([][]byte, n)
	for k := range n {
		var i *discordgo.Interaction
		if k%7 == 6 {
			i = passageCommand(k%7 + 1)
		} else {
			i = askCommand(questions[k%len(questions)], k%5 == 0)
		}
		i.ID, i.Token = "", ""
		raw, err := hs.fake.EncodeInteraction(i)
		if err != nil {
			tb.Fatal(err)
		}
		ids[k], tokens[k], payloads[k] = i.ID, i.Token, raw
	}
	for k := range n {
		if err := hs.fake.PushInteractionJSON(ids[k], tokens[k], payloads[k]); err != nil {
			tb.Fatal(err)
		}
	}
	return ids
}

// percentiles returns the p50 and p99 of the callbacks' latencies.
func percentiles(cbs []discordtest.Callback) (p50, p99 time.Duration) {
	lat := make([]time.Duration, len(cbs))
	for k, cb := range cbs {
		lat[k] = cb.Latency()
	}
	return percentilesOf(lat)
}

// percentilesOf returns the p50 and p99 of latencies (nearest rank).
func percentilesOf(lat []time.Duration) (p50, p99 time.Duration) {
	lat = slices.Clone(lat)
	slices.Sort(lat)
	at := func(q float64) time.Duration { return lat[int(math.Ceil(q*float64(len(lat))))-1] }
	return at(0.50), at(0.99)
}

// TestGatewayBurst answers a burst of 300 interactions. It checks that all
// are answered and well formed; it only logs the latency (see
// BenchmarkGatewayBurst for the measurement).
func TestGatewayBurst(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	hs := startGateway(t, b, ServeConfig{})
	cbs := burst(t, hs, 300)
	for k, cb := range cbs {
		checkCallback(t, fmt.Sprintf("burst %d", k), cb)
	}
	p50, p99 := percentiles(cbs)
	t.Logf("burst of %d: push → callback p50 %v, p99 %v", len(cbs), p50, p99)
}

// blockingHandler wraps a Handler: Handle waits until release is closed
// (or its context ends), after telling entered.
type blockingHandler struct {
	Handler
	entered chan string // interaction IDs
	release chan struct{}
	reply   func(ctx context.Context, i *discordgo.Interaction) Reply // instead of the wrapped Handle, when set
}

func newBlockingHandler(h Handler) *blockingHandler {
	return &blockingHandler{Handler: h, entered: make(chan string, 16), release: make(chan struct{})}
}

func (h *blockingHandler) Handle(ctx context.Context, i *discordgo.Interaction) Reply {
	h.entered <- i.ID
	select {
	case <-h.release:
	case <-ctx.Done():
	}
	if h.reply != nil {
		return h.reply(ctx, i)
	}
	return h.Handler.Handle(ctx, i)
}

func (h *blockingHandler) waitEntered(tb testing.TB) string {
	tb.Helper()
	select {
	case id := <-h.entered:
		return id
	case <-waitCtx(tb).Done():
		tb.Fatal("Handle was not called")
		return ""
	}
}

// TestGatewayDefers checks the slow path: an answer that takes longer than
// DeferAfter is acknowledged with a deferral and then delivered by editing
// the original response, or, when its visibility differs from the
// deferral's, as a follow-up that replaces it.
func TestGatewayDefers(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	failing := func(context.Context, *discordgo.Interaction) Reply {
		return Reply{Response: notice(msgFailed), Command: "/ask", Outcome: OutcomeFailed}
	}
	tests := []struct {
		name        string
		i           func() *discordgo.Interaction
		reply       func(context.Context, *discordgo.Interaction) Reply
		deferral    discordgo.InteractionResponseType
		deferredEph bool
		webhooks    []string // methods of the webhook requests that deliver the answer
	}{
		{"public answer", func() *discordgo.Interaction { return askCommand(camerasQuestion, false) }, nil,
			discordgo.InteractionResponseDeferredChannelMessageWithSource, false, []string{"PATCH"}},
		{"private answer", func() *discordgo.Interaction { return askCommand(camerasQuestion, true) }, nil,
			discordgo.InteractionResponseDeferredChannelMessageWithSource, true, []string{"PATCH"}},
		{"button update", func() *discordgo.Interaction {
			return click("page:2", asMessage(b.Respond(context.Background(), passageCommand(1))))
		}, nil,
			discordgo.InteractionResponseDeferredMessageUpdate, false, []string{"PATCH"}},
		{"failure after a public deferral", func() *discordgo.Interaction { return askCommand(camerasQuestion, false) }, failing,
			discordgo.InteractionResponseDeferredChannelMessageWithSource, false, []string{"POST", "DELETE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newBlockingHandler(b)
			h.reply = tt.reply
			hs := startGateway(t, h, ServeConfig{DeferAfter: time.Millisecond})
			i := tt.i()
			i.ID, i.Token = "", ""
			if err := hs.fake.PushInteraction(i); err != nil {
				t.Fatal(err)
			}
			h.waitEntered(t)
			// Handle is blocked, so the callback can only be the deferral.
			cb, err := hs.fake.WaitCallback(waitCtx(t), i.ID)
			if err != nil {
				t.Fatal(err)
			}
			if cb.Type != tt.deferral || strings.Contains(string(cb.Raw), `"flags":64`) != tt.deferredEph {
				t.Errorf("deferral = type %d %s; want type %d, ephemeral %v", cb.Type, cb.Raw, tt.deferral, tt.deferredEph)
			}
			close(h.release)
			hooks, err := hs.fake.WaitWebhooks(waitCtx(t), len(tt.webhooks))
			if err != nil {
				t.Fatal(err)
			}
			for k, w := range hooks {
				if w.Method != tt.webhooks[k] || w.Token != i.Token || w.ApplicationID != discordtest.DefaultApplicationID {
					t.Errorf("webhook %d = %s app %s; want %s on the interaction's token", k, w.Method, w.ApplicationID, tt.webhooks[k])
				}
				if w.Method == "PATCH" || w.Method == "DELETE" {
					if w.MessageID != "@original" {
						t.Errorf("%s of message %q; want @original", w.Method, w.MessageID)
					}
				}
				if w.Method != "DELETE" {
					if err := validateMessage(w.Message.Content, w.Message.Embeds, w.Message.Components, w.AllowedMentions); err != nil {
						t.Errorf("%s: %v: %s", w.Method, err, w.Raw)
					}
				}
			}
			if tt.reply != nil && (hooks[0].Message.Flags&discordgo.MessageFlagsEphemeral == 0 || hooks[0].Message.Content != msgFailed) {
				t.Errorf("follow-up %s; want the ephemeral failure notice", hooks[0].Raw)
			}
			if tt.reply == nil && len(hooks[0].Message.Embeds) == 0 {
				t.Errorf("edit %s carries no answer", hooks[0].Raw)
			}
			if err := hs.stop(); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(hs.logs.String(), "deferred=true") {
				t.Errorf("the deferral is not in the log")
			}
		})
	}
}

// panickingHandler panics in Handle for /ask and answers the rest.
type panickingHandler struct{ Handler }

func (h panickingHandler) Handle(ctx context.Context, i *discordgo.Interaction) Reply {
	if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok && d.Name == cmdAsk {
		panic("handler bug")
	}
	return h.Handler.Handle(ctx, i)
}

// TestGatewayPanics checks that a panic, in the core or in another Handler,
// becomes a "something went wrong" reply and the bot keeps serving.
func TestGatewayPanics(t *testing.T) {
	t.Parallel()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	broken := &Bot{def: &view{article: ix.Article(), footerText: footerText(ix.Article().Title)}, log: slog.New(slog.DiscardHandler)} // no index: /ask panics inside the core
	for name, h := range map[string]Handler{"core": broken, "handler": panickingHandler{newTestBot(t)}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hs := startGateway(t, h, ServeConfig{})
			cb := hs.roundTrip(t, askCommand(camerasQuestion, false))
			checkCallback(t, "panic", cb)
			if cb.Message.Content != msgFailed || !cbEphemeral(cb) {
				t.Errorf("after a panic: %q ephemeral %v; want %q, ephemeral", cb.Message.Content, cbEphemeral(cb), msgFailed)
			}
			checkCallback(t, "/help after a panic", hs.roundTrip(t, command(cmdHelp)))
		})
	}
}

// TestGatewayShutdown checks that canceling Serve's context stops new
// interactions, lets the one in flight finish, closes the gateway connection
// and returns nil.
func TestGatewayShutdown(t *testing.T) {
	t.Parallel()
	h := newBlockingHandler(newTestBot(t))
	hs := startGateway(t, h, ServeConfig{DeferAfter: time.Hour, DrainTimeout: waitTimeout})
	i := askCommand(camerasQuestion, false)
	i.ID, i.Token = "", ""
	if err := hs.fake.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	h.waitEntered(t)

	stopped := make(chan error, 1)
	start := time.Now()
	go func() { stopped <- hs.stop() }()
	// Shutdown waits for the interaction in flight.
	if err := hs.fake.WaitDisconnected(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-stopped:
		t.Fatalf("Serve returned (%v) with an interaction in flight", err)
	default:
	}
	close(h.release)
	if err := <-stopped; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	t.Logf("Serve returned %v after its context was canceled", time.Since(start))
	cb, ok := hs.fake.Callback(i.ID)
	if !ok {
		t.Fatalf("the interaction in flight at shutdown was not answered")
	}
	checkCallback(t, "in flight", cb)
	if err := hs.fake.PushInteraction(command(cmdHelp)); !errors.Is(err, discordtest.ErrNotConnected) {
		t.Errorf("push after shutdown: %v; want ErrNotConnected", err)
	}
	for _, want := range []string{"shutting down", "stopped"} {
		if !strings.Contains(hs.logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestRegister runs the REST-only registration of the register subcommand.
func TestRegister(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{})
	b := newTestBot(t)
	tok, _ := ParseToken("Bot " + fake.Token())
	got, err := Register(waitCtx(t), Config{Token: tok, GuildID: discordtest.GuildID, APIURL: fake.URL()}, b.Commands())
	if err != nil {
		t.Fatal(err)
	}
	n := len(b.Commands())
	if len(got) != n || got[0].ID == "" || got[0].GuildID != discordtest.GuildID {
		t.Errorf("Register returned %+v; want the %d commands as stored in the guild", got, n)
	}
	if cmds, ok := fake.Commands(discordtest.GuildID); !ok || len(cmds) != n {
		t.Errorf("fake holds %d guild commands; want %d", len(cmds), n)
	}
	if st := fake.Stats(); st.Connections != 0 {
		t.Errorf("Register opened %d gateway connections; want none", st.Connections)
	}
	var paths []string
	for _, r := range fake.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	want := []string{"GET /api/v9/applications/@me", "PUT /api/v9/applications/" + discordtest.DefaultApplicationID + "/guilds/" + discordtest.GuildID + "/commands"}
	if !slices.Equal(paths, want) {
		t.Errorf("requests %v; want %v", paths, want)
	}

	bad, _ := ParseToken("wrong-token")
	_, err = Register(waitCtx(t), Config{Token: bad, APIURL: fake.URL()}, b.Commands())
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "wrong-token") {
		t.Errorf("Register with a wrong token: %v; want a 401 error without the token", err)
	}
}

// TestGatewayBadToken checks that a wrong token is a start-up error that
// does not show the token.
func TestGatewayBadToken(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{})
	tok, _ := ParseToken("wrong-secret-token")
	err := Serve(waitCtx(t), newTestBot(t), ServeConfig{Config: Config{Token: tok, APIURL: fake.URL()}})
	if err == nil || !strings.Contains(err.Error(), "4004") || strings.Contains(err.Error(), "wrong-secret-token") {
		t.Errorf("Serve with a wrong token = %v; want a 4004 error without the token", err)
	}
}

// TestGatewayStopsWhileConnecting checks that Serve returns promptly when
// its context ends while the gateway has not answered yet.
func TestGatewayStopsWhileConnecting(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{Silent: true})
	tok, _ := ParseToken(fake.Token())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, newTestBot(t), ServeConfig{Config: Config{Token: tok, APIURL: fake.URL()}})
	}()
	if err := fake.WaitStats(waitCtx(t), func(st discordtest.GatewayStats) bool { return st.Connections > 0 }); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v; want nil after its context ended", err)
		}
	case <-waitCtx(t).Done():
		t.Fatal("Serve did not return while connecting")
	}
}

// TestGatewayShutdownGivesUp checks that an interaction that never finishes
// cannot hold shutdown beyond DrainTimeout.
func TestGatewayShutdownGivesUp(t *testing.T) {
	t.Parallel()
	h := newBlockingHandler(newTestBot(t))
	t.Cleanup(func() { close(h.release) })
	hs := startGateway(t, h, ServeConfig{DeferAfter: time.Hour, DrainTimeout: 50 * time.Millisecond})
	i := command(cmdHelp)
	i.ID, i.Token = "", ""
	if err := hs.fake.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	h.waitEntered(t)
	if err := hs.stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if !strings.Contains(hs.logs.String(), "gave up waiting for interactions in flight") {
		t.Errorf("log does not say shutdown gave up on the interaction in flight")
	}
}
