package index

import (
	"context"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	// maxQuestionBytes bounds the text analyzed for one question; a longer
	// question is answered on its beginning.
	maxQuestionBytes = 2000
	// minExcerptShare drops excerpts that score under this share of the
	// best one: they matched an incidental word only.
	minExcerptShare = 0.3
	// maxHits bounds the sentences, passages and takeaways one search returns.
	maxHits = 16
	// maxQueryTerms bounds the distinct words of a question that are searched.
	maxQueryTerms = 32

	// Match factors: how much a question word counts when it reaches the
	// article through something other than its own stem.
	factorExact       = 1.0
	factorOperatorSyn = 0.8
	factorTypo1       = 0.85
	// factorIrregular is for another form of an irregular verb ("fell" for
	// "fall"): the same word, unless it is a homograph ("left", "saw").
	factorIrregular = 0.85
	factorTypo2     = 0.6
	factorPrefix    = 0.6
	// factorRealWordTypo is for a rare English word one letter away from an
	// article word ("cold ware"): more likely a slip than meant.
	factorRealWordTypo = 0.6
	// maxRealWordTypoZipf: only words rarer than this (Zipf frequency) are
	// taken for slips of an article word.
	maxRealWordTypoZipf = 3.5
	factorThesaurus     = 0.55
	factorRelated       = 0.35 // a broader or narrower word

	// A question stem and an article stem that differ only by a suffix of at
	// most maxPrefixGap letters after a shared prefix of minPrefix letters or
	// more are taken for forms of one word ("product", "produc").
	minPrefix    = 5
	maxPrefixGap = 3

	// Abstention: the share of the question's informativeness that must
	// reach the article and one passage or takeaway of it, and the least
	// informativeness of the best match.
	minCoverage     = 0.45
	minUnitCoverage = 0.35
	minBestMatch    = 1.5
	// nameWeight multiplies the weight of a name (a capitalised word inside
	// the question) that the article lacks: names pin down a topic.
	nameWeight = 2.0
	// minUnmatchedWeight is the least weight of an article-less word that
	// makes a two-word question off-topic.
	minUnmatchedWeight = 1.5

	// Passage ranking: a passage's score is its best sentence's BM25 score
	// plus these shares of its own BM25 score and of the scores of the
	// takeaways that draw on it (with at least minTakeawayAffinity).
	passageWeight       = 0.5
	takeawayWeight      = 0.5
	minTakeawayAffinity = 0.5
	// coordBase is the part of a hit's score kept whatever share of the
	// question it matches.
	coordBase = 0.3

	// Takeaway choice: the weights of the best passages' affinity, of their
	// best sentences' affinity, and of the question's own match with the
	// takeaway; the second passage counts for this share of the first.
	passageAffinityWeight  = 1.0
	sentenceAffinityWeight = 0.5
	questionTakeawayWeight = 1.2
	secondPassageWeight    = 0.3
)

// acronymWeight is the least weight of an acronym the article uses ("US"),
// whatever the weight of the everyday word it spells.
const acronymWeight = 2.5

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
	name    bool    // written with a capital inside the question: a name
	surface string  // lower-case, as typed
	stem    string  // analyzed
	weight  float64 // informativeness
	alts    []alt   // article terms it reaches
	filler  bool    // a misspelt filler word ("articel"): not a content word after all
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
	if !ix.covered(terms) && !ix.quotesArticle(question) {
		ans.Suggestions = ix.Topics()
		return ans, nil
	}

	q, order := termsQuery(terms)
	matched := make(map[string]bool, len(order))
	for _, term := range order {
		matched[term] = true
	}
	sentHits, passHits, takeHits, err := ix.search(ctx, q)
	if err != nil {
		return Answer{}, err
	}
	ix.coordinate(terms, order, sentHits, ix.sentTerms, 0)
	ix.coordinate(terms, order, passHits, ix.units, 1)
	ranked := ix.rankPassages(sentHits, passHits, takeHits)
	if len(ranked) == 0 {
		ans.Suggestions = ix.Topics()
		return ans, nil
	}
	ans.Answered = true
	for i, r := range ranked {
		if i == top || r.score < minExcerptShare*ranked[0].score {
			break
		}
		ans.Excerpts = append(ans.Excerpts, ix.excerpt(r, sentHits, matched))
	}
	ans.Takeaway = ix.chooseTakeaway(ranked, ix.takeawayCoverage(terms))
	return ans, nil
}

// termsQuery returns the query for a question's terms: one term query for
// each article term reached, boosted by the best of the question words that
// reach it, and those terms in order.
func termsQuery(terms []queryTerm) (query.Query, []string) {
	boosts := map[string]float64{}
	var order []string
	for _, t := range terms {
		for _, a := range t.alts {
			b := a.factor * math.Sqrt(t.weight)
			if old, ok := boosts[a.term]; !ok {
				order = append(order, a.term)
				boosts[a.term] = b
			} else if b > old {
				boosts[a.term] = b
			}
		}
	}
	disjuncts := make([]query.Query, 0, len(order))
	for _, term := range order {
		q := query.NewTermQuery(term)
		q.SetField("text")
		q.SetBoost(boosts[term])
		disjuncts = append(disjuncts, q)
	}
	return query.NewDisjunctionQuery(disjuncts), order
}

// chatNoise matches what chat text carries that is not part of a question:
// Discord mentions (<@id>, <@!id>, <@&id>, <#id>, @everyone, @here), custom
// emoji (<:name:id>) and links.
var chatNoise = regexp.MustCompile(`<(?:@[!&]?|#|a?:\w+:)\d+>|@(?:everyone|here)\b|(?i:https?://|www\.)\S+`)

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
	if strings.ContainsAny(q, "<@") || strings.Contains(q, "http") || strings.Contains(q, "www.") {
		q = chatNoise.ReplaceAllString(q, " ")
	}
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
	toks := ix.analyzeQuestion(question)
	var terms []queryTerm
	seen := map[string]int{} // stem → index in terms
	var stems []string
	for _, tk := range toks {
		surface := strings.ToLower(question[tk.start:tk.end])
		surface = strings.TrimSuffix(strings.TrimSuffix(surface, "'s"), "’s")
		stems = append(stems, tk.term)
		if _, dup := seen[tk.term]; dup || fillerWords[surface] || ix.isStrayLetter(surface, tk.term) {
			continue
		}
		if len(terms) == maxQueryTerms {
			break
		}
		t := ix.resolveCached(surface, tk.term)
		if t.filler {
			continue
		}
		seen[tk.term] = len(terms)
		r, _ := utf8.DecodeRuneInString(question[tk.start:])
		t.name = tk.start > 0 && unicode.IsUpper(r)
		if word := question[tk.start:tk.end]; len(word) >= 2 && word == strings.ToUpper(word) && ix.stemForms[tk.term] == word {
			// An acronym the article writes the same way ("US"), not the
			// everyday word it spells ("us").
			t.name, t.weight = true, math.Max(t.weight, acronymWeight)
		}
		terms = append(terms, t)
	}
	ix.applyPhraseSynonyms(stems, terms)
	return ix.joinPhrases(stems, seen, terms)
}

// joinPhrases looks up each run of two or three question words in the
// thesaurus ("artificial intelligence" → "AI") and adds what it finds there
// to each word of the run.
func (ix *Index) joinPhrases(stems []string, pos map[string]int, terms []queryTerm) []queryTerm {
	for n := 3; n >= 2; n-- {
		for i := 0; i+n <= len(stems); i++ {
			key := strings.Join(stems[i:i+n], "_")
			phrase := ix.phraseCached(key)
			if len(phrase.alts) == 0 {
				continue
			}
			for _, s := range stems[i : i+n] {
				j, ok := pos[s]
				if !ok {
					continue
				}
				for _, a := range phrase.alts {
					terms[j].addAlt(a.term, a.factor)
				}
			}
		}
	}
	return terms
}

// maxCachedWords bounds the words and phrases whose resolution an index
// remembers; past it, words are resolved afresh each time.
const maxCachedWords = 20000

// resolveCached is resolve, remembered: the words members use about one
// article repeat a great deal. It returns a copy that the caller may change.
func (ix *Index) resolveCached(surface, stem string) queryTerm {
	key := surface + "\x00" + stem
	if v, ok := ix.resolved.Load(key); ok {
		return v.(queryTerm).clone()
	}
	t := ix.resolve(surface, stem)
	if ix.cached.Add(1) <= maxCachedWords {
		ix.resolved.Store(key, t.clone())
	}
	return t
}

// phraseCached returns the article terms that the thesaurus gives for a
// phrase key (stems joined by "_"), remembered like resolveCached.
func (ix *Index) phraseCached(key string) queryTerm {
	if v, ok := ix.resolved.Load(key); ok {
		return v.(queryTerm)
	}
	var t queryTerm
	if _, ok := thesaurus().lookup(key); ok {
		ix.addThesaurus(&t, key)
	}
	if ix.cached.Add(1) <= maxCachedWords {
		ix.resolved.Store(key, t)
	}
	return t
}

func (t queryTerm) clone() queryTerm {
	t.alts = append([]alt(nil), t.alts...)
	return t
}

// resolve finds the article terms that a question word reaches: its own stem
// and operator synonyms; failing those, typo corrections (only for words
// that are not English words), stems that differ by a short suffix, and
// thesaurus synonyms.
func (ix *Index) resolve(surface, stem string) queryTerm {
	t := queryTerm{surface: surface, stem: stem, weight: informativeness(surface)}
	if isNumber(stem) {
		t.weight = 1.5
	}
	add := func(term string, f float64) {
		if _, ok := ix.vocab[term]; ok {
			t.addAlt(term, f)
		}
	}
	add(stem, factorExact)
	for _, form := range irregularForms(stem) {
		add(form, factorIrregular)
	}
	for _, phrase := range ix.synonyms[stem] {
		for _, s := range phrase {
			add(s, factorOperatorSyn)
		}
	}
	if len(t.alts) > 0 {
		return t
	}
	if n := utf8.RuneCountInString(surface); n >= 4 {
		z, english := zipf(surface)
		switch {
		case !english: // not a word: a typo of an article word?
			for l := n - 2; l <= n+2; l++ {
				for _, s := range ix.surfacesByLen[l] {
					if d := editDistance(surface, s, 2); d == 1 {
						add(ix.surfaces[s], factorTypo1)
					} else if d == 2 && n >= 8 {
						add(ix.surfaces[s], factorTypo2)
					}
				}
			}
		case z < maxRealWordTypoZipf: // a rare word one letter off an article word
			for l := n - 1; l <= n+1; l++ {
				for _, s := range ix.surfacesByLen[l] {
					if editDistance(surface, s, 1) == 1 {
						add(ix.surfaces[s], factorRealWordTypo)
					}
				}
			}
		}
	}
	if len(stem) >= minPrefix {
		// Article terms that extend this stem, or that it extends, by a few letters.
		i := sort.SearchStrings(ix.terms, stem)
		for ; i < len(ix.terms) && strings.HasPrefix(ix.terms[i], stem); i++ {
			if len(ix.terms[i])-len(stem) <= maxPrefixGap {
				add(ix.terms[i], factorPrefix)
			}
		}
		for l := max(minPrefix, len(stem)-maxPrefixGap); l < len(stem); l++ {
			add(stem[:l], factorPrefix)
		}
	}
	ix.addThesaurus(&t, stem)
	if len(t.alts) == 0 {
		ix.resolveMisspelling(&t)
	}
	return t
}

// resolveMisspelling resolves a word that is not an English word and that
// reaches nothing in the article through the English word it most likely
// misspells ("emisions" for "emissions"): the most common word one edit
// away, whose own matches (its stem, synonyms, thesaurus) count as typo
// matches. The word keeps the weight of an unknown word: a correction that
// reaches nothing ("iphone" read as "phone") must not make the question
// look more covered than it is. A name the dictionary lacks ("Zelensky")
// has no such neighbour and stays as it is.
func (ix *Index) resolveMisspelling(t *queryTerm) {
	if _, english := zipf(t.surface); english || isNumber(t.surface) {
		return
	}
	word, ok := misspelled(t.surface)
	if !ok {
		return
	}
	if fillerWords[word] {
		t.filler = true
		return
	}
	toks := ix.analyze(word)
	if len(toks) != 1 { // a stop word: nothing to reach
		return
	}
	for _, a := range ix.resolve(word, toks[0].term).alts {
		t.addAlt(a.term, a.factor*factorTypo1)
	}
}

// addThesaurus adds the article terms that the thesaurus gives as synonyms of
// key (a stem, or the "_"-joined stems of a phrase). A synonym that is a
// phrase counts only when all its words are in the article.
func (ix *Index) addThesaurus(t *queryTerm, key string) {
	for _, syn := range thesaurusSynonyms(key) {
		factor := factorThesaurus
		if rest, ok := strings.CutPrefix(syn, "~"); ok {
			syn, factor = rest, factorRelated
		}
		parts := strings.Split(syn, "_")
		all := true
		for _, p := range parts {
			if _, ok := ix.vocab[p]; !ok {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		for _, p := range parts {
			t.addAlt(p, factor)
		}
	}
}

// addAlt adds an article term with a match factor, keeping the best factor.
func (t *queryTerm) addAlt(term string, f float64) {
	for i, a := range t.alts {
		if a.term == term {
			t.alts[i].factor = math.Max(a.factor, f)
			return
		}
	}
	t.alts = append(t.alts, alt{term, f})
}

// applyPhraseSynonyms adds the targets of operator rules whose trigger is a
// phrase of several words found in the question.
func (ix *Index) applyPhraseSynonyms(stems []string, terms []queryTerm) {
	if len(ix.phraseSyn) == 0 || len(terms) == 0 {
		return
	}
	for _, r := range ix.phraseSyn {
		for i := 0; i+len(r.from) <= len(stems); i++ {
			if !slices.Equal(stems[i:i+len(r.from)], r.from) {
				continue
			}
			// Credit the phrase's targets to its first content word.
			for ti := range terms {
				if terms[ti].stem != r.from[0] {
					continue
				}
				for _, phrase := range r.to {
					for _, s := range phrase {
						if _, ok := ix.vocab[s]; ok {
							terms[ti].addAlt(s, factorOperatorSyn)
						}
					}
				}
			}
		}
	}
}

// covered decides whether the article answers a question. Enough of the
// question's informativeness must reach the article (minCoverage) and one
// passage or takeaway of it (minUnitCoverage), the best-matched word must say
// more than an everyday word does (minBestMatch), and a two-word question
// must have both words in the article.
func (ix *Index) covered(terms []queryTerm) bool {
	var total, reached, best float64
	unmatched := 0
	for _, t := range terms {
		w := t.weight
		if t.name && t.best() == 0 {
			w *= nameWeight
		}
		total += w
		r := w * t.best()
		reached += r
		best = math.Max(best, r)
		if t.best() == 0 && t.weight >= minUnmatchedWeight {
			unmatched++
		}
	}
	if total == 0 || reached/total < minCoverage || best < minBestMatch {
		return false
	}
	// A question of two words, one of which the article lacks, asks about
	// something else that shares a word with it ("the population of
	// Canada"), unless the word it lacks says something (a verb or an
	// adjective) about the other: "did the sanctions fail?", "could
	// hospitals adopt it?".
	if len(terms) == 2 && unmatched > 0 && !ix.predicateOfTopic(terms) {
		return false
	}
	for _, unit := range ix.units {
		if unitCoverage(terms, unit)/total >= minUnitCoverage {
			return true
		}
	}
	return false
}

// quoteWords is how many consecutive content words of the article a
// question must repeat to be about the article whatever else it holds.
const quoteWords = 3

// quotesArticle reports whether a question quotes the article: it repeats
// quoteWords consecutive content words of one of its sentences or takeaways
// ("does hard rock mining emit more CO2?" quoting "hard-rock mining"), or its
// content words are two that the article has side by side ("water use").
// Such a question is about the article even when its other words reach
// nothing in it, or when it has only everyday words. No off-topic question
// of the project's sets quotes the article either way.
func (ix *Index) quotesArticle(question string) bool {
	toks := ix.analyzeQuestion(question)
	for i := 0; i+quoteWords <= len(toks); i++ {
		if ix.quotes[joinTerms(toks[i:i+quoteWords])] {
			return true
		}
	}
	content := toks[:0:0]
	for _, t := range toks {
		if !fillerWords[strings.ToLower(question[t.start:t.end])] {
			content = append(content, t)
		}
	}
	return len(content) == 2 && ix.quotes[joinTerms(content)]
}

// joinTerms joins the terms of tokens with spaces.
func joinTerms(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.term)
	}
	return b.String()
}

// predicateOfTopic reports whether a question of two terms is a term the
// article has and a word it lacks that is a verb or an adjective (not a
// name): a question about one of the article's topics ("did the sanctions
// fail?", "why are bees dying?").
func (ix *Index) predicateOfTopic(terms []queryTerm) bool {
	for _, t := range terms {
		if t.best() == 0 && (t.name || !isPredicate(t.surface)) {
			return false
		}
	}
	return true
}

// isPredicate reports whether a word is usually a verb, an adjective or an
// adverb: in a question it says something about a topic rather than name
// one.
func isPredicate(word string) bool {
	switch partOfSpeech(word) {
	case 'v', 'a', 'r':
		return true
	}
	return false
}

// unitCoverage returns the informativeness of the question's words that
// reach one unit of text (the set of its terms), each counted with its best
// match factor there.
func unitCoverage(terms []queryTerm, unit map[string]int) float64 {
	var r float64
	for _, t := range terms {
		f := 0.0
		for _, a := range t.alts {
			if unit[a.term] > 0 {
				f = math.Max(f, a.factor)
			}
		}
		r += t.weight * f
	}
	return r
}

// coordinate replaces bleve's coordination of each hit's score (the share
// of the query's term clauses the text matches, which counts a question word
// twice when two of its forms match) by the share of the question's
// informativeness that the text reaches, so that a text matching most of a
// question beats one that matches one word of it many times. clauses are the
// query's terms; hit i is the text units[i-first].
func (ix *Index) coordinate(terms []queryTerm, clauses []string, hits map[int]float64, units []map[string]int, first int) {
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	for i, s := range hits {
		unit := units[i-first]
		matched := 0
		for _, c := range clauses {
			if unit[c] > 0 {
				matched++
			}
		}
		if matched > 0 {
			s *= float64(len(clauses)) / float64(matched)
		}
		hits[i] = s * (coordBase + unitCoverage(terms, unit)/total)
	}
}

type rankedPassage struct {
	number   int
	score    float64
	sentence int // index of its best-matching sentence, or -1
}

// rankPassages combines the passage's own BM25 score with its best sentence's,
// so that a passage wins by answering in one place and by its breadth.
func (ix *Index) rankPassages(sentHits, passHits, takeHits map[int]float64) []rankedPassage {
	scores := map[int]float64{}
	bestSent := map[int]int{}
	for i, s := range sentHits {
		p := ix.sents[i].passage
		if j, ok := bestSent[p]; !ok || s > sentHits[j] || (s == sentHits[j] && i < j) {
			bestSent[p] = i
			scores[p] = s
		}
	}
	for p, s := range passHits {
		scores[p] += passageWeight * s
	}
	// A question that matches a takeaway is about the passages it draws on.
	for k, s := range takeHits {
		for p, a := range ix.affinity[k-1] {
			if a >= minTakeawayAffinity {
				scores[p+1] += takeawayWeight * s * a
			}
		}
	}
	var out []rankedPassage
	for p, s := range scores {
		r := rankedPassage{number: p, score: s, sentence: -1}
		if i, ok := bestSent[p]; ok {
			r.sentence = i
		}
		out = append(out, r)
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
	best, bestScore := r.sentence, sentHits[r.sentence]
	if best < 0 { // the passage matched through a takeaway only; take its first sentence
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

// takeawayCoverage returns, for each takeaway, the share of the question's
// informativeness that its words reach.
func (ix *Index) takeawayCoverage(terms []queryTerm) []float64 {
	out := make([]float64, len(ix.takeawayTerms))
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	if total == 0 {
		return out
	}
	for k, tt := range ix.takeawayTerms {
		out[k] = unitCoverage(terms, tt) / total
	}
	return out
}

// chooseTakeaway picks the takeaway that best fits the answer: the one the
// best passages and their best-matching sentences draw on, and that the
// question itself matches.
func (ix *Index) chooseTakeaway(ranked []rankedPassage, coverage []float64) *Takeaway {
	a := ix.article
	if len(a.Takeaways) == 0 || len(ranked) == 0 {
		return nil
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
				w = secondPassageWeight * r.score / top
			}
			score += w * passageAffinityWeight * ix.affinity[k][r.number-1]
			if r.sentence >= 0 {
				score += w * sentenceAffinityWeight * ix.sentAffinity[k][r.sentence]
			}
		}
		score += questionTakeawayWeight * coverage[k] * coverage[k]
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	t := a.Takeaways[best]
	return &Takeaway{Number: t.Number, Text: t.Text, Passages: ix.TakeawayPassages(t.Number)}
}

// isStrayLetter reports whether a word is a single letter that the article
// does not use as a word ("x" in "**x**", "b)"): in a question it is a
// variable, a list mark or a slip, not a topic. A letter the article uses
// ("Ideal X") is kept.
func (ix *Index) isStrayLetter(w, term string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if n != len(w) || !unicode.IsLetter(r) {
		return false
	}
	_, used := ix.vocab[term]
	return !used
}
