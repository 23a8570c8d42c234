package index

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"sort"
	"strings"
	"sync"
)

// The relatedness model: a vector for the stem of each English word people
// type, whose cosines say how related two meanings are ("tarmac" and
// "asphalt", "calf" and "cow"). internal/gen-english builds it offline from
// WordNet (latent semantic analysis of its senses, relations and
// definitions); see related.go there.

//go:embed english/related.bin
var relatedBin []byte

// relatedModel is the decoded model: the stems, sorted, as offsets into the
// embedded table, and their vectors, rows of dim signed bytes of length 127,
// read in place.
type relatedModel struct {
	dim   int
	names string   // the stems, each ended by '\n'
	start []uint32 // where each stem begins in names
	vecs  []byte   // signed bytes
}

// meaningModel returns the model, decoded on first use; an empty model when
// the table is malformed (TestRelatedModel guards against that).
var meaningModel = sync.OnceValue(func() *relatedModel {
	return decodeRelated(relatedBin)
})

// decodeRelated decodes a table written by internal/gen-english: "ABREL1",
// the number of stems and the dimension as little-endian uint32s, the
// stems each ended by '\n', then the vectors.
func decodeRelated(b []byte) *relatedModel {
	empty := &relatedModel{}
	if len(b) < 14 || string(b[:6]) != "ABREL1" {
		return empty
	}
	n := int(binary.LittleEndian.Uint32(b[6:]))
	dim := int(binary.LittleEndian.Uint32(b[10:]))
	rest := b[14:]
	m := &relatedModel{dim: dim, start: make([]uint32, 0, n)}
	at := 0
	for range n {
		j := bytes.IndexByte(rest[at:], '\n')
		if j < 0 {
			return empty
		}
		m.start = append(m.start, uint32(at))
		at += j + 1
	}
	m.names = string(rest[:at])
	rest = rest[at:]
	if dim <= 0 || len(rest) != n*dim {
		return empty
	}
	m.vecs = rest
	return m
}

// name returns stem i.
func (m *relatedModel) name(i int) string {
	end := len(m.names)
	if i+1 < len(m.start) {
		end = int(m.start[i+1])
	}
	return m.names[m.start[i] : end-1]
}

// vector returns a stem's vector, nil when the model lacks it.
func (m *relatedModel) vector(stem string) []byte {
	i, ok := sort.Find(len(m.start), func(i int) int { return strings.Compare(stem, m.name(i)) })
	if !ok {
		return nil
	}
	return m.vecs[i*m.dim : (i+1)*m.dim]
}

// cosine returns the cosine of two vectors of the model.
func cosine(a, b []byte) float64 {
	var s int32
	for k := range a {
		s += int32(int8(a[k])) * int32(int8(b[k]))
	}
	return float64(s) / (127 * 127)
}

// relatedTerms returns the article terms whose meaning is closest to the
// stem's, at least minCos, closest first, at most limit, with their
// cosines.
func (ix *Index) relatedTerms(stem string, minCos float64, limit int) ([]string, []float64) {
	m := meaningModel()
	v := m.vector(stem)
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
		if c := cosine(v, t.vec); c >= minCos {
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
	m := meaningModel()
	var out []termVector
	for _, t := range ix.terms {
		if len(t) < minRelatedLen {
			continue
		}
		if v := m.vector(t); v != nil {
			out = append(out, termVector{t, v})
		}
	}
	return out
}
