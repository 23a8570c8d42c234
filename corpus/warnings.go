package corpus

import (
	"fmt"
	"regexp"
	"strings"
)

// longPassageWords is the length past which a passage is worth a warning:
// longer than a paragraph usually is, so probably several run together.
const longPassageWords = 500

// chromeWords bounds the passages checked for page chrome: boilerplate is
// short, and a long paragraph that mentions cookies is about cookies.
const chromeWords = 30

// chromeText matches the boilerplate of web pages: cookie notices, share
// and follow buttons, newsletter boxes, "related stories", copyright lines.
var chromeText = regexp.MustCompile(`(?i)\b(?:` +
	`cookies?\b.*\b(?:accept|consent|settings|preferences|policy|use)|(?:accept|reject|manage)\s+(?:all\s+)?cookies|` +
	`share\s+(?:this|on|via)\b|share\s+(?:article|story)|follow\s+us\b|` +
	`sign\s*up\b.*\bnewsletter|newsletter\b.*\bsign\s*up|subscribe\s+(?:to|now|for)\b|` +
	`related\s+(?:stories|articles|content|posts|reading)|more\s+(?:stories|from)\b|recommended\s+for\s+you|you\s+may\s+also\s+like|read\s+more\b|` +
	`all\s+rights\s+reserved|©|privacy\s+policy|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|` +
	`skip\s+to\s+(?:main\s+)?content|log\s*in\b|sign\s+in\b|advertisement\b|sponsored\b|click\s+here\b)`)

// looksLikeChrome reports whether a short text reads as a web page's
// boilerplate rather than the article.
func looksLikeChrome(text string) bool {
	return countWords(text, chromeWords+1) <= chromeWords && chromeText.MatchString(text)
}

// countWords counts the words of s separated by white space, up to limit.
func countWords(s string, limit int) int {
	n, inWord := 0, false
	for _, r := range s {
		if isSpaceOrControl(r) {
			inWord = false
			continue
		}
		if !inWord {
			if n++; n >= limit {
				return n
			}
		}
		inWord = true
	}
	return n
}

// warnings are what Parse tells about an article that it read but that may
// not be what its author meant.
func warnings(a *Article) []string {
	var out []string
	if len(a.Takeaways) == 0 {
		out = append(out, `no "Key Takeaways" list found: answers will quote passages without a takeaway`)
	}
	for _, p := range a.Passages {
		if n := countWords(p.Text, 1<<30); n > longPassageWords {
			out = append(out, fmt.Sprintf("passage %d is very long (%d words): it may be several paragraphs run together", p.Number, n))
		}
		if looksLikeChrome(p.Text) {
			out = append(out, fmt.Sprintf("passage %d looks like page chrome, not the article: %q", p.Number, clipText(p.Text, 80)))
		}
	}
	return out
}

// clipText shortens s to at most n characters, with an ellipsis.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
