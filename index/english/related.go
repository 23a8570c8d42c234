package english

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The relatedness model: a vector for the stem of each English word people
// type, whose cosines say how related two meanings are ("tarmac" and
// "asphalt", "calf" and "cow"). internal/gen-english builds it offline from
// WordNet (latent semantic analysis of its senses, relations and
// definitions); see internal/gen-english/related.go.

//go:embed related.bin
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

// Vector returns a stem's vector in the relatedness model: Dim signed
// bytes of length 127 (read in place; not to be modified), nil when the
// model lacks the stem.
func Vector(stem string) []byte { return meaningModel().vector(stem) }

// Dim returns the dimension of the model's vectors, 0 when the embedded
// model is malformed.
func Dim() int { return meaningModel().dim }

// Cosine returns the cosine of two vectors of the model.
func Cosine(a, b []byte) float64 {
	var s int32
	for k := range a {
		s += int32(int8(a[k])) * int32(int8(b[k]))
	}
	return float64(s) / (127 * 127)
}

// Neighbours finds, among a vocabulary of stems (an article's), those
// closest in meaning to a stem by the relatedness model. Build it with
// NewNeighbours; it is read-only and safe for concurrent use.
type Neighbours struct {
	vocab []stemVector
}

// stemVector is a stem of the vocabulary with its vector in the model.
type stemVector struct {
	stem string
	vec  []byte
}

// NewNeighbours returns the Neighbours of a vocabulary: its stems of at
// least minLen bytes that the model has.
func NewNeighbours(stems []string, minLen int) *Neighbours {
	n := &Neighbours{}
	for _, s := range stems {
		if len(s) < minLen {
			continue
		}
		if v := Vector(s); v != nil {
			n.vocab = append(n.vocab, stemVector{s, v})
		}
	}
	return n
}

// Nearest returns the vocabulary's stems, other than stem itself, whose
// cosine with stem is at least minCos, closest first (ties in stem order),
// at most limit, with their cosines; nothing when the model lacks stem.
func (n *Neighbours) Nearest(stem string, minCos float64, limit int) ([]string, []float64) {
	v := Vector(stem)
	if v == nil {
		return nil, nil
	}
	type near struct {
		stem string
		cos  float64
	}
	var found []near
	for _, t := range n.vocab {
		if t.stem == stem {
			continue
		}
		if c := Cosine(v, t.vec); c >= minCos {
			found = append(found, near{t.stem, c})
		}
	}
	slices.SortFunc(found, func(a, b near) int { return cmp.Or(cmp.Compare(b.cos, a.cos), strings.Compare(a.stem, b.stem)) })
	found = found[:min(len(found), limit)]
	stems, cosines := make([]string, len(found)), make([]float64, len(found))
	for i, f := range found {
		stems[i], cosines[i] = f.stem, f.cos
	}
	return stems, cosines
}
