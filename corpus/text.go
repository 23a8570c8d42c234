package corpus

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	bulletLine = regexp.MustCompile(`^\s*(?:[-*•‣◦▪]|\d{1,2}[.)])\s+(.*\S)\s*$`)
	titleLine  = regexp.MustCompile(`^#\s+(.*\S)\s*$`)
)

// parseText reads a plain-text article (see the package doc): text has
// been decoded and its line ends normalised to "\n".
func parseText(name, text string) (*Article, error) {
	lines := strings.Split(text, "\n")
	b := newBuilder(name, FormatText)

	// The title, and where the body starts.
	start := 0
	for start < len(lines) && strings.TrimSpace(lines[start]) == "" {
		start++
	}
	if start < len(lines) {
		line := strings.TrimSpace(lines[start])
		if m := titleLine.FindStringSubmatch(line); m != nil && !takeawaysHeading.MatchString(line) && b.setTitle(m[1]) {
			start++
		}
	}

	kinds := classifyLines(lines[start:])
	wrapped := hardWrapped(wrapCandidates(lines[start:], kinds))

	var (
		para      []string // lines of the passage being read
		inList    bool     // reading the takeaways list
		listLine  int      // line of the takeaways heading
		sawBullet bool
	)
	flush := func() {
		if len(para) > 0 {
			b.passage(joinWrapped(para))
			para = para[:0]
		}
	}
	endList := func() error {
		if inList && !sawBullet {
			return b.fail(listLine, errNoBullets)
		}
		inList = false
		return nil
	}
	for i, raw := range lines[start:] {
		lineNo := start + i + 1
		line := strings.TrimSpace(raw)
		switch kinds[i] {
		case lineBlank:
			flush()
		case lineTakeaways:
			flush()
			if err := endList(); err != nil {
				return nil, err
			}
			if err := b.startTakeaways(lineNo); err != nil {
				return nil, err
			}
			inList, listLine, sawBullet = true, lineNo, false
		case lineBullet, lineBody:
			if inList {
				if kinds[i] == lineBullet {
					// A bullet of control characters alone says nothing: skip it.
					if b.takeaway(bulletLine.FindStringSubmatch(line)[1]) {
						sawBullet = true
					}
					continue
				}
				if sawBullet && (startsLower(line) || startsIndented(raw)) {
					b.extendTakeaway(line) // a wrapped bullet
					continue
				}
				if err := endList(); err != nil {
					return nil, err
				}
			}
			if !wrapped || kinds[i] == lineBullet {
				flush()
			}
			para = append(para, line)
			if !wrapped {
				flush()
			}
		}
	}
	flush()
	if err := endList(); err != nil {
		return nil, err
	}
	return b.finish(max(1, len(lines)))
}

// The kinds of line in a plain-text article.
const (
	lineBlank = iota
	lineTakeaways
	lineBullet
	lineBody
)

func classifyLines(lines []string) []int {
	kinds := make([]int, len(lines))
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			kinds[i] = lineBlank
		case takeawaysHeading.MatchString(line):
			kinds[i] = lineTakeaways
		case bulletLine.MatchString(line):
			kinds[i] = lineBullet
		default:
			kinds[i] = lineBody
		}
	}
	return kinds
}

// wrapLine is a line that goes on to another line of the same
// blank-line-separated block: the evidence hardWrapped weighs.
type wrapLine struct {
	width     int  // in characters
	nextWord  int  // width of the next line's first word
	continues bool // the next line starts in lower case, or this one ends in a comma or hyphen
}

// wrapCandidates returns the body lines followed by a body line (not a
// bullet, not a heading, not a blank), with more than one word: a single
// word cannot be wrapped, so it says nothing about the width.
func wrapCandidates(lines []string, kinds []int) []wrapLine {
	var out []wrapLine
	for i := 0; i+1 < len(lines); i++ {
		if kinds[i] != lineBody || kinds[i+1] != lineBody {
			continue
		}
		if c, ok := wrapCandidate(lines[i], lines[i+1]); ok {
			out = append(out, c)
		}
	}
	return out
}

func wrapCandidate(line, next string) (wrapLine, bool) {
	line, next = strings.TrimSpace(line), strings.TrimSpace(next)
	if !strings.ContainsAny(line, " \t") || next == "" {
		return wrapLine{}, false
	}
	word := next
	if j := strings.IndexAny(next, " \t"); j >= 0 {
		word = next[:j]
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return wrapLine{
		width:     utf8.RuneCountInString(line),
		nextWord:  utf8.RuneCountInString(word),
		continues: startsLower(next) || last == ',' || last == '-' || last == '–',
	}, true
}

// The bounds of hard wrapping: the widths text is wrapped at (most wrap at
// 60 to 80 characters), the share of wrapped lines filled to the width, and
// the share that break mid-sentence.
const (
	minWrapWidth    = 30
	maxWrapWidth    = 120
	minFilledShare  = 0.8
	minFillRatio    = 0.8
	minContinuesShr = 0.4
)

// hardWrapped reports whether a file's text is hard-wrapped, from the lines
// that go on to another line of the same block: at least two of them, of a
// similar, bounded width W (the 90th percentile of their widths, between
// minWrapWidth and maxWrapWidth), nearly all filled to it (the next line's
// first word would have taken the line to at least minFillRatio·W, as a
// wrapping editor leaves them), and often breaking mid-sentence (the next
// line starts in lower case). The decision is for the whole file: in a file
// written one paragraph a line, every line is a passage.
func hardWrapped(cands []wrapLine) bool {
	if len(cands) < 2 {
		return false
	}
	widths := make([]int, len(cands))
	for i, c := range cands {
		widths[i] = c.width
	}
	slices.Sort(widths)
	w := widths[(len(widths)*9+9)/10-1] // nearest-rank 90th percentile
	if w < minWrapWidth || w > maxWrapWidth {
		return false
	}
	filled, continues := 0, 0
	for _, c := range cands {
		if c.width >= w || float64(c.width+1+c.nextWord) >= minFillRatio*float64(w) {
			filled++
		}
		if c.continues {
			continues++
		}
	}
	n := float64(len(cands))
	return float64(filled) >= minFilledShare*n && float64(continues) >= minContinuesShr*n
}

func startsIndented(raw string) bool {
	r, _ := utf8.DecodeRuneInString(raw)
	return unicode.IsSpace(r)
}

// joinWrapped joins the lines of a hard-wrapped paragraph with spaces,
// except after a hyphen that ends a line between two letters: a wrapping
// tool broke a compound there ("lower-" and "grade"), and it is joined
// back without a space.
func joinWrapped(lines []string) string {
	var sb strings.Builder
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if i > 0 {
			prev := lines[i-1]
			if !brokenCompound(strings.TrimSpace(prev), line) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(line)
	}
	return sb.String()
}

func brokenCompound(line, next string) bool {
	if !strings.HasSuffix(line, "-") || strings.HasSuffix(line, "--") || len(line) < 2 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(line[:len(line)-1])
	after, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}
