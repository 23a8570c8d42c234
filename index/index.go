// Package index answers members' questions about one article. It owns bleve:
// the mapping and English analysis, BM25 scoring over the article's
// sentences, passages and takeaways, typo and synonym tolerance, the choice
// of the most relevant key takeaway and the decision to abstain when the
// article does not cover a question. It returns plain Go answers (Answer)
// and knows nothing of Discord.
//
// An Index is built once in memory at start-up (New) and is then read-only:
// it is safe for concurrent use by any number of goroutines.
package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetokenizer "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/articlebot/articlebot/corpus"
)

// Options configure an Index. The zero value is ready to use.
type Options struct {
	// Synonyms is an optional per-article synonyms list, applied to
	// questions on top of the general-purpose English thesaurus.
	Synonyms *Synonyms
}

// Index answers questions about one article. Build it with New; it is safe
// for concurrent use and must be closed with Close when no longer needed.
type Index struct {
	article  *corpus.Article
	analyzer analysis.Analyzer
	// bleve holds one document for each sentence (ID "s" and its position
	// in sents), each passage ("p" and its number) and each takeaway ("t"
	// and its number), so that one search scores all three.
	bleve bleve.Index

	sents []sentence
	// vocab maps each stemmed term of the article to the number of passages
	// and takeaways it occurs in.
	vocab map[string]int
	// surfaces maps each lower-case word of the article to its stem, for
	// typo matching.
	surfaces      map[string]string
	surfacesByLen map[int][]string // the same words by length in runes, sorted
	terms         []string         // the vocabulary's terms, sorted
	// stemForms maps a stem to its most frequent original spelling.
	stemForms map[string]string
	synonyms  map[string][][]string // analyzed operator synonyms: stem → target stem phrases
	phraseSyn []phraseRule          // operator rules whose trigger is several words
	// affinity[k][p] is how much takeaway k+1 draws on passage p+1, from
	// 0 to 1 (the best takeaway of each passage scores 1).
	affinity [][]float64
	// sentAffinity[k][i] is the same for takeaway k+1 and sentence i.
	sentAffinity [][]float64
	support      [][]int // supporting passages of each takeaway, best first
	// takeawayTerms[k] is the set of terms of takeaway k+1.
	takeawayTerms []map[string]int
	// quotes holds every run of two to quoteWords consecutive content words
	// of the article's sentences and takeaways (their terms, joined by
	// spaces).
	quotes map[string]bool
	// sentTerms are the term sets of the sentences.
	sentTerms []map[string]int
	// units are the term sets of the passages and then the takeaways.
	units  []map[string]int
	topics []string

	// resolved remembers how question words and phrases resolve to article
	// terms (see resolveCached); cached counts its entries.
	resolved sync.Map
	cached   atomic.Int64
	suggest  suggester // phrases and autocomplete candidates, built on first use (suggest.go)
}

type sentence struct {
	passage int // passage number
	text    string
	tokens  []token
}

type token struct {
	term       string // analyzed (stemmed) term
	start, end int    // byte range in the original text
}

type phraseRule struct {
	from []string   // stems of the trigger phrase
	to   [][]string // target stem phrases
}

// ErrNoArticle is returned by New for a nil or empty article.
var ErrNoArticle = errors.New("article has no passages")

// analyzerName names the index's English analyzer in its mapping.
const analyzerName = "articlebot_en"

// New builds an in-memory index of the article: bleve's scorch index type
// (with BM25 scoring) over its sentences, passages and takeaways, loaded in
// one batch.
func New(ctx context.Context, a *corpus.Article, opts Options) (*Index, error) {
	if a == nil || len(a.Passages) == 0 {
		return nil, ErrNoArticle
	}
	ix := &Index{
		article:   a,
		vocab:     map[string]int{},
		surfaces:  map[string]string{},
		stemForms: map[string]string{},
	}
	var err error
	if ix.bleve, err = newMemIndex(); err != nil {
		return nil, err
	}
	ix.analyzer = ix.bleve.Mapping().AnalyzerNamed(analyzerName)
	if ix.analyzer == nil {
		ix.Close()
		return nil, fmt.Errorf("analyzer %q not found", analyzerName)
	}
	if err := ix.load(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	ix.addSynonyms(opts.Synonyms)
	return ix, nil
}

func newMemIndex() (bleve.Index, error) {
	im := bleve.NewIndexMapping()
	// English analysis: words (Unicode word boundaries), English possessives
	// removed, lower case, English stop words removed, Snowball (Porter2)
	// stemming, which keeps "news" apart from "new" and "used" from "US".
	err := im.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicodetokenizer.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, en.SnowballStemmerName},
	})
	if err != nil {
		return nil, fmt.Errorf("define analyzer: %w", err)
	}
	im.DefaultAnalyzer = analyzerName
	im.ScoringModel = bleveindex.BM25Scoring
	dm := bleve.NewDocumentStaticMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.Store = false
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false
	dm.AddFieldMappingsAt("text", text)
	im.DefaultMapping = dm
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	return idx, nil
}

type textDoc struct {
	Text string `json:"text"`
}

// load indexes the article and derives the vocabulary, the takeaway
// affinities and the topics.
func (ix *Index) load(ctx context.Context) error {
	a := ix.article
	formCount := map[string]map[string]int{}
	seen := func(text string) []token {
		toks := ix.analyze(text)
		for _, t := range toks {
			form := text[t.start:t.end]
			lower := strings.ToLower(form)
			ix.surfaces[lower] = t.term
			if formCount[t.term] == nil {
				formCount[t.term] = map[string]int{}
			}
			formCount[t.term][form]++
		}
		return toks
	}

	batch := ix.bleve.NewBatch()
	passageTerms := make([]map[string]int, len(a.Passages))
	for i, p := range a.Passages {
		passageTerms[i] = map[string]int{}
		for _, s := range p.Sentences {
			toks := seen(s)
			for _, t := range toks {
				passageTerms[i][t.term]++
			}
			id := "s" + strconv.Itoa(len(ix.sents))
			ix.sents = append(ix.sents, sentence{passage: p.Number, text: s, tokens: toks})
			if err := batch.Index(id, textDoc{s}); err != nil {
				return fmt.Errorf("index sentence %s: %w", id, err)
			}
		}
		if err := batch.Index("p"+strconv.Itoa(p.Number), textDoc{p.Text}); err != nil {
			return fmt.Errorf("index passage %d: %w", p.Number, err)
		}
	}
	takeawayTerms := make([]map[string]int, len(a.Takeaways))
	for i, t := range a.Takeaways {
		takeawayTerms[i] = map[string]int{}
		for _, tok := range seen(t.Text) {
			takeawayTerms[i][tok.term]++
		}
		if err := batch.Index("t"+strconv.Itoa(t.Number), textDoc{t.Text}); err != nil {
			return fmt.Errorf("index takeaway %d: %w", t.Number, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("load index: %w", err)
	}

	for _, terms := range append(append([]map[string]int{}, passageTerms...), takeawayTerms...) {
		for t := range terms {
			ix.vocab[t]++
		}
	}
	for term, forms := range formCount {
		best, n := "", 0
		for f, c := range forms {
			if c > n || (c == n && f < best) {
				best, n = f, c
			}
		}
		ix.stemForms[term] = best
	}
	ix.surfacesByLen = map[int][]string{}
	for s := range ix.surfaces {
		n := utf8.RuneCountInString(s)
		ix.surfacesByLen[n] = append(ix.surfacesByLen[n], s)
	}
	for _, list := range ix.surfacesByLen {
		sort.Strings(list)
	}
	for t := range ix.vocab {
		ix.terms = append(ix.terms, t)
	}
	sort.Strings(ix.terms)
	addNegatedBases(passageTerms, ix.vocab)
	addNegatedBases(takeawayTerms, ix.vocab)
	ix.takeawayTerms = takeawayTerms
	ix.units = append(append([]map[string]int{}, passageTerms...), takeawayTerms...)
	var raw [][]float64
	ix.affinity, raw = affinities(passageTerms, passageTerms, takeawayTerms)
	// The takeaways follow the passages before their list; a list at the
	// top of the article (nothing before it) sums up all of them.
	aligned := a.PassagesBeforeTakeaways
	if aligned == 0 {
		aligned = len(a.Passages)
	}
	for p, k := range alignTakeaways(raw, aligned) {
		if k >= 0 {
			ix.affinity[k][p] += alignmentBonus
		}
	}
	ix.support = supportingPassages(ix.affinity, raw)
	sentTerms := make([]map[string]int, len(ix.sents))
	for i, s := range ix.sents {
		sentTerms[i] = map[string]int{}
		for _, t := range s.tokens {
			sentTerms[i][t.term]++
		}
	}
	ix.sentTerms = sentTerms
	ix.quotes = map[string]bool{}
	addQuotes := func(toks []token) {
		for n := 2; n <= quoteWords; n++ {
			for i := 0; i+n <= len(toks); i++ {
				ix.quotes[joinTerms(toks[i:i+n])] = true
			}
		}
	}
	for _, s := range ix.sents {
		addQuotes(s.tokens)
	}
	for _, t := range a.Takeaways {
		addQuotes(ix.analyze(t.Text))
	}
	ix.sentAffinity, _ = affinities(sentTerms, passageTerms, takeawayTerms)
	ix.topics = ix.deriveTopics()
	return nil
}

// analyze runs the English analyzer over text and returns its tokens with
// their byte positions.
func (ix *Index) analyze(text string) []token {
	stream := ix.analyzer.Analyze([]byte(text))
	out := make([]token, 0, len(stream))
	for _, t := range stream {
		if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
			continue
		}
		out = append(out, token{term: string(t.Term), start: t.Start, end: t.End})
	}
	return out
}

// affinities scores how much each takeaway draws on each unit of text (a
// passage or a sentence): the cosine similarity of their TF-IDF vectors
// (IDF over the passages and takeaways), normalised so that each unit's best
// takeaway scores 1. raw holds the cosines before normalisation.
func affinities(units, passages, takeaways []map[string]int) (norm, raw [][]float64) {
	df := map[string]int{}
	for _, d := range append(append([]map[string]int{}, passages...), takeaways...) {
		for t := range d {
			df[t]++
		}
	}
	n := float64(len(passages) + len(takeaways))
	vec := func(d map[string]int) (map[string]float64, float64) {
		v := make(map[string]float64, len(d))
		var sq float64
		for t, c := range d {
			w := (1 + math.Log(float64(c))) * math.Log(1+n/float64(max(1, df[t])))
			v[t] = w
			sq += w * w
		}
		return v, math.Sqrt(sq)
	}
	uv := make([]map[string]float64, len(units))
	un := make([]float64, len(units))
	for i, u := range units {
		uv[i], un[i] = vec(u)
	}
	raw = make([][]float64, len(takeaways))
	norm = make([][]float64, len(takeaways))
	for k, t := range takeaways {
		tv, tn := vec(t)
		raw[k] = make([]float64, len(units))
		norm[k] = make([]float64, len(units))
		for i := range units {
			if tn == 0 || un[i] == 0 {
				continue
			}
			var dot float64
			for term, w := range tv {
				dot += w * uv[i][term]
			}
			raw[k][i] = dot / (tn * un[i])
		}
	}
	for i := range units {
		best := 0.0
		for k := range takeaways {
			best = math.Max(best, raw[k][i])
		}
		for k := range takeaways {
			if best > 0 {
				norm[k][i] = raw[k][i] / best
			}
		}
	}
	return norm, raw
}

// negationPrefixes turn a word into its opposite; "unmonitored" is still
// about monitoring.
var negationPrefixes = []string{"un", "non", "dis", "in", "im"}

// addNegatedBases adds to each term set the base of every negated term whose
// base the article also uses ("unmonitor" also counts as "monitor"), so that
// affinities see the shared topic.
func addNegatedBases(sets []map[string]int, vocab map[string]int) {
	for _, set := range sets {
		for t, c := range set {
			for _, pre := range negationPrefixes {
				base, ok := strings.CutPrefix(t, pre)
				if _, known := vocab[base]; ok && known && len(base) >= 4 && set[base] == 0 {
					set[base] = c
				}
			}
		}
	}
}

// alignmentBonus is added to the affinity of a takeaway and a passage that the
// article's order pairs (see alignTakeaways).
const alignmentBonus = 0.25

// newTakeawayShare is the reward for pairing one more takeaway, as a share of
// a passage's typical best similarity.
const newTakeawayShare = 0.3

// alignTakeaways pairs the passages before the takeaways list with the
// takeaways, keeping both in the article's order (key takeaways summarise an
// article from its beginning to its end): it returns for each passage the
// index of its takeaway, or -1, choosing the order-preserving pairing whose
// similarities (sim[k][p]) add up to the most. Passages after the list are
// left unpaired.
func alignTakeaways(sim [][]float64, before int) []int {
	k := len(sim)
	out := make([]int, 0, before)
	if k == 0 {
		for range before {
			out = append(out, -1)
		}
		return out
	}
	// dp[p][j] = best total for passages 0..p with the last pairing at
	// takeaway j (j = -1 encoded as index k: nothing paired yet).
	dp := make([][]float64, before+1)
	from := make([][]int, before+1)
	for p := range dp {
		dp[p] = make([]float64, k+1)
		from[p] = make([]int, k+1)
		for j := range dp[p] {
			dp[p][j] = math.Inf(-1)
		}
	}
	dp[0][k] = 0
	// Using one more takeaway earns a little: each takeaway summarises
	// something, so a pairing that gives every takeaway a passage is preferred
	// over one that is marginally closer.
	var meanBest float64
	for p := 0; p < before; p++ {
		best := 0.0
		for n := 0; n < k; n++ {
			best = math.Max(best, sim[n][p])
		}
		meanBest += best / float64(before)
	}
	newTakeaway := newTakeawayShare * meanBest
	for p := 0; p < before; p++ {
		for j := 0; j <= k; j++ {
			if math.IsInf(dp[p][j], -1) {
				continue
			}
			// Leave passage p unpaired.
			if dp[p][j] > dp[p+1][j] {
				dp[p+1][j], from[p+1][j] = dp[p][j], -1-j
			}
			// Pair it with takeaway n, no earlier than the last one paired.
			start := j
			if j == k {
				start = 0
			}
			for n := start; n < k; n++ {
				v := dp[p][j] + sim[n][p]
				if n != j {
					v += newTakeaway
				}
				if v > dp[p+1][n] {
					dp[p+1][n], from[p+1][n] = v, j
				}
			}
		}
	}
	bestJ := k
	for j := 0; j <= k; j++ {
		if dp[before][j] > dp[before][bestJ] {
			bestJ = j
		}
	}
	out = make([]int, before)
	for p, j := before, bestJ; p > 0; p-- {
		f := from[p][j]
		if f < 0 { // unpaired
			out[p-1] = -1
			j = -1 - f
			continue
		}
		out[p-1] = j
		j = f
	}
	return out
}

// supportingPassages lists, for each takeaway, the passages it draws on most,
// best first: those whose best takeaway it is, and those nearly as close to it
// as its closest passage.
func supportingPassages(norm, raw [][]float64) [][]int {
	support := make([][]int, len(raw))
	for k := range raw {
		best := 0.0
		for _, r := range raw[k] {
			best = math.Max(best, r)
		}
		var list []int
		for i, r := range raw[k] {
			if best > 0 && (norm[k][i] == 1 || r >= 0.6*best) {
				list = append(list, i+1)
			}
		}
		sort.SliceStable(list, func(a, b int) bool { return raw[k][list[a]-1] > raw[k][list[b]-1] })
		support[k] = list
	}
	return support
}

// deriveTopics picks, for each passage, its most distinctive phrase of one
// or two adjacent content words, spelled as the article spells it: what
// the article covers, to suggest when a question is not covered.
func (ix *Index) deriveTopics() []string {
	n := float64(len(ix.article.Passages))
	var topics []string
	used := map[string]bool{} // stems already in a topic
	for _, p := range ix.article.Passages {
		best, bestScore := "", 0.0
		var bestStems []string
		for _, s := range ix.sents {
			if s.passage != p.Number {
				continue
			}
			for _, run := range contentRuns(s) {
				for i := range run {
					score := 0.0
					var stems []string
					for j := i; j < len(run) && j < i+2; j++ {
						t := run[j]
						form := s.text[t.start:t.end]
						r, _ := utf8.DecodeRuneInString(form)
						if unicode.IsDigit(r) || len(form) < 3 || strings.HasSuffix(form, "ly") || used[t.term] {
							break // numbers, adverbs and what is taken make poor topics
						}
						word := strings.TrimSuffix(strings.TrimSuffix(form, "'s"), "’s")
						bare := strings.ToLower(word)
						if z, ok := zipf(bare); ok && z >= everydayZipf && word != strings.ToUpper(word) {
							break // "another", "people": words of any text (but "US" is a name)
						}
						participle := unicode.IsLower(r) && strings.HasSuffix(bare, "ed")
						if participle && j == i {
							break // "boosted China": a topic does not start on a participle
						}
						if j > i && ix.isName(run[i].term) != ix.isName(t.term) && !possessive(s.text[run[i].start:run[i].end]) {
							break // "botanist Akira", "China dominates": a name and a word are two topics ("DeepSeek's assertions" is one)
						}
						central := 1.0
						for _, tt := range ix.takeawayTerms {
							if tt[t.term] > 0 {
								central++
							}
						}
						score += central * math.Log(1+n/float64(ix.vocab[t.term])) * informativeness(strings.ToLower(form))
						stems = append(stems, t.term)
						if participle {
							continue // "enforced": nor end on one
						}
						if norm := score / math.Pow(float64(j-i+1), 0.8); norm > bestScore {
							best, bestScore = s.text[run[i].start:t.end], norm
							bestStems = append(bestStems[:0], stems...)
						}
					}
				}
			}
		}
		best = strings.TrimSuffix(strings.TrimSuffix(best, "'s"), "’s")
		if best != "" {
			for _, st := range bestStems {
				used[st] = true
			}
			topics = append(topics, best)
		}
	}
	return topics
}

// possessive reports whether a word ends with "'s".
func possessive(word string) bool {
	return strings.HasSuffix(word, "'s") || strings.HasSuffix(word, "’s")
}

// isName reports whether the article mostly writes a term with a capital:
// a name ("China", "US"), wherever a sentence starts.
func (ix *Index) isName(term string) bool {
	r, _ := utf8.DecodeRuneInString(ix.stemForms[term])
	return unicode.IsUpper(r)
}

// everydayZipf is the Zipf frequency from which a word is too common in
// everyday English ("another", "people") to name one of an article's topics.
const everydayZipf = 5.0

// contentRuns splits a sentence's tokens into runs of adjacent content words:
// words separated only by spaces or hyphens, with no stop word or
// punctuation between them.
func contentRuns(s sentence) [][]token {
	var runs [][]token
	var cur []token
	for i, t := range s.tokens {
		if i > 0 {
			gap := s.text[s.tokens[i-1].end:t.start]
			if strings.Trim(gap, " -") != "" || strings.Count(gap, " ") > 1 {
				if len(cur) > 0 {
					runs = append(runs, cur)
				}
				cur = nil
			}
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// addSynonyms analyzes the operator's synonym rules into stems.
func (ix *Index) addSynonyms(s *Synonyms) {
	if s == nil {
		return
	}
	ix.synonyms = map[string][][]string{}
	stems := func(phrase string) []string {
		var out []string
		for _, t := range ix.analyze(phrase) {
			out = append(out, t.term)
		}
		return out
	}
	for _, r := range s.rules {
		var to [][]string
		for _, p := range r.to {
			if st := stems(p); len(st) > 0 {
				to = append(to, st)
			}
		}
		for _, p := range r.from {
			st := stems(p)
			switch len(st) {
			case 0:
			case 1:
				ix.synonyms[st[0]] = append(ix.synonyms[st[0]], to...)
			default:
				ix.phraseSyn = append(ix.phraseSyn, phraseRule{from: st, to: to})
			}
		}
	}
}

// Article returns the article the index was built from.
func (ix *Index) Article() *corpus.Article { return ix.article }

// TakeawayPassages returns the passages that best support takeaway n, best
// first; nil when there is no such takeaway.
func (ix *Index) TakeawayPassages(n int) []int {
	if n < 1 || n > len(ix.support) {
		return nil
	}
	return append([]int(nil), ix.support[n-1]...)
}

// Topics returns short topics the article covers, one for each passage at
// most, in the article's order.
func (ix *Index) Topics() []string { return append([]string(nil), ix.topics...) }

// Close releases the index's resources.
func (ix *Index) Close() error {
	if ix.bleve == nil {
		return nil
	}
	return ix.bleve.Close()
}
