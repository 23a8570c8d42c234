package index

import (
	"slices"
	"testing"
)

// TestNumbersAndYears checks how numbers reach the article: a year its
// decade and a decade its years, and never a number a digit off ("1990" is
// not a typo of "1995").
func TestNumbersAndYears(t *testing.T) {
	t.Parallel()
	const text = `About 20 ships crossed in 1995, more than in the 1980s.

Workers earned more in the nineteenth century than in 1850, and seven of 12 ports closed.
`
	ix := articleIndex(t, "numbers.txt", text)
	tests := []struct {
		word  string
		want  string // a term it reaches; "" for none
		never string // a term it must not reach
	}{
		{"1990s", "1995", ""},
		{"1987", "1980s", ""},
		{"1990", "", "1995"},
		{"1851", "", "1850"},
		{"21", "", "20"},
	}
	for _, tt := range tests {
		got := reaches(ix, tt.word)
		if tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("%q reaches %q; want %q among them", tt.word, got, tt.want)
		}
		if tt.never != "" && slices.Contains(got, tt.never) {
			t.Errorf("%q reaches %q; want no %q", tt.word, got, tt.never)
		}
	}
}
