package index

import "testing"

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
		q := ix.expand(ix.analyse(tt.word))
		found := false
		for _, tm := range q.terms {
			for _, a := range tm.alts {
				if a.term == tt.reaches && a.factor > 0 {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%q reaches %v; want %q among them", tt.word, q.terms, tt.reaches)
		}
	}
}
