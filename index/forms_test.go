package index

import (
	"context"
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

// TestSynonymBesideWord checks that a question word the article has as
// itself also reaches its thesaurus synonyms, below the word itself and
// below the synonyms of a word the article lacks, and that the passage that
// says it in other words ranks above one that does not say it at all.
func TestSynonymBesideWord(t *testing.T) {
	t.Parallel()
	const text = `Nobody could reach the convoy by radio for two days.

The convoy waited at the border town in March.

The convoy arrived at the border town in March.
`
	ix := articleIndex(t, "beside.txt", text)
	q := ix.expand(ix.analyse("reach"))
	factors := map[string]float64{}
	for _, a := range q.terms[0].alts {
		factors[a.term] = a.factor
	}
	if factors["reach"] != factorExact {
		t.Errorf(`"reach" reaches itself at %v; want %v`, factors["reach"], factorExact)
	}
	if f := factors["arriv"]; f <= 0 || f >= factorThesaurus {
		t.Errorf(`"reach" reaches "arriv" at %v; want a factor above 0 and below %v (alts %v)`, f, factorThesaurus, q.terms[0].alts)
	}
	s, err := ix.run(context.Background(), "when did the convoy reach the border town")
	if err != nil {
		t.Fatal(err)
	}
	rank := map[int]int{}
	for i, c := range s.candidates {
		rank[c.passage] = i + 1
	}
	if rank[3] == 0 || rank[2] != 0 && rank[3] > rank[2] {
		t.Errorf("passage ranks %v; want passage 3 (arrived) above passage 2 (waited), which ties with it on every other word", rank)
	}
}

// TestPlainBM25 checks the plain BM25 features of a passage and of its
// best sentence: they count the question's words as written, each time they
// occur, and nothing they reach in other ways (a synonym, another form).
func TestPlainBM25(t *testing.T) {
	t.Parallel()
	const text = `The lighthouse keeper lit the lighthouse lamp each night, and the lighthouse stood firm.

The lighthouse keeper rowed to the mainland for supplies. The mainland had a lighthouse too.

The beacon warden lit a lamp every night.
`
	ix := articleIndex(t, "plain.txt", text)
	s, err := ix.run(context.Background(), "what did the lighthouse keeper light")
	if err != nil {
		t.Fatal(err)
	}
	type plain struct{ passage, sentence float64 }
	got := map[int]plain{}
	for _, c := range s.candidates {
		got[c.passage] = plain{c.features[rankPlain], c.features[rankPlainSentence]}
	}
	if len(got) != 3 {
		t.Fatalf("candidates %v; want passages 1 to 3 (3 by lit, a form of light)", got)
	}
	if got[1] != (plain{1, 1}) {
		t.Errorf("passage 1 (lighthouse three times in one sentence) has plain BM25 %+v; want 1 for both, the best", got[1])
	}
	if p := got[2]; !(p.passage > 0 && p.passage < 1 && p.sentence > 0 && p.sentence < 1) {
		t.Errorf("passage 2 (lighthouse keeper, then lighthouse) has plain BM25 %+v; want both between 0 and passage 1's", p)
	}
	if got[3] != (plain{}) {
		t.Errorf("passage 3 (only other forms and synonyms) has plain BM25 %+v; want 0", got[3])
	}
}
