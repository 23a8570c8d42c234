package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/articlebot/articlebot/index/english"
)

// The relatedness model (related.bin): a short vector for the Snowball stem
// of each single WordNet word people type, such that the cosine of two
// stems' vectors says how related their meanings are ("tarmac" and
// "asphalt", "calf" and "cow", "lithium" and "metal"). It is latent
// semantic analysis of WordNet: each stem is described by sparse features
// (the synsets of its first senses, their broader synsets and the synsets
// derivationally or otherwise related to them, the content words of their
// definitions, and the stem itself as a word of definitions), weighted by
// how few stems share them (tf-idf), and the stem × feature matrix is
// reduced to relatedDim dimensions by a randomized truncated SVD with a
// fixed seed, so that the table is reproduced byte for byte. Stems that
// share no feature are related through ones they both resemble.
const (
	relatedDim       = 128 // dimensions of a vector
	relatedOversamp  = 24  // extra dimensions of the randomized SVD's sketch
	relatedPowerIter = 4   // its power iterations
	relatedSenses    = 4   // senses of a word that describe it
	relatedMinZipf   = 2.0 // stems only of words people actually type
	relatedSeed      = 20261201
)

// Feature weights, by how a feature relates to a sense of the word.
const (
	relWeightSelf     = 1.0  // the stem as a word of definitions
	relWeightSynset   = 1.0  // the sense's own synset: its synonyms
	relWeightBroader  = 0.6  // a broader synset (hypernym, instance of)
	relWeightBroader2 = 0.3  // a broader synset's broader synset
	relWeightLinked   = 0.5  // a part, whole, derivation, pertainym, attribute, similar adjective
	relWeightGloss    = 0.45 // a content word of the sense's definition
)

// relatedLinks are the WordNet pointers whose targets describe a sense:
// holonyms and meronyms, derivations, pertainyms, attributes, similar
// adjectives, causes, entailments, domains.
var relatedLinks = map[string]bool{
	"#m": true, "#s": true, "#p": true, "%m": true, "%s": true, "%p": true,
	"+": true, "\\": true, "=": true, "&": true, ">": true, "*": true,
	";c": true, "-c": true, "^": true, "$": true,
}

// relatedVectors returns the model: the stems in order and their vectors,
// relatedDim signed bytes each, of unit length scaled to 127.
func relatedVectors(wn *wordNet, freq map[string]int) ([]string, []int8) {
	g := glossFilter{wn, freq, english.StopWords()}
	byStem := map[string][]string{}
	for _, m := range wn.senses {
		for l := range m {
			if !alphabetic(l) || freq[l] < minCount || zipfOf(freq, l) < relatedMinZipf || g.stop[l] {
				continue
			}
			s := stem(l)
			if !contains(byStem[s], l) {
				byStem[s] = append(byStem[s], l)
			}
		}
	}
	stems := make([]string, 0, len(byStem))
	for s := range byStem {
		stems = append(stems, s)
	}
	sort.Strings(stems)

	feature := map[string]int{}
	id := func(name string) int {
		if k, ok := feature[name]; ok {
			return k
		}
		feature[name] = len(feature)
		return len(feature) - 1
	}
	syn := func(s synsetID) string { return fmt.Sprintf("s%c%d", s.pos, s.off) }
	rows := make([]map[int]float64, len(stems))
	for r, s := range stems {
		row := map[int]float64{}
		put := func(name string, w float64) {
			k := id(name)
			row[k] = math.Max(row[k], w)
		}
		put("w"+s, relWeightSelf)
		lemmas := byStem[s]
		sort.Slice(lemmas, func(i, j int) bool {
			if freq[lemmas[i]] != freq[lemmas[j]] {
				return freq[lemmas[i]] > freq[lemmas[j]]
			}
			return lemmas[i] < lemmas[j]
		})
		for _, l := range lemmas {
			for rank, ss := range relatedSynsets(wn, l) {
				sw := 1 / (1 + 0.5*float64(rank))
				put(syn(ss.id), relWeightSynset*sw)
				n := 0
				for _, w := range glossWords(ss.gloss) {
					if c, ok := g.content(w); ok && c != s && n < maxGlossStems {
						put("w"+c, relWeightGloss*sw)
						n++
					}
				}
				for _, p := range ss.ptrs {
					switch {
					case p.sym == "@" || p.sym == "@i":
						put(syn(p.to), relWeightBroader*sw)
						if h := wn.synsets[p.to]; h != nil {
							for _, q := range h.ptrs {
								if q.sym == "@" || q.sym == "@i" {
									put(syn(q.to), relWeightBroader2*sw)
								}
							}
						}
					case relatedLinks[p.sym]:
						put(syn(p.to), relWeightLinked*sw)
					}
				}
			}
		}
		rows[r] = row
	}

	// tf-idf, rows of unit length, as a sparse matrix.
	df := make([]int, len(feature))
	for _, row := range rows {
		for k := range row {
			df[k]++
		}
	}
	a := sparse{cols: len(feature), rowStart: []int{0}}
	for _, row := range rows {
		keys := make([]int, 0, len(row))
		for k := range row {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		var norm float64
		start := len(a.val)
		for _, k := range keys {
			if df[k] < 2 {
				continue // a feature of one stem relates it to nothing
			}
			v := row[k] * math.Log(float64(len(rows))/float64(df[k]))
			a.col = append(a.col, k)
			a.val = append(a.val, v)
			norm += v * v
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for i := start; i < len(a.val); i++ {
				a.val[i] /= norm
			}
		}
		a.rowStart = append(a.rowStart, len(a.val))
	}
	emb := truncatedSVD(a, relatedDim, relatedOversamp, relatedPowerIter)

	out := make([]int8, 0, len(stems)*relatedDim)
	kept := stems[:0]
	for r, s := range stems {
		v := emb[r*relatedDim : (r+1)*relatedDim]
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		if norm == 0 {
			continue
		}
		norm = math.Sqrt(norm)
		kept = append(kept, s)
		for _, x := range v {
			out = append(out, int8(math.Round(x/norm*127)))
		}
	}
	return kept, out
}

// relatedSynsets returns the synsets of lemma's first relatedSenses senses,
// most often tagged in WordNet's corpus first, of any part of speech (the
// order glossSynsets uses).
func relatedSynsets(wn *wordNet, lemma string) []*synset {
	first := wn.usualPOS(lemma)
	type sense struct {
		s     *synset
		count int
		order int
	}
	var senses []sense
	for _, p := range []byte("nvar") {
		for i, id := range wn.senses[p][lemma].synsets {
			if s := wn.synsets[id]; s != nil {
				o := i
				if p != first {
					o += 1000
				}
				senses = append(senses, sense{s, wn.tagCount(lemma, s), o})
			}
		}
	}
	sort.SliceStable(senses, func(i, j int) bool {
		if senses[i].count != senses[j].count {
			return senses[i].count > senses[j].count
		}
		return senses[i].order < senses[j].order
	})
	var out []*synset
	for i := 0; i < len(senses) && i < relatedSenses; i++ {
		out = append(out, senses[i].s)
	}
	return out
}

// sparse is a matrix in compressed rows.
type sparse struct {
	cols     int
	rowStart []int
	col      []int
	val      []float64
}

func (a sparse) rows() int { return len(a.rowStart) - 1 }

// mul returns a × x, x dense cols × k (row-major).
func (a sparse) mul(x []float64, k int) []float64 { return a.product(x, k, false) }

// mulT returns aᵀ × y, y dense rows × k.
func (a sparse) mulT(y []float64, k int) []float64 { return a.product(y, k, true) }

// product returns a × in, or aᵀ × in when transpose, in dense with k
// columns (row-major).
func (a sparse) product(in []float64, k int, transpose bool) []float64 {
	n := a.rows()
	if transpose {
		n = a.cols
	}
	out := make([]float64, n*k)
	for r := 0; r < a.rows(); r++ {
		for i := a.rowStart[r]; i < a.rowStart[r+1]; i++ {
			dst, src := r, a.col[i]
			if transpose {
				dst, src = src, dst
			}
			v, o, x := a.val[i], out[dst*k:(dst+1)*k], in[src*k:(src+1)*k]
			for j := range o {
				o[j] += v * x[j]
			}
		}
	}
	return out
}

// truncatedSVD returns the rows of a projected on its dim leading singular
// directions and scaled by the square roots of their singular values (U
// Σ^½), row-major, by the randomized method of Halko, Martinsson and Tropp
// with a seeded Gaussian sketch.
func truncatedSVD(a sparse, dim, oversample, iters int) []float64 {
	k := dim + oversample
	rng := rand.New(rand.NewPCG(relatedSeed, relatedSeed))
	omega := make([]float64, a.cols*k)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	q := orthonormalize(a.mul(omega, k), a.rows(), k)
	for range iters {
		z := orthonormalize(a.mulT(q, k), a.cols, k)
		q = orthonormalize(a.mul(z, k), a.rows(), k)
	}
	// B = Qᵀ A; B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q) is k × k.
	bt := a.mulT(q, k) // cols × k
	bbt := make([]float64, k*k)
	for c := 0; c < a.cols; c++ {
		row := bt[c*k : (c+1)*k]
		for i := range k {
			if row[i] == 0 {
				continue
			}
			for j := range k {
				bbt[i*k+j] += row[i] * row[j]
			}
		}
	}
	vals, vecs := jacobiEigen(bbt, k)
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return vals[order[i]] > vals[order[j]] })
	out := make([]float64, a.rows()*dim)
	for d := range dim {
		e := order[d]
		scale := math.Pow(math.Max(vals[e], 0), 0.25) // σ^½, σ = √λ
		for r := 0; r < a.rows(); r++ {
			var s float64
			qr := q[r*k : (r+1)*k]
			for i := range k {
				s += qr[i] * vecs[i*k+e]
			}
			out[r*dim+d] = s * scale
		}
	}
	return out
}

// orthonormalize returns the columns of m (n × k, row-major) made
// orthonormal by modified Gram-Schmidt, twice for stability.
func orthonormalize(m []float64, n, k int) []float64 {
	col := make([][]float64, k)
	for j := range k {
		col[j] = make([]float64, n)
		for i := range n {
			col[j][i] = m[i*k+j]
		}
	}
	for range 2 {
		for j := range k {
			for p := range j {
				var d float64
				for i := range n {
					d += col[j][i] * col[p][i]
				}
				for i := range n {
					col[j][i] -= d * col[p][i]
				}
			}
			var norm float64
			for _, v := range col[j] {
				norm += v * v
			}
			norm = math.Sqrt(norm)
			if norm > 0 {
				for i := range col[j] {
					col[j][i] /= norm
				}
			}
		}
	}
	out := make([]float64, n*k)
	for j := range k {
		for i := range n {
			out[i*k+j] = col[j][i]
		}
	}
	return out
}

// jacobiEigen returns the eigenvalues of the symmetric k × k matrix s and
// its eigenvectors as columns (row-major), by cyclic Jacobi rotations.
func jacobiEigen(s []float64, k int) ([]float64, []float64) {
	a := slices.Clone(s)
	v := make([]float64, k*k)
	for i := range k {
		v[i*k+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off float64
		for i := range k {
			for j := i + 1; j < k; j++ {
				off += a[i*k+j] * a[i*k+j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range k {
			for q := p + 1; q < k; q++ {
				apq := a[p*k+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*k+q] - a[p*k+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				sn := t * c
				for r := range k {
					arp, arq := a[r*k+p], a[r*k+q]
					a[r*k+p] = c*arp - sn*arq
					a[r*k+q] = sn*arp + c*arq
				}
				for r := range k {
					apr, aqr := a[p*k+r], a[q*k+r]
					a[p*k+r] = c*apr - sn*aqr
					a[q*k+r] = sn*apr + c*aqr
				}
				for r := range k {
					vrp, vrq := v[r*k+p], v[r*k+q]
					v[r*k+p] = c*vrp - sn*vrq
					v[r*k+q] = sn*vrp + c*vrq
				}
			}
		}
	}
	vals := make([]float64, k)
	for i := range k {
		vals[i] = a[i*k+i]
	}
	return vals, v
}

// writeRelated writes the model: "ABREL1", the number of stems and the
// dimension as little-endian uint32s, the stems each ended by '\n', then
// the vectors.
func writeRelated(path string, stems []string, vecs []int8) error {
	var b []byte
	b = append(b, "ABREL1"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(stems)))
	b = binary.LittleEndian.AppendUint32(b, relatedDim)
	b = append(b, strings.Join(stems, "\n")+"\n"...)
	for _, v := range vecs {
		b = append(b, byte(v))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
