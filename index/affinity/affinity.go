// Package affinity owns how the article's key takeaways relate to its text:
// how much each takeaway draws on each passage or sentence (the overlap of
// their terms, weighted by TF-IDF), the alignment of the takeaways list with
// the passages it follows (key takeaways summarise an article in its order),
// and each takeaway's supporting passages. Its functions are pure: they take
// term counts (term → occurrences, one map a passage, sentence or takeaway)
// and similarity tables, and know nothing of bleve or of questions.
package affinity

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
)

// Of scores how much each takeaway draws on each unit of text (a passage or
// a sentence): the cosine similarity of their TF-IDF vectors (IDF over the
// passages and takeaways), normalised so that each unit's best takeaway
// scores 1. norm[k][i] and raw[k][i] are for takeaway k and unit i; raw holds
// the cosines before normalisation.
func Of(units, passages, takeaways []map[string]int) (norm, raw [][]float64) {
	df := map[string]int{}
	for _, d := range append(append([]map[string]int{}, passages...), takeaways...) {
		for t := range d {
			df[t]++
		}
	}
	n := float64(len(passages) + len(takeaways))
	// vec is a text's TF-IDF vector and its length; its terms are summed
	// in sorted order, so that the same article gives the same affinities
	// to the last bit, whatever the maps' order.
	vec := func(d map[string]int) (map[string]float64, float64) {
		v := make(map[string]float64, len(d))
		var sq float64
		for _, t := range slices.Sorted(maps.Keys(d)) {
			w := (1 + math.Log(float64(d[t]))) * math.Log(1+n/float64(max(1, df[t])))
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
		terms := slices.Sorted(maps.Keys(tv))
		raw[k] = make([]float64, len(units))
		norm[k] = make([]float64, len(units))
		for i := range units {
			if tn == 0 || un[i] == 0 {
				continue
			}
			var dot float64
			for _, term := range terms {
				dot += tv[term] * uv[i][term]
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

// AddNegatedBases adds to each term set the base of every negated term whose
// base the article also uses (is in vocab): "unmonitor" also counts as
// "monitor", so that Of sees the shared topic.
func AddNegatedBases(sets []map[string]int, vocab map[string]int) {
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

// AlignmentBonus is added to the affinity of a takeaway and a passage that
// the article's order pairs (see Align).
const AlignmentBonus = 0.25

// newTakeawayShare is the reward for pairing one more takeaway, as a share of
// a passage's typical best similarity.
const newTakeawayShare = 0.3

// Align pairs the passages before the takeaways list with the takeaways,
// keeping both in the article's order (key takeaways summarise an article
// from its beginning to its end): it returns for each passage the index of
// its takeaway, or -1, choosing the order-preserving pairing whose
// similarities (sim[k][p]) add up to the most. Passages after the list are
// left unpaired.
func Align(sim [][]float64, before int) []int {
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

// Supporting lists, for each takeaway, the passages it draws on most (by
// number, from 1), best first: those whose best takeaway it is, and those
// nearly as close to it as its closest passage.
func Supporting(norm, raw [][]float64) [][]int {
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
