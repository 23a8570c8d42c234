package index

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/phrases"
	"github.com/articlebot/articlebot/index/suggest"
)

// suggestInputs are what members type, keystroke by keystroke: beginnings,
// typos, question words, hostile text.
var suggestInputs = []string{
	"", "h", "how", "how many", "how many cam", "How many surveillance cameras does China h",
	"survel", "survelance camras", "chin", "sancti", "what about nvid", "cold w", "wh", "the",
	"rare earth", "Why is DeepSeek compared to Sput", "tencnet", "@everyone <@123> chip",
	strings.Repeat("surveillance ", 30), "\xff\xfe invalid", "🤖🤖🤖", "what does the article say about",
}

func TestSuggest(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		typed string
		want  string // one of the suggestions
	}{
		{"how many cam", "How many surveillance cameras?"},
		{"survel", "surveillance cameras"},            // unfinished
		{"survelance camras", "surveillance cameras"}, // two typos
		{"sancti", "sanctions"},
		{"what about nvid", "What does the article say about Nvidia?"},
		{"cold w", "Cold War"},
		{"chin", "China"},
		{"tencnet", "Tencent"}, // transposed letters
		{"rare earth", "rare earth minerals"},
		{"the", "The \"Sputnik moment\" analogy highlights the urgency of addressing AI advancements."},
		{"", "What does the article say about Sputnik?"},
	}
	for _, tt := range tests {
		got := ix.Suggest(tt.typed, 25)
		if !slices.Contains(got, tt.want) {
			t.Errorf("Suggest(%q) = %q; want %q among them", tt.typed, got, tt.want)
		}
	}
	// Every suggestion for "chin" is about China (or Chinese).
	for _, s := range ix.Suggest("chin", 25) {
		if !strings.Contains(strings.ToLower(s), "chin") {
			t.Errorf("Suggest(%q) offers %q", "chin", s)
		}
	}
	// Nothing fits text about something else.
	if got := ix.Suggest("pizza naples", 25); len(got) != 0 {
		t.Errorf("Suggest(%q) = %q; want nothing", "pizza naples", got)
	}
}

func TestSuggestShape(t *testing.T) {
	ix := newTestIndex(t)
	for _, typed := range suggestInputs {
		for _, n := range []int{0, 1, 5, 25} {
			got := ix.Suggest(typed, n)
			checkSuggestions(t, typed, n, got)
		}
	}
}

func checkSuggestions(t *testing.T, typed string, n int, got []string) {
	t.Helper()
	if len(got) > n {
		t.Errorf("Suggest(%.30q, %d) returned %d", typed, n, len(got))
	}
	seen := map[string]bool{}
	for _, s := range got {
		lower := strings.ToLower(s)
		if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > suggest.MaxLen || seen[lower] ||
			strings.EqualFold(s, strings.TrimSpace(typed)) {
			t.Errorf("Suggest(%.30q, %d): bad or repeated suggestion %q", typed, n, s)
		}
		seen[lower] = true
	}
}

func TestPhrases(t *testing.T) {
	ix := newTestIndex(t)
	ps := ix.Phrases()
	if len(ps) < 50 {
		t.Fatalf("%d phrases; want many", len(ps))
	}
	for k, p := range ps {
		if k > 0 && p.Weight > ps[k-1].Weight {
			t.Errorf("phrase %q (%.2f) after %q (%.2f): not most salient first", p.Text, p.Weight, ps[k-1].Text, ps[k-1].Weight)
		}
		if p.Weight <= 0 || p.Weight > 1 || len(p.Passages) == 0 || !slices.IsSorted(p.Passages) {
			t.Errorf("phrase %+v: weight out of (0, 1] or passages not in order", p)
		}
		if got := ix.Stems(p.Text); !slices.Equal(got, p.Stems) {
			t.Errorf("phrase %q: stems %q; analysed %q", p.Text, p.Stems, got)
		}
		for _, n := range p.Passages {
			passage, _ := ix.Article().Passage(n)
			stems := ix.Stems(passage.Text)
			found := false
			for i := 0; i+len(p.Stems) <= len(stems) && !found; i++ {
				found = slices.Equal(stems[i:i+len(p.Stems)], p.Stems)
			}
			if !found {
				t.Errorf("phrase %q (%q) is not in passage %d", p.Text, p.Stems, n)
			}
		}
	}
	want := map[string]bool{"surveillance cameras": false, "rare earth minerals": false, "Soviet Union": true, "Nvidia": true}
	for text, name := range want {
		i := slices.IndexFunc(ps, func(p phrases.Phrase) bool { return p.Text == text })
		if i < 0 || ps[i].Name != name {
			t.Errorf("phrase %q: found %v; want it with Name %v", text, i >= 0, name)
		}
	}
	for _, bad := range []string{"Moreover", "possesses abundant", "lack Nvidia", "experts suggest", "700 million", "sent ripples"} {
		if slices.ContainsFunc(ps, func(p phrases.Phrase) bool { return p.Text == bad }) {
			t.Errorf("%q is a phrase; want it left out (a connective, verb or number)", bad)
		}
	}
	// Phrases is a copy.
	ps[0].Text = "changed"
	if ix.Phrases()[0].Text == "changed" {
		t.Errorf("Phrases shares its slice")
	}
}

func TestStems(t *testing.T) {
	ix := newTestIndex(t)
	if got, want := ix.Stems("The surveillance Cameras of China's"), []string{"surveil", "camera", "china"}; !slices.Equal(got, want) {
		t.Errorf("Stems = %q; want %q", got, want)
	}
	if got := ix.Stems(""); len(got) != 0 {
		t.Errorf("Stems(\"\") = %q", got)
	}
}

func FuzzSuggest(f *testing.F) {
	for _, s := range suggestInputs {
		f.Add(s)
	}
	ix := newTestIndex(f)
	f.Fuzz(func(t *testing.T, typed string) {
		checkSuggestions(t, typed, 25, ix.Suggest(typed, 25))
	})
}

// BenchmarkSuggest measures one autocomplete request's suggestions over
// the bundled article, cycling through what members type.
func BenchmarkSuggest(b *testing.B) {
	ix := newTestIndex(b)
	ix.Suggest("", 25) // build the candidates, as the bot does at start
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.Suggest(suggestInputs[i%len(suggestInputs)], 25)
	}
}
