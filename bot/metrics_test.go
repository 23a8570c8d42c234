package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// scrapeMetrics returns m's metrics in the text format.
func scrapeMetrics(tb testing.TB, m *Metrics) string {
	tb.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		tb.Fatalf("GET /metrics: %d", w.Code)
	}
	return w.Body.String()
}

// TestObserve checks what one observation counts and logs.
func TestObserve(t *testing.T) {
	long := strings.Repeat("é", 150) + strings.Repeat("🤖", 150) // 300 characters, 750 bytes
	tests := []struct {
		name     string
		o        observation
		series   string // the interactions_total line
		logs     []string
		noLogs   []string
		deferred bool
	}{
		{
			name:   "answered",
			o:      observation{interaction: askCommand(camerasQuestion, false), reply: Reply{Command: "/ask", Outcome: OutcomeAnswered}, latency: time.Millisecond},
			series: `articlebot_interactions_total{command="/ask",outcome="answered"} 1`,
			logs:   []string{`level=INFO msg=interaction interaction_id=1300000000000000001 command=/ask outcome=answered latency=1ms`},
			noLogs: []string{"not covered"},
		},
		{
			name:   "not covered",
			o:      observation{interaction: askCommand(pizzaQuestion, true), reply: Reply{Command: "/ask", Outcome: OutcomeNotCovered}},
			series: `articlebot_interactions_total{command="/ask",outcome="not_covered"} 1`,
			logs:   []string{`level=INFO msg="question not covered" command=/ask question="` + pizzaQuestion + `"`},
		},
		{
			name:   "not covered, long question cut to 200 characters",
			o:      observation{interaction: askCommand(long+" @everyone", false), reply: Reply{Command: "/ask", Outcome: OutcomeNotCovered}},
			series: `articlebot_interactions_total{command="/ask",outcome="not_covered"} 1`,
			logs:   []string{`question=` + strings.Repeat("é", 150) + strings.Repeat("🤖", 50) + "\n"}, // no space: unquoted
		},
		{
			name: "not covered after More excerpts: the question from the message",
			o: observation{interaction: click("more:3", &discordgo.Message{Embeds: []*discordgo.MessageEmbed{{Title: `What about \*stars\*?`}}}),
				reply: Reply{Command: "button:more", Outcome: OutcomeNotCovered}},
			series: `articlebot_interactions_total{command="button:more",outcome="not_covered"} 1`,
			logs:   []string{`question="What about *stars*?"`},
		},
		{
			name:   "rejected",
			o:      observation{interaction: passageCommand(99), reply: Reply{Command: "/passage", Outcome: OutcomeRejected}},
			series: `articlebot_interactions_total{command="/passage",outcome="rejected"} 1`,
			noLogs: []string{"not covered"},
		},
		{
			name: "deferred and undelivered",
			o: observation{interaction: askCommand(camerasQuestion, false), reply: Reply{Command: "/ask", Outcome: OutcomeAnswered},
				deferred: true, err: errors.New("edit deferred response: HTTP 404")},
			series:   `articlebot_interactions_total{command="/ask",outcome="answered"} 1`,
			logs:     []string{`level=WARN msg=interaction`, `deferred=true error="edit deferred response: HTTP 404"`},
			deferred: true,
		},
		{
			name:   "error",
			o:      observation{interaction: nil, reply: Reply{Command: "unknown", Outcome: OutcomeFailed}},
			series: `articlebot_interactions_total{command="unknown",outcome="error"} 1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMetrics()
			var logs logBuffer
			m.observe(context.Background(), slog.New(slog.NewTextHandler(&logs, nil)), tt.o)
			text := scrapeMetrics(t, m)
			if !strings.Contains(text, tt.series+"\n") {
				t.Errorf("metrics lack %s", tt.series)
			}
			wantDeferred, wantUndelivered := "0", "0"
			if tt.deferred {
				wantDeferred = "1"
			}
			if tt.o.err != nil {
				wantUndelivered = "1"
			}
			for _, want := range []string{metricDeferred + " " + wantDeferred, metricUndelivered + " " + wantUndelivered} {
				if !strings.Contains(text, want+"\n") {
					t.Errorf("metrics lack %s", want)
				}
			}
			for _, want := range tt.logs {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("log lacks %q:\n%q", want, logs.String())
				}
			}
			for _, not := range tt.noLogs {
				if strings.Contains(logs.String(), not) {
					t.Errorf("log has %q:\n%s", not, logs.String())
				}
			}
		})
	}
}

func TestQuestionOf(t *testing.T) {
	messageCommand := withID(&discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{
			Name: "Ask about this", CommandType: discordgo.MessageApplicationCommand, TargetID: "42",
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{
				Messages: map[string]*discordgo.Message{"42": {Content: "is DeepSeek\n cheaper?"}},
			},
		},
	})
	tests := []struct {
		i    *discordgo.Interaction
		want string
	}{
		{askCommand("  How many\tcameras?\n", false), "How many cameras?"},
		{askCommand("bad \xff utf-8", false), "bad \uFFFD utf-8"},
		{command(cmdTakeaways), ""},
		{messageCommand, "is DeepSeek cheaper?"},
		{click("more:3", nil), ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := questionOf(tt.i); got != tt.want {
			t.Errorf("questionOf(%+v) = %q; want %q", tt.i, got, tt.want)
		}
	}
	q := cutRunes(questionOf(askCommand(strings.Repeat("日本", 300), false)), maxLoggedQuestion)
	if n := utf8.RuneCountInString(q); n != maxLoggedQuestion || !utf8.ValidString(q) {
		t.Errorf("a 600-character question is logged as %d characters (valid UTF-8: %v); want %d", n, utf8.ValidString(q), maxLoggedQuestion)
	}
}

// TestMetricsCommandLabelsBounded checks that the command label cannot
// grow without bound.
func TestMetricsCommandLabelsBounded(t *testing.T) {
	m := NewMetrics()
	log := slog.New(slog.DiscardHandler)
	for k := range 3 * maxCommandLabels {
		m.observe(context.Background(), log, observation{reply: Reply{Command: "interaction type " + strconv.Itoa(k), Outcome: OutcomeRejected}})
	}
	text := scrapeMetrics(t, m)
	if got := strings.Count(text, metricInteractions+"{"); got != maxCommandLabels+1 {
		t.Errorf("%d interaction series; want %d (the cap and other)", got, maxCommandLabels+1)
	}
	want := `articlebot_interactions_total{command="other",outcome="rejected"} ` + strconv.Itoa(2*maxCommandLabels)
	if !strings.Contains(text, want+"\n") {
		t.Errorf("metrics lack %s", want)
	}
	if len(m.series) > maxCommandLabels+1 {
		t.Errorf("%d cached series; want at most %d", len(m.series), maxCommandLabels+1)
	}
}

// TestMetricsRegistriesIndependent checks that two Metrics share nothing,
// so that tests and several transports in one process do not collide.
func TestMetricsRegistriesIndependent(t *testing.T) {
	a, b := NewMetrics(), NewMetrics()
	a.observe(context.Background(), slog.New(slog.DiscardHandler), observation{reply: Reply{Command: "/help", Outcome: OutcomeAnswered}})
	if strings.Contains(scrapeMetrics(t, b), `command="/help"`) {
		t.Errorf("one Metrics' count shows in another's")
	}
	if !strings.Contains(scrapeMetrics(t, b), metricBuildInfo+"{") {
		t.Errorf("a second Metrics lacks the build info")
	}
}

// TestGatewayMetrics checks that the gateway reports every interaction to
// its Metrics and logs the questions the article does not cover.
func TestGatewayMetrics(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	hs := startGateway(t, newTestBot(t), ServeConfig{Metrics: m})
	checkCallback(t, "/ask", hs.roundTrip(t, askCommand(camerasQuestion, false)))
	checkCallback(t, "/ask pizza", hs.roundTrip(t, askCommand(pizzaQuestion, false)))
	checkCallback(t, "/help", hs.roundTrip(t, command(cmdHelp)))
	if err := hs.stop(); err != nil { // every interaction is observed before Serve returns
		t.Fatal(err)
	}
	text := scrapeMetrics(t, m)
	for _, want := range []string{
		`articlebot_interactions_total{command="/ask",outcome="answered"} 1`,
		`articlebot_interactions_total{command="/ask",outcome="not_covered"} 1`,
		`articlebot_interactions_total{command="/help",outcome="answered"} 1`,
		`articlebot_interaction_duration_seconds_count{command="/ask"} 2`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	if !strings.Contains(hs.logs.String(), `msg="question not covered" command=/ask question="`+pizzaQuestion+`"`) {
		t.Errorf("the not-covered question is not logged:\n%s", hs.logs.String())
	}
}

func TestCheckShard(t *testing.T) {
	tests := []struct {
		id, count int
		ok        bool
	}{
		{0, 0, true}, {0, 1, true}, {1, 2, true}, {15, 16, true},
		{1, 1, false}, {2, 2, false}, {1, 0, false}, {-1, 2, false}, {0, -1, false},
	}
	for _, tt := range tests {
		if err := CheckShard(tt.id, tt.count); (err == nil) != tt.ok {
			t.Errorf("CheckShard(%d, %d) = %v; want ok %v", tt.id, tt.count, err, tt.ok)
		}
	}
	if err := Serve(context.Background(), newTestBot(t), ServeConfig{ShardID: 2, ShardCount: 2}); err == nil || !strings.Contains(err.Error(), "shard") {
		t.Errorf("Serve with shard 2 of 2 = %v; want a shard error", err)
	}
}

// TestGatewayShard checks that a shard identifies as one.
func TestGatewayShard(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		id, count int
		want      *[2]int
	}{
		{1, 2, &[2]int{1, 2}},
		{0, 1, nil}, // one shard: no shard field, as discordgo sends it
	} {
		hs := startGateway(t, newTestBot(t), ServeConfig{ShardID: tt.id, ShardCount: tt.count})
		ids := hs.fake.Identifies()
		if len(ids) == 0 {
			t.Fatal("no IDENTIFY")
		}
		got := ids[0].Shard
		if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("shard %d of %d identified with shard %v; want %v", tt.id, tt.count, got, tt.want)
		}
		checkCallback(t, "/help on a shard", hs.roundTrip(t, command(cmdHelp)))
	}
}
