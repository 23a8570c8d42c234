package index

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"github.com/articlebot/articlebot/index/chat"
)

// Stage 4, score: each candidate passage is described by a few features of
// how it matches the query (BM25 of the passage and of its best sentence,
// how much of the question's weight it covers as a whole, in one sentence
// and in two adjacent ones, the question's word pairs it has side by side,
// the kind of answer asked for, the takeaways that draw on it, the words it
// has close in meaning to the question's, and the plain BM25 a search
// engine would give it for the words as written), and ranked by
// a linear combination of them whose weights internal/fitweights fits on
// training data (weights.go).

// Rank features, each from 0 to about 1.
const (
	rankBM25Passage     = iota // the passage's BM25, as a share of the best passage's
	rankBM25Sentence           // its best sentence's BM25, as a share of the best sentence's
	rankCoverage               // the share of the question's weight the passage reaches
	rankSpecific               // the same, each word also weighed by how few passages have it
	rankExact                  // the specific share reached by the words themselves, not by other forms
	rankSentence               // the specific share reached in one sentence
	rankWindow                 // the specific share reached in two adjacent sentences
	rankPairs                  // the share of the question's adjacent word pairs found near each other
	rankKind                   // the answer kind asked for (a year, a number, a name) is in its best window
	rankTakeaway               // takeaways matching the question draw on it
	rankFirst                  // it is the article's first passage
	rankNames                  // the share of the question's names and numbers it has
	rankBM25Window             // the BM25 of its best two adjacent sentences, as a share of the best pair's
	rankWords                  // the share of the question's words it has, each counted alike
	rankLength                 // its length in words, on a log scale relative to the longest passage
	rankPassageReach           // bm25_passage × coverage: a passage that scores by matching much of the question
	rankSentenceReach          // bm25_sentence × sentence: the same of its best sentence
	rankMeaning                // the specific share the passage reaches counting words close in meaning (term.near) at their cosine
	rankMeaningSentence        // the same in its best sentence
	rankPlain                  // the passage's BM25 for the question's words as written (no other forms, synonyms or weights), as a share of the best passage's
	rankPlainSentence          // the same of its best sentence
	numRankFeatures
)

// plainK1 and plainB are the usual BM25 constants, for
// rankPlain and rankPlainSentence.
const (
	plainK1 = 1.2
	plainB  = 0.75
)

// plainBM25 is the BM25 of a text of the given number of words (mean: the
// mean of its kind) that has each word tf times, each word weighed by its
// inverse frequency idf.
func plainBM25(idf []float64, tf []int, words int, mean float64) float64 {
	norm := plainK1 * (1 - plainB + plainB*float64(words)/max(1, mean))
	var v float64
	for i, n := range tf {
		if n > 0 {
			v += idf[i] * float64(n) * (plainK1 + 1) / (float64(n) + norm)
		}
	}
	return v
}

// rankFeatureNames name the rank features, for the fitting program's report.
var rankFeatureNames = [numRankFeatures]string{
	"bm25_passage", "bm25_sentence", "coverage", "specific", "exact", "sentence", "window",
	"pairs", "kind", "takeaway", "first", "names", "bm25_window", "words", "length", "passage_reach", "sentence_reach",
	"meaning", "meaning_sentence", "plain", "plain_sentence",
}

// pairDistance is how many words apart two question words may be in a
// sentence to count as the question's pair.
const pairDistance = 3

// maxPairs bounds the word pairs of a question that are looked for.
const maxPairs = 64

// candidate is a passage that matched, with its features and score.
type candidate struct {
	passage  int // passage number
	features [numRankFeatures]float64
	score    float64
	// sentence is the index in Index.sents of the passage's sentence that
	// reaches most of the question, and window the other sentence of the
	// best adjacent pair (-1 when the passage has one sentence).
	sentence, window int
	// reach is the question's weight the passage reaches, sentenceReach
	// the most of it one of its sentences reaches, and meaningful whether
	// any word of it that says something reaches it.
	reach, sentenceReach float64
	meaningful           bool
	// sharesWord reports whether a word of the question that says
	// something is in the passage as itself.
	sharesWord bool
	// specific is the question's specific weight (weight times how few
	// passages have the word) the passage reaches: how much it has that
	// other passages don't.
	specific float64
	// meaning is the share of the question's weight the passage reaches
	// counting words close in meaning at their cosine.
	meaning float64
}

// scored is a retrieval whose candidates are ranked, best first: the input of
// the decline, excerpt and takeaway stages.
type scored struct {
	retrieval
	candidates []candidate
	// wordWeight is the weight of each term of the query for coverage:
	// its informativeness times how specific its best article match is.
	wordWeight []float64
	// serves maps each article term the query reaches (by id) to the
	// words it serves.
	serves map[int32][]match
	// pairList is the query's pairs of adjacent words.
	pairList []wordPair
}

// termMatches are the question words an article term serves, and those it
// is close in meaning to (term.near).
type termMatches struct {
	id           int32
	serves, near []match
}

// slots returns a slice of zeros, one for each article term, from the pool
// or new.
func (ix *Index) slots() []uint16 {
	if p, ok := ix.slotPool.Get().(*[]uint16); ok {
		return *p
	}
	return make([]uint16, len(ix.terms))
}

// match is a question word an article term serves.
type match struct {
	word   int
	factor float64
	kind   via
}

// score ranks the passages that r found.
func (ix *Index) score(r retrieval, w *Weights) scored {
	s := scored{retrieval: r}
	if len(r.passages) == 0 && len(r.sents) == 0 {
		return s
	}
	terms := r.terms
	// How each article term serves the question's words.
	serves := make(map[int32][]match, 2*len(terms))
	for i, t := range terms {
		for _, a := range t.alts {
			id := ix.termIDs[a.term]
			serves[id] = append(serves[id], match{i, a.factor, a.kind})
		}
	}
	// Word weights: informativeness, times specificity within the article.
	s.wordWeight = make([]float64, len(terms))
	var total, totalSpecific float64
	for i, t := range terms {
		spec := 1.0 // a word the article lacks is as specific as can be
		if len(t.alts) > 0 {
			spec = ix.specificity(bestAlt(t).term)
		}
		s.wordWeight[i] = t.weight * spec
		total += t.weight
		totalSpecific += s.wordWeight[i]
	}
	s.serves = serves
	// The same, and each article term close in meaning to a word, by slot:
	// the scan of the candidates' tokens looks a slice up, not a map.
	slot := ix.slots()
	var slots []termMatches
	defer func() {
		for _, tm := range slots {
			slot[tm.id] = 0
		}
		ix.slotPool.Put(&slot)
	}()
	slotOf := func(id int32) *termMatches {
		if slot[id] == 0 {
			slots = append(slots, termMatches{id: id})
			slot[id] = uint16(len(slots))
		}
		return &slots[slot[id]-1]
	}
	for id, ms := range serves {
		slotOf(id).serves = ms
	}
	for i, t := range terms {
		for _, a := range t.near {
			tm := slotOf(ix.termIDs[a.term])
			tm.near = append(tm.near, match{i, a.factor, a.kind})
		}
	}
	pairs := r.pairs()
	s.pairList = pairs

	// The candidates: every passage a hit belongs to.
	seen := make([]bool, len(ix.article.Passages)+1)
	count := 0
	mark := func(p int) {
		if !seen[p] {
			seen[p] = true
			count++
		}
	}
	for p := range r.passages {
		mark(p)
	}
	for i := range r.sents {
		mark(ix.sents[i].Passage)
	}
	s.candidates = make([]candidate, 0, count)
	var maxPassage, maxSentence, maxTakeaway, maxWindow float64
	for _, v := range r.passages {
		maxPassage = max(maxPassage, v)
	}
	for _, v := range r.sents {
		maxSentence = max(maxSentence, v)
	}
	for _, v := range r.takeaways {
		maxTakeaway = max(maxTakeaway, v)
	}
	for i, v := range r.sents {
		// The best pair with this sentence in it.
		var nb float64
		if i > 0 && ix.sents[i-1].Passage == ix.sents[i].Passage {
			nb = r.sents[i-1]
		}
		if i+1 < len(ix.sents) && ix.sents[i+1].Passage == ix.sents[i].Passage {
			nb = max(nb, r.sents[i+1])
		}
		maxWindow = max(maxWindow, v+nb)
	}
	var names int
	for _, t := range terms {
		if t.name || t.number {
			names++
		}
	}

	// The inverse passage frequency of each word as written, for the plain
	// BM25 (0 for a word the article lacks as itself).
	var idf [maxQueryWords]float64
	passages := float64(len(ix.article.Passages))
	for i, t := range terms {
		for _, a := range t.alts {
			if a.kind == viaStem {
				df := float64(ix.passageDF[a.term])
				idf[i] = math.Log(1 + (passages-df+0.5)/(df+0.5))
			}
		}
	}
	var tf, sentTF [maxQueryWords]int
	var maxPlain, maxPlainSent float64

	var best [maxQueryWords]float64 // per word, over the passage
	var exact [maxQueryWords]float64
	var sentBest [maxQueryWords]float64 // per word, over the sentence
	var prevBest [maxQueryWords]float64 // per word, over the previous sentence
	var lastPos [maxQueryWords]int
	var soft [maxQueryWords]float64     // per word, its nearest meaning in the passage
	var softSent [maxQueryWords]float64 // the same in the sentence
	for p, hit := range seen {
		if !hit {
			continue
		}
		c := candidate{passage: p, sentence: -1, window: -1}
		f := &c.features
		clear(best[:len(terms)])
		clear(exact[:len(terms)])
		clear(prevBest[:len(terms)])
		clear(soft[:len(terms)])
		clear(tf[:len(terms)])
		var pairFound uint64
		var bestSoftSent float64
		first, end := ix.passageSents[p-1][0], ix.passageSents[p-1][1]
		bestSentScore, bestSentCov, bestWinCov, bestWinScore := 0.0, -1.0, -1.0, 0.0
		for si := first; si < end; si++ {
			clear(sentBest[:len(terms)])
			clear(softSent[:len(terms)])
			clear(sentTF[:len(terms)])
			for i := range lastPos[:len(terms)] {
				lastPos[i] = -100
			}
			for pos, tok := range ix.sents[si].Tokens {
				k := slot[tok.ID]
				if k == 0 {
					continue
				}
				tm := &slots[k-1]
				for _, m := range tm.near {
					softSent[m.word] = max(softSent[m.word], m.factor)
				}
				for _, m := range tm.serves {
					sentBest[m.word] = max(sentBest[m.word], m.factor)
					if m.kind == viaStem {
						exact[m.word] = max(exact[m.word], m.factor)
						tf[m.word]++
						sentTF[m.word]++
					}
					for k, pr := range pairs {
						if other, ok := pr.other(m.word); ok && pos-lastPos[other] <= pairDistance {
							pairFound |= 1 << k
						}
					}
					lastPos[m.word] = pos
				}
			}
			var cov, win, plain, sm float64
			for i, t := range terms {
				best[i] = max(best[i], sentBest[i])
				soft[i] = max(soft[i], softSent[i])
				sm += s.wordWeight[i] * max(sentBest[i], softSent[i])
				cov += s.wordWeight[i] * sentBest[i]
				win += s.wordWeight[i] * max(sentBest[i], prevBest[i])
				plain += t.weight * sentBest[i]
			}
			c.sentenceReach = max(c.sentenceReach, plain)
			ps := plainBM25(idf[:len(terms)], sentTF[:len(terms)], len(ix.sents[si].Tokens), ix.meanSentWords)
			f[rankPlainSentence] = max(f[rankPlainSentence], ps)
			bestSoftSent = max(bestSoftSent, sm)
			prevBest = sentBest
			if v := r.sents[si]; v > bestSentScore {
				bestSentScore = v
			}
			if si > first {
				bestWinScore = max(bestWinScore, r.sents[si]+r.sents[si-1])
			} else {
				bestWinScore = max(bestWinScore, r.sents[si])
			}
			if cov > bestSentCov || (cov == bestSentCov && r.sents[si] > r.sents[c.sentence]) {
				bestSentCov, c.sentence = cov, si
			}
			if si > first && win > bestWinCov {
				bestWinCov, c.window = win, si
			}
		}
		// window names the pair (window-1, window); keep the sentence's
		// partner in it.
		switch {
		case c.window < 0:
		case c.window == c.sentence:
			c.window = c.sentence - 1
		case c.window-1 == c.sentence:
		default:
			c.window = -1
		}
		var cov, spec, ex, sm float64
		words := 0
		for i, t := range terms {
			if best[i] > 0 {
				words++
			}
			sm += s.wordWeight[i] * max(best[i], soft[i])
			c.meaning += t.weight * max(best[i], soft[i])
			cov += t.weight * best[i]
			spec += s.wordWeight[i] * best[i]
			ex += s.wordWeight[i] * exact[i]
			if best[i] > 0 && t.weight*best[i] >= meaningfulWeight {
				c.meaningful = true
			}
			if t.weight*exact[i] >= meaningfulWeight {
				c.sharesWord = true
			}
		}
		c.reach, c.specific = cov, spec
		f[rankBM25Passage] = ratio(r.passages[p], maxPassage)
		f[rankBM25Sentence] = ratio(bestSentScore, maxSentence)
		f[rankCoverage] = ratio(cov, total)
		f[rankSpecific] = ratio(spec, totalSpecific)
		f[rankExact] = ratio(ex, totalSpecific)
		f[rankSentence] = ratio(bestSentCov, totalSpecific)
		f[rankWindow] = ratio(max(bestWinCov, bestSentCov), totalSpecific)
		if len(pairs) > 0 {
			f[rankPairs] = float64(bits.OnesCount64(pairFound)) / float64(len(pairs))
		}
		if r.kind != chat.None && (ix.hasKind(c.sentence, r.kind, serves) || ix.hasKind(c.window, r.kind, serves)) {
			f[rankKind] = 1
		}
		for k, v := range r.takeaways {
			if a := ix.affinity[k-1][p-1]; a >= minTakeawayAffinity {
				f[rankTakeaway] = max(f[rankTakeaway], ratio(v, maxTakeaway)*a)
			}
		}
		if p == 1 {
			f[rankFirst] = 1
		}
		if names > 0 {
			n := 0
			for i, t := range terms {
				if (t.name || t.number) && best[i] > 0 {
					n++
				}
			}
			f[rankNames] = float64(n) / float64(names)
		}
		f[rankBM25Window] = ratio(bestWinScore, maxWindow)
		f[rankWords] = float64(words) / float64(len(terms))
		f[rankLength] = ix.passageLength[p-1]
		f[rankPassageReach] = f[rankBM25Passage] * f[rankCoverage]
		f[rankSentenceReach] = f[rankBM25Sentence] * f[rankSentence]
		f[rankMeaning] = ratio(sm, totalSpecific)
		f[rankMeaningSentence] = ratio(bestSoftSent, totalSpecific)
		c.meaning = ratio(c.meaning, total)
		f[rankPlain] = plainBM25(idf[:len(terms)], tf[:len(terms)], ix.passageWords[p-1], ix.meanWords)
		maxPlain = max(maxPlain, f[rankPlain])
		maxPlainSent = max(maxPlainSent, f[rankPlainSentence])
		s.candidates = append(s.candidates, c)
	}
	for k := range s.candidates {
		c := &s.candidates[k]
		c.features[rankPlain] = ratio(c.features[rankPlain], maxPlain)
		c.features[rankPlainSentence] = ratio(c.features[rankPlainSentence], maxPlainSent)
		for i, v := range c.features {
			c.score += w.Rank[i] * v
		}
	}
	slices.SortFunc(s.candidates, func(a, b candidate) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.passage, b.passage)
	})
	return s
}

// minShownSpecific is the least specific weight a passage after the first
// must reach to be shown: a word every passage has ("China" in an article
// about China) is no reason to show another passage.
const minShownSpecific = 1.0

// minShownShare is the least share of the first passage's specific weight
// another passage must reach to be shown.
const minShownShare = 0.2

// meaningfulWeight is the least weight of a matched word for a passage to be
// worth showing: everyday words ("time", "people") alone are not.
const meaningfulWeight = 1.0

// minTakeawayAffinity is the least affinity of a takeaway and a passage for
// a question matching the takeaway to count for the passage.
const minTakeawayAffinity = 0.5

// pairs returns the question's pairs of adjacent content words (indexes in
// terms), distinct, at most maxPairs.
func (q query) pairs() []wordPair {
	var out []wordPair
	for i := 1; i < len(q.order) && len(out) < maxPairs; i++ {
		a, b := q.order[i-1], q.order[i]
		if a < 0 || b < 0 || a == b || len(q.terms[a].alts) == 0 || len(q.terms[b].alts) == 0 {
			continue
		}
		dup := false
		for _, p := range out {
			dup = dup || (p[0] == a && p[1] == b) || (p[0] == b && p[1] == a)
		}
		if !dup {
			out = append(out, wordPair{a, b})
		}
	}
	return out
}

// wordPair is two question words, by index in the query's terms.
type wordPair [2]int

// other returns the pair's other word when w is one of its two.
func (p wordPair) other(w int) (int, bool) {
	switch w {
	case p[0]:
		return p[1], true
	case p[1]:
		return p[0], true
	}
	return 0, false
}

// bestAlt returns the word's best match.
func bestAlt(t term) alt {
	b := t.alts[0]
	for _, a := range t.alts[1:] {
		if a.factor > b.factor {
			b = a
		}
	}
	return b
}

// specificity is how much a term tells one passage from another, from 0 to
// 1: 1 for a term of one passage, less the more passages have it.
func (ix *Index) specificity(term string) float64 {
	n := float64(len(ix.article.Passages))
	df := float64(max(1, ix.passageDF[term]))
	return math.Log(1+n/df) / math.Log(1+n)
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
