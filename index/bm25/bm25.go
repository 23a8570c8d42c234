// Package bm25 owns the article's bleve index: one document of analysed
// terms for each sentence, passage and takeaway (bleve's scorch index type,
// in memory, BM25 scoring), each term's postings read from it once and
// kept, and searches for weighted terms scored from those postings as
// bleve's disjunction of boosted term queries scores them. It knows nothing
// of questions, English or Discord: its callers analyse text into terms.
//
// Reading a term's postings from bleve again for every question (a term
// reader and a searcher a term) was a third of an answer's time and more
// than half its allocations; kept, a search is a few additions a posting.
// TestSearchMatchesBleve holds every search to bleve's own SearchInContext.
package bm25

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	blevequery "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Kinds of document.
const (
	Sentence = 's' // by position among the article's sentences
	Passage  = 'p' // by number
	Takeaway = 't' // by number
)

// Doc is a document of the index: its kind and number.
type Doc struct {
	Kind byte
	N    int
}

func (d Doc) id() string { return string(d.Kind) + strconv.Itoa(d.N) }

// Term is a term a search looks for, and its boost.
type Term struct {
	Term  string
	Boost float64
}

// Hit is a document that has one of a search's terms, and its score.
type Hit struct {
	Doc   Doc
	Score float64
}

// field is the one field of the documents.
const field = "text"

// termsAnalyzer names the analyzer of the documents: their text is already
// analysed, terms separated by spaces.
const termsAnalyzer = "articlebot_terms"

// Index is the bleve index of one article's documents. Add the documents,
// then Load once; it is then read-only and safe for concurrent use.
type Index struct {
	bleve bleve.Index
	batch *bleve.Batch

	// docs are the documents in the order of their internal IDs in bleve
	// (written once, in one batch, they do not change), and order maps an
	// internal ID to its position there.
	docs  []Doc
	order map[string]int32
	// docCount and avgDocLength are the statistics of bleve's BM25 scorer:
	// the number of documents and their mean length, rounded up.
	docCount     uint64
	avgDocLength float64
	// termIDs numbers the terms of the documents; postings holds each
	// one's postings once read.
	termIDs  map[string]int32
	postings []atomic.Pointer[postings]
	accPool  sync.Pool
}

// New returns an empty index.
func New() (*Index, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(termsAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	})
	if err != nil {
		return nil, fmt.Errorf("define analyzer: %w", err)
	}
	im.DefaultAnalyzer = termsAnalyzer
	im.ScoringModel = bleveindex.BM25Scoring
	dm := bleve.NewDocumentStaticMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = termsAnalyzer
	text.Store = false
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false
	dm.AddFieldMappingsAt(field, text)
	im.DefaultMapping = dm
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	return &Index{bleve: idx, batch: idx.NewBatch(), termIDs: map[string]int32{}}, nil
}

// textDoc is a bleve document of analysed terms.
type textDoc struct {
	Text string `json:"text"`
}

// Add adds a document of the given terms (none may hold a space).
func (x *Index) Add(d Doc, terms []string) error {
	if x.batch == nil {
		return errors.New("bm25: add after load")
	}
	for _, t := range terms {
		if _, ok := x.termIDs[t]; !ok {
			x.termIDs[t] = int32(len(x.termIDs))
		}
	}
	if err := x.batch.Index(d.id(), textDoc{strings.Join(terms, " ")}); err != nil {
		return fmt.Errorf("index %s: %w", d.id(), err)
	}
	return nil
}

// Load writes the documents added to bleve, in one batch, and reads back
// their order and statistics.
func (x *Index) Load() error {
	if x.batch == nil {
		return errors.New("bm25: loaded twice")
	}
	if err := x.bleve.Batch(x.batch); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	x.batch = nil
	x.postings = make([]atomic.Pointer[postings], len(x.termIDs))
	adv, err := x.bleve.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	if x.docCount, err = reader.DocCount(); err != nil {
		return err
	}
	var cardinality int
	if r, ok := reader.(bleveindex.BM25Reader); ok {
		if cardinality, err = r.FieldCardinality(field); err != nil {
			return err
		}
	}
	if x.docCount > 0 {
		x.avgDocLength = math.Ceil(float64(cardinality) / float64(x.docCount))
	}
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	x.order = map[string]int32{}
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
		n, err := strconv.Atoi(id[min(1, len(id)):])
		if len(id) < 2 || err != nil || !strings.ContainsRune("spt", rune(id[0])) {
			return fmt.Errorf("bad document id %q", id)
		}
		x.order[string(internal)] = int32(len(x.docs))
		x.docs = append(x.docs, Doc{id[0], n})
	}
}

// Len returns the number of documents.
func (x *Index) Len() int { return len(x.docs) }

// Close releases the index's resources.
func (x *Index) Close() error { return x.bleve.Close() }

// postings are the documents that have one term: each by position in docs,
// with the term's BM25 score in it as bleve's term scorer computes it
// before the query's weight, and the term's inverse document frequency.
type postings struct {
	idf   float64
	docs  []int32
	score []float64
}

// postingsOf returns the term's postings, read from bleve on first use and
// kept when the term is one of the documents'. A search's terms not read
// before share one reader, opened by read on first need.
func (x *Index) postingsOf(ctx context.Context, term string, read *reader) (*postings, error) {
	id, known := x.termIDs[term]
	if known {
		if p := x.postings[id].Load(); p != nil {
			return p, nil
		}
	}
	p, err := read.postings(ctx, term)
	if err != nil {
		return nil, err
	}
	if known {
		x.postings[id].Store(p)
	}
	return p, nil
}

// reader reads postings from the index's bleve reader, opened on first use;
// close closes it.
type reader struct {
	x *Index
	r bleveindex.IndexReader
}

func (rd *reader) close() {
	if rd.r != nil {
		rd.r.Close()
	}
}

// postings reads a term's postings from bleve and scores them as bleve's
// BM25 term scorer does (scorer.TermQueryScorer, search.BM25_k1 and
// search.BM25_b).
func (rd *reader) postings(ctx context.Context, term string) (*postings, error) {
	x := rd.x
	if rd.r == nil {
		adv, err := x.bleve.Advanced()
		if err != nil {
			return nil, err
		}
		if rd.r, err = adv.Reader(); err != nil {
			return nil, err
		}
	}
	tfr, err := rd.r.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	docTerm := tfr.Count()
	p := &postings{
		idf:   math.Log(1 + (float64(x.docCount)-float64(docTerm)+0.5)/(float64(docTerm)+0.5)),
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
		n, ok := x.order[string(d.ID)]
		if !ok {
			return nil, fmt.Errorf("term %q: unknown document", term)
		}
		tf := math.Sqrt(float64(d.Freq))
		fieldLength := 1 / (d.Norm * d.Norm)
		score := p.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/x.avgDocLength)))
		p.docs = append(p.docs, n)
		p.score = append(p.score, score)
	}
}

// byCount orders a search's terms by how many documents have them, as
// bleve's disjunction orders its term searchers (and so adds their scores).
type byCount struct {
	order []int
	ps    []*postings
}

func (b byCount) Len() int           { return len(b.order) }
func (b byCount) Less(i, j int) bool { return len(b.ps[b.order[i]].docs) < len(b.ps[b.order[j]].docs) }
func (b byCount) Swap(i, j int)      { b.order[i], b.order[j] = b.order[j], b.order[i] }

// maxTerms bounds the terms of one search, which a document's count of
// matched terms holds.
const maxTerms = math.MaxUint16

// accumulator is a search's running sum and number of matched terms of each
// document, all zero between searches.
type accumulator struct {
	sum   []float64
	count []uint16
}

// Search returns the size best-scoring documents that have one of the
// terms, best first and equal scores in index order, scored as bleve scores
// a disjunction of one boosted term query a term (Query): each term's BM25
// score times its boost, its inverse document frequency and the query's
// norm, summed, times the share of the terms the document has.
func (x *Index) Search(ctx context.Context, terms []Term, size int) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return nil, nil
	}
	if len(terms) > maxTerms {
		return nil, fmt.Errorf("bm25: %d terms in one search, more than %d", len(terms), maxTerms)
	}
	ps := make([]*postings, len(terms))
	order := make([]int, len(terms))
	read := reader{x: x}
	defer read.close()
	for i, t := range terms {
		p, err := x.postingsOf(ctx, t.Term, &read)
		if err != nil {
			return nil, err
		}
		ps[i], order[i] = p, i
	}
	sort.Sort(byCount{order, ps})
	var sumOfSquares float64
	for _, i := range order {
		w := terms[i].Boost * ps[i].idf
		sumOfSquares += w * w
	}
	norm := 1 / math.Sqrt(sumOfSquares)
	acc, _ := x.accPool.Get().(*accumulator)
	if acc == nil {
		acc = &accumulator{sum: make([]float64, len(x.docs)), count: make([]uint16, len(x.docs))}
	}
	defer x.accPool.Put(acc)
	touched := 0
	for _, i := range order {
		weight := terms[i].Boost * ps[i].idf * norm
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
	hits := make([]Hit, 0, touched)
	for d, c := range acc.count {
		if c == 0 {
			continue
		}
		hits = append(hits, Hit{x.docs[d], acc.sum[d] * (float64(c) / float64(len(terms)))})
		acc.sum[d], acc.count[d] = 0, 0
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits[:min(size, len(hits))], nil
}

// Query is the bleve query Search scores alike: a disjunction of one boosted
// term query a term.
func Query(terms []Term) blevequery.Query {
	disjuncts := make([]blevequery.Query, 0, len(terms))
	for _, t := range terms {
		tq := blevequery.NewTermQuery(t.Term)
		tq.SetField(field)
		tq.SetBoost(t.Boost)
		disjuncts = append(disjuncts, tq)
	}
	return blevequery.NewDisjunctionQuery(disjuncts)
}
