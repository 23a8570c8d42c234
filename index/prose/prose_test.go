package prose

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"2019": true, "3.5": true, "1e6": true, "-4": true,
		"inf": false, "nan": false, "infinity": false, "tariffs": false, "": false, "3d": false,
	} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestIsYear(t *testing.T) {
	for s, want := range map[string]bool{
		"1969": true, "1990s": true, "2019's": true, "2100": true,
		"999": false, "2101": false, "20190": false, "year": false, "": false,
	} {
		if got := IsYear(s); got != want {
			t.Errorf("IsYear(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	a := NewAnalyzer()
	tests := []struct {
		text string
		want []string // term@start-end
	}{
		{"", nil},
		{"The cameras of China's cities", []string{"camera@4-11", "china@15-22", "citi@23-29"}},
		{"Beyoncé used the news", []string{"beyonc@0-8", "use@9-13", "news@18-22"}},
		{"the and of", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range a.Analyze(tt.text) {
			if tok.ID != 0 {
				t.Errorf("Analyze(%q): token %q has ID %d; want 0", tt.text, tok.Term, tok.ID)
			}
			got = append(got, fmt.Sprintf("%s@%d-%d", tok.Term, tok.Start, tok.End))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Analyze(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

func TestNewSentence(t *testing.T) {
	a := NewAnalyzer()
	tests := []struct {
		text              string
		hasTime, hasNumer bool
		names             []string
	}{
		{"Prices rose sharply.", false, false, nil},
		{"In 1969 the Apollo crew landed.", true, true, []string{"apollo"}},
		{"Sales doubled in May.", true, true, []string{"may"}},
		{"It may rain on three days.", false, true, nil},
		{"China has 700 million cameras.", false, true, nil},
		{"Exports went to the United States.", false, false, []string{"unit", "state"}},
	}
	for _, tt := range tests {
		s := NewSentence(4, tt.text, a.Analyze(tt.text))
		var names []string
		for _, pos := range s.Names {
			names = append(names, s.Tokens[pos].Term)
		}
		if s.Passage != 4 || s.Text != tt.text || s.Runes != len([]rune(tt.text)) {
			t.Errorf("NewSentence(%q) = passage %d, %d runes; want 4, %d", tt.text, s.Passage, s.Runes, len([]rune(tt.text)))
		}
		if s.HasTime != tt.hasTime || s.HasNumber != tt.hasNumer || !slices.Equal(names, tt.names) {
			t.Errorf("NewSentence(%q): time %v, number %v, names %v; want %v, %v, %v",
				tt.text, s.HasTime, s.HasNumber, names, tt.hasTime, tt.hasNumer, tt.names)
		}
	}
}

func TestContentRuns(t *testing.T) {
	a := NewAnalyzer()
	tests := []struct {
		text string
		want []string // each run's terms joined by spaces
	}{
		{"Surveillance cameras watch the streets of big cities.", []string{"surveil camera watch", "street", "big citi"}},
		{"Car-sharing schemes, say experts, cut traffic.", []string{"car share scheme", "say expert", "cut traffic"}},
		{"Two  spaces split a run.", []string{"two", "space split", "run"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, run := range ContentRuns(NewSentence(1, tt.text, a.Analyze(tt.text))) {
			terms := make([]string, len(run))
			for i, tok := range run {
				terms[i] = tok.Term
			}
			got = append(got, strings.Join(terms, " "))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ContentRuns(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestNextWord(t *testing.T) {
	tests := []struct {
		text  string
		start int
		end   int
		ok    bool
	}{
		{"China's rise", 0, 7, true},
		{"the U.S. market", 4, 7, true},
		{"1,350 km", 0, 5, true},
		{"1.4 billion", 0, 3, true},
		{"end. Next", 0, 3, true},
		{"a:b", 0, 3, true},
		{"1:2", 0, 1, true},
		{" x", 0, 0, false},
		{"中国", 0, 3, true},
	}
	for _, tt := range tests {
		end, ok := NextWord(tt.text, tt.start)
		if end != tt.end || ok != tt.ok {
			t.Errorf("NextWord(%q, %d) = %d, %v; want %d, %v", tt.text, tt.start, end, ok, tt.end, tt.ok)
		}
	}
}

// FuzzNextWord checks that, on plain Latin text, NextWord finds the words
// the analyzer finds: every token starts where a word starts and ends where
// it ends.
func FuzzNextWord(f *testing.F) {
	for _, s := range []string{"China's 1,350 cameras", "U.S. exports: 3.5%", "don't stop", "a.b,c;d·e", "x’y"} {
		f.Add(s)
	}
	a := NewAnalyzer()
	f.Fuzz(func(t *testing.T, s string) {
		if !PlainLatin(s) {
			return
		}
		words := map[[2]int]bool{}
		for start := 0; start < len(s); {
			end, ok := NextWord(s, start)
			if !ok {
				start++
				for start < len(s) && s[start]&0xc0 == 0x80 {
					start++
				}
				continue
			}
			if end <= start {
				t.Fatalf("NextWord(%q, %d) = %d: no progress", s, start, end)
			}
			words[[2]int{start, end}] = true
			start = end
		}
		for _, tok := range a.Analyze(s) {
			if !words[[2]int{tok.Start, tok.End}] {
				t.Errorf("Analyze(%q) has the word %q at %d-%d; NextWord does not", s, s[tok.Start:tok.End], tok.Start, tok.End)
			}
		}
	})
}
