package english

import (
	"slices"
	"testing"
)

func TestTableLookup(t *testing.T) {
	tests := []struct {
		name, text, key, want string
		found                 bool
	}{
		{"first line", "apple 1\nbanana 2\ncherry 3\n", "apple", "1", true},
		{"middle line", "apple 1\nbanana 2\ncherry 3\n", "banana", "2", true},
		{"last line without newline", "apple 1\nbanana 2\ncherry 3", "cherry", "3", true},
		{"empty rest", "apple\nbanana 2\n", "apple", "", true},
		{"rest with spaces", "apple red green\n", "apple", "red green", true},
		{"prefix of a key", "apple 1\nbanana 2\n", "app", "", false},
		{"key with a prefix", "apple 1\nbanana 2\n", "apples", "", false},
		{"before every key", "banana 2\n", "aardvark", "", false},
		{"after every key", "banana 2\n", "zebra", "", false},
		{"empty table", "", "apple", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := newTable(tt.text).lookup(tt.key)
			if got != tt.want || ok != tt.found {
				t.Errorf("lookup(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.found)
			}
		})
	}
}

// TestEmbeddedTables checks that the embedded tables are sorted, as lookup
// needs, and hold what they are known to.
func TestEmbeddedTables(t *testing.T) {
	for name, tab := range map[string]*table{"frequency": frequencies(), "thesaurus": thesaurus(), "irregular": irregulars(), "pos": partsOfSpeech()} {
		n := len(tab.lines) - 1
		if n < 300 {
			t.Errorf("%s table: %d lines, want many more", name, n)
		}
		prev, _ := tab.line(0)
		for i := 1; i < n; i++ {
			k, _ := tab.line(i)
			if k <= prev {
				t.Fatalf("%s table: line %d key %q is not after %q", name, i+1, k, prev)
			}
			prev = k
		}
	}
	if _, ok := Zipf("camera"); !ok {
		t.Error(`Zipf("camera") not found`)
	}
	if syns := Synonyms("camera"); len(syns) == 0 {
		t.Error(`Synonyms("camera") is empty`)
	}
	for stem, want := range map[string]string{
		"fell": "fall", "fall": "fell", "paid": "pay", "built": "build", "went": "go",
		"men": "man", "man": "men", "children": "child", "child": "children", "mice": "mous", "women": "woman", "firemen": "fireman",
		"fungi": "fungus", "nuclei": "nucleus", "crise": "crisi", "wive": "wife", "rose": "risen",
	} {
		if forms := IrregularForms(stem); !slices.Contains(forms, want) {
			t.Errorf("IrregularForms(%q) = %q; want %q among them", stem, forms, want)
		}
	}
	// A plural that is also another word's regular plural joins nothing.
	for _, stem := range []string{"leav", "leaf", "base", "basi", "live", "life"} {
		for _, form := range IrregularForms(stem) {
			if form == "leaf" || form == "leav" || form == "basi" || form == "life" {
				t.Errorf("IrregularForms(%q) = %q: joins two words", stem, IrregularForms(stem))
			}
		}
	}
}

func TestMisspelled(t *testing.T) {
	tests := []struct{ word, want string }{
		{"emisions", "emissions"},       // a letter left out
		{"restricions", "restrictions"}, // a letter left out
		{"goverment", "government"},
		{"sanctoins", "sanctions"},  // two letters swapped
		{"sanctionss", "sanctions"}, // a letter added
		{"sanctiens", "sanctions"},  // a letter changed
		{"zelensky", ""},            // a name with no English word one edit away
		{"deepseek", ""},
		{"teh", ""},        // too short to tell
		{"café", ""},       // not plain ASCII
		{"Goverment", ""},  // not lower case
		{"xqzvbnmwrt", ""}, // nothing near
	}
	for _, tt := range tests {
		got, ok := Misspelled(tt.word, nil)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Misspelled(%q) = %q, %v; want %q", tt.word, got, ok, tt.want)
		}
	}
	// A word the caller prefers wins over a more common one: "jaket" is
	// "jake" in everyday English, "jacket" in an article about jackets.
	if got, _ := Misspelled("jaket", nil); got == "jacket" {
		t.Fatalf(`Misspelled("jaket") = "jacket" with no preference; the case below would not test one`)
	}
	if got, _ := Misspelled("jaket", func(w string) bool { return w == "jacket" }); got != "jacket" {
		t.Errorf(`Misspelled("jaket", prefer jacket) = %q; want "jacket"`, got)
	}
}

func TestPartOfSpeech(t *testing.T) {
	tests := []struct {
		word string
		want byte
	}{
		{"fail", 'v'}, {"adopt", 'v'}, {"adopts", 'v'}, {"fails", 'v'},
		{"adopted", 'a'}, // WordNet lists it as an adjective ("an adopted child")
		{"weather", 'n'}, {"origins", 'n'}, {"population", 'n'}, {"capital", 'n'},
		{"skeptical", 'a'}, {"expensive", 'a'},
		{"tokyo", 'n'}, {"canada", 'n'}, // names WordNet lists are nouns
		{"deepseek", 0}, {"qwertyuiop", 0},
	}
	for _, tt := range tests {
		if got := PartOfSpeech(tt.word); got != tt.want {
			t.Errorf("PartOfSpeech(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}
