package index

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/chat"
	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/prose"
)

// Stage 2, expand: each word of a question is resolved to the article terms
// it reaches, and how: its own stem, another form of the word, a synonym, a
// related word or a typo correction. A word that reaches nothing stays in
// the query: what the article lacks counts when deciding to decline.

// via is how a question word reaches an article term.
type via uint8

const (
	viaStem    via = iota // its own stem
	viaForm               // another form of the word: an irregular verb, a shared stem, a derivation
	viaSynonym            // the operator's synonyms list or the thesaurus
	viaRelated            // a broader or narrower word
	viaTypo               // a correction of a typo
	numVias
)

// Match factors: how much a question word counts when it reaches the article
// through something other than its own stem.
const (
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
	// factorSynonymBeside is for a thesaurus synonym of a word the article
	// also has as itself ("arrived" for "reach"): the member may well mean
	// the word, so the synonym counts for less than one of a word the
	// article lacks. (Not tuned finely: with the weights before their
	// refit, 0.2, 0.3 and 0.4 ranked the Wikipedia set alike.)
	factorSynonymBeside = 0.3
	factorRelated       = 0.35 // a broader or narrower word
	// factorSpelling is for the same word spelt the British or the
	// American way ("labour" for "labor").
	factorSpelling = 0.95
	// factorDerived is for a derivationally related word ("safety" for
	// "safer", "suspended" for "suspension").
	factorDerived = 0.75
	// factorCompound is for the parts of a compound ("rain", "forest" for
	// "rainforest") and a compound for its parts.
	factorCompound = 0.75
	// factorGloss is for a word of an article word's definition ("planet"
	// for "Mars"), or an article word of the question word's: a hint of a
	// description, not a match; maxGlossAlts bounds the article words one
	// question word reaches that way.
	factorGloss  = 0.3
	maxGlossAlts = 6
	// factorMeaning times the cosine of two stems in the relatedness model
	// (package english) is for an article word close in meaning to the question
	// word ("asphalt" for "tarmac"), at least minRelatedCosine close; a
	// question word reaches at most maxRelatedAlts article words that way,
	// of minRelatedLen letters or more.
	factorMeaning    = 0.5
	minRelatedCosine = 0.55
	maxRelatedAlts   = 4
	minRelatedLen    = 3
	// minNearCosine and maxNear bound the article terms kept as a word's
	// near meanings (term.near).
	minNearCosine = 0.3
	maxNear       = 8
	// minGlossWeight is the least weight of a word looked up in
	// definitions: an everyday word ("actually") is in too many.
	minGlossWeight = 2.0

	// A question stem and an article stem that differ only by a suffix of at
	// most maxPrefixGap letters after a shared prefix of minPrefix letters or
	// more are taken for forms of one word ("product", "produc").
	minPrefix    = 5
	maxPrefixGap = 3
)

// query is a question whose words are resolved to article terms: the input
// of the retrieve stage.
type query struct {
	question
	terms []term // one for each of question.words
}

// term is a question word and the article terms it reaches.
type term struct {
	queryWord
	alts []alt
	// filler reports a misspelt filler word ("articel"): not a content word
	// after all.
	filler bool
	// near are the article terms closest in meaning to a word that does
	// not reach the article as itself, each with its cosine in the
	// relatedness model as the factor: evidence for the meaning features
	// only, not a match.
	near []alt
}

// alt is an article term a question word reaches.
type alt struct {
	term   string
	factor float64
	kind   via
}

// best returns the best factor of the word's matches, 0 when it reaches
// nothing.
func (t term) best() float64 {
	b := 0.0
	for _, a := range t.alts {
		b = math.Max(b, a.factor)
	}
	return b
}

// factorIn returns the best factor and its kind with which the word reaches
// a text whose terms are unit.
func (t term) factorIn(unit map[string]int) (float64, via) {
	f, k := 0.0, viaStem
	for _, a := range t.alts {
		if a.factor > f && unit[a.term] > 0 {
			f, k = a.factor, a.kind
		}
	}
	return f, k
}

// expand resolves each word of q.
func (ix *Index) expand(q question) query {
	out := query{question: q, terms: make([]term, 0, len(q.words))}
	for _, w := range q.words {
		t := ix.resolveCached(w.surface, w.stem)
		t.queryWord = w
		out.terms = append(out.terms, t)
	}
	stems := q.stems()
	ix.applyPhraseSynonyms(stems, out.terms)
	ix.joinPhrases(q, out.terms)
	ix.joinCompounds(q, out.terms)
	// A misspelt filler word is left out, like the filler it misspells, and
	// so is a word of the article's title that its text never uses
	// ("Frédéric" in a question on "# Frédéric Chopin", whose text says
	// "Chopin"): it names what the whole article is about, which tells no
	// passage from another and is no sign of another topic. A question of
	// such words alone keeps them.
	kept := out.terms[:0]
	remap := make([]int, len(out.terms))
	titleOnly := 0
	for _, t := range out.terms {
		if ix.titleOnly[t.stem] {
			titleOnly++
		}
	}
	for i, t := range out.terms {
		remap[i] = -1
		if !t.filler && !(ix.titleOnly[t.stem] && titleOnly < len(out.terms)) {
			remap[i] = len(kept)
			kept = append(kept, t)
		}
	}
	if len(kept) < len(remap) {
		out.terms = kept
		out.words = make([]queryWord, len(kept))
		for i, t := range kept {
			out.words[i] = t.queryWord
		}
		order := make([]int, len(q.order))
		for i, w := range q.order {
			order[i] = -1
			if w >= 0 {
				order[i] = remap[w]
			}
		}
		out.order = order
	}
	return out
}

// tells reports whether a word of the query that says something
// (meaningfulWeight) reaches the article.
func (q query) tells() bool {
	for _, t := range q.terms {
		if t.weight*t.best() >= meaningfulWeight {
			return true
		}
	}
	return false
}

// stems returns the stem of each content token of q in order ("" for a word
// not searched).
func (q question) stems() []string {
	out := make([]string, len(q.order))
	for i, w := range q.order {
		if w >= 0 {
			out[i] = q.words[w].stem
		}
	}
	return out
}

// joinPhrases looks up each run of two or three question words in the
// thesaurus ("artificial intelligence" → "AI") and adds what it finds there
// to each word of the run.
func (ix *Index) joinPhrases(q question, terms []term) {
	stems := q.stems()
	for n := 3; n >= 2; n-- {
		for i := 0; i+n <= len(stems); i++ {
			if slices.Contains(stems[i:i+n], "") {
				continue
			}
			phrase := ix.phraseCached(strings.Join(stems[i:i+n], "_"))
			if len(phrase.alts) == 0 {
				continue
			}
			for _, w := range q.order[i : i+n] {
				for _, a := range phrase.alts {
					terms[w].addAlt(a)
				}
			}
		}
	}
}

// joinCompounds gives two adjacent words of the question that write a
// compound the article has ("car sharing" for "carsharing", "e-book" for
// "ebook") that compound.
func (ix *Index) joinCompounds(q question, terms []term) {
	for i := 1; i < len(q.surfaces); i++ {
		compound := ix.compoundCached(q.surfaces[i-1], q.surfaces[i])
		if compound == "" {
			continue
		}
		for _, w := range q.order[i-1 : i+1] {
			if w >= 0 {
				terms[w].addAlt(alt{compound, factorCompound, viaForm})
			}
		}
	}
}

// compoundCached returns the article term of the compound that two words
// write, or "", remembered like resolveCached.
func (ix *Index) compoundCached(first, second string) string {
	if v, ok := ix.compounds.load(first + " " + second); ok {
		return v
	}
	compound := ""
	if joined, ok := english.CompoundJoin(first, second); ok {
		if toks := ix.analyzer.Analyze(joined); len(toks) == 1 && ix.inVocab(toks[0].Term) {
			compound = toks[0].Term
		}
	}
	remember(ix, &ix.compounds, first+" "+second, compound)
	return compound
}

// inVocab reports whether the article has a term.
func (ix *Index) inVocab(term string) bool {
	_, ok := ix.vocab[term]
	return ok
}

// maxCachedWords bounds the words and phrases whose resolution an index
// remembers; past it, words are resolved afresh each time.
const maxCachedWords = 20000

// memo is a map of what the index remembers about question words, safe for
// concurrent use. A lookup allocates nothing: its key can be built on the
// stack ("surface\x00stem"), where a sync.Map's would be boxed.
type memo[T any] struct {
	mu sync.RWMutex
	m  map[string]T
}

func (c *memo[T]) load(key string) (T, bool) {
	c.mu.RLock()
	v, ok := c.m[key]
	c.mu.RUnlock()
	return v, ok
}

// remember stores v under key in c while the index remembers fewer than
// maxCachedWords entries in all.
func remember[T any](ix *Index, c *memo[T], key string, v T) {
	if ix.cached.Add(1) > maxCachedWords {
		return
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]T{}
	}
	c.m[key] = v
	c.mu.Unlock()
}

// resolveCached is resolve, remembered: the words members use about one
// article repeat a great deal. It returns a copy that the caller may change.
func (ix *Index) resolveCached(surface, stem string) term {
	if v, ok := ix.resolved.load(surface + "\x00" + stem); ok {
		return v.clone()
	}
	t := ix.resolve(surface, stem)
	remember(ix, &ix.resolved, surface+"\x00"+stem, t.clone())
	return t
}

// phraseCached returns the article terms that the thesaurus gives for a
// phrase key (stems joined by "_"), remembered like resolveCached.
func (ix *Index) phraseCached(key string) term {
	if v, ok := ix.phrases.load(key); ok {
		return v
	}
	var t term
	if english.InThesaurus(key) {
		ix.addThesaurus(&t, key, false)
	}
	remember(ix, &ix.phrases, key, t)
	return t
}

func (t term) clone() term {
	t.alts = slices.Clone(t.alts)
	t.near = slices.Clone(t.near)
	return t
}

// resolve finds the article terms that a question word reaches: its own stem,
// its other forms and operator synonyms, and beside them its thesaurus
// synonyms at factorSynonymBeside and its near meanings; failing those, typo corrections (only for words that
// are not English words), stems that differ by a short suffix, and
// thesaurus synonyms and related words.
func (ix *Index) resolve(surface, stem string) term {
	t := term{queryWord: queryWord{surface: surface, stem: stem}}
	add := func(term string, f float64, k via) {
		if _, ok := ix.vocab[term]; ok {
			t.addAlt(alt{term, f, k})
		}
	}
	add(stem, factorExact, viaStem)
	for _, form := range english.IrregularForms(stem) {
		add(form, factorIrregular, viaForm)
	}
	if !ix.inVocab(stem) { // the article lacks the word: its other spellings and forms
		if len(t.alts) == 0 {
			for _, v := range english.SpellingVariants(surface) {
				if toks := ix.analyzer.Analyze(v); len(toks) == 1 {
					add(toks[0].Term, factorSpelling, viaForm)
				}
			}
		}
		// The derivations of the word and of its irregular forms: "write"
		// and "wrote" reach "writer", "grew" reaches "grower".
		for _, form := range english.DerivedForms(stem) {
			add(form, factorDerived, viaForm)
		}
		for _, irregular := range english.IrregularForms(stem) {
			for _, form := range english.DerivedForms(irregular) {
				add(form, factorDerived, viaForm)
			}
		}
	}
	for _, parts := range english.CompoundSplits(surface) {
		a, b := ix.analyzer.Analyze(parts[0]), ix.analyzer.Analyze(parts[1])
		if len(a) == 1 && len(b) == 1 && ix.inVocab(a[0].Term) && ix.inVocab(b[0].Term) {
			add(a[0].Term, factorCompound, viaForm)
			add(b[0].Term, factorCompound, viaForm)
		}
	}
	// The operator's synonyms say the words are one term in this article.
	for _, phrase := range ix.synonyms[stem] {
		f, k := phraseFactor(phrase)
		for _, s := range phrase {
			add(s, f, k)
		}
	}
	if len(t.alts) > 0 {
		// The word reaches the article already (as itself, another form
		// or an operator synonym): its thesaurus synonyms and near
		// meanings too, weaker, for the passages that say it in other
		// words ("arrived" for "reach").
		ix.addThesaurus(&t, stem, true)
		ix.addMeanings(&t, false)
		return t
	}
	if n := utf8.RuneCountInString(surface); n >= 4 {
		z, known := english.Zipf(surface)
		switch {
		case prose.IsNumber(surface): // a number a digit off is another number, not a typo
			if prose.IsYear(surface) {
				add(surface[:3]+"0s", factorPrefix, viaForm) // "1995": the 1990s
			}
		case len(surface) == 5 && surface[3:] == "0s" && prose.IsYear(surface): // "1990s": the years in it
			for i := sort.SearchStrings(ix.terms, surface[:3]); i < len(ix.terms) && strings.HasPrefix(ix.terms[i], surface[:3]); i++ {
				if len(ix.terms[i]) == 4 && prose.IsYear(ix.terms[i]) {
					add(ix.terms[i], factorPrefix, viaForm)
				}
			}
		case !known: // not a word: a typo of an article word?
			for l := n - 2; l <= n+2; l++ {
				for _, s := range ix.surfacesByLen[l] {
					if d := english.EditDistance(surface, s, 2); d == 1 {
						add(ix.surfaces[s], factorTypo1, viaTypo)
					} else if d == 2 && n >= 8 {
						add(ix.surfaces[s], factorTypo2, viaTypo)
					}
				}
			}
		case z < maxRealWordTypoZipf: // a rare word one letter off an article word
			for l := n - 1; l <= n+1; l++ {
				for _, s := range ix.surfacesByLen[l] {
					if english.EditDistance(surface, s, 1) == 1 {
						add(ix.surfaces[s], factorRealWordTypo, viaTypo)
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
				add(ix.terms[i], factorPrefix, viaForm)
			}
		}
		for l := max(minPrefix, len(stem)-maxPrefixGap); l < len(stem); l++ {
			add(stem[:l], factorPrefix, viaForm)
		}
	}
	ix.addThesaurus(&t, stem, false)
	for _, form := range english.IrregularForms(stem) {
		ix.addThesaurus(&t, form, false) // "began": the synonyms of "begin"
	}
	isWord := english.IsWord(surface) && english.Informativeness(surface) >= minGlossWeight
	if len(t.alts) == 0 {
		if isWord {
			ix.addGlosses(&t)
		} else {
			ix.resolveMisspelling(&t)
			if len(t.alts) == 0 && !t.filler {
				ix.splitJoined(&t)
			}
		}
	}
	if !t.exact() {
		ix.addMeanings(&t, isWord && !t.strong())
	}
	return t
}

// exact reports whether the word reaches the article as itself.
func (t term) exact() bool {
	for _, a := range t.alts {
		if a.kind == viaStem && a.factor >= factorExact {
			return true
		}
	}
	return false
}

// strong reports whether the word reaches the article as itself, another
// of its forms or a synonym.
func (t term) strong() bool {
	for _, a := range t.alts {
		if a.kind == viaStem || a.kind == viaForm || a.kind == viaSynonym {
			return true
		}
	}
	return false
}

// addMeanings gives a word that does not reach the article as itself the
// article terms closest in meaning to it in the relatedness model as near
// meanings (term.near) and, when match, the closest of them also as
// matches ("asphalt" for "tarmac"): one scan of the article's terms for
// both, the matches being the first near meanings, the closest.
func (ix *Index) addMeanings(t *term, match bool) {
	terms, cosines := ix.neighbours().Nearest(t.stem, minNearCosine, maxNear)
	for i, term := range terms {
		t.near = append(t.near, alt{term, cosines[i], viaRelated})
		if match && i < maxRelatedAlts && cosines[i] >= minRelatedCosine {
			t.addAlt(alt{term, factorMeaning * cosines[i], viaRelated})
		}
	}
}

// addGlosses adds the article terms whose definitions use the word ("red"
// and "planet" reach "Mars"), the article terms of its own definition
// ("espresso" reaches "coffee") and its broader words, at most maxGlossAlts.
func (ix *Index) addGlosses(t *term) {
	add := func(term string) {
		if len(t.alts) < maxGlossAlts && ix.inVocab(term) && term != t.stem {
			t.addAlt(alt{term, factorGloss, viaRelated})
		}
	}
	for _, g := range ix.glossedBy()[t.stem] {
		add(g)
	}
	for _, g := range english.GlossStems(t.stem) {
		add(g)
	}
	for _, g := range english.BroaderStems(t.stem) {
		add(g)
	}
}

// resolveMisspelling resolves a word that is not an English word and that
// reaches nothing in the article through the English word it most likely
// misspells ("emisions" for "emissions"): the most common word one edit
// away, whose own matches (its stem, synonyms, thesaurus) count as typo
// matches. A name the dictionary lacks ("Zelensky") has no such neighbour
// and stays as it is.
func (ix *Index) resolveMisspelling(t *term) {
	if _, known := english.Zipf(t.surface); known || prose.IsNumber(t.surface) {
		return
	}
	// Of the corrections, the article's own words first: a member who
	// misspells a word of the article means that word more often than a
	// more common one ("jaket" for the article's "jackets", not "jake").
	word, ok := english.Misspelled(t.surface, ix.usesWord)
	if !ok {
		return
	}
	toks := ix.analyzer.Analyze(word)
	if chat.IsFiller(word) || len(toks) == 0 {
		t.filler = true // "articel", "shoud": not a content word after all
		return
	}
	if len(toks) != 1 {
		return
	}
	for _, a := range ix.resolve(word, toks[0].Term).alts {
		t.addAlt(alt{a.term, a.factor * factorTypo1, viaTypo})
	}
}

// minJoinedPart is the shortest article word splitJoined finds in a word.
const minJoinedPart = 3

// splitJoined reads a word that is neither English nor the article's as two
// words typed without the space between them: each part a stop word or a
// word of the article ("wasmost", "Longmenshan" for the article's "Longmen
// Shan"). Parts that are the article's words are matched as the parts of a
// compound; a word of two stop words is no topic at all ("howmany"). Of the
// splits, the one with more of the article's words, then the one whose
// shorter part is longer.
func (ix *Index) splitJoined(t *term) {
	w := t.surface
	if _, known := english.Zipf(w); known || !english.IsLowerASCII(w) || len(w) < 2*minJoinedPart-1 {
		return
	}
	best, bestTerms, bestShort := -1, 0, 0
	var bestParts [2]string
	for i := 2; i <= len(w)-2; i++ {
		var parts [2]string
		terms := 0
		ok := true
		for k, p := range [2]string{w[:i], w[i:]} {
			toks := ix.analyzer.Analyze(p)
			switch {
			case chat.IsFiller(p) || len(toks) == 0 && english.IsWord(p): // a stop word
			case len(toks) == 1 && len(p) >= minJoinedPart && ix.inVocab(toks[0].Term):
				parts[k] = toks[0].Term
				terms++
			default:
				ok = false
			}
		}
		short := min(i, len(w)-i)
		if ok && (terms > bestTerms || terms == bestTerms && short > bestShort) {
			best, bestTerms, bestShort, bestParts = i, terms, short, parts
		}
	}
	switch {
	case best < 0:
	case bestTerms == 0:
		t.filler = true
	default:
		for _, p := range bestParts {
			if p != "" {
				t.addAlt(alt{p, factorCompound, viaForm})
			}
		}
	}
}

// addThesaurus adds the article terms that the thesaurus gives as synonyms of
// key (a stem, or the "_"-joined stems of a phrase). A synonym that is a
// phrase counts only when all its words are in the article. Beside means
// the word already reaches the article otherwise (as itself, say): then
// only its synonyms are added, at factorSynonymBeside, not its broader and
// narrower words.
func (ix *Index) addThesaurus(t *term, key string, beside bool) {
	for _, syn := range english.Synonyms(key) {
		factor, kind := factorThesaurus, viaSynonym
		if beside {
			factor = factorSynonymBeside
		}
		if rest, ok := strings.CutPrefix(syn, "~"); ok {
			if beside {
				continue
			}
			syn, factor, kind = rest, factorRelated, viaRelated
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
			if len(parts) == 1 {
				// A synonym the article has in another form only: "kid"
				// → "child" → "children".
				for _, form := range english.IrregularForms(syn) {
					if ix.inVocab(form) {
						t.addAlt(alt{form, factor, kind})
					}
				}
			}
			continue
		}
		for _, p := range parts {
			t.addAlt(alt{p, factor, kind})
		}
	}
}

// addAlt adds an article term reached, keeping its best factor.
func (t *term) addAlt(a alt) {
	for i, b := range t.alts {
		if b.term == a.term {
			if a.factor > b.factor {
				t.alts[i] = a
			}
			return
		}
	}
	t.alts = append(t.alts, a)
}

// phraseFactor returns the factor and kind with which each word of an
// operator synonym counts: a synonym of one word is the word itself; each
// word of a longer one ("watching citizens" for "surveillance") only a part
// of it.
func phraseFactor(phrase []string) (float64, via) {
	if len(phrase) == 1 {
		return factorOperatorSyn, viaStem
	}
	return factorOperatorSyn / float64(len(phrase)), viaSynonym
}

// applyPhraseSynonyms adds the targets of operator rules whose trigger is a
// phrase of several words found in the question, to its first content word.
func (ix *Index) applyPhraseSynonyms(stems []string, terms []term) {
	if len(ix.phraseSyn) == 0 || len(terms) == 0 {
		return
	}
	for _, r := range ix.phraseSyn {
		if !slices.Contains(stems, r.from[0]) {
			continue // the common case: no need to look for the phrase
		}
		for i := 0; i+len(r.from) <= len(stems); i++ {
			if !slices.Equal(stems[i:i+len(r.from)], r.from) {
				continue
			}
			for ti := range terms {
				if terms[ti].stem != r.from[0] {
					continue
				}
				for _, phrase := range r.to {
					f, k := phraseFactor(phrase)
					for _, s := range phrase {
						if _, ok := ix.vocab[s]; ok {
							terms[ti].addAlt(alt{s, f, k})
						}
					}
				}
			}
		}
	}
}
