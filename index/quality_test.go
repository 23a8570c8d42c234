package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/synonyms"
)

// evalCase is one line of an evaluation set (the format of ../testdata/eval
// and of the shared development sets).
type evalCase struct {
	Q    string   `json:"q"`
	P    []int    `json:"p"`
	T    []int    `json:"t"`
	A    []string `json:"a"`
	Off  bool     `json:"off"`
	Kind string   `json:"kind"`
}

// quality is what an evaluation set measures, as the shared grader does.
type quality struct {
	passage1, passage3, takeaway, abstain, answered, excerpt float64
}

// bars are the least quality a set must reach.
type bars quality

// coreBars are the bars of the answer-engine issue for questions written the
// way members ask: passage@1 0.90, passage@3 0.97, takeaway 0.85, every
// off-topic question declined and 95% of on-topic questions answered.
var coreBars = bars{passage1: 0.90, passage3: 0.97, takeaway: 0.85, abstain: 1, answered: 0.95}

// TestQuality grades the answer engine on the project's evaluation sets with
// the fitted weights and fails below each set's bars. The core sets are
// written like the questions members type (mild paraphrase, keywords, typos,
// off-topic questions sharing at most one everyday word); the stretch sets
// are deliberately harder (heavy paraphrase, off-topic questions built from
// several of the article's words); wiki is Wikipedia's text with SQuAD's
// crowd questions, study twenty-four study-style articles asked every kind of
// question and study-unseen eight more that the weights are never fitted on. Where a set is below the bars, its floor sits a little
// under today's figure, to catch regressions; internal/fitweights/REPORT.md
// has the figures on articles the weights were not fitted on.
func TestQuality(t *testing.T) {
	t.Parallel()
	const dir = "../testdata/eval"
	sets := []struct {
		name, article, questions string
		min                      bars
	}{
		{"core bundled", "", "core-deepseek.jsonl", coreBars},
		{"core shipping", "second-article.txt", "core-second.jsonl", coreBars},
		// The volcano article's first takeaway sums up three passages (quakes,
		// swelling, gas) while the second shares more words with two of them.
		{"core volcanoes", "third-article.md", "core-third.jsonl", bars{0.90, 0.97, 0.60, 1, 0.95, 0}},
		{"stretch bundled", "", "deepseek.jsonl", bars{0.84, 0.92, 0.74, 0.80, 0.95, 0}},
		{"stretch shipping", "second-article.txt", "second.jsonl", bars{0.72, 0.90, 0.67, 0.52, 0.95, 0}},
		{"stretch volcanoes", "third-article.md", "third.jsonl", bars{0.74, 0.90, 0.52, 0.85, 0.90, 0}},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			t.Parallel()
			ix := openEvalIndex(t, dir, set.article)
			got := measure(t, []graded{{ix, readEvalCases(t, filepath.Join(dir, set.questions))}}, nil)
			checkBars(t, set.name, got, set.min)
		})
	}
	// The folders are graded pooled, every question counted alike, as the
	// shared run-eval-dir does.
	folders := []struct {
		name string
		min  bars
	}{
		{"wiki", bars{0.77, 0.91, 0, 0, 0.99, 0.75}},
		{"study", bars{0.82, 0.92, 0.75, 0.70, 0.94, 0.76}},
		// Never fitted on (see its README): floors under today's figures.
		{"study-unseen", bars{0.86, 0.93, 0.82, 0.64, 0.95, 0.78}},
	}
	for _, folder := range folders {
		t.Run(folder.name, func(t *testing.T) {
			t.Parallel()
			paths, err := filepath.Glob(filepath.Join(dir, folder.name, "*.txt"))
			if err != nil || len(paths) == 0 {
				t.Fatalf("no articles in %s: %v", folder.name, err)
			}
			var sets []graded
			for _, p := range paths {
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					t.Fatal(err)
				}
				sets = append(sets, graded{openEvalIndex(t, dir, rel), readEvalCases(t, strings.TrimSuffix(p, ".txt")+".jsonl")})
			}
			kinds := map[string]*[2]int{}
			got := measure(t, sets, kinds)
			names := make([]string, 0, len(kinds))
			for k := range kinds {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				t.Logf("%s, %s: %d of %d right", folder.name, k, kinds[k][0], kinds[k][1])
			}
			checkBars(t, folder.name, got, folder.min)
		})
	}
}

// checkBars logs a set's figures and fails those under its bars.
func checkBars(t *testing.T, name string, got quality, min bars) {
	t.Helper()
	t.Logf("%s: passage@1 %.3f  passage@3 %.3f  takeaway %.3f  abstain %.3f  answered %.3f  excerpt-answer %.3f",
		name, got.passage1, got.passage3, got.takeaway, got.abstain, got.answered, got.excerpt)
	check := func(metric string, got, min float64) {
		if got < min {
			t.Errorf("%s %s = %.3f; want at least %.2f", name, metric, got, min)
		}
	}
	check("passage@1", got.passage1, min.passage1)
	check("passage@3", got.passage3, min.passage3)
	check("takeaway", got.takeaway, min.takeaway)
	check("abstain", got.abstain, min.abstain)
	check("answered", got.answered, min.answered)
	check("excerpt-answer", got.excerpt, min.excerpt)
}

func openEvalIndex(t testing.TB, dir, article string) *Index {
	t.Helper()
	var (
		a   *corpus.Article
		err error
	)
	if article == "" {
		a, err = corpus.Default()
	} else {
		a, err = corpus.Load(filepath.Join(dir, article))
	}
	if err != nil {
		t.Fatal(err)
	}
	var opts Options
	if article == "" { // the bundled article is served with its synonyms list
		if opts.Synonyms, err = synonyms.Parse("bundled", bytes.NewReader(corpus.DefaultSynonyms())); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := New(context.Background(), a, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func readEvalCases(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("%s has only %d questions", path, len(cases))
	}
	return cases
}

// graded is an index and the questions asked of it.
type graded struct {
	ix    *Index
	cases []evalCase
}

// measure grades the indexes on their cases exactly as the shared run-eval
// does, pooling every question alike, and logs each miss. kinds, when not
// nil, counts the right answers of each kind of question (on-topic: the
// right passage first; off-topic: declined).
func measure(t *testing.T, sets []graded, kinds map[string]*[2]int) quality {
	t.Helper()
	var p1, p3, pn, tk, tn, ab, abn, ans, on, ea, ean int
	for _, set := range sets {
		for _, c := range set.cases {
			a, err := set.ix.Answer(context.Background(), c.Q, 3)
			if err != nil {
				t.Fatalf("Answer(%q): %v", c.Q, err)
			}
			right := false
			var got []int
			for _, e := range a.Excerpts {
				got = append(got, e.Passage)
			}
			switch {
			case c.Off:
				abn++
				if !a.Answered {
					ab++
					right = true
				} else if testing.Verbose() {
					t.Logf("answered off-topic %q with passage %d", c.Q, got[0])
				}
			default:
				on++
				if a.Answered {
					ans++
				}
				if c.P != nil {
					pn++
					if len(got) > 0 && containsInt(c.P, got[0]) {
						p1++
						right = true
					} else if testing.Verbose() {
						t.Logf("passage miss %q: got %v want %v", c.Q, got, c.P)
					}
					for i := 0; i < len(got) && i < 3; i++ {
						if containsInt(c.P, got[i]) {
							p3++
							break
						}
					}
				}
				if len(c.A) > 0 {
					ean++
					if len(a.Excerpts) > 0 && holdsAnswer(a.Excerpts[0].Text, c.A) {
						ea++
					}
				}
				if c.T != nil {
					tn++
					if a.Answered && a.Takeaway != nil && containsInt(c.T, a.Takeaway.Number) {
						tk++
					}
				}
			}
			if kinds != nil && c.Kind != "" {
				k := kinds[c.Kind]
				if k == nil {
					k = &[2]int{}
					kinds[c.Kind] = k
				}
				k[1]++
				if right {
					k[0]++
				}
			}
		}
	}
	frac := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	return quality{frac(p1, pn), frac(p3, pn), frac(tk, tn), frac(ab, abn), frac(ans, on), frac(ea, ean)}
}

// holdsAnswer reports whether text contains one of the answer strings, case
// and spacing ignored, as the shared grader checks.
func holdsAnswer(text string, answers []string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	t := squash(text)
	for _, a := range answers {
		if a := squash(a); a != "" && strings.Contains(t, a) {
			return true
		}
	}
	return false
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}
