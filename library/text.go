package library

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
)

// This file decides whether a file is text at all, before the parser reads
// it, and what is worth warning about in an article the parser read.

// maxControlShare is the share of a text's characters that may be invalid
// UTF-8 or control characters (other than tab, line feed, carriage return
// and form feed) before it is taken for binary data.
const maxControlShare = 0.01

// checkText returns an error wrapping ErrUnreadable when data is not text:
// it has a NUL byte, starts like a known binary format (an image, a PDF, an
// archive), or more than 1% of it is invalid UTF-8 or control characters.
func checkText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: the file is empty", ErrUnreadable)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("%w: it has NUL bytes, so it is a binary file (or text that is not UTF-8)", ErrUnreadable)
	}
	if ct := http.DetectContentType(data); !strings.HasPrefix(ct, "text/") {
		return fmt.Errorf("%w: it looks like %s, not text", ErrUnreadable, ct)
	}
	bad, total := 0, 0
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		data = data[size:]
		total++
		if (r == utf8.RuneError && size == 1) || (unicode.IsControl(r) && !strings.ContainsRune("\t\n\r\f", r)) {
			bad++
		}
	}
	if float64(bad) > maxControlShare*float64(total) {
		return fmt.Errorf("%w: %d of its %d characters are not text", ErrUnreadable, bad, total)
	}
	return nil
}

// maxWarnings is the most warnings reported for one article.
const maxWarnings = 5

// Warnings says what in a parsed article may not read the way its author
// meant: the parser's own warnings (no key takeaways, a very long passage,
// a passage that looks like a web page's chrome), as sentences, and an
// article that is one passage.
func Warnings(a *corpus.Article) []string {
	var out []string
	for _, w := range a.Warnings {
		if w = strings.TrimSpace(w); w != "" {
			r, n := utf8.DecodeRuneInString(w)
			out = append(out, string(unicode.ToUpper(r))+strings.TrimSuffix(w[n:], ".")+".")
		}
	}
	if len(a.Passages) == 1 {
		out = append(out, "The whole article is one passage: separate its paragraphs with blank lines so that answers can quote them one by one.")
	}
	return out[:min(len(out), maxWarnings)]
}
