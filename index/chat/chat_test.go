package chat

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		question string
		want     Kind
	}{
		{"When did the strike end?", Time},
		{"In what year was the port opened?", Time},
		{"so how many ships were there", Number},
		{"HOW MUCH did it cost?", Number},
		{"How far is the reef from the coast?", Number},
		{"Who invented the container?", Person},
		{"Where did the first ship sail from?", Place},
		{"Which country builds the most ships?", Place},
		{"What is a container?", None},
		{"Why are bees dying?", None},
		{"", None},
		{"how-many", Number},
		{"somehow many", None},
	}
	for _, tt := range tests {
		if got := KindOf(tt.question); got != tt.want {
			t.Errorf("KindOf(%q) = %d; want %d", tt.question, got, tt.want)
		}
	}
}

// TestKindOfFirstCue checks KindOf against the plain reading of kindCues
// (the first cue, in order, found anywhere in the question's words) on
// every question of the evaluation sets.
func TestKindOfFirstCue(t *testing.T) {
	t.Parallel()
	scan := func(q string) Kind {
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
		return None
	}
	paths, err := filepath.Glob("../../testdata/eval/*/*.jsonl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no question sets: %v", err)
	}
	n := 0
	for _, p := range paths {
		for _, q := range readQuestions(t, p) {
			n++
			if got, want := KindOf(q), scan(q); got != want {
				t.Errorf("KindOf(%q) = %d; want %d", q, got, want)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("checked %d questions; want the evaluation sets' thousands", n)
	}
}

// readQuestions returns the questions ("q") of a JSON Lines evaluation set.
func readQuestions(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		qs = append(qs, c.Q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return qs
}

func TestClean(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", MaxQuestionBytes-1) + "é and more"
	tests := []struct {
		text, want string
	}{
		{"How many ships?", "How many ships?"},
		{"  \n trim \t ", "trim"},
		{"a\tb\nc\x00d\u0085e", "a b c d e"},
		{"\xffbad\xfe", "\uFFFDbad\uFFFD"},
		{"hi <@123> what", "hi   what"},
		{"<@!1><@&2><#3> x", "x"},
		{"<:wave:123> hi <a:dance:9>", "hi"},
		{"@everyone @here @hereby", "@hereby"},
		{"see https://x.com/a?b and www.y.org.", "see   and"},
		{"SEE HTTP://X.COM/A or WWW.Y.ORG now", "SEE   or   now"},
		{"ftp://files.example/x hm", "ftp://files.example/x hm"},
		{"a <@abc> b", "a <@abc> b"},
		{"email me@host", "email me@host"},
		{strings.Repeat("x", MaxQuestionBytes+10), strings.Repeat("x", MaxQuestionBytes)},
		{long, strings.Repeat("a", MaxQuestionBytes-1)}, // not inside "é"
	}
	for _, tt := range tests {
		if got := Clean(tt.text); got != tt.want {
			t.Errorf("Clean(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("How many ships? <@123> https://x.com @everyone")
	f.Add("\xff\x00\t中文 🙂 <:wave:123>")
	f.Add(strings.Repeat("é", MaxQuestionBytes))
	f.Fuzz(func(t *testing.T, text string) {
		got := Clean(text)
		if !utf8.ValidString(got) {
			t.Errorf("Clean(%q) = %q; want valid UTF-8", text, got)
		}
		if len(got) > MaxQuestionBytes {
			t.Errorf("Clean(%q) is %d bytes; want at most %d", text, len(got), MaxQuestionBytes)
		}
		if strings.ContainsFunc(got, unicode.IsControl) {
			t.Errorf("Clean(%q) = %q; want no control characters", text, got)
		}
	})
}

func TestStandardSpelling(t *testing.T) {
	t.Parallel()
	article := func(w string) bool { return w == "RN" } // an article on nursing
	tests := []struct {
		question, want string
	}{
		{"whats up", "what's up"},
		{"Whats the deal w/ ppl", "what's the deal w/ people"},
		{"idk why dont sanctions work rn", "I don't know why don't sanctions work right now"},
		{"im here. ur turn", "I'm here. your turn"},
		{"u", "you"},
		{"dont.", "don't."},
		{"ppl-ppl", "people-people"},
		{"tbh ok", " ok"},
		{"RN shifts", "RN shifts"}, // the article's word
		{"don't", "don't"},
		{"i'm", "i'm"},
		{"govt's", "govt's"},
		{"U.S. chip", "U.S. chip"},
		{"e.u", "e.u"},
		{"ppl2", "ppl2"},
		{"naïveu", "naïveu"},
		{"what is a container", "what is a container"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := StandardSpelling(tt.question, article); got != tt.want {
			t.Errorf("StandardSpelling(%q) = %q; want %q", tt.question, got, tt.want)
		}
	}
}

// TestStandardSpellingAsksOnlyOfSpellings checks that the article is asked
// only about chat spellings, each as typed.
func TestStandardSpellingAsksOnlyOfSpellings(t *testing.T) {
	t.Parallel()
	var asked []string
	StandardSpelling("Whats the point of ppl here, u.s. or don't", func(w string) bool {
		asked = append(asked, w)
		return false
	})
	if got, want := strings.Join(asked, " "), "Whats ppl"; got != want {
		t.Errorf("asked the article about %q; want %q", got, want)
	}
}

func TestIsFiller(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{
		"article": true, "say": true, "many": true, "please": true, "okay": true,
		"sanctions": false, "ships": false, "Article": false, "": false,
	} {
		if got := IsFiller(w); got != want {
			t.Errorf("IsFiller(%q) = %v; want %v", w, got, want)
		}
	}
}

// TestNoAllocations checks the paths every plain question takes allocate
// nothing: the kind of answer, cleaning clean text, and the spelling of a
// lower-case question without chat spellings.
func TestNoAllocations(t *testing.T) {
	q := "so how many ships did the port of rotterdam handle in 2019?"
	never := func(string) bool { return false }
	for name, f := range map[string]func(){
		"KindOf":           func() { _ = KindOf(q) },
		"Clean":            func() { _ = Clean(q) },
		"StandardSpelling": func() { _ = StandardSpelling(q, never) },
	} {
		if got := testing.AllocsPerRun(100, f); got != 0 {
			t.Errorf("%s: got %v allocations; want 0", name, got)
		}
	}
}

func BenchmarkKindOf(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = KindOf("And so how many container ships did the port handle in the year 2019?")
	}
}
