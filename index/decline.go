package index

import (
	"math"

	"github.com/articlebot/articlebot/index/english"
)

// Stage 5, decline: whether the article answers the question at all. The
// features say how much of the question reaches the article, its best
// passage and its best sentence, whether the best-matched word says more
// than an everyday word, whether names the question gives are missing,
// whether the question quotes the article, and how much of it a passage
// reaches counting words close in meaning; a logistic model and boosted
// trees on top of it (which weigh the features together), fitted by
// internal/fitweights on questions the articles answer and questions they
// don't (weights.go), turn them into a decision.

// Decline features.
const (
	declineCoverage     = iota // the share of the question's weight that reaches the article
	declinePassage             // the share that reaches its best passage
	declineSentence            // the share that reaches its best sentence
	declineBestWord            // the weight of the best-matched word, over 4
	declineNames               // names the question gives that the article lacks (0, 0.5 or 1)
	declineExact               // the share that the words themselves reach, not other forms
	declineFewWords            // 1 over the number of content words
	declineQuote               // the question has three consecutive words of one of the article's sentences
	declineMissing             // the weight of the words that reach nothing, over 4 (at most 1)
	declinePairs               // the most of the question's word pairs one passage has near each other
	declineFocus               // the weight of the question's weightiest word, over 4, when the article lacks it
	declineMaxMissing          // the weight of the weightiest word the article lacks, over 4
	declineRelated             // the share of the question's weight that reaches the article only through related words and definitions
	declineWords               // the share of the question's words that say something that reach the article in any way
	declineSpecific            // the share of the question's specific weight (weight × how few passages have the word) that reaches the article
	declineBestSpecific        // the specific weight of the best-matched word, over 4
	declineTwoWords            // a question of two words, one of which names something the article lacks ("bees in Canada", not "did the sanctions fail")
	declineMeaning             // the share of the question's weight its best passage reaches counting words close in meaning at their cosine
	declineMeaningTop          // the same of the passage ranked first
	numDeclineFeatures
)

// declineFeatureNames name the decline features, for the fitting program's
// report.
var declineFeatureNames = [numDeclineFeatures]string{
	"coverage", "passage", "sentence", "best_word", "missing_names", "exact", "few_words", "quote", "missing", "pairs", "focus_missing", "max_missing", "related", "words", "specific", "best_specific", "two_words", "meaning", "meaning_top",
}

// quoteWords is how many consecutive content words of the article a
// question repeats to quote it.
const quoteWords = 3

// minUnmatchedWeight is the least weight of a word the article lacks for a
// two-word question to name something else.
const minUnmatchedWeight = 1.5

// isPredicate reports whether a word is usually a verb, an adjective or an
// adverb: in a question it says something about a topic rather than name
// one.
func isPredicate(word string) bool {
	switch english.PartOfSpeech(word) {
	case 'v', 'a', 'r':
		return true
	}
	return false
}

// nameWeight multiplies the weight of a name (a capitalised word inside the
// question) that the article lacks: names pin down a topic.
const nameWeight = 2.0

// declineFeatures describes how well the article covers a scored question.
func (ix *Index) declineFeatures(s scored) [numDeclineFeatures]float64 {
	var f [numDeclineFeatures]float64
	var total, reached, exact, best, missing, focus, maxMissing, related float64
	missingNames, telling, reaching := 0, 0, 0
	focusMissing := false
	for _, t := range s.terms {
		w := t.weight
		b := t.best()
		// strong is the best factor of the word's matches that are not
		// mere relations (definitions, broader words).
		strong := 0.0
		for _, a := range t.alts {
			if a.kind == viaStem {
				exact += w * a.factor
			}
			if a.kind != viaRelated {
				strong = max(strong, a.factor)
			}
		}
		if b > 0 && strong == 0 {
			related += w * b
		}
		if t.weight >= meaningfulWeight {
			telling++
			if strong > 0 {
				reaching++
			}
		}
		if t.weight > focus {
			focus, focusMissing = t.weight, strong == 0
		}
		if strong == 0 {
			maxMissing = max(maxMissing, t.weight)
		}
		if b == 0 {
			if t.name {
				w *= nameWeight
				missingNames++
			}
			missing += t.weight
		}
		total += w
		reached += w * b
		best = max(best, t.weight*b)
	}
	if total == 0 {
		return f
	}
	f[declineCoverage] = reached / total
	if len(s.candidates) > 0 {
		var top, sentence float64
		for _, c := range s.candidates {
			top = max(top, c.reach)
			sentence = max(sentence, c.sentenceReach)
			f[declinePairs] = max(f[declinePairs], c.features[rankPairs])
			f[declineMeaning] = max(f[declineMeaning], c.meaning)
		}
		f[declineMeaningTop] = s.candidates[0].meaning
		f[declinePassage] = top / total
		f[declineSentence] = sentence / total
	}
	f[declineBestWord] = best / 4
	f[declineNames] = math.Min(2, float64(missingNames)) / 2
	f[declineExact] = exact / total
	f[declineFewWords] = 1 / float64(len(s.terms))
	if ix.quotesArticle(s.query) {
		f[declineQuote] = 1
	}
	f[declineMissing] = math.Min(1, missing/4)
	if focusMissing {
		f[declineFocus] = focus / 4
	}
	f[declineMaxMissing] = maxMissing / 4
	f[declineRelated] = related / total
	var spec, specTotal, bestSpec float64
	for i, t := range s.terms[:len(s.wordWeight)] {
		specTotal += s.wordWeight[i]
		spec += s.wordWeight[i] * t.best()
		bestSpec = max(bestSpec, s.wordWeight[i]*t.best())
	}
	f[declineSpecific] = ratio(spec, specTotal)
	if len(s.terms) == 2 {
		for _, t := range s.terms {
			if t.best() == 0 && t.weight >= minUnmatchedWeight && (t.name || !isPredicate(t.surface)) {
				f[declineTwoWords] = 1
			}
		}
	}
	f[declineBestSpecific] = bestSpec / 4
	if telling > 0 {
		f[declineWords] = float64(reaching) / float64(telling)
	}
	return f
}

// meaningful reports whether a passage matched a word that says something:
// a question of everyday words alone ("tell us more") pins down nothing.
func (s scored) meaningful() bool {
	for _, c := range s.candidates {
		if c.meaningful {
			return true
		}
	}
	return false
}

// answers reports whether the article answers the question: the fitted
// model's probability that it does is at least one half.
func (w *Weights) answers(f [numDeclineFeatures]float64) bool {
	z := w.DeclineBias
	for i, v := range f {
		z += w.Decline[i] * v
	}
	for k := range w.DeclineTrees {
		z += w.DeclineTrees[k].Value(f[:])
	}
	return z >= 0
}

// quotesArticle reports whether a question repeats quoteWords consecutive
// content words of one of the article's sentences or takeaways ("does hard
// rock mining emit more CO2?" quoting "hard-rock mining produces").
func (ix *Index) quotesArticle(q query) bool {
	stems := q.stems()
	for i := 0; i+quoteWords <= len(stems); i++ {
		key := joinStems(stems[i : i+quoteWords])
		if key != "" && ix.quotes[key] {
			return true
		}
	}
	return false
}

// joinStems joins stems with spaces; "" when one of them is empty.
func joinStems(stems []string) string {
	n := 0
	for _, s := range stems {
		if s == "" {
			return ""
		}
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for i, s := range stems {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, s...)
	}
	return string(b)
}
