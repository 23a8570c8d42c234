package bot

import (
	"context"
	"os"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// burstSize is the number of interactions in one burst of the latency
// benchmarks.
const burstSize = 300

// BenchmarkGatewayBurst measures the latency from an INTERACTION_CREATE
// pushed by the fake gateway to its callback received by the fake REST API,
// over bursts of 300 interactions pushed back to back on loopback (a mix of
// /ask, private /ask and /passage, answered by the real core). Each
// iteration is one burst, after one burst of warm-up. It reports each
// burst's p50 and p99 as the median over the bursts (p50-ms, p99-ms), the
// worst burst's p99 (worst-p99-ms), and the p99 of all the interactions of
// all the bursts pooled (pooled-p99-ms, which the slowest bursts decide);
// it fails if any interaction goes unanswered. The fake Discord runs in the
// same process, on the same cores; the garbage collector is set as
// articlebot serve sets it (GCPercent, unless GOGC is set). Run it with
//
//	go test ./bot -run '^$' -bench BenchmarkGatewayBurst -benchtime 20x
func BenchmarkGatewayBurst(b *testing.B) {
	measureBursts(b, newTestBot(b))
}

// BenchmarkGatewayBurstTransport is BenchmarkGatewayBurst with the core
// replaced by a canned response: what discordgo, HTTP and the fake cost
// without any search or rendering.
func BenchmarkGatewayBurstTransport(b *testing.B) {
	bot := newTestBot(b)
	measureBursts(b, cannedHandler{bot, bot.Respond(context.Background(), askCommand(camerasQuestion, false))})
}

// cannedHandler answers every interaction with the same response.
type cannedHandler struct {
	Handler
	response *discordgo.InteractionResponse
}

func (h cannedHandler) Handle(context.Context, *discordgo.Interaction) Reply {
	return Reply{Response: h.response, Command: "/ask", Outcome: OutcomeAnswered}
}

func measureBursts(b *testing.B, h Handler) {
	if os.Getenv("GOGC") == "" { // as articlebot serve runs
		defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	}
	hs := startGateway(b, h, ServeConfig{})
	burst(b, hs, burstSize) // warm up: connections, caches, heap size
	hs.fake.Forget()
	var all, p50s, p99s []time.Duration
	b.ResetTimer()
	for range b.N {
		lat, err := hs.fake.WaitLatencies(waitCtx(b), pushBurst(b, hs, burstSize)...)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, lat...)
		p50, p99 := percentilesOf(lat)
		p50s, p99s = append(p50s, p50), append(p99s, p99)
		hs.fake.Forget() // keep the recorded traffic from growing the heap
	}
	b.StopTimer()
	_, pooled := percentilesOf(all)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(median(p50s)), "p50-ms")
	b.ReportMetric(ms(median(p99s)), "p99-ms")
	b.ReportMetric(ms(slices.Max(p99s)), "worst-p99-ms")
	b.ReportMetric(ms(pooled), "pooled-p99-ms")
	b.ReportMetric(float64(len(all)), "answered")
}

// median returns the median of ds (the lower middle one of an even count).
func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[(len(ds)-1)/2]
}
