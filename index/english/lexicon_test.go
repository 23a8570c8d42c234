package english

import (
	"slices"
	"strings"
	"testing"
)

// related reports whether two words reach each other through derivedForms:
// the same stem, or each stem among the other's derived forms.
func related(a, b string) bool {
	sa, sb := Stem(a), Stem(b)
	return sa == sb || slices.Contains(DerivedForms(sa), sb) && slices.Contains(DerivedForms(sb), sa)
}

func TestLexiconDerivedForms(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"safer", "safety", true},
		{"safe", "safety", true},
		{"succeed", "success", true},
		{"farming", "farmers", true},
		{"economic", "economics", true},
		{"economic", "economy", true},
		{"economics", "economy", true},
		{"produce", "production", true},
		{"produce", "product", true},
		{"electric", "electricity", true},
		{"pollute", "pollution", true},
		{"grow", "growth", true},
		{"die", "death", true},
		{"deep", "depth", true},
		{"long", "length", true},
		{"warm", "warmth", true},
		{"able", "ability", true},
		{"decide", "decision", true},
		{"explain", "explanation", true},
		{"mars", "martian", true},
		{"japan", "japanese", true},
		{"solar", "sun", true},
		{"wide", "width", true},
		{"true", "truth", true},
		// Words that only look alike, or mean the opposite.
		{"casual", "casualty", false},
		{"proper", "property", false},
		{"thin", "thick", false},
		{"cold", "cool", false},
		{"car", "carpet", false},
		{"sea", "season", false},
	}
	for _, tt := range tests {
		if got := related(tt.a, tt.b); got != tt.want {
			t.Errorf("related(%q, %q) = %v; want %v (DerivedForms(%q) = %q)", tt.a, tt.b, got, tt.want, Stem(tt.a), DerivedForms(Stem(tt.a)))
		}
	}
}

func TestLexiconGlossStems(t *testing.T) {
	tests := []struct {
		word           string
		defining       []string // stems among glossStems
		broader        []string // stems among broaderStems
		notAmongEither []string
	}{
		{"Mars", []string{"red", "planet", "sun"}, nil, []string{"mar", "reddish", "the", "a"}},
		{"espresso", []string{"coffe", "strong"}, nil, []string{"espresso", "especi"}},
		{"soda", []string{"drink", "sweet"}, nil, []string{"soda"}},
		{"kilometres", []string{"meter", "length"}, nil, nil},
		{"Japan", []string{"island", "asia"}, []string{"countri"}, []string{"japan"}},
		{"Tokyo", []string{"capit", "japan"}, nil, nil},
		{"coffee", []string{"beverag", "bean"}, nil, nil},
	}
	for _, tt := range tests {
		s := Stem(strings.ToLower(tt.word))
		defining, broader := GlossStems(s), BroaderStems(s)
		for _, w := range tt.defining {
			if !slices.Contains(defining, w) {
				t.Errorf("GlossStems(%q) = %q; want %q among them", s, defining, w)
			}
		}
		for _, w := range tt.broader {
			if !slices.Contains(broader, w) {
				t.Errorf("BroaderStems(%q) = %q; want %q among them", s, broader, w)
			}
		}
		for _, w := range tt.notAmongEither {
			if slices.Contains(defining, w) || slices.Contains(broader, w) {
				t.Errorf("GlossStems(%q) = %q, broaderStems = %q; want no %q", s, defining, broader, w)
			}
		}
	}
	if g, b := GlossStems("qwertyuiop"), BroaderStems("qwertyuiop"); g != nil || b != nil {
		t.Errorf("glossStems, BroaderStems(unknown) = %q, %q; want nil", g, b)
	}
}

func TestLexiconCompoundSplits(t *testing.T) {
	tests := []struct {
		word string
		want [][2]string
	}{
		{"smartphone", [][2]string{{"smart", "phone"}}},
		{"smartphones", [][2]string{{"smart", "phones"}}},
		{"carsharing", [][2]string{{"car", "sharing"}}},
		{"rainforest", [][2]string{{"rain", "forest"}}}, // WordNet lists "rain forest" too
		{"heatwave", [][2]string{{"heat", "wave"}}},
		{"bikeshare", [][2]string{{"bike", "share"}}}, // not bikes + hare
		{"ebook", [][2]string{{"electronic", "book"}}},
		{"ecommerce", [][2]string{{"electronic", "commerce"}}},
		{"email", [][2]string{{"electronic", "mail"}}},
		// Words of their own.
		{"carpet", nil}, {"season", nil}, {"passage", nil}, {"breakfast", nil},
		{"understand", nil}, {"however", nil}, {"together", nil}, {"something", nil},
		{"cannot", nil}, {"yourself", nil}, {"event", nil}, {"emotion", nil},
		{"book", nil}, {"e", nil}, {"", nil}, {"qwertyuiop", nil},
		{"Smartphone", nil}, {"smart-phone", nil}, {"café", nil}, // not lower-case letters
	}
	for _, tt := range tests {
		if got := CompoundSplits(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("CompoundSplits(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}

func TestLexiconCompoundJoin(t *testing.T) {
	tests := []struct {
		first, second, want string
	}{
		{"car", "sharing", "carsharing"},
		{"smart", "phone", "smartphone"},
		{"rain", "forest", "rainforest"},
		{"heat", "wave", "heatwave"},
		{"e", "book", "ebook"}, // "e-book", cut at the hyphen by the tokenizer
		{"electronic", "book", "ebook"},
		{"e", "mail", "email"},
		{"electronic", "mail", "email"},
		{"car", "pet", ""},
		{"sea", "son", ""},
		{"the", "book", ""},
		{"e", "vent", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got, ok := CompoundJoin(tt.first, tt.second)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("CompoundJoin(%q, %q) = %q, %v; want %q", tt.first, tt.second, got, ok, tt.want)
		}
	}
}

// TestLexiconTables checks the embedded lexicon tables: sorted keys (lookup
// searches them by binary search), lower-case stems, no self-links,
// derivations both ways, and entries as bounded as the generator makes
// them.
func TestLexiconTables(t *testing.T) {
	for _, tt := range []struct {
		name     string
		tab      *table
		maxWords int
	}{
		{"derivation", derivationsTable(), maxDerivedForms},
		{"gloss", glossesTable(), maxGlossStems + maxBroaderStems},
	} {
		n := len(tt.tab.lines) - 1
		if n < 5000 {
			t.Errorf("%s table: %d lines; want many more", tt.name, n)
		}
		prev := ""
		for i := range n {
			key, rest := tt.tab.line(i)
			if key <= prev {
				t.Fatalf("%s table: line %d key %q is not after %q", tt.name, i+1, key, prev)
			}
			prev = key
			words := strings.Fields(rest)
			if len(words) == 0 || len(words) > tt.maxWords {
				t.Errorf("%s table: %q has %d words; want 1 to %d", tt.name, key, len(words), tt.maxWords)
			}
			seen := map[string]bool{}
			for _, w := range words {
				bare := strings.TrimPrefix(w, "~")
				if bare == key || seen[bare] || !IsLowerASCII(bare) || (tt.name == "derivation" && bare != w) {
					t.Errorf("%s table: %q lists %q (self-link, repeat or not a lower-case stem)", tt.name, key, w)
				}
				seen[bare] = true
			}
		}
	}
	tab := derivationsTable()
	for i := range len(tab.lines) - 1 {
		key, rest := tab.line(i)
		for _, r := range strings.Fields(rest) {
			if !slices.Contains(DerivedForms(r), key) {
				t.Errorf("derivation table: %q lists %q, which does not list it back", key, r)
			}
		}
	}
	gt := glossesTable()
	for i := range len(gt.lines) - 1 {
		key, _ := gt.line(i)
		if d, b := GlossStems(key), BroaderStems(key); len(d) > maxGlossStems || len(b) > maxBroaderStems {
			t.Errorf("gloss table: %q has %d defining and %d broader stems; want at most %d and %d", key, len(d), len(b), maxGlossStems, maxBroaderStems)
		}
	}
}

// FuzzCompoundSplits checks that any split gives back the word it splits,
// and that the split's parts join back into a compound that splits into
// them ("electronic" + "book" joins into "ebook", whatever it split).
func FuzzCompoundSplits(f *testing.F) {
	for _, w := range []string{"smartphone", "carsharing", "ebook", "email", "carpet", "", "e", "ééé", "aaaaaaaa"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) {
		for _, s := range CompoundSplits(word) {
			a, b := s[0], s[1]
			if a+b != word && !(a == electronicWord && electronicPrefix+b == word) {
				t.Fatalf("CompoundSplits(%q) gives %q + %q", word, a, b)
			}
			if j, ok := CompoundJoin(a, b); !ok || !slices.Contains(CompoundSplits(j), s) {
				t.Fatalf("CompoundJoin(%q, %q) = %q, %v; want a compound that splits into them, as %q does", a, b, j, ok, word)
			}
		}
	})
}

func BenchmarkLexiconDerivedForms(b *testing.B) {
	derivationsTable()
	for b.Loop() {
		DerivedForms("safe")
	}
}

func BenchmarkLexiconGlossStems(b *testing.B) {
	glossesTable()
	for b.Loop() {
		GlossStems("mar")
	}
}

func BenchmarkLexiconCompoundSplits(b *testing.B) {
	for _, w := range []string{"carsharing", "government"} {
		b.Run(w, func(b *testing.B) {
			CompoundSplits(w)
			for b.Loop() {
				CompoundSplits(w)
			}
		})
	}
}

func BenchmarkLexiconCompoundJoin(b *testing.B) {
	CompoundJoin("car", "sharing")
	for b.Loop() {
		CompoundJoin("car", "sharing")
	}
}

// BenchmarkLexiconLoad measures indexing the lexicon tables, which happens
// once, on first use.
func BenchmarkLexiconLoad(b *testing.B) {
	for b.Loop() {
		newTable(derivationTable)
		newTable(glossTable)
	}
}

func TestSpellingVariants(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"labour", []string{"labor"}},
		{"labor", []string{"labour"}},
		{"centre", []string{"center"}},
		{"organise", []string{"organize"}},
		{"analyzed", []string{"analysed"}},
		{"travelled", []string{"traveled"}},
		{"defence", []string{"defense"}},
		{"catalogue", []string{"catalog"}},
		{"four", nil},  // too short to be a variant
		{"motor", nil}, // "motour" is not a word
		{"cheese", nil},
	}
	for _, tt := range tests {
		if got := SpellingVariants(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("SpellingVariants(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
