package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	blevequery "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Stage 3, retrieve: one bleve search (BM25 over the article's sentences,
// passages and takeaways) finds the texts that share terms with the query.
// Its passages, and the passages of its sentences, are the candidates the
// score stage ranks.

// maxHits bounds the documents one search returns.
const maxHits = 1000

// minSearchedFactor is the least match factor of an article term searched
// for a word that also reaches the article with this factor or more.
const minSearchedFactor = 0.5

// maxQueryTerms bounds the article terms one search looks for.
const maxQueryTerms = 24

// retrieval is what the search found: BM25 scores of the sentences (by
// position in Index.sents), passages and takeaways (by number) that match.
type retrieval struct {
	query
	sents, passages, takeaways map[int]float64
}

// retrieve searches the article for q's terms.
func (ix *Index) retrieve(ctx context.Context, q query) (retrieval, error) {
	r := retrieval{query: q}
	bq, ok := termsQuery(q.terms)
	if !ok {
		return r, ctx.Err()
	}
	size := min(maxHits, len(ix.sents)+len(ix.article.Passages)+len(ix.article.Takeaways))
	hits, err := ix.topHits(ctx, bq, size)
	if err != nil {
		return r, fmt.Errorf("search: %w", err)
	}
	r.sents, r.passages, r.takeaways = make(map[int]float64, len(hits)), map[int]float64{}, map[int]float64{}
	for _, h := range hits {
		if len(h.id) < 2 {
			return r, fmt.Errorf("search: bad document id %q", h.id)
		}
		n, err := strconv.Atoi(h.id[1:])
		if err != nil {
			return r, fmt.Errorf("search: bad document id %q", h.id)
		}
		switch h.id[0] {
		case 's':
			r.sents[n] = h.score
		case 'p':
			r.passages[n] = h.score
		case 't':
			r.takeaways[n] = h.score
		}
	}
	return r, nil
}

// termsQuery returns the query for a question's terms: one term query for
// each article term reached, boosted by the best of the question words that
// reach it (its match factor). ok is false when no word reaches
// the article.
func termsQuery(terms []term) (q blevequery.Query, ok bool) {
	boosts := map[string]float64{}
	var order []string
	for _, t := range terms {
		strong := t.best() >= minSearchedFactor
		for _, a := range t.alts {
			if strong && a.factor < minSearchedFactor {
				// A word that reaches the article well finds its
				// passages without its faint relations; the score
				// stage still counts them.
				continue
			}
			b := a.factor
			if old, ok := boosts[a.term]; !ok {
				order = append(order, a.term)
				boosts[a.term] = b
			} else if b > old {
				boosts[a.term] = b
			}
		}
	}
	if len(order) == 0 {
		return nil, false
	}
	if len(order) > maxQueryTerms {
		// The terms reached best; a question of many words reaches many.
		sort.SliceStable(order, func(i, j int) bool { return boosts[order[i]] > boosts[order[j]] })
		order = order[:maxQueryTerms]
	}
	disjuncts := make([]blevequery.Query, 0, len(order))
	for _, term := range order {
		tq := blevequery.NewTermQuery(term)
		tq.SetField("text")
		tq.SetBoost(boosts[term])
		disjuncts = append(disjuncts, tq)
	}
	return blevequery.NewDisjunctionQuery(disjuncts), true
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
func (ix *Index) topHits(ctx context.Context, q blevequery.Query, size int) ([]hit, error) {
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
	// The matches' pool is reused from search to search: a search returns
	// each match it reads to it.
	pool, _ := ix.matchPools.Get().(*search.DocumentMatchPool)
	if pool == nil {
		pool = search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0)
	}
	defer ix.matchPools.Put(pool)
	sctx := &search.SearchContext{DocumentMatchPool: pool, IndexReader: reader}
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
		id, ok := ix.externalIDs[string(dm.IndexInternalID)]
		if !ok {
			if id, err = reader.ExternalID(dm.IndexInternalID); err != nil {
				return nil, err
			}
		}
		hits = append(hits, hit{id: id, score: dm.Score})
		sctx.DocumentMatchPool.Put(dm)
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	return hits[:min(size, len(hits))], nil
}

// readExternalIDs fills ix.externalIDs from the written index.
func (ix *Index) readExternalIDs() error {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	ix.externalIDs = map[string]string{}
	for {
		internal, err := all.Next()
		if err != nil {
			return err
		}
		if internal == nil {
			return nil
		}
		id, err := reader.ExternalID(internal)
		if err != nil {
			return err
		}
		ix.externalIDs[string(internal)] = id
	}
}
