package index

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// search runs q over the index and returns the scores of the sentences (by
// position), passages and takeaways (by number) among its best hits. The best
// hits are enough: they hold the best sentences of the passages that can make
// the top excerpts.
func (ix *Index) search(ctx context.Context, q query.Query) (sents, passages, takeaways map[int]float64, err error) {
	size := min(maxHits, len(ix.sents)+len(ix.article.Passages)+len(ix.article.Takeaways))
	hits, err := ix.topHits(ctx, q, size)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search: %w", err)
	}
	sents, passages, takeaways = map[int]float64{}, map[int]float64{}, map[int]float64{}
	for _, h := range hits {
		if len(h.id) < 2 {
			return nil, nil, nil, fmt.Errorf("search: bad document id %q", h.id)
		}
		n, err := strconv.Atoi(h.id[1:])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("search: bad document id %q", h.id)
		}
		switch h.id[0] {
		case 's':
			sents[n] = h.score
		case 'p':
			passages[n] = h.score
		case 't':
			takeaways[n] = h.score
		}
	}
	return sents, passages, takeaways, nil
}

// hit is a document that matched a query, and its score.
type hit struct {
	id    string
	score float64
}

// checkDoneEvery is how many hits topHits collects between checks of its
// context.
const checkDoneEvery = 256

// topHits returns the size best-scoring documents that match q, best first
// and equal scores in index order: what bleve's SearchInContext returns for a
// request of that size sorted by score, without what it does for features the
// index does not use (stored fields, highlighting, facets, the result
// object), which was two fifths of the memory an answer allocated.
// TestTopHitsMatchBleve holds the two to the same hits and scores.
func (ix *Index) topHits(ctx context.Context, q query.Query, size int) ([]hit, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	// As SearchInContext tells the term searchers the index's scoring model.
	model := bleveindex.DefaultScoringModel
	if m, ok := ix.bleve.Mapping().(*mapping.IndexMappingImpl); ok && m.ScoringModel != "" {
		model = m.ScoringModel
	}
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return model }))
	searcher, err := q.Searcher(ctx, reader, ix.bleve.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0),
		IndexReader:       reader,
	}
	var hits []hit
	for n := 0; ; n++ {
		if n%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		id, err := reader.ExternalID(dm.IndexInternalID)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hit{id: id, score: dm.Score})
		sctx.DocumentMatchPool.Put(dm)
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	return hits[:min(size, len(hits))], nil
}
