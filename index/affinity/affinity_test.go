package affinity

import (
	"maps"
	"math"
	"slices"
	"testing"
)

// approxEqual reports whether two tables of scores agree to within rounding.
func approxEqual(a, b [][]float64) bool {
	return slices.EqualFunc(a, b, func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(u, v float64) bool { return math.Abs(u-v) < 1e-12 })
	})
}

func TestOf(t *testing.T) {
	t.Parallel()
	wa, wb := math.Log(1+3/2.0), math.Log(1+3/1.0) // IDF of a and b in the sentence case
	tests := []struct {
		name              string
		units, passages   []map[string]int
		takeaways         []map[string]int
		wantNorm, wantRaw [][]float64
	}{
		{
			name:      "each takeaway on its own passage",
			units:     []map[string]int{{"a": 1}, {"b": 1}},
			passages:  []map[string]int{{"a": 1}, {"b": 1}},
			takeaways: []map[string]int{{"a": 1}, {"b": 1}},
			wantNorm:  [][]float64{{1, 0}, {0, 1}},
			wantRaw:   [][]float64{{1, 0}, {0, 1}},
		},
		{
			name:      "a passage no takeaway shares a term with",
			units:     []map[string]int{{"a": 1}, {"c": 1}},
			passages:  []map[string]int{{"a": 1}, {"c": 1}},
			takeaways: []map[string]int{{"a": 1}},
			wantNorm:  [][]float64{{1, 0}},
			wantRaw:   [][]float64{{1, 0}},
		},
		{
			name:      "an empty takeaway",
			units:     []map[string]int{{"a": 1}},
			passages:  []map[string]int{{"a": 1}},
			takeaways: []map[string]int{{"a": 1}, {}},
			wantNorm:  [][]float64{{1}, {0}},
			wantRaw:   [][]float64{{1}, {0}},
		},
		{
			name:      "a sentence, with IDF over the passages and takeaways",
			units:     []map[string]int{{"a": 1, "b": 1}},
			passages:  []map[string]int{{"a": 1}, {"b": 1}},
			takeaways: []map[string]int{{"a": 1}},
			wantNorm:  [][]float64{{1}},
			wantRaw:   [][]float64{{wa / math.Hypot(wa, wb)}},
		},
		{
			name:      "no takeaways",
			units:     []map[string]int{{"a": 1}},
			passages:  []map[string]int{{"a": 1}},
			takeaways: nil,
			wantNorm:  [][]float64{},
			wantRaw:   [][]float64{},
		},
	}
	for _, tt := range tests {
		norm, raw := Of(tt.units, tt.passages, tt.takeaways)
		if !approxEqual(norm, tt.wantNorm) || !approxEqual(raw, tt.wantRaw) {
			t.Errorf("%s: Of(%v, %v, %v) = %v, %v; want %v, %v", tt.name, tt.units, tt.passages, tt.takeaways, norm, raw, tt.wantNorm, tt.wantRaw)
		}
	}
}

func TestAddNegatedBases(t *testing.T) {
	t.Parallel()
	vocab := map[string]int{"monitor": 1, "it": 1, "secur": 1}
	tests := []struct {
		name string
		set  map[string]int
		want map[string]int
	}{
		{"negated term gains its base", map[string]int{"unmonitor": 2}, map[string]int{"unmonitor": 2, "monitor": 2}},
		{"base already counted", map[string]int{"unmonitor": 2, "monitor": 1}, map[string]int{"unmonitor": 2, "monitor": 1}},
		{"base too short", map[string]int{"unit": 1}, map[string]int{"unit": 1}},
		{"base the article lacks", map[string]int{"unlike": 1}, map[string]int{"unlike": 1}},
		{"other prefix", map[string]int{"insecur": 3}, map[string]int{"insecur": 3, "secur": 3}},
	}
	for _, tt := range tests {
		got := maps.Clone(tt.set)
		AddNegatedBases([]map[string]int{got}, vocab)
		if !maps.Equal(got, tt.want) {
			t.Errorf("%s: AddNegatedBases(%v) = %v; want %v", tt.name, tt.set, got, tt.want)
		}
	}
}

func TestAlign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		sim    [][]float64 // sim[takeaway][passage]
		before int
		want   []int
	}{
		{"diagonal", [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 3, []int{0, 1, 2}},
		{"two passages for one takeaway", [][]float64{{0.9, 0.8, 0}, {0.1, 0.2, 0.9}}, 3, []int{0, 0, 1}},
		{"order beats a crossing pair", [][]float64{{0.2, 0.1, 0.9}, {0.8, 0.1, 0.1}, {0.1, 0.9, 0.1}}, 3, []int{1, 2, 2}},
		{"every takeaway gets a passage when it is close", [][]float64{{0.5, 0.6, 0.1}, {0.1, 0.5, 0.1}, {0.1, 0.1, 0.9}}, 3, []int{0, 1, 2}},
		{"closing passages are not aligned", [][]float64{{1, 0, 0}, {0, 1, 1}}, 2, []int{0, 1}},
		{"no takeaways", nil, 2, []int{-1, -1}},
	}
	for _, tt := range tests {
		if got := Align(tt.sim, tt.before); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Align(%v, %d) = %v; want %v", tt.name, tt.sim, tt.before, got, tt.want)
		}
	}
}

func TestSupporting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		norm, raw [][]float64
		want      [][]int
	}{
		{
			name: "best takeaway of a passage, best first",
			raw:  [][]float64{{0.5, 0.9, 0.6}, {0.8, 0.1, 0}},
			norm: [][]float64{{0.625, 1, 1}, {1, 0.1 / 0.9, 0}},
			want: [][]int{{2, 3}, {1}},
		},
		{
			name: "nearly as close as the closest passage",
			raw:  [][]float64{{1, 0.7}, {0, 0.9}},
			norm: [][]float64{{1, 0.7 / 0.9}, {0, 1}},
			want: [][]int{{1, 2}, {2}},
		},
		{
			name: "a takeaway that draws on nothing",
			raw:  [][]float64{{0.4}, {0}},
			norm: [][]float64{{1}, {0}},
			want: [][]int{{1}, nil},
		},
	}
	for _, tt := range tests {
		if got := Supporting(tt.norm, tt.raw); !slices.EqualFunc(got, tt.want, slices.Equal[[]int]) {
			t.Errorf("%s: Supporting(%v, %v) = %v; want %v", tt.name, tt.norm, tt.raw, got, tt.want)
		}
	}
}
