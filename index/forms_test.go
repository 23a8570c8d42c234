package index

import (
	"slices"
	"testing"
)

// TestIrregularAndDerivedForms checks the forms a question word reaches
// when the article has the word only in another form: an irregular plural
// ("men", "children"), the derivation of an irregular form's base ("grew" →
// "growers", "bought" → "buyer"), a derivation beside an irregular form
// ("write" → "wrote" and "writers"), and a thesaurus synonym the article has
// only as an irregular plural ("kids" → "child" → "children").
func TestIrregularAndDerivedForms(t *testing.T) {
	t.Parallel()
	const text = `Growers sold the beans to a buyer in the port.

The writers wrote about men, women and children who taught in the village schools.
`
	ix := articleIndex(t, "forms.txt", text)
	tests := []struct {
		word, reaches string
	}{
		{"grew", "grower"},
		{"bought", "buyer"},
		{"man", "men"},
		{"woman", "women"},
		{"child", "children"},
		{"kids", "children"},
		{"write", "writer"},
		{"write", "wrote"},
		{"teach", "taught"},
	}
	for _, tt := range tests {
		if got := reaches(ix, tt.word); !slices.Contains(got, tt.reaches) {
			t.Errorf("%q reaches %q; want %q among them", tt.word, got, tt.reaches)
		}
	}
}

// reaches returns the article terms the words of text reach.
func reaches(ix *Index, text string) []string {
	var out []string
	for _, tm := range ix.expand(ix.analyse(text)).terms {
		for _, a := range tm.alts {
			if a.factor > 0 {
				out = append(out, a.term)
			}
		}
	}
	return out
}
