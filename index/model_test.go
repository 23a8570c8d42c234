package index

import (
	"math"
	"testing"
)

func TestTreeValue(t *testing.T) {
	t.Parallel()
	// Asks: f[0] ≥ 0.5? f[2] ≥ 1? never (f[0] ≥ MaxFloat64); the answers,
	// first highest, index the leaves.
	tree := Tree{
		Feature:   [TreeDepth]uint8{0, 2, 0},
		Threshold: [TreeDepth]float64{0.5, 1, math.MaxFloat64},
		Leaf:      [1 << TreeDepth]float64{0, 10, 20, 30, 40, 50, 60, 70},
	}
	tests := []struct {
		f    []float64
		want float64
	}{
		{[]float64{0, 9, 0}, 0},       // no, no, no: leaf 000
		{[]float64{0.4999, 0, 1}, 20}, // no, yes, no: leaf 010
		{[]float64{0.5, 0, 0.99}, 40}, // yes (at the threshold), no, no: leaf 100
		{[]float64{1, 0, 2}, 60},      // yes, yes, no: leaf 110
	}
	for _, tt := range tests {
		if got := tree.Value(tt.f); got != tt.want {
			t.Errorf("Value(%v) = %v; want %v", tt.f, got, tt.want)
		}
	}
}
