// Package corpus knows articles: it parses an article's plain text into its
// title, numbered passages, sentences and key takeaways, and it embeds the
// bundled default article.
//
// The plain-text shape it reads is one paragraph a line, or paragraphs
// separated by blank lines (hard-wrapped lines are joined), with an optional
// "Key Takeaways" heading ("Key takeaways:", "## Key Takeaways", ...) followed
// by "-", "*" or "•" bullets; paragraphs after the list continue the passage
// numbering. A leading "# Title" line, if present, is the title; otherwise the
// title is derived from the file name.
//
// An Article is immutable once parsed and safe for concurrent use. This
// package imports neither bleve nor discordgo.
package corpus

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Article is a parsed article. Passages and Takeaways are numbered from 1 in
// the article's order.
type Article struct {
	// Title is the article's title, from a "# Title" first line, from the
	// corpus metadata for the bundled article, or derived from the file name.
	Title string
	// Source names where the article came from (a file name).
	Source string
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
}

// Passage is one body paragraph of an article.
type Passage struct {
	// Number is the 1-based position among the article's passages.
	Number int
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

// ErrEmpty is the error (wrapped in a *ParseError) for an article with no
// paragraphs.
var ErrEmpty = errors.New("article has no paragraphs")

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
// readers to use for the article's concepts. It is data for the index; this
// package does not interpret it.
func DefaultSynonyms() []byte {
	data, err := articles.ReadFile(defaultSynonymsFile)
	if err != nil {
		return nil // cannot happen: the file is embedded
	}
	return data
}

// Load reads and parses the article in the file at path.
func Load(path string) (*Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	return Parse(path, data)
}

var (
	takeawaysHeading = regexp.MustCompile(`(?i)^(?:#{1,6}\s*)?(?:\*\*|__)?\s*key\s+take-?aways?\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$`)
	bulletLine       = regexp.MustCompile(`^\s*(?:[-*•‣◦▪]|\d{1,2}[.)])\s+(.*\S)\s*$`)
	titleLine        = regexp.MustCompile(`^#\s+(.*\S)\s*$`)
)

// Parse parses an article's text. name is used in errors and to derive a
// title when the text has no "# Title" line.
//
// Parse accepts CRLF and CR line endings and a UTF-8 byte-order mark; invalid
// UTF-8 is replaced. An article with no paragraphs, or a takeaways heading
// with no bullets after it, is a *ParseError naming the file and line.
func Parse(name string, data []byte) (*Article, error) {
	text := string(data)
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	lines := strings.Split(text, "\n")

	a := &Article{Source: name}
	var (
		para      []string // lines of the paragraph being read
		inList    bool     // reading the takeaways list
		listLine  int      // line of the takeaways heading
		sawBullet bool
	)
	flush := func() {
		if len(para) == 0 {
			return
		}
		p := normalizeSpace(strings.Join(para, " "))
		para = para[:0]
		if p == "" {
			return
		}
		a.Passages = append(a.Passages, Passage{Number: len(a.Passages) + 1, Text: p, Sentences: SplitSentences(p)})
	}
	endList := func() error {
		if inList && !sawBullet {
			return &ParseError{File: name, Line: listLine, Err: errors.New("key takeaways heading has no bullets after it")}
		}
		inList = false
		return nil
	}

	for i, raw := range lines {
		lineNo := i + 1
		line := strings.TrimSpace(raw)
		if a.Title == "" && len(a.Passages) == 0 && len(para) == 0 && !inList {
			if m := titleLine.FindStringSubmatch(line); m != nil && !takeawaysHeading.MatchString(line) {
				a.Title = normalizeSpace(m[1])
				continue
			}
		}
		switch {
		case line == "":
			flush()
		case takeawaysHeading.MatchString(line):
			flush()
			if err := endList(); err != nil {
				return nil, err
			}
			if len(a.Takeaways) > 0 {
				return nil, &ParseError{File: name, Line: lineNo, Err: errors.New("second key takeaways heading")}
			}
			inList, listLine, sawBullet = true, lineNo, false
			a.PassagesBeforeTakeaways = len(a.Passages)
		case inList && bulletLine.MatchString(line):
			// A bullet of control characters alone says nothing: skip it.
			if text := normalizeSpace(bulletLine.FindStringSubmatch(line)[1]); text != "" {
				a.Takeaways = append(a.Takeaways, Takeaway{Number: len(a.Takeaways) + 1, Text: text})
				sawBullet = true
			}
		case inList && sawBullet && startsLower(line):
			// A wrapped bullet: continue the last takeaway.
			t := &a.Takeaways[len(a.Takeaways)-1]
			t.Text = normalizeSpace(t.Text + " " + line)
		default:
			if err := endList(); err != nil {
				return nil, err
			}
			para = append(para, line)
			if endsParagraph(line) {
				flush()
			}
		}
	}
	flush()
	if err := endList(); err != nil {
		return nil, err
	}
	if len(a.Passages) == 0 {
		return nil, &ParseError{File: name, Line: max(1, len(lines)), Err: ErrEmpty}
	}
	if a.Title == "" {
		a.Title = titleFromName(name)
	}
	if len(a.Takeaways) == 0 {
		a.PassagesBeforeTakeaways = len(a.Passages)
	}
	return a, nil
}

// endsParagraph reports whether a line closes its paragraph when the article
// is written one paragraph a line: it ends with sentence-ending punctuation.
// A line that does not (a hard-wrapped line) continues onto the next one.
func endsParagraph(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(`.!?"'”’)»…:`, r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsControl(r) && r != '\u200d')
	}), " ")
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
