package index

import "math"

// Stage 7, takeaway: the key takeaway that fits the answer is chosen from
// the article's own text: how close each takeaway is to the answering
// passages and sentences (TF-IDF, with a bonus for the pairing that follows
// the article's order, computed once in New by package affinity), and how
// much of the question the takeaway itself covers.

// Takeaway features, for each takeaway: how much it draws on the best
// passage and on its best sentence, the same for the second passage (scaled
// by how close it comes to the first), and how much of the question the
// takeaway itself covers (squared: a takeaway that states the question's
// words is the one asked about). A linear model fitted by
// internal/fitweights weighs them (weights.go).
const (
	takeawayPassage        = iota // its affinity with the best passage
	takeawaySentence              // its affinity with the best passage's best sentence
	takeawaySecondPassage         // its affinity with the second passage, scaled
	takeawaySecondSentence        // its affinity with the second passage's best sentence, scaled
	takeawayQuestion              // the share of the question it covers, squared
	numTakeawayFeatures
)

// takeawayFeatureNames name the takeaway features, for the fitting
// program's report.
var takeawayFeatureNames = [numTakeawayFeatures]string{"passage", "sentence", "second_passage", "second_sentence", "question"}

// takeawayFeatures describes how each takeaway fits the answer.
func (ix *Index) takeawayFeatures(s scored) [][numTakeawayFeatures]float64 {
	out := make([][numTakeawayFeatures]float64, len(ix.article.Takeaways))
	if len(s.candidates) == 0 {
		return out
	}
	coverage := ix.takeawayCoverage(s.terms)
	first := s.candidates[0]
	for k := range out {
		f := &out[k]
		f[takeawayPassage] = ix.affinity[k][first.passage-1]
		if first.sentence >= 0 {
			f[takeawaySentence] = ix.sentAffinity[k][first.sentence]
		}
		if len(s.candidates) > 1 {
			c := s.candidates[1]
			scale := max(0, math.Min(1, sigmoid(c.score)/sigmoid(first.score)))
			f[takeawaySecondPassage] = scale * ix.affinity[k][c.passage-1]
			if c.sentence >= 0 {
				f[takeawaySecondSentence] = scale * ix.sentAffinity[k][c.sentence]
			}
		}
		f[takeawayQuestion] = coverage[k] * coverage[k]
	}
	return out
}

// chooseTakeaway picks the takeaway that best fits the answer.
func (ix *Index) chooseTakeaway(s scored, w *Weights) *Takeaway {
	a := ix.article
	if len(a.Takeaways) == 0 || len(s.candidates) == 0 {
		return nil
	}
	best, bestScore := 0, math.Inf(-1)
	for k, f := range ix.takeawayFeatures(s) {
		var score float64
		for i, v := range f {
			score += w.Takeaway[i] * v
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	t := a.Takeaways[best]
	return &Takeaway{Number: t.Number, Text: t.Text, Passages: ix.TakeawayPassages(t.Number)}
}

// takeawayCoverage returns, for each takeaway, the share of the question's
// informativeness that its words reach.
func (ix *Index) takeawayCoverage(terms []term) []float64 {
	out := make([]float64, len(ix.takeawayTerms))
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	if total == 0 {
		return out
	}
	for k, tt := range ix.takeawayTerms {
		var r float64
		for _, t := range terms {
			f, _ := t.factorIn(tt)
			r += t.weight * f
		}
		out[k] = r / total
	}
	return out
}
