// Package corpus knows articles: it reads an article, written as plain text,
// as Markdown or as a web page saved from a browser, into its title,
// numbered passages (each with the section heading it sits under),
// sentences and key takeaways, and it embeds the bundled default article.
//
// Parse is the one entry point; it chooses the reader by the content, with
// the file name only as a hint (see Parse). Each reader gives the same
// article for the same text: a Markdown or HTML version of a plain-text
// article has the same title, passages and takeaways.
//
// Plain text: one paragraph a line, or paragraphs separated by blank lines.
// Lines are joined into one passage only when the file is hard-wrapped: its
// lines that go on to another line of the same blank-line-separated block
// are nearly all of a similar width of at most 120 characters, filled to it
// (the next line's first word would not have fitted), and often break in
// the middle of a sentence. Otherwise every non-empty line is a passage,
// whatever its last character. A "Key Takeaways" heading ("Key takeaways:",
// "## Key Takeaways", "**Key Takeaways**", ...) followed by "-", "*" or "•"
// bullets gives the takeaways; paragraphs after the list continue the
// passage numbering. A leading "# Title" line is the title; otherwise the
// title is derived from the file name.
//
// Markdown (CommonMark): the first "#" heading is the title; other headings
// are not passages but name the section of the passages under them;
// emphasis, links and code become their text; a blockquote, a list or a
// code block is one passage; a Key Takeaways heading (any level) followed by
// a list gives the takeaways; images and HTML blocks are dropped.
//
// HTML: the page's main content only (the container with the most
// paragraph text), without navigation, header, footer, asides, figures and
// their captions, forms, scripts, styles, cookie banners, share buttons,
// newsletter boxes and "related stories"; <h1> (or <title>) is the title,
// <h2>–<h6> name sections, and <p>, <blockquote>, lists and <pre> are
// passages.
//
// An Article is immutable once parsed and safe for concurrent use. This
// package imports neither bleve nor discordgo.
package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The formats of Article.Format.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Article is a parsed article. Passages and Takeaways are numbered from 1 in
// the article's order.
type Article struct {
	// Title is the article's title, from a "# Title" first line, a Markdown
	// "#" heading or an HTML <h1> or <title>, from the corpus metadata for
	// the bundled article, or derived from the file name.
	Title string
	// Source names where the article came from (a file name).
	Source string
	// Format is the reader that read it: FormatText, FormatMarkdown or
	// FormatHTML.
	Format string
	// Passages are the body paragraphs in order; the takeaways list is not a
	// passage.
	Passages []Passage
	// Takeaways are the bullets of the Key Takeaways list, in order; empty when
	// the article has none.
	Takeaways []Takeaway
	// PassagesBeforeTakeaways is the number of passages that come before the
	// Key Takeaways list (all of them when there is no list); the rest close
	// the article.
	PassagesBeforeTakeaways int
	// Warnings are things a person adding the article should know: no
	// takeaways, a very long passage, a passage that looks like a web page's
	// chrome rather than the article. They do not stop the article from
	// being used.
	Warnings []string
}

// Passage is one body paragraph of an article.
type Passage struct {
	// Number is the 1-based position among the article's passages.
	Number int
	// Section is the heading the passage sits under (a Markdown "##" or an
	// HTML <h2>), "" when there is none: plain text has no sections.
	Section string
	// Text is the paragraph, whitespace-normalised.
	Text string
	// Sentences are the paragraph's sentences in order; joined with single
	// spaces they give back Text.
	Sentences []string
}

// Takeaway is one bullet of an article's Key Takeaways list.
type Takeaway struct {
	// Number is the 1-based position in the list.
	Number int
	// Text is the bullet's text without its bullet mark.
	Text string
}

// Passage returns the passage numbered n and whether it exists.
func (a *Article) Passage(n int) (Passage, bool) {
	if n < 1 || n > len(a.Passages) {
		return Passage{}, false
	}
	return a.Passages[n-1], true
}

// Takeaway returns the takeaway numbered n and whether it exists.
func (a *Article) Takeaway(n int) (Takeaway, bool) {
	if n < 1 || n > len(a.Takeaways) {
		return Takeaway{}, false
	}
	return a.Takeaways[n-1], true
}

// The errors Parse wraps in a *ParseError, for callers that tell the reasons
// apart with errors.Is.
var (
	// ErrNoText: the file has no article text: it is empty, or only
	// headings, or a web page whose content has no paragraphs.
	ErrNoText = errors.New("article has no paragraphs")
	// ErrEmpty is ErrNoText under its earlier name.
	ErrEmpty = ErrNoText
	// ErrBinary: the file is not text (an image, a PDF, an archive, or
	// other binary data).
	ErrBinary = errors.New("not a text file")
	// ErrEncoding: the file is not valid UTF-8 (or UTF-16 with a byte-order
	// mark).
	ErrEncoding = errors.New("not valid UTF-8 text")
	// ErrTooLarge: the file is bigger than MaxSize, or nests its Markdown or
	// HTML deeper or more densely than any article does.
	ErrTooLarge = errors.New("too large")
)

// MaxSize is the largest file Parse reads, in bytes: far more than any
// article, with room for a saved web page's inline scripts and styles.
const MaxSize = 16 << 20

// ParseError reports where an article could not be parsed.
type ParseError struct {
	File string // the article's name, as given to Parse
	Line int    // 1-based line number
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an article. name is the file's name: it is used in errors, to
// derive a title when the text has none, and as a hint to the format (a
// ".md" name lets a little Markdown structure count as Markdown). The format
// is chosen by the content: HTML when it starts like a page (a doctype, an
// <html> tag, or, unless the name says Markdown, any tag); Markdown when it
// has Markdown structure beyond a title line and bullets (section headings,
// links, emphasis, code, blockquotes, fences); plain text otherwise. A
// simple file (a "# Title" line, paragraphs, a Key Takeaways list) reads the
// same either way.
//
// Parse accepts CRLF and CR line endings, a UTF-8 byte-order mark and UTF-16
// with a byte-order mark. Every failure is a *ParseError naming the file and
// line: binary data (ErrBinary), invalid UTF-8 (ErrEncoding), a file with no
// text (ErrNoText), one over MaxSize or nested beyond reason (ErrTooLarge), a
// takeaways heading with no list after it, or a second one.
func Parse(name string, data []byte) (*Article, error) {
	text, format, err := sniff(name, data)
	if err != nil {
		return nil, err
	}
	var a *Article
	switch format {
	case FormatHTML:
		a, err = parseHTML(name, text)
	case FormatMarkdown:
		a, err = parseMarkdown(name, text)
	default:
		a, err = parseText(name, text)
	}
	if err != nil {
		return nil, err
	}
	a.Warnings = append(a.Warnings, warnings(a)...)
	return a, nil
}

//go:embed articles/deepseek-sputnik-moment.txt articles/deepseek-sputnik-moment.synonyms.txt
var articles embed.FS

const (
	defaultFile         = "articles/deepseek-sputnik-moment.txt"
	defaultSynonymsFile = "articles/deepseek-sputnik-moment.synonyms.txt"
	defaultTitle        = "DeepSeek's \"Sputnik moment\": AI claims and US–China tech relations"
)

// Default returns the bundled article, parsed afresh on each call.
func Default() (*Article, error) {
	data, err := articles.ReadFile(defaultFile)
	if err != nil {
		return nil, fmt.Errorf("read bundled article: %w", err)
	}
	a, err := Parse(filepath.Base(defaultFile), data)
	if err != nil {
		return nil, err
	}
	a.Title = defaultTitle
	return a, nil
}

// DefaultSynonyms returns the bundled article's synonyms list, in the
// Solr/Elasticsearch synonyms format: the domain words an operator expects
// readers to use for the article's concepts. It is data for the index
// (package index/synonyms parses it); this package does not interpret it.
func DefaultSynonyms() []byte {
	data, err := articles.ReadFile(defaultSynonymsFile)
	if err != nil {
		return nil // cannot happen: the file is embedded
	}
	return data
}

// Load reads and parses the article in the file at path.
// A file over MaxSize is read no further than that.
func Load(path string) (*Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	return Parse(path, data)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// normalizeSpace trims s and turns each run of white space and control
// characters in it into one space.
func normalizeSpace(s string) string {
	if isNormalSpace(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpaceOrControl(r) {
			space = true
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// isNormalSpace reports whether s is already normalised: only single
// spaces between words, none at the ends.
func isNormalSpace(s string) bool {
	prevSpace := true // no space at the start
	for _, r := range s {
		if r == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		if isSpaceOrControl(r) {
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

func isSpaceOrControl(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || (unicode.IsControl(r) && r != '\u200d')
}

func titleFromName(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	base = normalizeSpace(base)
	if base == "" || base == "." {
		return "Untitled article"
	}
	r, n := utf8.DecodeRuneInString(base)
	return string(unicode.ToUpper(r)) + base[n:]
}
