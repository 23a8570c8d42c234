package index

import (
	"bytes"
	"context"
	"testing"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/synonyms"
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

// newTestIndex returns an index of the bundled article with its synonyms
// list, as the product serves it.
func newTestIndex(tb testing.TB) *Index {
	tb.Helper()
	a, err := corpus.Default()
	if err != nil {
		tb.Fatal(err)
	}
	syn, err := synonyms.Parse("bundled", bytes.NewReader(corpus.DefaultSynonyms()))
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := New(context.Background(), a, Options{Synonyms: syn})
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

// BenchmarkAnswerEvalMix answers every question of the project's evaluation
// sets for the bundled article in turn: longer, paraphrased questions.
func BenchmarkAnswerEvalMix(b *testing.B) {
	ix := newTestIndex(b)
	var qs []string
	for _, f := range []string{"core-deepseek.jsonl", "deepseek.jsonl"} {
		for _, c := range readEvalCases(b, "../testdata/eval/"+f) {
			qs = append(qs, c.Q)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Answer(ctx, qs[i%len(qs)], 3); err != nil {
			b.Fatal(err)
		}
	}
}
