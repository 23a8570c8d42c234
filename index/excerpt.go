package index

import (
	"math"
	"strings"
)

// Stage 6, excerpt: the excerpt of a passage is the sentence, or the two
// adjacent sentences, that best answer the question: the ones holding its
// most specific words, near each other, and the kind of thing it asks for (a
// year for "when", a number for "how many", a name for "who"), rather than
// the passage's topic sentence. A linear model fitted by internal/fitweights
// scores the sentences (weights.go).

// Excerpt features, each from 0 to about 1.
const (
	excerptBM25     = iota // the sentence's BM25, as a share of the passage's best sentence's
	excerptSpecific        // the specific share of the question it reaches
	excerptKind            // it holds the kind of answer asked for
	excerptPairs           // the share of the question's word pairs it has near each other
	excerptFirst           // it is the passage's first sentence
	excerptLength          // its length, over 300 bytes (at most 1)
	numExcerptFeatures
)

// excerptFeatureNames name the excerpt features, for the fitting program's
// report.
var excerptFeatureNames = [numExcerptFeatures]string{"bm25", "specific", "kind", "pairs", "first", "length"}

// maxExcerptBytes bounds an excerpt of two sentences; a longer pair is cut
// to its best sentence.
const maxExcerptBytes = 400

// sentenceFeatures describes how each sentence of a passage answers the
// question, in the passage's order.
func (ix *Index) sentenceFeatures(s scored, passage int) [][numExcerptFeatures]float64 {
	first, end := ix.passageSents[passage-1][0], ix.passageSents[passage-1][1]
	out := make([][numExcerptFeatures]float64, end-first)
	var maxBM25, totalSpecific float64
	for si := first; si < end; si++ {
		maxBM25 = math.Max(maxBM25, s.sents[si])
	}
	for _, w := range s.wordWeight {
		totalSpecific += w
	}
	pairs := s.pairs()
	for si := first; si < end; si++ {
		f := &out[si-first]
		unit := ix.sentTerms[si]
		var spec float64
		for i, t := range s.terms {
			v, _ := t.factorIn(unit)
			spec += s.wordWeight[i] * v
		}
		f[excerptBM25] = ratio(s.sents[si], maxBM25)
		f[excerptSpecific] = ratio(spec, totalSpecific)
		if s.kind != kindNone && ix.hasKind(si, s.kind, s.serves) {
			f[excerptKind] = 1
		}
		if len(pairs) > 0 {
			f[excerptPairs] = float64(ix.pairsNear(si, s, pairs)) / float64(len(pairs))
		}
		if si == first {
			f[excerptFirst] = 1
		}
		f[excerptLength] = math.Min(1, float64(len(ix.sents[si].text))/300)
	}
	return out
}

// pairsNear counts the question's word pairs that a sentence has within
// pairDistance words of each other.
func (ix *Index) pairsNear(si int, s scored, pairs []wordPair) int {
	var found uint64
	var lastPos [maxQueryWords]int
	for i := range lastPos[:len(s.terms)] {
		lastPos[i] = -100
	}
	for pos, tok := range ix.sents[si].tokens {
		for _, m := range s.serves[tok.term] {
			for k, pr := range pairs {
				if other, ok := pr.other(m.word); ok && pos-lastPos[other] <= pairDistance {
					found |= 1 << k
				}
			}
			lastPos[m.word] = pos
		}
	}
	return popcount(found)
}

// excerpt picks the passage's best sentence, with a neighbour when the
// neighbour scores nearly as well and the two fit maxExcerptBytes, and marks
// the matched words.
func (ix *Index) excerpt(s scored, c candidate, w *Weights) Excerpt {
	first := ix.passageSents[c.passage-1][0]
	feats := ix.sentenceFeatures(s, c.passage)
	scores := make([]float64, len(feats))
	best := 0
	for i, f := range feats {
		for k, v := range f {
			scores[i] += w.Excerpt[k] * v
		}
		if scores[i] > scores[best] {
			best = i
		}
	}
	idxs := []int{first + best}
	// The better neighbour joins when it is close enough.
	nb := -1
	if best > 0 {
		nb = best - 1
	}
	if best+1 < len(scores) && (nb < 0 || scores[best+1] > scores[nb]) {
		nb = best + 1
	}
	if nb >= 0 && scores[best]-scores[nb] <= w.ExcerptPair &&
		len(ix.sents[first+best].text)+len(ix.sents[first+nb].text)+1 <= maxExcerptBytes {
		idxs = []int{first + min(best, nb), first + max(best, nb)}
	}
	matched := map[string]bool{}
	for _, t := range s.terms {
		for _, a := range t.alts {
			matched[a.term] = true
		}
	}
	var text strings.Builder
	var spans []Span
	for _, i := range idxs {
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		off := text.Len()
		sent := ix.sents[i]
		text.WriteString(sent.text)
		for _, t := range sent.tokens {
			if matched[t.term] {
				spans = append(spans, Span{off + t.start, off + t.end})
			}
		}
	}
	return Excerpt{Passage: c.passage, Text: text.String(), Score: sigmoid(c.score), Highlights: spans}
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
