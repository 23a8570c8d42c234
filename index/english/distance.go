package english

// maxFuzzyRunes bounds the words compared for typos; longer words are not
// compared (no English word the article could hold is that long).
const maxFuzzyRunes = 40

// EditDistance returns the Damerau–Levenshtein (optimal string alignment)
// distance between a and b counted in runes, or limit+1 as soon as it is
// known to exceed limit. It does not allocate.
func EditDistance(a, b string, limit int) int {
	var ra, rb [maxFuzzyRunes]rune
	na, nb := 0, 0
	for _, r := range a {
		if na == maxFuzzyRunes {
			return limit + 1
		}
		ra[na] = r
		na++
	}
	for _, r := range b {
		if nb == maxFuzzyRunes {
			return limit + 1
		}
		rb[nb] = r
		nb++
	}
	if d := na - nb; d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][maxFuzzyRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= nb; j++ {
		prev[j] = j
	}
	for i := 1; i <= na; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= nb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[nb] > limit {
		return limit + 1
	}
	return prev[nb]
}
