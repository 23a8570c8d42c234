package index

import (
	"math"
	"math/bits"
	"strings"

	"github.com/articlebot/articlebot/index/chat"
)

// Stage 6, excerpt: the excerpt of a passage is the sentence, or the two
// adjacent sentences, that best answer the question: the ones holding its
// most specific words, near each other, and the kind of thing it asks for (a
// year for "when", a number for "how many", a name for "who"), rather than
// the passage's topic sentence. A linear model fitted by internal/fitweights
// scores the sentences (weights.go).

// Excerpt features of a window (one sentence, or two adjacent ones), each
// from 0 to about 1.
const (
	excerptBM25     = iota // the window's BM25 (of its sentences, added), as a share of the best window's
	excerptSpecific        // the specific share of the question it reaches
	excerptKind            // it holds the kind of answer asked for
	excerptPairs           // the share of the question's word pairs one of its sentences has near each other
	excerptFirst           // it starts the passage
	excerptLength          // its length in characters, over maxExcerptRunes
	excerptNovel           // the share of its words the question does not reach: where an answer can be
	excerptLocal           // the share of the question it reaches, each word weighed by how few of the passage's sentences have it
	excerptWords           // the share of the question's words it has, each counted alike
	excerptTwo             // it is two sentences
	numExcerptFeatures
)

// excerptFeatureNames name the excerpt features, for the fitting program's
// report.
var excerptFeatureNames = [numExcerptFeatures]string{"bm25", "specific", "kind", "pairs", "first", "length", "novel", "local", "words", "two"}

// maxExcerptRunes bounds an excerpt of two sentences, in characters.
const maxExcerptRunes = 400

// window is a run of one or two sentences of a passage: the first's index
// in Index.sents, and how many.
type window struct{ first, n int }

// windows returns a passage's windows: each sentence, then each two adjacent
// sentences that fit maxExcerptRunes together.
func (ix *Index) windows(passage int) []window {
	first, end := ix.passageSents[passage-1][0], ix.passageSents[passage-1][1]
	out := make([]window, 0, 2*(end-first))
	for i := first; i < end; i++ {
		out = append(out, window{i, 1})
	}
	for i := first; i+1 < end; i++ {
		if ix.sents[i].Runes+1+ix.sents[i+1].Runes <= maxExcerptRunes {
			out = append(out, window{i, 2})
		}
	}
	return out
}

// windowFeatures describes how each window of a passage answers the
// question.
func (ix *Index) windowFeatures(s scored, passage int) ([]window, [][numExcerptFeatures]float64) {
	first, end := ix.passageSents[passage-1][0], ix.passageSents[passage-1][1]
	wins := ix.windows(passage)
	out := make([][numExcerptFeatures]float64, len(wins))
	// How each sentence reaches each word, how many sentences reach it,
	// how many of a sentence's words the question does not reach, and the
	// question's word pairs a sentence has near each other: one pass over
	// the passage's words.
	nt, ns := len(s.terms), end-first
	floats := make([]float64, ns*nt+ns+nt)
	reach, near, local := floats[:ns*nt], floats[ns*nt:ns*nt+ns], floats[ns*nt+ns:]
	ints := make([]int, nt+ns)
	sentsWith, novel := ints[:nt], ints[nt:]
	pairs := s.pairList
	var lastPos [maxQueryWords]int
	for si := first; si < end; si++ {
		row := reach[(si-first)*nt : (si-first+1)*nt]
		for i := range lastPos[:nt] {
			lastPos[i] = -100
		}
		var found uint64
		for pos, tok := range ix.sents[si].Tokens {
			ms := s.serves[tok.ID]
			if len(ms) == 0 {
				novel[si-first]++
				continue
			}
			for _, m := range ms {
				row[m.word] = max(row[m.word], m.factor)
				for k, pr := range pairs {
					if other, ok := pr.other(m.word); ok && pos-lastPos[other] <= pairDistance {
						found |= 1 << k
					}
				}
				lastPos[m.word] = pos
			}
		}
		for i, v := range row {
			if v > 0 {
				sentsWith[i]++
			}
		}
		if len(pairs) > 0 {
			near[si-first] = float64(bits.OnesCount64(found)) / float64(len(pairs))
		}
	}
	var totalLocal, totalSpecific float64
	n := float64(end - first)
	for i, t := range s.terms {
		local[i] = t.weight * math.Log(1+n/float64(max(1, sentsWith[i]))) / math.Log(1+n)
		totalLocal += local[i]
		totalSpecific += s.wordWeight[i]
	}
	var maxBM25 float64
	for k, w := range wins {
		f := &out[k]
		var bm25, spec, loc float64
		var words, toks, nov, length int
		for si := w.first; si < w.first+w.n; si++ {
			bm25 += s.sents[si]
			toks += len(ix.sents[si].Tokens)
			nov += novel[si-first]
			length += ix.sents[si].Runes
			f[excerptPairs] = max(f[excerptPairs], near[si-first])
			if s.kind != chat.None && ix.hasKind(si, s.kind, s.serves) {
				f[excerptKind] = 1
			}
		}
		for i := range s.terms {
			v := 0.0
			for si := w.first; si < w.first+w.n; si++ {
				v = max(v, reach[(si-first)*nt+i])
			}
			spec += s.wordWeight[i] * v
			loc += local[i] * v
			if v > 0 {
				words++
			}
		}
		maxBM25 = max(maxBM25, bm25)
		f[excerptBM25] = bm25
		f[excerptSpecific] = ratio(spec, totalSpecific)
		if w.first == first {
			f[excerptFirst] = 1
		}
		f[excerptLength] = math.Min(1, float64(length)/maxExcerptRunes)
		if toks > 0 {
			f[excerptNovel] = float64(nov) / float64(toks)
		}
		f[excerptLocal] = ratio(loc, totalLocal)
		if nt > 0 {
			f[excerptWords] = float64(words) / float64(nt)
		}
		if w.n == 2 {
			f[excerptTwo] = 1
		}
	}
	for k := range out {
		out[k][excerptBM25] = ratio(out[k][excerptBM25], maxBM25)
	}
	return wins, out
}

// excerpt picks the passage's window that scores best, and marks the matched
// words in it.
func (ix *Index) excerpt(s scored, c candidate, w *Weights) Excerpt {
	wins, feats := ix.windowFeatures(s, c.passage)
	best, bestScore := 0, math.Inf(-1)
	for k, f := range feats {
		var v float64
		for i, x := range f {
			v += w.Excerpt[i] * x
		}
		if v > bestScore {
			best, bestScore = k, v
		}
	}
	var text strings.Builder
	var spans []Span
	for i := wins[best].first; i < wins[best].first+wins[best].n; i++ {
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		off := text.Len()
		sent := ix.sents[i]
		text.WriteString(sent.Text)
		for _, t := range sent.Tokens {
			if len(s.serves[t.ID]) > 0 {
				spans = append(spans, Span{off + t.Start, off + t.End})
			}
		}
	}
	return Excerpt{Passage: c.passage, Text: text.String(), Score: sigmoid(c.score), Highlights: spans}
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
