package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestTopHitsMatchBleve holds topHits to what bleve's own search returns for
// the same query: the same documents, in the same order, with the same
// scores, for every question of the project's sets on every article, at the
// size Answer asks for and at a size that returns every hit (where ties in
// score are common).
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
			q, ok := termsQuery(ix.expand(ix.analyse(c.Q)).terms)
			if !ok {
				continue
			}
			for _, size := range []int{16, maxHits} {
				got, err := ix.topHits(ctx, q, size)
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
					if got[k].id != h.ID || got[k].score != h.Score {
						t.Errorf("%q, size %d, hit %d: %s %v; bleve %s %v", c.Q, size, k, got[k].id, got[k].score, h.ID, h.Score)
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
