package bot

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metric names, in the Prometheus text format that GET /metrics serves.
const (
	metricInteractions = "articlebot_interactions_total"
	metricDuration     = "articlebot_interaction_duration_seconds"
	metricDeferred     = "articlebot_interactions_deferred_total"
	metricUndelivered  = "articlebot_interactions_undelivered_total"
	metricHTTPRejected = "articlebot_http_rejected_total"
	metricBuildInfo    = "articlebot_build_info"
)

// maxCommandLabels bounds the distinct values of the command label. The
// core names commands from a short fixed list, but a label fed by what
// arrives over the network must not be able to grow the registry without
// bound: past this many, commands are counted as "other".
const maxCommandLabels = 32

// otherCommand is the command label past maxCommandLabels.
const otherCommand = "other"

// durationBuckets are the upper bounds of the latency histogram, in
// seconds: a quick answer takes about a millisecond, Discord's window is 3
// seconds, and a deferred answer may take longer.
var durationBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics counts what the transports do, for Prometheus, and writes the
// interaction log: both transports report every interaction to it, so the
// gateway and the HTTP endpoint count and log alike. It holds its own
// registry (nothing is registered in the client library's global one), so
// any number can live in one process; create it with NewMetrics. A Metrics
// is safe for concurrent use.
//
// The metrics are:
//
//	articlebot_interactions_total{command,outcome}
//	    interactions answered, by command ("/ask", "button:more", ...) and
//	    outcome: answered, not_covered (an /ask the article does not
//	    cover), rejected (a friendly notice instead of an answer: an empty
//	    question, a passage out of range, a stale button) or error
//	articlebot_interaction_duration_seconds{command}
//	    from receiving an interaction to its answer delivered
//	articlebot_interactions_deferred_total
//	    interactions acknowledged first and answered late
//	articlebot_interactions_undelivered_total
//	    answers that could not be delivered to Discord
//	articlebot_http_rejected_total{code}
//	    requests the HTTP endpoint turned away before the core (401 bad
//	    signature, 400 malformed, 413 too large)
//	articlebot_build_info{version,revision,go_version}
//	    always 1
//
// and the Go runtime's (go_*) and the process's (process_*) collectors.
type Metrics struct {
	reg          *prometheus.Registry
	interactions *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	deferred     prometheus.Counter
	undelivered  prometheus.Counter
	httpRejected *prometheus.CounterVec

	mu       sync.RWMutex
	series   map[seriesKey]series
	commands map[string]bool // command labels in use
}

// seriesKey names the series one interaction adds to.
type seriesKey struct {
	command string
	outcome Outcome
}

// series are the metrics of one command and outcome, looked up once.
type series struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// NewMetrics returns a Metrics with its own registry holding the bot's
// metrics, build info, and the Go and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: metricInteractions,
			Help: "Interactions answered, by command and outcome (answered, not_covered, rejected, error).",
		}, []string{"command", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    metricDuration,
			Help:    "Time from receiving an interaction to its answer delivered, by command.",
			Buckets: durationBuckets,
		}, []string{"command"}),
		deferred: prometheus.NewCounter(prometheus.CounterOpts{
			Name: metricDeferred,
			Help: "Interactions acknowledged with a deferral and answered late, by an edit of the response.",
		}),
		undelivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: metricUndelivered,
			Help: "Answers that could not be delivered to Discord (the detail is in the log).",
		}),
		httpRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: metricHTTPRejected,
			Help: "Requests to the HTTP interactions endpoint turned away before they reached the bot, by status code.",
		}, []string{"code"}),
		series:   make(map[seriesKey]series),
		commands: make(map[string]bool),
	}
	m.reg.MustRegister(
		m.interactions, m.duration, m.deferred, m.undelivered, m.httpRejected,
		buildInfo(),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Handler serves the metrics in the Prometheus text format (or in the
// format the scraper negotiates).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// buildInfo is a gauge fixed at 1 whose labels say what is running: the
// main module's version, the VCS revision it was built from (when the
// build recorded it) and the Go version.
func buildInfo() prometheus.Collector {
	version, revision := "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && s.Value != "" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        metricBuildInfo,
		Help:        "Always 1; the labels say which build of articlebot is running.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "go_version": runtime.Version()},
	})
	g.Set(1)
	return g
}

// seriesFor returns the series of one command and outcome, creating them
// on first use. Commands past maxCommandLabels share the "other" series.
func (m *Metrics) seriesFor(command string, o Outcome) series {
	k := seriesKey{command, o}
	m.mu.RLock()
	s, ok := m.series[k]
	m.mu.RUnlock()
	if ok {
		return s
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.commands[command] {
		if len(m.commands) >= maxCommandLabels {
			k.command = otherCommand
		} else {
			m.commands[command] = true
		}
	}
	if s, ok := m.series[k]; ok {
		return s
	}
	s = series{
		count:    m.interactions.WithLabelValues(k.command, o.String()),
		duration: m.duration.WithLabelValues(k.command),
	}
	m.series[k] = s
	return s
}

// rejected counts a request the HTTP endpoint turned away with code.
func (m *Metrics) rejected(code int) {
	m.httpRejected.WithLabelValues(statusLabel(code)).Inc()
}

func statusLabel(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "400"
	case http.StatusUnauthorized:
		return "401"
	case http.StatusRequestEntityTooLarge:
		return "413"
	}
	return "other"
}

// observation is what a transport saw of one interaction.
type observation struct {
	interaction *discordgo.Interaction
	reply       Reply
	// latency runs from receiving the interaction to its answer delivered.
	latency time.Duration
	// deferred: the interaction was acknowledged first and answered late.
	deferred bool
	// err is why the answer could not be delivered; nil when it was.
	err error
}

// maxLoggedQuestion is how much of a question the not-covered log keeps,
// in characters.
const maxLoggedQuestion = 200

// observe records one interaction: it counts it, logs it (at info, or warn
// when the answer could not be delivered) and, when the article did not
// cover the question, logs the question at info so that whoever runs the
// bot can see what members asked that the article does not answer.
func (m *Metrics) observe(ctx context.Context, log *slog.Logger, o observation) {
	s := m.seriesFor(o.reply.Command, o.reply.Outcome)
	s.count.Inc()
	s.duration.Observe(o.latency.Seconds())
	if o.deferred {
		m.deferred.Inc()
	}
	if o.err != nil {
		m.undelivered.Inc()
	}

	level := slog.LevelInfo
	if o.err != nil {
		level = slog.LevelWarn
	}
	if log.Enabled(ctx, level) {
		attrs := make([]slog.Attr, 0, 6)
		attrs = append(attrs,
			slog.String("interaction_id", interactionID(o.interaction)),
			slog.String("command", o.reply.Command),
			slog.String("outcome", o.reply.Outcome.String()),
			slog.Duration("latency", o.latency),
		)
		if o.deferred {
			attrs = append(attrs, slog.Bool("deferred", true))
		}
		if o.err != nil {
			attrs = append(attrs, slog.Any("error", o.err))
		}
		log.LogAttrs(ctx, level, "interaction", attrs...)
	}
	if o.reply.Outcome == OutcomeNotCovered && log.Enabled(ctx, slog.LevelInfo) {
		log.LogAttrs(ctx, slog.LevelInfo, "question not covered",
			slog.String("command", o.reply.Command),
			slog.String("question", cutRunes(questionOf(o.interaction), maxLoggedQuestion)))
	}
}

// questionOf returns the question an interaction asked, cleaned: the
// question option of a slash command, the message a message command was
// used on, or the question a button's message was the answer to; "" when
// there is none.
func questionOf(i *discordgo.Interaction) string {
	if i == nil {
		return ""
	}
	switch data := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		if q := stringOption(data.Options, optQuestion); q != "" {
			return cleanText(q)
		}
		if data.TargetID != "" && data.Resolved != nil && data.Resolved.Messages[data.TargetID] != nil {
			return cleanText(data.Resolved.Messages[data.TargetID].Content)
		}
	case discordgo.MessageComponentInteractionData:
		return questionFromMessage(i.Message)
	}
	return ""
}
