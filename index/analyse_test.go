package index

import (
	"slices"
	"testing"

	"github.com/articlebot/articlebot/index/chat"
)

func TestAnalyzeQuestionMatchesAnalyzer(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	questions := append([]string{
		"China's U.S. policy: 1.4 billion, 1,350 volcanoes; start-up AI-powered e.g. don't",
		"what's the U.S.A.'s view? 3.5% of $5.86 per ton... 24,000 TEU",
		"naïve café résumé — über “quoted” ‘single’ it’s",
		"中文 日本語 テスト 한국어 ไทย emoji 🙂 mixed漢字words",
		"a:b a·b 1;2 a;b 1:2 .5 5. ,x x, 'x x' -x x-",
		"tab\tnew\nline\r\nwin", "", "   ", "...", "@everyone <@123>",
	}, benchQuestions...)
	for _, set := range []string{"core-deepseek.jsonl", "deepseek.jsonl", "core-second.jsonl", "second.jsonl", "core-third.jsonl", "third.jsonl"} {
		for _, c := range readEvalCases(t, "../testdata/eval/"+set) {
			questions = append(questions, c.Q)
		}
	}
	for _, q := range questions {
		want := ix.analyzer.Analyze(q)
		for range 2 { // the second time from memory
			if got := ix.analyzeQuestion(q); !slices.Equal(got, want) {
				t.Errorf("analyzeQuestion(%q) = %v; want %v", q, got, want)
				break
			}
		}
	}
}

func FuzzAnalyzeQuestion(f *testing.F) {
	f.Add("China's U.S. policy: 1.4 billion, 1,350 start-up")
	f.Add("中文 🙂 naïve")
	ix := newTestIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		q = chat.Clean(q)
		if got, want := ix.analyzeQuestion(q), ix.analyzer.Analyze(q); !slices.Equal(got, want) {
			t.Errorf("analyzeQuestion(%q) = %v; want %v", q, got, want)
		}
	})
}
