package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Bounds on Markdown that no article reaches, checked before parsing:
// CommonMark parsers take time that grows with the square of the nesting
// depth and of the emphasis and link marks in one paragraph.
const (
	maxMarkdownDepth = 32   // nested blockquotes and lists, on one line
	maxMarkdownMarks = 1000 // *, _, [, ], `, <, > and ! in one paragraph or list item
	// and in the whole file: a long article has a few thousand of each.
	maxMarkdownTotalMarks = 200_000
	maxMarkdownContainers = 100_000
)

// parseMarkdown reads a CommonMark article (see the package doc): text has
// been decoded and its line ends normalised to "\n".
func parseMarkdown(name, text string) (*Article, error) {
	src := []byte(text)
	b := newBuilder(name, FormatMarkdown)
	if title, end := frontMatter(src); end > 0 {
		// Blank it out, keeping the line numbers.
		for i := range end {
			if src[i] != '\n' {
				src[i] = ' '
			}
		}
		b.setTitle(title)
	}
	if err := checkMarkdown(name, src); err != nil {
		return nil, err
	}
	doc := goldmark.New().Parser().Parse(gmtext.NewReader(src))
	r := &mdReader{src: src, b: b, lines: lineStarts(src)}
	r.wrapped = hardWrapped(r.wrapCandidates(doc))

	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if err := r.block(n); err != nil {
			return nil, err
		}
	}
	if r.takeawaysLine > 0 {
		return nil, b.fail(r.takeawaysLine, errNoBullets)
	}
	return b.finish(max(1, len(r.lines)))
}

// mdReader walks a Markdown document's top-level blocks in order.
type mdReader struct {
	src     []byte
	b       *builder
	lines   []int // the offset where each line starts
	wrapped bool  // the file is hard-wrapped: a paragraph's lines are one passage
	// takeawaysLine is the line of a Key Takeaways heading whose list has
	// not come yet, 0 when none is pending.
	takeawaysLine int
	// bullets: the takeaways are being read from plain-text bullet lines
	// ("• One"), which Markdown reads as paragraphs.
	bullets bool
}

func (r *mdReader) block(n ast.Node) error {
	if _, ok := n.(*ast.Paragraph); !ok {
		if r.takeawaysLine > 0 {
			if list, ok := n.(*ast.List); ok {
				return r.takeawaysList(list)
			}
			return r.b.fail(r.takeawaysLine, errNoBullets)
		}
		r.bullets = false
	}
	switch n := n.(type) {
	case *ast.Heading:
		text := r.inline(n, " ")
		switch {
		case isTakeawaysTitle(text):
			return r.startTakeaways(r.lineOf(n))
		case n.Level == 1 && r.b.setTitle(text):
		default:
			r.b.setSection(text)
		}
	case *ast.Paragraph:
		return r.paragraph(strings.Split(r.inline(n, "\n"), "\n"), r.lineOf(n))
	case *ast.List:
		var items []string
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			items = append(items, r.blockText(it))
		}
		r.b.passage(listText(items))
	case *ast.HTMLBlock, *ast.ThematicBreak:
		// Dropped: markup and rules are not the article's text.
	default: // blockquotes, code blocks
		r.b.passage(r.blockText(n))
	}
	return nil
}

func (r *mdReader) startTakeaways(line int) error {
	if err := r.b.startTakeaways(line); err != nil {
		return err
	}
	r.takeawaysLine = line
	return nil
}

// bulletMark matches the bullets plain text uses that Markdown does not.
var bulletMark = regexp.MustCompile(`^\s*[•‣◦▪]\s+`)

// takeawaysList reads the list after a Key Takeaways heading.
func (r *mdReader) takeawaysList(list *ast.List) error {
	var rest []string // lines lazily continuing the last item: the article goes on
	for it := list.FirstChild(); it != nil; it = it.NextSibling() {
		text := r.blockText(it)
		if it.NextSibling() == nil {
			text, rest = r.lazyLines(it, text)
		}
		r.b.takeaway(text)
	}
	if len(r.b.a.Takeaways) == 0 {
		return r.b.fail(r.takeawaysLine, errNoBullets)
	}
	r.takeawaysLine = 0
	r.passages(rest)
	return nil
}

// paragraph reads a paragraph's lines, the first on line first. Lines of
// the plain-text shape that Markdown reads as one paragraph are read as
// plain text reads them: a Key Takeaways line ends the passage before it,
// and "•" bullets after it are the takeaways.
func (r *mdReader) paragraph(lines []string, first int) error {
	var pending []string
	for k, line := range lines {
		text := normalizeSpace(line)
		switch {
		case isTakeawaysTitle(text):
			r.passages(pending)
			pending = nil
			if err := r.startTakeaways(first + k); err != nil {
				return err
			}
		case (r.takeawaysLine > 0 || r.bullets) && len(pending) == 0 && bulletMark.MatchString(line):
			// A bullet of control characters alone says nothing: skip it,
			// as plain text does (a line after it wraps no takeaway).
			if r.b.takeaway(bulletMark.ReplaceAllString(line, "")) {
				r.takeawaysLine, r.bullets = 0, true
			}
		case r.bullets && len(pending) == 0 && startsLower(text):
			r.b.extendTakeaway(text) // a wrapped bullet
		default:
			if r.takeawaysLine > 0 {
				return r.b.fail(r.takeawaysLine, errNoBullets)
			}
			r.bullets = false
			pending = append(pending, line)
		}
	}
	r.passages(pending)
	return nil
}

// passages adds a paragraph's lines: one passage when the file is
// hard-wrapped, one a line otherwise.
func (r *mdReader) passages(lines []string) {
	if len(lines) == 0 {
		return
	}
	if r.wrapped {
		r.b.passage(joinWrapped(lines))
		return
	}
	for _, line := range lines {
		r.b.passage(line)
	}
}

// lazyLines splits a list item's text where a line that is neither
// indented nor in lower case follows on: a paragraph written right after
// the list, which CommonMark reads as a lazy continuation of the item.
// Plain text reads it as the article going on, and so does this reader
// when the file is not hard-wrapped.
func (r *mdReader) lazyLines(item ast.Node, text string) (string, []string) {
	p := item.FirstChild()
	if r.wrapped || p == nil || p.NextSibling() != nil || p.Lines().Len() < 2 {
		return text, nil
	}
	lines := strings.Split(r.inline(p, "\n"), "\n")
	segs := p.Lines()
	if len(lines) != segs.Len() {
		return text, nil
	}
	for k := 1; k < len(lines); k++ {
		seg := segs.At(k)
		start := r.lines[sort.SearchInts(r.lines, seg.Start+1)-1]
		indented := start < seg.Start && (r.src[start] == ' ' || r.src[start] == '\t')
		if !indented && !startsLower(strings.TrimSpace(lines[k])) {
			return strings.Join(lines[:k], " "), lines[k:]
		}
	}
	return text, nil
}

// blockText is the text of a block and everything in it, on one line.
func (r *mdReader) blockText(n ast.Node) string {
	var parts []string
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		switch n.Kind() {
		case ast.KindHTMLBlock, ast.KindThematicBreak:
			return
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			parts = append(parts, string(n.Lines().Value(r.src)))
			return
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			parts = append(parts, r.inline(n, " "))
			return
		case ast.KindList:
			var items []string
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				items = append(items, r.blockText(it))
			}
			parts = append(parts, listText(items))
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	return normalizeSpace(strings.Join(parts, " "))
}

// inline is the text of a block's inline content: emphasis, links and
// code become their text, images and inline HTML are dropped, and each line
// break becomes br.
func (r *mdReader) inline(n ast.Node, br string) string {
	var sb strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Segment.Value(r.src)
				if !c.IsRaw() {
					v = unescapeMarkdown(v)
				}
				sb.Write(v)
				if c.SoftLineBreak() || c.HardLineBreak() {
					sb.WriteString(br)
				}
			case *ast.String:
				sb.Write(c.Value)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if t, ok := t.(*ast.Text); ok {
						sb.Write(t.Segment.Value(r.src))
					}
				}
			case *ast.AutoLink:
				sb.Write(c.Label(r.src))
			case *ast.Image, *ast.RawHTML:
				// Dropped.
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return sb.String()
}

func unescapeMarkdown(v []byte) []byte {
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	return v
}

// wrapCandidates are the lines of the document's top-level paragraphs that
// go on to another line, for hardWrapped.
func (r *mdReader) wrapCandidates(doc ast.Node) []wrapLine {
	var out []wrapLine
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() != ast.KindParagraph {
			continue
		}
		segs := n.Lines()
		lines := make([]string, segs.Len())
		for k := range lines {
			seg := segs.At(k)
			lines[k] = string(seg.Value(r.src))
		}
		out = append(out, wrapCandidates(lines, classifyLines(lines))...)
	}
	return out
}

// lineOf is the 1-based line where a block starts.
func (r *mdReader) lineOf(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return sort.SearchInts(r.lines, n.Lines().At(0).Start+1)
		}
	}
	return 1
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

var frontMatterTitle = regexp.MustCompile(`(?m)^title:\s*["']?(.*?)["']?\s*$`)

// frontMatter finds a YAML front matter block ("---" lines around
// "key: value" lines) at the start of src: its title and the offset where
// the body starts, 0 when there is none.
func frontMatter(src []byte) (string, int) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return "", 0
	}
	rest := src[4:]
	for i, n := 0, 0; i < len(rest) && n < 100; n++ {
		j := bytes.IndexByte(rest[i:], '\n')
		if j < 0 {
			j = len(rest) - i
		}
		line := string(rest[i : i+j])
		if line == "---" || line == "..." {
			block := string(rest[:i])
			title := ""
			if m := frontMatterTitle.FindStringSubmatch(block); m != nil {
				title = m[1]
			}
			return title, 4 + i + j
		}
		if strings.TrimSpace(line) != "" && !strings.Contains(line, ":") && !strings.HasPrefix(strings.TrimSpace(line), "-") {
			return "", 0 // not YAML: a thematic break
		}
		i += j + 1
	}
	return "", 0
}

// checkMarkdown refuses Markdown nested or marked up far beyond any
// article, before the parser spends quadratic time on it.
func checkMarkdown(name string, src []byte) error {
	marks, blockLine := 0, 1
	totalMarks, containers := 0, 0
	fence := ""
	for i, line := range bytes.Split(src, []byte("\n")) {
		lineNo := i + 1
		trimmed := bytes.TrimSpace(line)
		if f := fenceMark(trimmed); f != "" && (fence == "" || strings.HasPrefix(f, fence[:1]) && len(f) >= len(fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if len(trimmed) == 0 {
			marks, blockLine = 0, lineNo+1
			continue
		}
		if startsListItem(trimmed) {
			marks, blockLine = 0, lineNo // an item's text is parsed on its own
		}
		d := containerDepth(line)
		if d > maxMarkdownDepth {
			return &ParseError{File: name, Line: lineNo, Err: fmt.Errorf("%w: Markdown nested %d levels deep, the most is %d", ErrTooLarge, d, maxMarkdownDepth)}
		}
		if containers += d; containers > maxMarkdownContainers {
			return &ParseError{File: name, Line: lineNo, Err: fmt.Errorf("%w: more than %d Markdown lists and blockquotes", ErrTooLarge, maxMarkdownContainers)}
		}
		n := 0
		for _, c := range trimmed {
			switch c {
			case '*', '_', '[', ']', '`', '<', '>', '!':
				n++
			}
		}
		marks += n
		if totalMarks += n; totalMarks > maxMarkdownTotalMarks {
			return &ParseError{File: name, Line: lineNo, Err: fmt.Errorf("%w: more than %d Markdown emphasis, link or code marks", ErrTooLarge, maxMarkdownTotalMarks)}
		}
		if marks > maxMarkdownMarks {
			return &ParseError{File: name, Line: blockLine, Err: fmt.Errorf("%w: a Markdown paragraph with more than %d emphasis, link or code marks", ErrTooLarge, maxMarkdownMarks)}
		}
	}
	return nil
}

// startsListItem reports whether a trimmed line starts with a list marker.
func startsListItem(trimmed []byte) bool {
	return containerDepth(trimmed) > 0
}

// fenceMark is the fence a line opens or closes (``` or ~~~, three or more),
// "" when it is none.
func fenceMark(trimmed []byte) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(trimmed) && trimmed[n] == c {
			n++
		}
		if n >= 3 {
			return string(trimmed[:n])
		}
	}
	return ""
}

// containerDepth counts the blockquote and list markers that open a line,
// and its indentation in steps of two columns.
func containerDepth(line []byte) int {
	depth, cols := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line)-1 && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 1
				continue
			}
			return depth + cols/2
		default:
			return depth + cols/2
		}
	}
	return depth + cols/2
}
