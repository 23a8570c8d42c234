package index

import (
	"context"
	"testing"
)

// TestRankByMeaning ranks first the passage that holds a word close in
// meaning to the question's telling word when the article lacks that word
// in every form, and still declines a question about something else.
func TestRankByMeaning(t *testing.T) {
	t.Parallel()
	const text = `Dark asphalt soaks up sunlight all day and gives the heat back at night.

The council has planted four hundred oaks along the ring road since 2019.

Fares on the city's buses rose by a tenth last year.
`
	ix := articleIndex(t, "heat.txt", text)
	for _, tt := range []struct {
		question string
		passage  int
	}{
		{"why does tarmac stay warm after dark", 1},
		{"how many saplings went in by the road", 2},
	} {
		s, err := ix.run(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.candidates) == 0 || s.candidates[0].passage != tt.passage {
			t.Errorf("run(%q) ranks %v first; want passage %d", tt.question, s.candidates, tt.passage)
		}
	}
	if ans, err := ix.Answer(context.Background(), "how do I fix a flat bicycle tyre", 3); err != nil || ans.Answered {
		t.Errorf("Answer(tyre) = answered %v %v, %v; want it declined", ans.Answered, ans.Excerpts, err)
	}
	q := ix.expand(ix.analyse("tarmac"))
	found := false
	for _, a := range q.terms[0].alts {
		if a.term == "asphalt" && a.kind == viaRelated && a.factor > 0 && a.factor < factorExact {
			found = true
		}
	}
	if !found {
		t.Errorf(`"tarmac" reaches %v; want "asphalt" through its meaning, below an exact match`, q.terms[0].alts)
	}
}

// BenchmarkRelatedTerms measures looking up the article terms close in
// meaning to a word: done once per new word of a question.
func BenchmarkRelatedTerms(b *testing.B) {
	ix := newTestIndex(b)
	ix.neighbours()
	b.ReportAllocs()
	for b.Loop() {
		ix.neighbours().Nearest("tarmac", minNearCosine, maxNear)
	}
}
