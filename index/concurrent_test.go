package index

import (
	"context"
	"reflect"
	"sync"
	"testing"
)

// TestConcurrentAnswers asks one index the project's questions from several
// goroutines at once, while the postings of their terms are first read and
// kept (index/bm25) and the caches of question words fill, and holds every answer to the one a fresh index gives asked alone.
func TestConcurrentAnswers(t *testing.T) {
	t.Parallel()
	const dir = "../testdata/eval"
	cases := readEvalCases(t, dir+"/deepseek.jsonl")
	ctx := context.Background()
	alone := openEvalIndex(t, dir, "")
	want := make([]Answer, len(cases))
	for i, c := range cases {
		a, err := alone.Answer(ctx, c.Q, 3)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = a
	}
	shared := openEvalIndex(t, dir, "")
	const workers = 4
	got := make([][]Answer, workers)
	var wg sync.WaitGroup
	for w := range workers {
		got[w] = make([]Answer, len(cases))
		wg.Go(func() {
			// Each worker asks in another order, so that the first
			// reads of a term's postings race.
			for k := range cases {
				i := (k + (w+1)*len(cases)/(workers+1)) % len(cases)
				a, err := shared.Answer(ctx, cases[i].Q, 3)
				if err != nil {
					t.Error(err)
					return
				}
				got[w][i] = a
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i := range cases {
			if !reflect.DeepEqual(got[w][i], want[i]) {
				t.Errorf("worker %d, %q: answered %+v; alone %+v", w, cases[i].Q, got[w][i], want[i])
			}
		}
	}
}
