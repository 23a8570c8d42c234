package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	// maxQuestionBytes bounds the text analyzed for one question; a longer
	// question is answered on its beginning.
	maxQuestionBytes = 2000
	// maxQueryTerms bounds the distinct words of a question that are searched.
	maxQueryTerms = 32

	// Match factors: how much a question word counts when it reaches the
	// article through something other than its own stem.
	factorExact       = 1.0
	factorOperatorSyn = 0.9
	factorTypo1       = 0.85
	factorTypo2       = 0.6
	factorPrefix      = 0.6
	factorThesaurus   = 0.55

	// Abstention: the share of the question's informativeness that must
	// reach the article, and the least informativeness of the best match.
	minCoverage  = 0.5
	minBestMatch = 1.0
)

// fillerWords are words of asking rather than of topic ("What does the
// article say about …"): they are not searched and not weighed.
var fillerWords = map[string]bool{
	"article": true, "articles": true, "author": true, "text": true, "passage": true, "story": true, "piece": true,
	"say": true, "says": true, "said": true, "saying": true, "tell": true, "tells": true, "told": true,
	"mention": true, "mentions": true, "mentioned": true, "explain": true, "explains": true, "describe": true,
	"describes": true, "discuss": true, "discusses": true, "according": true, "talk": true, "talks": true,
	"many": true, "much": true, "also": true, "would": true, "could": true, "may": true, "might": true,
	"can": true, "will": true, "shall": true, "get": true, "gets": true, "got": true, "really": true,
	"please": true, "thing": true, "things": true, "kind": true, "sort": true, "anything": true,
	"something": true, "someone": true, "somebody": true, "whose": true, "whom": true, "yes": true,
	"hi": true, "hello": true, "hey": true, "thanks": true, "thank": true, "know": true, "main": true,
	"point": true, "points": true, "mean": true, "means": true, "called": true,
}

// queryTerm is one distinct content word of a question.
type queryTerm struct {
	surface string  // lower-case, as typed
	weight  float64 // informativeness
	alts    []alt   // article terms it reaches
}

type alt struct {
	term   string
	factor float64
}

func (q queryTerm) best() float64 {
	b := 0.0
	for _, a := range q.alts {
		b = math.Max(b, a.factor)
	}
	return b
}

// Answer answers a question about the article with at most top excerpts
// (top < 1 means 3). Any text is accepted: empty, huge, invalid UTF-8 or
// query-syntax characters all get an Answer, with Answered false when the
// article does not cover the question. The error is non-nil only when ctx
// ends or the index fails.
func (ix *Index) Answer(ctx context.Context, question string, top int) (Answer, error) {
	if top < 1 {
		top = 3
	}
	question = cleanQuestion(question)
	ans := Answer{Question: question}
	terms := ix.queryTerms(question)
	if !covered(terms) {
		ans.Suggestions = ix.Topics()
		return ans, nil
	}

	disjuncts := make([]query.Query, 0, len(terms)*2)
	matched := map[string]bool{}
	for _, t := range terms {
		for _, a := range t.alts {
			q := query.NewTermQuery(a.term)
			q.SetField("text")
			q.SetBoost(a.factor * math.Sqrt(t.weight))
			disjuncts = append(disjuncts, q)
			matched[a.term] = true
		}
	}
	q := query.NewDisjunctionQuery(disjuncts)

	sentHits, err := search(ctx, ix.sentences, q, len(ix.sents))
	if err != nil {
		return Answer{}, err
	}
	passHits, err := search(ctx, ix.passages, q, len(ix.article.Passages))
	if err != nil {
		return Answer{}, err
	}
	var takeHits map[int]float64
	if len(ix.article.Takeaways) > 0 {
		if takeHits, err = search(ctx, ix.takeaways, q, len(ix.article.Takeaways)); err != nil {
			return Answer{}, err
		}
	}

	ranked := ix.rankPassages(sentHits, passHits)
	if len(ranked) == 0 {
		ans.Suggestions = ix.Topics()
		return ans, nil
	}
	ans.Answered = true
	for i, r := range ranked {
		if i == top {
			break
		}
		ans.Excerpts = append(ans.Excerpts, ix.excerpt(r, sentHits, matched))
	}
	ans.Takeaway = ix.chooseTakeaway(ranked, takeHits)
	return ans, nil
}

// cleanQuestion makes any text safe to analyze: valid UTF-8, no control
// characters, bounded length.
func cleanQuestion(q string) string {
	q = strings.ToValidUTF8(q, "\uFFFD")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	q = strings.TrimSpace(q)
	if len(q) > maxQuestionBytes {
		cut := maxQuestionBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	return q
}

// queryTerms turns a question into its distinct content words, each resolved
// to the article terms it reaches: its own stem, an operator synonym, a typo
// correction, a shared stem prefix or a thesaurus synonym.
func (ix *Index) queryTerms(question string) []queryTerm {
	toks := ix.analyze(question)
	var terms []queryTerm
	seen := map[string]bool{}
	var stems []string
	for _, tk := range toks {
		surface := strings.ToLower(question[tk.start:tk.end])
		stems = append(stems, tk.term)
		if fillerWords[surface] || seen[tk.term] {
			continue
		}
		seen[tk.term] = true
		if len(terms) == maxQueryTerms {
			break
		}
		terms = append(terms, ix.resolve(surface, tk.term))
	}
	ix.applyPhraseSynonyms(stems, terms)
	return terms
}

func (ix *Index) resolve(surface, stem string) queryTerm {
	t := queryTerm{surface: surface, weight: informativeness(surface)}
	if isNumber(stem) {
		t.weight = 1.5
	}
	add := func(term string, f float64) {
		if _, ok := ix.vocab[term]; !ok {
			return
		}
		for i, a := range t.alts {
			if a.term == term {
				t.alts[i].factor = math.Max(a.factor, f)
				return
			}
		}
		t.alts = append(t.alts, alt{term, f})
	}
	add(stem, factorExact)
	for _, phrase := range ix.synonyms[stem] {
		for _, s := range phrase {
			add(s, factorOperatorSyn)
		}
	}
	if len(t.alts) > 0 {
		return t
	}
	if !isEnglishWord(surface) && utf8.RuneCountInString(surface) >= 4 {
		for _, s := range ix.surfaceList {
			if d := editDistance(surface, s, 2); d == 1 {
				add(ix.surfaces[s], factorTypo1)
			} else if d == 2 && len(surface) >= 8 {
				add(ix.surfaces[s], factorTypo2)
			}
		}
	}
	if len(stem) >= 5 {
		for s := range ix.vocab {
			short, long := s, stem
			if len(short) > len(long) {
				short, long = long, short
			}
			if len(short) >= 5 && strings.HasPrefix(long, short) && len(long)-len(short) <= 3 {
				add(s, factorPrefix)
			}
		}
	}
	for _, s := range thesaurusSynonyms(stem) {
		add(s, factorThesaurus)
	}
	return t
}

// applyPhraseSynonyms adds the targets of operator rules whose trigger is a
// phrase of several words found in the question.
func (ix *Index) applyPhraseSynonyms(stems []string, terms []queryTerm) {
	if len(ix.phraseSyn) == 0 || len(terms) == 0 {
		return
	}
	for _, r := range ix.phraseSyn {
		for i := 0; i+len(r.from) <= len(stems); i++ {
			if !equalStrings(stems[i:i+len(r.from)], r.from) {
				continue
			}
			// Credit the phrase's targets to its first content word.
			for ti := range terms {
				if ix.analyzeOne(terms[ti].surface) != r.from[0] {
					continue
				}
				for _, phrase := range r.to {
					for _, s := range phrase {
						if _, ok := ix.vocab[s]; ok {
							terms[ti].alts = append(terms[ti].alts, alt{s, factorOperatorSyn})
						}
					}
				}
			}
		}
	}
}

func (ix *Index) analyzeOne(word string) string {
	if toks := ix.analyze(word); len(toks) > 0 {
		return toks[0].term
	}
	return ""
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// covered decides whether the article answers a question: enough of the
// question's informative words must reach the article, and at least one
// that says something more than an everyday word.
func covered(terms []queryTerm) bool {
	var total, reached, best float64
	for _, t := range terms {
		total += t.weight
		r := t.weight * t.best()
		reached += r
		best = math.Max(best, r)
	}
	if total == 0 {
		return false
	}
	return reached/total >= minCoverage && best >= minBestMatch
}

// search runs q over one index and returns the scores by document number.
func search(ctx context.Context, idx bleve.Index, q query.Query, size int) (map[int]float64, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make(map[int]float64, len(res.Hits))
	for _, h := range res.Hits {
		n, err := strconv.Atoi(h.ID)
		if err != nil {
			return nil, fmt.Errorf("search: bad document id %q", h.ID)
		}
		out[n] = h.Score
	}
	return out, nil
}

type rankedPassage struct {
	number int
	score  float64
}

// rankPassages combines the passage's own BM25 score with its best sentence's,
// so that a passage wins by answering in one place and by its breadth.
func (ix *Index) rankPassages(sentHits, passHits map[int]float64) []rankedPassage {
	bestSent := map[int]float64{}
	for i, s := range sentHits {
		p := ix.sents[i].passage
		bestSent[p] = math.Max(bestSent[p], s)
	}
	var out []rankedPassage
	for p, s := range passHits {
		out = append(out, rankedPassage{number: p, score: bestSent[p] + 0.5*s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].number < out[j].number
	})
	return out
}

// excerpt picks the passage's best sentence, with its neighbour when that
// matches nearly as well, and marks the matched words.
func (ix *Index) excerpt(r rankedPassage, sentHits map[int]float64, matched map[string]bool) Excerpt {
	best, bestScore := -1, -1.0
	for i, s := range ix.sents {
		if s.passage != r.number {
			continue
		}
		if sc, ok := sentHits[i]; ok && sc > bestScore {
			best, bestScore = i, sc
		}
	}
	if best < 0 { // the passage matched as a whole only; take its first sentence
		for i, s := range ix.sents {
			if s.passage == r.number {
				best = i
				break
			}
		}
	}
	idxs := []int{best}
	if n := best + 1; n < len(ix.sents) && ix.sents[n].passage == r.number && sentHits[n] >= 0.8*bestScore && bestScore > 0 {
		idxs = append(idxs, n)
	}
	var text strings.Builder
	var spans []Span
	for _, i := range idxs {
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		off := text.Len()
		s := ix.sents[i]
		text.WriteString(s.text)
		for _, t := range s.tokens {
			if matched[t.term] {
				spans = append(spans, Span{off + t.start, off + t.end})
			}
		}
	}
	return Excerpt{Passage: r.number, Text: text.String(), Score: r.score, Highlights: spans}
}

// chooseTakeaway picks the takeaway that best fits the answering passages
// (through their affinities) and the question itself.
func (ix *Index) chooseTakeaway(ranked []rankedPassage, takeHits map[int]float64) *Takeaway {
	a := ix.article
	if len(a.Takeaways) == 0 || len(ranked) == 0 {
		return nil
	}
	maxHit := 0.0
	for _, s := range takeHits {
		maxHit = math.Max(maxHit, s)
	}
	top := ranked[0].score
	best, bestScore := 0, -1.0
	for k := range a.Takeaways {
		score := 0.0
		for i, r := range ranked {
			if i == 2 {
				break
			}
			w := 1.0
			if i > 0 {
				w = 0.3 * r.score / top
			}
			score += w * ix.affinity[k][r.number-1]
		}
		if maxHit > 0 {
			score += 0.6 * takeHits[k+1] / maxHit
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	t := a.Takeaways[best]
	return &Takeaway{Number: t.Number, Text: t.Text, Passages: ix.TakeawayPassages(t.Number)}
}
