package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
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

// autocompleteInputs are what members type into /ask's question, keystroke
// by keystroke: beginnings, typos, question words, long and hostile text.
var autocompleteInputs = []string{
	"", "h", "how", "how many", "how many cam", "How many surveillance cameras does China h",
	"survel", "survelance camras", "chin", "sancti", "what about nvid", "cold w", "wh", "the",
	"rare earth", "Why is DeepSeek compared to Sput", "tencnet", "@everyone <@123> chip",
	strings.Repeat("surveillance ", 15), "\xff\xfe invalid", "🤖🤖🤖", "what does the article say about",
}

// BenchmarkAutocomplete measures the core's answer to one autocomplete
// request for /ask's question, from interaction to validated response, over
// the bundled article. The target is under 5 ms a request.
func BenchmarkAutocomplete(b *testing.B) {
	bot := newTestBot(b)
	ctx := context.Background()
	reqs := make([]*discordgo.Interaction, len(autocompleteInputs))
	for k, typed := range autocompleteInputs {
		reqs[k] = autocompleteAsk(typed)
	}
	bot.Handle(ctx, reqs[0])
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if r := bot.Handle(ctx, reqs[i%len(reqs)]); r.Outcome != OutcomeAnswered {
			b.Fatalf("autocomplete %q: %v", autocompleteInputs[i%len(reqs)], r.Err)
		}
	}
}

// BenchmarkQuiz measures /quiz and one answer to it.
func BenchmarkQuiz(b *testing.B) {
	bot := newTestBot(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := strconv.Itoa(1300000000000000000 + i)
		m := asMessage(bot.Respond(ctx, quizCommand(id, i%6)))
		bot.Handle(ctx, click(buttonIDs(m)[i%quizChoices], m))
	}
}
