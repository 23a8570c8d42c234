package index

import (
	"math"
	"sort"
	"strings"
)

// Stage 7, takeaway: the key takeaway that fits the answer is chosen from
// the article's own text: how close each takeaway is to the answering
// passages and sentences (TF-IDF, with a bonus for the pairing that follows
// the article's order, computed once in New), and how much of the question
// the takeaway itself covers.

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
			best = max(best, raw[k][i])
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
			best = max(best, sim[n][p])
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
			best = max(best, r)
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
