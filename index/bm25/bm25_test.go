package bm25

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/prose"
)

// articleIndex indexes an article as the answer engine does: each sentence,
// passage and takeaway a document of its analysed terms. It returns the
// sentences' terms too.
func articleIndex(t *testing.T, path string) (*Index, [][]string) {
	t.Helper()
	var a *corpus.Article
	var err error
	if path == "" {
		a, err = corpus.Default()
	} else {
		a, err = corpus.Load(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	an := prose.NewAnalyzer()
	terms := func(text string) []string {
		var out []string
		for _, tok := range an.Analyze(text) {
			out = append(out, tok.Term)
		}
		return out
	}
	var sents [][]string
	for _, p := range a.Passages {
		var all []string
		for _, s := range p.Sentences {
			ts := terms(s)
			if err := x.Add(Doc{Sentence, len(sents)}, ts); err != nil {
				t.Fatal(err)
			}
			sents = append(sents, ts)
			all = append(all, ts...)
		}
		if err := x.Add(Doc{Passage, p.Number}, all); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range a.Takeaways {
		if err := x.Add(Doc{Takeaway, k.Number}, terms(k.Text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Load(); err != nil {
		t.Fatal(err)
	}
	return x, sents
}

// queries makes searches of an article's own terms: the distinct terms of
// each sentence and of each pair of adjacent sentences (so more than ten
// terms as well as fewer), at most 24, boosted from 0.3 to 1 in turn, and
// one that no document has.
func queries(sents [][]string) [][]Term {
	boosts := []float64{1, 0.55, 0.3, 0.8, 0.5}
	var out [][]Term
	for i := range sents {
		for _, span := range [][]string{sents[i], append(append([]string(nil), sents[i]...), sents[max(0, i-1)]...)} {
			seen := map[string]bool{}
			var q []Term
			for _, term := range span {
				if !seen[term] && len(q) < 24 {
					seen[term] = true
					q = append(q, Term{term, boosts[(len(q)+i)%len(boosts)]})
				}
			}
			if i%7 == 0 {
				q = append(q, Term{"zzznotaterm", 1})
			}
			if len(q) > 0 {
				out = append(out, q)
			}
		}
	}
	return out
}

// TestSearchMatchesBleve holds Search to what bleve's own search returns for
// the same query: the same documents, in the same order, with the same
// scores, on the project's three articles, at a size that cuts the hits
// short and at one that returns them all (where ties in score are common).
// Scores may differ in their last bits, where bleve adds the terms' scores
// of a document in another order (its disjunction of more than ten terms
// takes them off a heap); documents whose scores are that close may come in
// either order.
func TestSearchMatchesBleve(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	compared := 0
	for _, path := range []string{"", filepath.Join("..", "..", "testdata", "eval", "second-article.txt"), filepath.Join("..", "..", "testdata", "eval", "third-article.md")} {
		x, sents := articleIndex(t, path)
		for _, q := range queries(sents) {
			for _, size := range []int{16, x.Len()} {
				got, err := x.Search(ctx, q, size)
				if err != nil {
					t.Fatal(err)
				}
				res, err := x.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(Query(q), size, 0, false))
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(res.Hits) {
					t.Fatalf("%v, size %d: %d hits; bleve %d", q, size, len(got), len(res.Hits))
				}
				for k, h := range res.Hits {
					id := got[k].Doc.id()
					if !closeScores(got[k].Score, h.Score) || (id != h.ID && !tiedNear(res.Hits, k)) {
						t.Fatalf("%v, size %d, hit %d: %s %v; bleve %s %v", q, size, k, id, got[k].Score, h.ID, h.Score)
					}
				}
				compared++
			}
		}
	}
	if compared < 200 {
		t.Errorf("compared %d searches; want the project's articles", compared)
	}
}

// closeScores reports whether two scores are equal but for rounding.
func closeScores(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// tiedNear reports whether bleve's hit k scores as a neighbour does but for
// rounding, so that the two may come in either order.
func tiedNear(hits search.DocumentMatchCollection, k int) bool {
	return (k > 0 && closeScores(hits[k-1].Score, hits[k].Score)) ||
		(k+1 < len(hits) && closeScores(hits[k+1].Score, hits[k].Score))
}

// TestSearchConcurrent searches one index from several goroutines at once,
// while the terms' postings are first read and kept, and holds each result
// to the same search of a fresh index.
func TestSearchConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	alone, sents := articleIndex(t, "")
	qs := queries(sents)
	want := make([][]Hit, len(qs))
	for i, q := range qs {
		var err error
		if want[i], err = alone.Search(ctx, q, alone.Len()); err != nil {
			t.Fatal(err)
		}
	}
	shared, _ := articleIndex(t, "")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range qs {
				i := (k + w*len(qs)/4) % len(qs)
				got, err := shared.Search(ctx, qs[i], shared.Len())
				if err != nil {
					t.Error(err)
					return
				}
				if d := diff(got, want[i]); d != "" {
					t.Errorf("worker %d, %v: %s", w, qs[i], d)
					return
				}
			}
		})
	}
	wg.Wait()
}

// diff compares two searches' hits as sets of documents with their scores
// (two builds of one article may number their documents in another order,
// and so order equal scores otherwise).
func diff(got, want []Hit) string {
	if len(got) != len(want) {
		return "hits differ in number"
	}
	scores := map[Doc]float64{}
	for _, h := range want {
		scores[h.Doc] = h.Score
	}
	var b strings.Builder
	for _, h := range got {
		if s, ok := scores[h.Doc]; !ok || s != h.Score {
			b.WriteString(h.Doc.id() + " ")
		}
	}
	return b.String()
}

// TestAddAfterLoad checks the index refuses documents once loaded.
func TestAddAfterLoad(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Add(Doc{Passage, 1}, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Load(); err != nil {
		t.Fatal(err)
	}
	if err := x.Add(Doc{Passage, 2}, []string{"c"}); err == nil {
		t.Error("Add after Load: no error")
	}
	hits, err := x.Search(context.Background(), []Term{{"a", 1}, {"c", 1}}, 10)
	if err != nil || len(hits) != 1 || hits[0].Doc != (Doc{Passage, 1}) || !(hits[0].Score > 0) {
		t.Errorf("Search a or c: %v, %v; want passage 1 alone", hits, err)
	}
}

// FuzzSearch searches a small index for whatever terms a question might
// reach (empty, with spaces, invalid UTF-8, repeated, absent), each boosted
// between 0 and 1: no error, no panic, and the hits sorted best first with
// finite positive scores, each document once.
func FuzzSearch(f *testing.F) {
	f.Add("krill", "whale", 1.0, 0.5)
	f.Add("", " ", 0.3, 1.0)
	f.Add("a b", "\xff\xfe", 0.01, 0.99)
	f.Add("krill", "krill", 1.0, 1.0)
	x, err := New()
	if err != nil {
		f.Fatal(err)
	}
	defer x.Close()
	docs := [][]string{{"krill", "swarm", "ocean"}, {"whale", "eat", "krill", "krill"}, {"ice", "algae"}, {"krill", "fish", "catch"}}
	for i, d := range docs {
		if err := x.Add(Doc{Passage, i + 1}, d); err != nil {
			f.Fatal(err)
		}
	}
	if err := x.Load(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string, ba, bb float64) {
		if !(ba > 0 && ba <= 1 && bb > 0 && bb <= 1) {
			t.Skip()
		}
		terms := []Term{{a, ba}, {b, bb}}
		if a == b {
			terms = terms[:1]
		}
		hits, err := x.Search(context.Background(), terms, x.Len())
		if err != nil {
			t.Fatal(err)
		}
		seen := map[Doc]bool{}
		for k, h := range hits {
			if seen[h.Doc] || math.IsNaN(h.Score) || math.IsInf(h.Score, 0) || h.Score <= 0 || (k > 0 && h.Score > hits[k-1].Score) {
				t.Fatalf("%v: hits %v", terms, hits)
			}
			seen[h.Doc] = true
		}
	})
}
