package english

import (
	"encoding/binary"
	"testing"
)

// TestRelatedModel checks the embedded relatedness model: it decodes, its
// stems are sorted as vector's search needs, its vectors have unit length,
// and words of one meaning are closer than words of unrelated ones.
func TestRelatedModel(t *testing.T) {
	m := meaningModel()
	if len(m.start) < 10000 || m.dim < 16 {
		t.Fatalf("model: %d stems of %d dimensions, want a full model", len(m.start), m.dim)
	}
	for i := 1; i < len(m.start); i++ {
		if m.name(i-1) >= m.name(i) {
			t.Fatalf("stem %d %q is not after %q", i, m.name(i), m.name(i-1))
		}
	}
	for _, stem := range []string{"tarmac", "calf", "lithium"} {
		v := m.vector(stem)
		if v == nil {
			t.Fatalf("vector(%q) = nil", stem)
		}
		if c := Cosine(v, v); c < 0.97 || c > 1.03 {
			t.Errorf("Cosine(%q, itself) = %.3f, want 1", stem, c)
		}
	}
	if m.vector("zzzqx") != nil {
		t.Error(`vector("zzzqx") is not nil`)
	}
	for _, tt := range []struct{ word, near, far string }{
		{"tarmac", "asphalt", "cheese"},
		{"calf", "cow", "violin"},
		{"sapling", "tree", "bank"},
		{"lithium", "metal", "poetry"},
	} {
		v, near, far := m.vector(Stem(tt.word)), m.vector(Stem(tt.near)), m.vector(Stem(tt.far))
		if v == nil || near == nil || far == nil {
			t.Fatalf("the model lacks one of %q, %q, %q", tt.word, tt.near, tt.far)
		}
		if cn, cf := Cosine(v, near), Cosine(v, far); cn < cf+0.3 {
			t.Errorf("Cosine(%s, %s) = %.2f, Cosine(%s, %s) = %.2f: want the first well above", tt.word, tt.near, cn, tt.word, tt.far, cf)
		}
	}
}

// TestDecodeRelated decodes well-formed and malformed tables: a malformed one
// gives an empty model, never a panic.
func TestDecodeRelated(t *testing.T) {
	table := func(n, dim uint32, names string, vecs ...byte) []byte {
		b := []byte("ABREL1")
		b = binary.LittleEndian.AppendUint32(b, n)
		b = binary.LittleEndian.AppendUint32(b, dim)
		return append(append(b, names...), vecs...)
	}
	good := table(2, 2, "ant\nbee\n", 127, 0, 0, 129)
	m := decodeRelated(good)
	if v := m.vector("bee"); len(v) != 2 || int8(v[1]) != -127 {
		t.Fatalf(`vector("bee") = %v, want [0 -127]`, v)
	}
	if c := Cosine(m.vector("ant"), m.vector("bee")); c != 0 {
		t.Errorf("Cosine(ant, bee) = %v, want 0", c)
	}
	for name, b := range map[string][]byte{
		"empty":           nil,
		"wrong magic":     append([]byte("ABREL9"), good[6:]...),
		"short header":    good[:10],
		"too few vectors": good[:len(good)-1],
		"too many stems":  table(3, 2, "ant\nbee\n", 127, 0, 0, 129),
		"zero dimensions": table(2, 0, "ant\nbee\n"),
	} {
		m := decodeRelated(b)
		if len(m.start) != 0 || m.vector("ant") != nil {
			t.Errorf("%s: decoded %d stems, want an empty model", name, len(m.start))
		}
	}
}
