package index

import (
	"context"
	"testing"

	"github.com/articlebot/articlebot/corpus"
)

// benchQuestions is a realistic mix: full questions, paraphrases, terse
// keywords, typos and off-topic questions.
var benchQuestions = []string{
	"How many surveillance cameras does China have?",
	"What did DeepSeek say its chatbot could do?",
	"Why do people compare this to Sputnik?",
	"Are the American export penalties working?",
	"Did they really train it on cheap Nvidia hardware?",
	"Which industries does China dominate?",
	"Where does the training data come from?",
	"Will AI bring cooperation or rivalry?",
	"rare earths",
	"cold war",
	"survelance camras",
	"sanctons on china",
	"What time does the football match start?",
	"How do I bake sourdough bread?",
	"",
	"What's the best way to learn the violin?",
}

func newTestIndex(tb testing.TB) *Index {
	tb.Helper()
	a, err := corpus.Default()
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := New(context.Background(), a, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func BenchmarkAnswer(b *testing.B) {
	ix := newTestIndex(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Answer(ctx, benchQuestions[i%len(benchQuestions)], 3); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnswerParallel(b *testing.B) {
	ix := newTestIndex(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := ix.Answer(ctx, benchQuestions[i%len(benchQuestions)], 3); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

func BenchmarkNew(b *testing.B) {
	a, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ix, err := New(context.Background(), a, Options{})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
