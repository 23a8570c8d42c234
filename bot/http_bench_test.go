package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The HTTP endpoint's cost, split in its parts, on an /ask interaction
// shaped like the ones Discord sends (testdata/http_ask.json: a guild
// member, the channel, a long token; 1.8 KB). The load program
// (internal/httpload) measures the whole over real connections.

func realisticAsk(tb testing.TB) []byte {
	tb.Helper()
	body, err := os.ReadFile("testdata/http_ask.json")
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// benchmarkEndpoint sends the realistic /ask, signed, to an endpoint over
// h.
func benchmarkEndpoint(b *testing.B, h Handler) {
	k := newTestKey(b)
	e, err := NewEndpoint(h, EndpointConfig{PublicKey: k.public, DeferAfter: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	body := realisticAsk(b)
	sig := k.sign(testTimestamp, body) // Discord's work, not the endpoint's
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
		r.Header.Set(headerTimestamp, testTimestamp)
		r.Header.Set(headerSignature, sig)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkEndpointAsk is one signed /ask through the endpoint: signature,
// decoding, the core with its search, encoding, metrics and log (a
// discarding logger), without the network.
func BenchmarkEndpointAsk(b *testing.B) {
	ix, err := testIndex()
	if err != nil {
		b.Fatal(err)
	}
	benchmarkEndpoint(b, New(ix, nil))
}

// BenchmarkEndpointTransport is BenchmarkEndpointAsk with the core
// replaced by a canned response: what the endpoint itself costs.
func BenchmarkEndpointTransport(b *testing.B) {
	bot := newTestBot(b)
	benchmarkEndpoint(b, cannedHandler{bot, bot.Respond(context.Background(), askCommand(camerasQuestion, false))})
}

// BenchmarkVerifySignature is the signature check alone.
func BenchmarkVerifySignature(b *testing.B) {
	k := newTestKey(b)
	msg := append([]byte(testTimestamp), realisticAsk(b)...)
	sig := ed25519.Sign(k.private, msg)
	for b.Loop() {
		if !ed25519.Verify(k.public, msg, sig) {
			b.Fatal("signature does not verify")
		}
	}
}

// BenchmarkDecodeInteraction is decoding the interaction alone.
func BenchmarkDecodeInteraction(b *testing.B) {
	body := realisticAsk(b)
	b.ReportAllocs()
	for b.Loop() {
		var i discordgo.Interaction
		if err := i.UnmarshalJSON(body); err != nil {
			b.Fatal(err)
		}
	}
}
