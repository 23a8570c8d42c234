package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/articlebot/articlebot/index/bm25"
)

// Stage 3, retrieve: one BM25 search of the article's bleve index
// (index/bm25) over its sentences, passages and takeaways finds the texts
// that share terms with the query.
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
	st, ok := searchTerms(q.terms)
	if !ok {
		return r, ctx.Err()
	}
	hits, err := ix.docs.Search(ctx, st, min(maxHits, ix.docs.Len()))
	if err != nil {
		return r, fmt.Errorf("search: %w", err)
	}
	r.sents, r.passages, r.takeaways = make(map[int]float64, len(hits)), map[int]float64{}, map[int]float64{}
	for _, h := range hits {
		switch h.Doc.Kind {
		case bm25.Sentence:
			r.sents[h.Doc.N] = h.Score
		case bm25.Passage:
			r.passages[h.Doc.N] = h.Score
		case bm25.Takeaway:
			r.takeaways[h.Doc.N] = h.Score
		}
	}
	return r, nil
}

// searchTerms returns what a question's terms search for: each article
// term reached, boosted by the best of the question words that reach it
// (its match factor), in the order first reached. ok is false when no word
// reaches the article.
func searchTerms(terms []term) (st []bm25.Term, ok bool) {
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
	st = make([]bm25.Term, len(order))
	for i, term := range order {
		st[i] = bm25.Term{Term: term, Boost: boosts[term]}
	}
	return st, true
}
