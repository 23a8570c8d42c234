package prose

import (
	"unicode"
	"unicode/utf8"
)

// PlainLatin reports whether s holds only Latin letters, digits, spaces and
// common punctuation, where nextWord finds the words Unicode word
// segmentation finds. Format characters (a soft hyphen, a word joiner) are
// not: segmentation reads through them, inside a word.
func PlainLatin(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u00ad' || (r >= 0x2000 && r <= 0x206f && unicode.Is(unicode.Cf, r)): // the format characters of these ranges
			return false
		case r < 0x250 && !unicode.Is(unicode.Mn, r): // Latin, Latin-1, Latin Extended
		case r >= 0x2000 && r <= 0x206f: // general punctuation: dashes, quotes, ellipsis
		default:
			return false
		}
	}
	return true
}

// NextWord returns the end of the word that starts at start, and whether a
// word starts there. A word is a run of letters, digits and marks, joined
// across one apostrophe, period, comma, colon or middle dot when letters or
// digits follow (as in "China's", "U.S", "1.4", "1,350"), as Unicode word
// segmentation (UAX #29) joins them for ordinary English text. Any other
// character ends a word; ideographs are words of their own.
func NextWord(s string, start int) (int, bool) {
	r, size := utf8.DecodeRuneInString(s[start:])
	if !isSegmentRune(r) {
		return start, false
	}
	if isIdeograph(r) {
		return start + size, true
	}
	i := start + size
	prev := r
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSegmentRune(r) && !isIdeograph(r) {
			prev = r
			i += size
			continue
		}
		if !isMid(r, prev) || i+size >= len(s) {
			break
		}
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		if !isSegmentRune(next) || isIdeograph(next) || !midJoins(r, prev, next) {
			break
		}
		i += size
	}
	return i, true
}

func isSegmentRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}

func isIdeograph(r rune) bool {
	if r < 0x0e00 { // below Thai, the first of these scripts
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Thai, r) || unicode.Is(unicode.Lao, r) || unicode.Is(unicode.Khmer, r) || unicode.Is(unicode.Myanmar, r)
}

// isMid reports whether r may join two parts of a word.
func isMid(r, prev rune) bool {
	switch r {
	case '\'', '’', '.', ',', ':', '·', ';', '‘', '\u2024', '\ufe52', '\uff07', '\uff0e':
		return true
	}
	return false
}

// midJoins applies UAX #29's rules for a joining character between two word
// characters: apostrophes and periods join letters or digits, colons and
// middle dots join letters, commas and semicolons join digits.
func midJoins(mid, prev, next rune) bool {
	letters := unicode.IsLetter(prev) && unicode.IsLetter(next)
	digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
	switch mid {
	case '\'', '’', '.', '‘', '\u2024', '\ufe52', '\uff07', '\uff0e':
		return letters || digits
	case ':', '·':
		return letters
	case ',', ';':
		return digits
	}
	return false
}
