package index

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
		q = cleanQuestion(q)
		if got, want := ix.analyzeQuestion(q), ix.analyzer.Analyze(q); !slices.Equal(got, want) {
			t.Errorf("analyzeQuestion(%q) = %v; want %v", q, got, want)
		}
	})
}

func TestQuestionKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		question string
		want     answerKind
	}{
		{"When did the strike end?", kindTime},
		{"In what year was the port opened?", kindTime},
		{"so how many ships were there", kindNumber},
		{"HOW MUCH did it cost?", kindNumber},
		{"How far is the reef from the coast?", kindNumber},
		{"Who invented the container?", kindPerson},
		{"Where did the first ship sail from?", kindPlace},
		{"Which country builds the most ships?", kindPlace},
		{"What is a container?", kindNone},
		{"Why are bees dying?", kindNone},
		{"", kindNone},
		{"how-many", kindNumber},
		{"somehow many", kindNone},
	}
	for _, tt := range tests {
		if got := questionKind(tt.question); got != tt.want {
			t.Errorf("questionKind(%q) = %d; want %d", tt.question, got, tt.want)
		}
	}
}

// TestQuestionKindFirstCue checks questionKind against the plain reading of
// kindCues (the first cue, in order, found anywhere in the question's
// words) on every question of the evaluation sets.
func TestQuestionKindFirstCue(t *testing.T) {
	t.Parallel()
	scan := func(q string) answerKind {
		var words []string
		for _, w := range strings.FieldsFunc(q, func(r rune) bool { return r > 127 || !isKindLetter(byte(r)) }) {
			words = append(words, strings.ToLower(w))
		}
		words = words[:min(len(words), maxKindWords)]
		for _, c := range kindCues {
		next:
			for i := 0; i+len(c.words) <= len(words); i++ {
				for k, w := range c.words {
					if words[i+k] != w {
						continue next
					}
				}
				return c.kind
			}
		}
		return kindNone
	}
	paths, err := filepath.Glob("../testdata/eval/*/*.jsonl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no question sets: %v", err)
	}
	n := 0
	for _, p := range paths {
		for _, c := range readEvalCases(t, p) {
			n++
			if got, want := questionKind(c.Q), scan(c.Q); got != want {
				t.Errorf("questionKind(%q) = %d; want %d", c.Q, got, want)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("checked %d questions; want the evaluation sets' thousands", n)
	}
}
