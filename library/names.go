package library

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Article names: what members type in `article:` and `/library use name:`.
// A name is lower case, letters and digits in words joined by hyphens
// ("week-3-coral-reefs"), at most MaxNameLen characters, so that it is
// quick to type, shows the same everywhere and is compared exactly.

// MaxNameLen is the longest name, in characters.
const MaxNameLen = 40

// maxDerivedWords is how many words of the title a derived name keeps.
const maxDerivedWords = 5

// maxDerivedLen is the longest derived name, in characters; it leaves room
// for a "-2" suffix within MaxNameLen.
const maxDerivedLen = 32

// NormalizeName turns what someone typed into a name: lower case, every
// run of characters that are not letters or digits a single hyphen, no
// hyphen at either end, cut to MaxNameLen characters on a word boundary
// when one is near. It returns "" when s has no letter or digit.
func NormalizeName(s string) string {
	return slug(s, MaxNameLen, 0)
}

// NameFromTitle derives a short name from an article's title: its first
// few words as NormalizeName writes them ("Coral reefs under heat stress:
// what the 2024 bleaching means" gives "coral-reefs-under-heat-stress").
// It returns "article" for a title with no letter or digit.
func NameFromTitle(title string) string {
	if n := slug(title, maxDerivedLen, maxDerivedWords); n != "" {
		return n
	}
	return "article"
}

// slug writes s as a name of at most limit characters and, when words > 0,
// at most that many words.
func slug(s string, limit, words int) string {
	var parts []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if r, _ := utf8.DecodeRuneInString(w); w == "" || r == utf8.RuneError {
			continue
		}
		parts = append(parts, w)
		if words > 0 && len(parts) == words {
			break
		}
	}
	out := ""
	for _, p := range parts {
		next := p
		if out != "" {
			next = out + "-" + p
		}
		if utf8.RuneCountInString(next) > limit {
			if out == "" { // one long word: cut it
				return cutRunes(p, limit)
			}
			break
		}
		out = next
	}
	return out
}

func cutRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// withSuffix is name with "-n" appended, cut so that the whole fits in
// MaxNameLen.
func withSuffix(name string, n int) string {
	suffix := "-" + strconv.Itoa(n)
	base := cutRunes(name, MaxNameLen-len(suffix))
	return strings.TrimRight(base, "-") + suffix
}
