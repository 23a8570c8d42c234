package corpus

import (
	"errors"
	"regexp"
	"strings"
)

// takeawaysHeading matches a Key Takeaways heading as plain text writes it:
// "Key takeaways:", "## Key Takeaways", "**Key Takeaways**". The Markdown
// and HTML readers match the heading's text with takeawaysTitle.
var (
	takeawaysHeading = regexp.MustCompile(`(?i)^(?:#{1,6}\s*)?(?:\*\*|__)?\s*key\s+take-?aways?\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$`)
	takeawaysTitle   = regexp.MustCompile(`(?i)^\s*key\s+take-?aways?\s*:?\s*$`)
)

// isTakeawaysTitle reports whether text is a Key Takeaways heading's text;
// it looks for the word before it normalises the text.
func isTakeawaysTitle(text string) bool {
	if len(text) > 100 || !strings.Contains(strings.ToLower(text), "takeaway") {
		return false
	}
	return takeawaysTitle.MatchString(normalizeSpace(text))
}

var (
	errNoBullets       = errors.New("key takeaways heading has no bullets after it")
	errSecondTakeaways = errors.New("second key takeaways heading")
)

// builder collects an article as a reader finds its parts in reading order;
// every reader ends with finish, so the rules on what makes an article are
// the same for every format.
type builder struct {
	name    string
	a       *Article
	section string // the heading the next passages sit under
}

func newBuilder(name, format string) *builder {
	return &builder{name: name, a: &Article{Source: name, Format: format}}
}

// setTitle sets the title if the article has none and no passage yet, and
// reports whether it did.
func (b *builder) setTitle(title string) bool {
	title = normalizeSpace(title)
	if b.a.Title != "" || len(b.a.Passages) > 0 || len(b.a.Takeaways) > 0 || title == "" {
		return false
	}
	b.a.Title = title
	return true
}

// setSection names the section of the passages that follow.
func (b *builder) setSection(heading string) { b.section = normalizeSpace(heading) }

// passage adds a passage; text that is only white space is no passage.
func (b *builder) passage(text string) {
	text = normalizeSpace(text)
	if text == "" {
		return
	}
	b.a.Passages = append(b.a.Passages, Passage{
		Number:    len(b.a.Passages) + 1,
		Section:   b.section,
		Text:      text,
		Sentences: SplitSentences(text),
	})
}

// startTakeaways begins the Key Takeaways list whose heading is on line.
// The passages after the list belong to no section.
func (b *builder) startTakeaways(line int) error {
	if len(b.a.Takeaways) > 0 {
		return b.fail(line, errSecondTakeaways)
	}
	b.a.PassagesBeforeTakeaways = len(b.a.Passages)
	b.section = ""
	return nil
}

// takeaway adds a takeaway and reports whether it had any text.
func (b *builder) takeaway(text string) bool {
	text = normalizeSpace(text)
	if text == "" {
		return false
	}
	b.a.Takeaways = append(b.a.Takeaways, Takeaway{Number: len(b.a.Takeaways) + 1, Text: text})
	return true
}

// extendTakeaway appends a wrapped bullet's next line to the last takeaway.
func (b *builder) extendTakeaway(text string) {
	t := &b.a.Takeaways[len(b.a.Takeaways)-1]
	t.Text = normalizeSpace(t.Text + " " + text)
}

func (b *builder) fail(line int, err error) error {
	return &ParseError{File: b.name, Line: max(1, line), Err: err}
}

// finish checks the article and fills in what the text left out; lastLine
// is where an error about the whole file points.
func (b *builder) finish(lastLine int) (*Article, error) {
	a := b.a
	if len(a.Passages) == 0 {
		return nil, b.fail(lastLine, ErrNoText)
	}
	if a.Title == "" {
		a.Title = titleFromName(b.name)
	}
	if len(a.Takeaways) == 0 {
		a.PassagesBeforeTakeaways = len(a.Passages)
	}
	return a, nil
}

// listText joins the items of a list in the body into one passage. An item
// that ends without punctuation is closed with a semicolon, so that the
// items read as a list and not as one run-on phrase.
func listText(items []string) string {
	var sb strings.Builder
	for i, it := range items {
		it = normalizeSpace(it)
		if it == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(it)
		if i < len(items)-1 && !strings.ContainsAny(it[len(it)-1:], ".!?:;,") {
			sb.WriteByte(';')
		}
	}
	return sb.String()
}
