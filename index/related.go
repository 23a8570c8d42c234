package index

import (
	"sort"

	"github.com/articlebot/articlebot/index/english"
)

// relatedTerms returns the article terms whose meaning is closest to the
// stem's, at least minCos, closest first, at most limit, with their
// cosines.
func (ix *Index) relatedTerms(stem string, minCos float64, limit int) ([]string, []float64) {
	v := english.Vector(stem)
	if v == nil {
		return nil, nil
	}
	type near struct {
		term string
		cos  float64
	}
	var found []near
	for _, t := range ix.relatedVocab() {
		if t.term == stem {
			continue
		}
		if c := english.Cosine(v, t.vec); c >= minCos {
			found = append(found, near{t.term, c})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].cos != found[j].cos {
			return found[i].cos > found[j].cos
		}
		return found[i].term < found[j].term
	})
	found = found[:min(len(found), limit)]
	terms, cosines := make([]string, len(found)), make([]float64, len(found))
	for i, f := range found {
		terms[i], cosines[i] = f.term, f.cos
	}
	return terms, cosines
}

// termVector is an article term with its vector in the model.
type termVector struct {
	term string
	vec  []byte
}

// relatedVectors returns the article's terms that the model has, with their
// vectors.
func (ix *Index) relatedVectors() []termVector {
	var out []termVector
	for _, t := range ix.terms {
		if len(t) < minRelatedLen {
			continue
		}
		if v := english.Vector(t); v != nil {
			out = append(out, termVector{t, v})
		}
	}
	return out
}
