package index

import (
	"context"
	"math"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// TestTopHitsMatchBleve holds topHits to what bleve's own search returns for
// the same query: the same documents, in the same order, with the same
// scores, for every question of the project's sets on every article, at the
// size Answer asks for and at a size that returns every hit (where ties in
// score are common). Scores may differ in their last bits, where bleve adds
// the terms' scores of a document in another order (its disjunction of more
// than ten terms takes them off a heap); documents whose scores are that
// close may be in either order.
func TestTopHitsMatchBleve(t *testing.T) {
	t.Parallel()
	const dir = "../testdata/eval"
	sets := []struct{ article, questions string }{
		{"", "core-deepseek.jsonl"}, {"", "deepseek.jsonl"},
		{"second-article.txt", "core-second.jsonl"}, {"second-article.txt", "second.jsonl"},
		{"third-article.md", "core-third.jsonl"}, {"third-article.md", "third.jsonl"},
	}
	ctx := context.Background()
	compared := 0
	for _, set := range sets {
		ix := openEvalIndex(t, dir, set.article)
		for _, c := range readEvalCases(t, dir+"/"+set.questions) {
			st, ok := searchTerms(ix.expand(ix.analyse(c.Q)).terms)
			if !ok {
				continue
			}
			q := bleveQuery(st)
			for _, size := range []int{16, maxHits} {
				got, err := ix.topHits(ctx, st, size)
				if err != nil {
					t.Fatal(err)
				}
				res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, size, 0, false))
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(res.Hits) {
					t.Errorf("%q, size %d: %d hits; bleve %d", c.Q, size, len(got), len(res.Hits))
					continue
				}
				for k, h := range res.Hits {
					d := ix.docs[got[k].doc]
					id := string(d.kind) + strconv.Itoa(int(d.n))
					if !closeScores(got[k].score, h.Score) || (id != h.ID && !tiedNear(res.Hits, k)) {
						t.Errorf("%q, size %d, hit %d: %s %v; bleve %s %v", c.Q, size, k, id, got[k].score, h.ID, h.Score)
						break
					}
				}
				compared++
			}
		}
	}
	if compared < 500 {
		t.Errorf("compared %d searches; want the project's sets", compared)
	}
}

// closeScores reports whether two scores are equal but for rounding.
func closeScores(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// tiedNear reports whether bleve's hit k scores as its neighbour does but
// for rounding, so that the two may come in either order.
func tiedNear(hits search.DocumentMatchCollection, k int) bool {
	return (k > 0 && closeScores(hits[k-1].Score, hits[k].Score)) ||
		(k+1 < len(hits) && closeScores(hits[k+1].Score, hits[k].Score))
}

// TestConcurrentAnswers asks one index the project's questions from several
// goroutines at once, while the postings of their terms are first read and
// kept, and holds every answer to the one a fresh index gives asked alone.
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
