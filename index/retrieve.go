package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
	blevequery "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Stage 3, retrieve: one BM25 search of bleve's index over the article's
// sentences, passages and takeaways finds the texts that share terms with
// the query, scored from each term's postings as bleve scores them, read
// from bleve once and kept.
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
	size := min(maxHits, len(ix.docs))
	hits, err := ix.topHits(ctx, st, size)
	if err != nil {
		return r, fmt.Errorf("search: %w", err)
	}
	r.sents, r.passages, r.takeaways = make(map[int]float64, len(hits)), map[int]float64{}, map[int]float64{}
	for _, h := range hits {
		d := ix.docs[h.doc]
		switch d.kind {
		case 's':
			r.sents[int(d.n)] = h.score
		case 'p':
			r.passages[int(d.n)] = h.score
		case 't':
			r.takeaways[int(d.n)] = h.score
		}
	}
	return r, nil
}

// searchTerm is an article term a query looks for, boosted by the best
// match factor of the question words that reach it.
type searchTerm struct {
	term  string
	boost float64
}

// searchTerms returns what a question's terms search for: each article
// term reached, boosted by the best of the question words that reach it
// (its match factor), in the order first reached. ok is false when no word
// reaches the article.
func searchTerms(terms []term) (st []searchTerm, ok bool) {
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
	st = make([]searchTerm, len(order))
	for i, term := range order {
		st[i] = searchTerm{term, boosts[term]}
	}
	return st, true
}

// bleveQuery is the bleve query of the search terms: a disjunction of one
// boosted term query each, which the index's own search (topHits) scores
// alike.
func bleveQuery(st []searchTerm) blevequery.Query {
	disjuncts := make([]blevequery.Query, 0, len(st))
	for _, t := range st {
		tq := blevequery.NewTermQuery(t.term)
		tq.SetField("text")
		tq.SetBoost(t.boost)
		disjuncts = append(disjuncts, tq)
	}
	return blevequery.NewDisjunctionQuery(disjuncts)
}

// hit is a document that matched a query (by its position in bleve's
// order, see docRef), and its score.
type hit struct {
	doc   int32
	score float64
}

// docRef is a document of the bleve index: a sentence (kind 's', by
// position in Index.sents), a passage ('p') or a takeaway ('t', by
// number).
type docRef struct {
	kind byte
	n    int32
}

// postings are the documents of bleve's index that have one term, read from
// it once and kept: each document by position in bleve's order, with the
// term's BM25 score in it as bleve's term scorer computes it before the
// query's weight, and the term's inverse document frequency.
type postings struct {
	idf   float64
	docs  []int32
	score []float64
}

// postingsOf returns the term's postings, read from bleve on first use. The
// article's terms are kept (a few bytes for each occurrence of a term the
// members ask about); another term is read afresh.
func (ix *Index) postingsOf(ctx context.Context, term string) (*postings, error) {
	id, known := ix.termIDs[term]
	if known {
		if p := ix.postings[id].Load(); p != nil {
			return p, nil
		}
	}
	p, err := ix.readPostings(ctx, term)
	if err != nil {
		return nil, err
	}
	if known {
		ix.postings[id].Store(p)
	}
	return p, nil
}

// readPostings reads a term's postings from bleve and scores them as
// bleve's BM25 term scorer does (scorer.TermQueryScorer, search.BM25_k1 and
// search.BM25_b, the field's mean length rounded up).
func (ix *Index) readPostings(ctx context.Context, term string) (*postings, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	tfr, err := reader.TermFieldReader(ctx, []byte(term), "text", true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	docTerm := tfr.Count()
	p := &postings{
		idf:   math.Log(1 + (float64(ix.docCount)-float64(docTerm)+0.5)/(float64(docTerm)+0.5)),
		docs:  make([]int32, 0, docTerm),
		score: make([]float64, 0, docTerm),
	}
	var tfd bleveindex.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return p, nil
		}
		n, ok := ix.docOrder[string(d.ID)]
		if !ok {
			return nil, fmt.Errorf("term %q: unknown document", term)
		}
		tf := math.Sqrt(float64(d.Freq))
		fieldLength := 1 / (d.Norm * d.Norm)
		score := p.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/ix.avgDocLength)))
		p.docs = append(p.docs, n)
		p.score = append(p.score, score)
	}
}

// byCount orders search terms by how many documents have them, as bleve's
// disjunction orders its term searchers (and so adds their scores).
type byCount struct {
	order []int
	ps    []*postings
}

func (b byCount) Len() int           { return len(b.order) }
func (b byCount) Less(i, j int) bool { return len(b.ps[b.order[i]].docs) < len(b.ps[b.order[j]].docs) }
func (b byCount) Swap(i, j int)      { b.order[i], b.order[j] = b.order[j], b.order[i] }

// topHits returns the size best-scoring documents that have one of the
// search terms, best first and equal scores in index order, scored as
// bleve's disjunction of the terms' boosted term queries scores them (the
// query norm, the sum of the terms' scores, the share of the terms matched),
// from the terms' kept postings: reading a term's postings from bleve again
// for every question was a third of an answer's time.
// TestTopHitsMatchBleve holds the two to the same hits and scores.
func (ix *Index) topHits(ctx context.Context, st []searchTerm, size int) ([]hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ps := make([]*postings, len(st))
	order := make([]int, len(st))
	for i, t := range st {
		p, err := ix.postingsOf(ctx, t.term)
		if err != nil {
			return nil, err
		}
		ps[i], order[i] = p, i
	}
	sort.Sort(byCount{order, ps})
	var sumOfSquares float64
	for _, i := range order {
		w := st[i].boost * ps[i].idf
		sumOfSquares += w * w
	}
	norm := 1 / math.Sqrt(sumOfSquares)
	acc := ix.accumulator()
	defer ix.accPool.Put(acc)
	var touched int
	for _, i := range order {
		weight := st[i].boost * ps[i].idf * norm
		p := ps[i]
		for k, d := range p.docs {
			s := p.score[k]
			if weight != 1 {
				s *= weight
			}
			if acc.count[d] == 0 {
				touched++
			}
			acc.sum[d] += s
			acc.count[d]++
		}
	}
	hits := make([]hit, 0, touched)
	for d, c := range acc.count {
		if c == 0 {
			continue
		}
		hits = append(hits, hit{int32(d), acc.sum[d] * (float64(c) / float64(len(st)))})
		acc.sum[d], acc.count[d] = 0, 0
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	return hits[:min(size, len(hits))], nil
}

// accumulator is a search's running sum and number of matched terms of each
// document, all zero.
type accumulator struct {
	sum   []float64
	count []uint16
}

// accumulator returns a zeroed accumulator from the pool, or a new one.
func (ix *Index) accumulator() *accumulator {
	if a, ok := ix.accPool.Get().(*accumulator); ok {
		return a
	}
	return &accumulator{sum: make([]float64, len(ix.docs)), count: make([]uint16, len(ix.docs))}
}

// readDocs fills ix.docs and ix.docOrder from the written index, in
// bleve's order of internal IDs (the index is written once, in one batch,
// so they do not change), and the statistics its BM25 scorer uses.
func (ix *Index) readDocs() error {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	if ix.docCount, err = reader.DocCount(); err != nil {
		return err
	}
	var cardinality int
	if r, ok := reader.(bleveindex.BM25Reader); ok {
		if cardinality, err = r.FieldCardinality("text"); err != nil {
			return err
		}
	}
	if ix.docCount > 0 {
		ix.avgDocLength = math.Ceil(float64(cardinality) / float64(ix.docCount))
	}
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	ix.docOrder = map[string]int32{}
	ix.docs = ix.docs[:0]
	for {
		internal, err := all.Next()
		if err != nil {
			return err
		}
		if internal == nil {
			break
		}
		id, err := reader.ExternalID(internal)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(id[min(1, len(id)):])
		if len(id) < 2 || err != nil || !strings.ContainsRune("spt", rune(id[0])) {
			return fmt.Errorf("bad document id %q", id)
		}
		ix.docOrder[string(internal)] = int32(len(ix.docs))
		ix.docs = append(ix.docs, docRef{id[0], int32(n)})
	}
	return nil
}
