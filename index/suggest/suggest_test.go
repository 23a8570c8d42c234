package suggest

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// toyStop are the stop words of toyAnalyzer.
var toyStop = map[string]bool{"the": true, "a": true, "of": true, "what": true, "does": true, "about": true, "how": true, "many": true, "in": true}

// toyAnalyzer finds lower-case words, leaves out toyStop and stems by
// dropping a final "s": enough of an analyzer to test matching with.
func toyAnalyzer(text string) []Word {
	var out []Word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.ToLower(text[start:end])
			if !toyStop[w] {
				out = append(out, Word{Start: start, End: end, Stem: strings.TrimSuffix(w, "s")})
			}
		}
		start = -1
	}
	for i, r := range text {
		if IsWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

func toySuggester() *Suggester {
	return New([]Candidate{
		{Text: "What does the article say about surveillance cameras?", Content: "surveillance cameras", Weight: 1, Question: true, Default: true},
		{Text: "of the", Content: "of the", Weight: 1, Default: true}, // no content word: left out
		{Text: "surveillance cameras", Content: "surveillance cameras", Weight: 0.9},
		{Text: "How many surveillance cameras?", Content: "surveillance cameras", Weight: 0.9, Question: true},
		{Text: "China", Content: "China", Weight: 0.5, Default: true},
		{Text: "chip export controls", Content: "chip export controls", Weight: 0.7},
		{Text: strings.Repeat("long ", 30), Content: "long", Weight: 1}, // over MaxLen: left out
	}, toyAnalyzer, func(w string) bool { return w == "tell" })
}

func TestSuggest(t *testing.T) {
	s := toySuggester()
	tests := []struct {
		typed string
		want  []string // the first suggestions, in order
	}{
		{"", []string{"What does the article say about surveillance cameras?", "China"}},
		{"surv", []string{"surveillance cameras"}},                    // starts with what was typed
		{"how many surv", []string{"How many surveillance cameras?"}}, // question words favour questions
		{"survelance", []string{"surveillance cameras"}},              // one typo
		{"chin", []string{"China"}},                                   // a prefix, not a typo of "chip"
		{"chip", []string{"chip export controls"}},                    // exact
		{"tell chip", []string{"chip export controls"}},               // an optional word need not match
		{"surveillance cameras", []string{"What does the article say about surveillance cameras?", "How many surveillance cameras?"}}, // never the typed text itself
		{"zebra", nil},      // nothing fits
		{"China chip", nil}, // every word must match
	}
	for _, tt := range tests {
		got := s.Suggest(tt.typed, 25)
		if len(tt.want) == 0 {
			if len(got) != 0 {
				t.Errorf("Suggest(%q) = %q, want none", tt.typed, got)
			}
			continue
		}
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("Suggest(%q) = %q, want it to start %q", tt.typed, got, tt.want)
		}
		for _, g := range got {
			if strings.EqualFold(g, tt.typed) || utf8.RuneCountInString(g) > MaxLen {
				t.Errorf("Suggest(%q) offers %q", tt.typed, g)
			}
		}
	}
	if got := s.Suggest("surv", 0); got != nil {
		t.Errorf("Suggest(n=0) = %q, want nil", got)
	}
	if got := s.Suggest("surv", 1); len(got) != 1 {
		t.Errorf("Suggest(n=1) = %q, want one", got)
	}
}

func TestMatchWord(t *testing.T) {
	w := func(text string) suggestWord {
		return suggestWord{text: text, stem: strings.TrimSuffix(text, "s"), runes: utf8.RuneCountInString(text)}
	}
	tests := []struct {
		typed   typedWord
		word    suggestWord
		want    float64
		comment string
	}{
		{typedWord{text: "china", runes: 5}, w("china"), matchExact, "same word"},
		{typedWord{text: "camera", stem: "camera", runes: 6}, w("cameras"), matchStem, "same stem"},
		{typedWord{text: "cam", runes: 3, partial: true}, w("cameras"), matchPrefix, "unfinished"},
		{typedWord{text: "ca", runes: 2}, w("cameras"), 0, "a finished word of two letters is no prefix"},
		{typedWord{text: "camras", runes: 6}, w("cameras"), matchTypo1, "one letter left out"},
		{typedWord{text: "survelance", runes: 10}, w("surveillance"), matchTypo2, "two typos in a long word"},
		{typedWord{text: "survel", runes: 6, partial: true}, w("surveillance"), matchTypoPrefix, "an unfinished word with a typo"},
		{typedWord{text: "cat", runes: 3}, w("car"), 0, "no typos in short words"},
	}
	for _, tt := range tests {
		if got := matchWord(tt.typed, tt.word); got != tt.want {
			t.Errorf("%s: matchWord(%q, %q) = %v, want %v", tt.comment, tt.typed.text, tt.word.text, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("word ", 40)
	if got := Shorten(long); utf8.RuneCountInString(got) > MaxLen || strings.HasSuffix(got, " ") || !strings.HasPrefix(long, got) {
		t.Errorf("Shorten: %q", got)
	}
	if got := Shorten("short one"); got != "short one" {
		t.Errorf("Shorten(short) = %q", got)
	}
}

func FuzzSuggest(f *testing.F) {
	for _, seed := range []string{"", "surv", "how many", "\xff\xfe", "🤖 chip", strings.Repeat("a", 400)} {
		f.Add(seed)
	}
	s := toySuggester()
	f.Fuzz(func(t *testing.T, typed string) {
		if !utf8.ValidString(typed) {
			typed = strings.ToValidUTF8(typed, "")
		}
		for _, g := range s.Suggest(typed, 25) {
			if g == "" || utf8.RuneCountInString(g) > MaxLen {
				t.Fatalf("Suggest(%q) offers %q", typed, g)
			}
		}
	})
}
