package main

import (
	"math"
	"slices"

	"github.com/articlebot/articlebot/index"
)

// Gradient boosting of oblivious trees on top of a linear score: each tree
// asks the same index.TreeDepth questions (feature ≥ threshold) of every
// row and adds the value of the leaf the answers lead to. Each round fits
// one tree to the loss's gradient and curvature at the current scores (a
// Newton step), shrunk by boostRate. The decline model uses it: whether an
// article answers a question depends on its features together (a missing
// weighty word matters less when the best sentence reaches the rest), which
// a linear score cannot weigh. (Trees on the rank model were tried too:
// held out, they gained nothing on the linear weights.)
const (
	boostRate   = 0.1  // shrinkage of each tree's values
	boostBins   = 32   // candidate thresholds of a feature: its quantiles
	boostLambda = 20.0 // ridge penalty of a leaf value, in examples
)

// gradHess sets the loss's gradient and curvature at each row's score.
type gradHess func(score, grad, hess []float64)

// fitTrees fits trees that add to the base score of each row. The loss's
// weights are expected to average about one a row, so that
// boostLambda is in examples.
func fitTrees(rows [][]float64, base []float64, n int, loss gradHess) []index.Tree {
	if len(rows) == 0 || n == 0 {
		return nil
	}
	dim := len(rows[0])
	// Candidate thresholds: each feature's quantiles.
	thresholds := make([][]float64, dim)
	vals := make([]float64, len(rows))
	for k := range dim {
		for i, r := range rows {
			vals[i] = r[k]
		}
		slices.Sort(vals)
		var ts []float64
		for b := 1; b < boostBins; b++ {
			v := vals[b*len(vals)/boostBins]
			if v > vals[0] && (len(ts) == 0 || v > ts[len(ts)-1]) {
				ts = append(ts, v)
			}
		}
		thresholds[k] = ts
	}
	// bin[i*dim+k] is how many of feature k's thresholds row i reaches.
	bin := make([]uint8, len(rows)*dim)
	for i, r := range rows {
		for k := range dim {
			n, _ := slices.BinarySearch(thresholds[k], math.Nextafter(r[k], math.Inf(1)))
			bin[i*dim+k] = uint8(n)
		}
	}
	score := slices.Clone(base)
	grad := make([]float64, len(rows))
	hess := make([]float64, len(rows))
	leaf := make([]int, len(rows))
	const nb = boostBins + 1
	var trees []index.Tree
	for range n {
		loss(score, grad, hess)
		var t index.Tree
		clear(leaf)
		for d := range index.TreeDepth {
			// Sum gradient and curvature by current leaf, feature and
			// bin; then choose the split that gains most over all leaves.
			nLeaves := 1 << d
			g := make([]float64, nLeaves*dim*nb)
			h := make([]float64, nLeaves*dim*nb)
			for i := range rows {
				off := leaf[i] * dim * nb
				for k := range dim {
					j := off + k*nb + int(bin[i*dim+k])
					g[j] += grad[i]
					h[j] += hess[i]
				}
			}
			bestGain, bestK, bestB := 0.0, -1, 0
			for k := range dim {
				for b := 1; b <= len(thresholds[k]); b++ {
					var gain float64
					for lf := range nLeaves {
						var gl, hl, gr, hr float64
						off := lf*dim*nb + k*nb
						for x := range nb {
							if x < b {
								gl += g[off+x]
								hl += h[off+x]
							} else {
								gr += g[off+x]
								hr += h[off+x]
							}
						}
						gain += gl*gl/(hl+boostLambda) + gr*gr/(hr+boostLambda) - (gl+gr)*(gl+gr)/(hl+hr+boostLambda)
					}
					if gain > bestGain {
						bestGain, bestK, bestB = gain, k, b
					}
				}
			}
			for i := range leaf {
				leaf[i] <<= 1
			}
			if bestK < 0 {
				// Nothing to gain: a question every row answers no.
				t.Feature[d], t.Threshold[d] = 0, math.MaxFloat64
				continue
			}
			t.Feature[d], t.Threshold[d] = uint8(bestK), thresholds[bestK][bestB-1]
			for i := range rows {
				if int(bin[i*dim+bestK]) >= bestB {
					leaf[i] |= 1
				}
			}
		}
		var gs, hs [1 << index.TreeDepth]float64
		for i := range rows {
			gs[leaf[i]] += grad[i]
			hs[leaf[i]] += hess[i]
		}
		for lf := range t.Leaf {
			t.Leaf[lf] = -boostRate * gs[lf] / (hs[lf] + boostLambda)
		}
		for i := range rows {
			score[i] += t.Leaf[leaf[i]]
		}
		trees = append(trees, t)
	}
	return mergeTrees(trees)
}

// mergeTrees adds up the trees that ask the same questions, which give the
// same scores as one tree with their leaves added: boosting often asks the
// same questions again, round after round.
func mergeTrees(trees []index.Tree) []index.Tree {
	type questions struct {
		f [index.TreeDepth]uint8
		t [index.TreeDepth]float64
	}
	at := map[questions]int{}
	var out []index.Tree
	for _, t := range trees {
		k := questions{t.Feature, t.Threshold}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, t)
			continue
		}
		for lf := range t.Leaf {
			out[i].Leaf[lf] += t.Leaf[lf]
		}
	}
	return out
}

// boostDecline fits trees that add to the linear decline score (without
// its bias, which is chosen after), on the logistic loss of the examples.
func boostDecline(ex []example, linear []float64, bias float64, n int) []index.Tree {
	rows := make([][]float64, len(ex))
	base := make([]float64, len(ex))
	var total float64
	for i, e := range ex {
		rows[i] = e.x
		base[i] = bias + dot(linear, e.x)
		total += e.weight
	}
	scale := float64(len(ex)) / total
	return fitTrees(rows, base, n, func(score, grad, hess []float64) {
		for i, e := range ex {
			p := 1 / (1 + math.Exp(-score[i]))
			y := 0.0
			if e.on {
				y = 1
			}
			w := e.weight * scale
			grad[i] = w * (p - y)
			hess[i] = w * max(p*(1-p), 1e-6)
		}
	})
}
