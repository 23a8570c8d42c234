package english

import (
	"encoding/binary"
	"slices"
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

func TestNeighboursNearest(t *testing.T) {
	n := NewNeighbours([]string{"asphalt", "oak", "bus", "fare", "tarmac", "road", "x"}, 3)
	tests := []struct {
		stem   string
		minCos float64
		limit  int
		want   []string
	}{
		{"tarmac", 0.3, 8, []string{"asphalt"}}, // not "tarmac" itself
		{"tarmac", 0.3, 0, []string{}},
		{"tarmac", 0.99, 8, []string{}},
		{"zzzqqq", 0, 8, nil}, // not in the model
	}
	for _, tt := range tests {
		got, cos := n.Nearest(tt.stem, tt.minCos, tt.limit)
		if !slices.Equal(got, tt.want) || len(cos) != len(got) {
			t.Errorf("Nearest(%q, %v, %d) = %q, %v; want %q", tt.stem, tt.minCos, tt.limit, got, cos, tt.want)
		}
		for i, c := range cos {
			if c < tt.minCos || c > 1 || i > 0 && c > cos[i-1] {
				t.Errorf("Nearest(%q) cosines %v: want each in [%v, 1], closest first", tt.stem, cos, tt.minCos)
			}
		}
	}
	// Every stem the model knows among many: sorted by cosine, ties by stem.
	all := NewNeighbours([]string{"car", "automobil", "vehicl", "truck", "bicycl", "train", "road", "engin", "wheel", "driver"}, 3)
	got, cos := all.Nearest("car", 0, 100)
	for i := 1; i < len(got); i++ {
		if cos[i] > cos[i-1] || cos[i] == cos[i-1] && got[i] < got[i-1] {
			t.Errorf("Nearest(car) = %q, %v; want closest first, ties in stem order", got, cos)
		}
	}
}

func TestGlossIndex(t *testing.T) {
	g := GlossIndex([]string{"mar", "soda", "coffe"})
	for word, want := range map[string][]string{"planet": {"mar"}, "red": {"mar"}, "drink": {"soda"}} {
		if got := g[word]; !slices.Equal(got, want) {
			t.Errorf("GlossIndex(...)[%q] = %q; want %q", word, got, want)
		}
	}
	if len(GlossIndex(nil)) != 0 {
		t.Errorf("GlossIndex(nil) is not empty")
	}
}
