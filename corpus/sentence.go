package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period but rarely end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true, "no": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "fig": true, "al": true,
	"op": true, "opp": true, "nos": true, "vol": true, "vols": true, "pp": true, "ch": true, "mt": true, "ft": true,
	"ca": true, "cf": true, "dept": true, "ave": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"rev": true, "fr": true, "bros": true, "messrs": true, "univ": true, "ed": true, "eds": true,
}

// SplitSentences splits a paragraph into sentences. A sentence ends at ".",
// "!" or "?" (with any closing quotes or brackets) followed by white space
// and a capital letter, digit or opening quote, unless the word before the
// period is a common abbreviation or a single initial. The sentences,
// trimmed and joined with single spaces, give back the whitespace-normalised
// paragraph.
func SplitSentences(paragraph string) []string {
	p := normalizeSpace(paragraph)
	if p == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		// Swallow repeated terminators and closing quotes or brackets.
		for end < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[end:])
			if !strings.ContainsRune(`.!?…"'”’)]»`, r2) {
				break
			}
			end += s2
		}
		if end >= len(p) || p[end] != ' ' {
			i = end
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'“‘(«`, next)) {
			i = end
			continue
		}
		if r == '.' && isAbbreviation(p[start:i]) {
			i = end
			continue
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end + 1
		i = start
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// maxAbbreviationBytes bounds the text looked at before a period: longer
// than any abbreviation, so that splitting stays linear in the text.
const maxAbbreviationBytes = 16

// isAbbreviation reports whether the text before a period ends with an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	if len(before) > maxAbbreviationBytes { // only the last word matters
		before = before[len(before)-maxAbbreviationBytes:]
	}
	j := strings.LastIndexAny(before, " (\"“")
	word := before[j+1:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(word)]
}
