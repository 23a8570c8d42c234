package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// BenchmarkHandle measures the core alone: /ask from interaction to
// response, search included.
func BenchmarkHandle(b *testing.B) {
	bot := newTestBot(b)
	i := askCommand(camerasQuestion, false)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		bot.Handle(ctx, i)
	}
}

// BenchmarkEncodeResponse measures encoding an /ask response as it is
// posted.
func BenchmarkEncodeResponse(b *testing.B) {
	r := newTestBot(b).Respond(context.Background(), askCommand(camerasQuestion, false))
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			b.Fatal(err)
		}
	}
}
