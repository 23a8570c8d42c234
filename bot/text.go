package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file turns raw text (a member's question, the article's sentences)
// into Discord markdown that shows exactly that text: escaped so it cannot
// change the formatting or mention anyone, matched words in bold, and cut to
// a limit on a rune boundary with an ellipsis.

// ellipsis ends every text that was cut short.
const ellipsis = "…"

// maxWordBacktrack is how far (in bytes) a cut moves back to end on a word
// boundary rather than mid-word.
const maxWordBacktrack = 30

// cleanText makes a member's text safe to measure and display: invalid UTF-8
// becomes U+FFFD, and runs of white space, control and bidirectional
// formatting characters become single spaces, trimmed at both ends.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
	}), " ")
}

// piece is a run of raw text for formatText, shown in bold or not.
type piece struct {
	text string
	bold bool
}

// escape returns s as Discord markdown that displays s literally, cut to
// limit.
func escape(s string, limit int) string {
	return formatText(limit, piece{text: s})
}

// formatText renders pieces of raw text as Discord markdown: each piece is
// escaped, bold pieces are wrapped in "**", and the result is at most limit
// long (as textLen counts). When the whole does not fit it is cut on a rune
// boundary, at a word boundary when one is near, never inside an escape
// sequence or between a pair of bold markers, and ends with an ellipsis.
func formatText(limit int, pieces ...piece) string {
	if out, cut := renderPieces(pieces, -1); !cut && textLen(out) <= limit {
		return out
	}
	if limit < textLen(ellipsis) {
		return ""
	}
	out, _ := renderPieces(pieces, limit-textLen(ellipsis))
	return out + ellipsis
}

// renderPieces renders pieces, stopping before the first rune that would
// take the result over budget (no limit when budget < 0). It reports
// whether it stopped early.
func renderPieces(pieces []piece, budget int) (string, bool) {
	var (
		b       strings.Builder
		used    int
		esc     escaper
		wordEnd = -1 // length of b before the last space outside bold text
	)
	size := 0 // the text and its bold markers; escapes are rare
	for _, p := range pieces {
		size += len(p.text) + 4
	}
	b.Grow(size + size/16)
	for _, p := range pieces {
		open := false
		for _, r := range p.text {
			how := esc.escape(r)
			cost := how.cost(r)
			reserve := 0 // room for bold markers still to write
			if p.bold {
				reserve = 2
				if !open {
					reserve = 4
				}
			}
			if budget >= 0 && used+cost+reserve > budget {
				if open {
					b.WriteString("**")
				}
				out := b.String()
				if !open && wordEnd > 0 && len(out)-wordEnd <= maxWordBacktrack {
					out = out[:wordEnd]
				}
				return strings.TrimRight(out, " "), true
			}
			if p.bold && !open {
				b.WriteString("**")
				used += 2
				open = true
			}
			if r == ' ' && !p.bold {
				wordEnd = b.Len()
			}
			how.write(&b, r)
			used += cost
		}
		if open {
			b.WriteString("**")
			used += 2
		}
	}
	return b.String(), false
}

// escaper escapes one rune at a time, tracking what it needs to know about
// the runes before (markdown that only counts at the start of a line).
type escaper struct {
	pos       int  // runes seen
	notDigits bool // a rune other than a digit has been seen
}

// escaping is how one rune is written to display literally.
type escaping uint8

const (
	asIs      escaping = iota
	backslash          // "\" then the rune
	zeroWidth          // the rune then a zero-width space (U+200B)
)

// escape returns how r is written to display literally at this position.
// The start of the text is treated as the start of a line.
func (e *escaper) escape(r rune) escaping {
	first := e.pos == 0
	leadingDigits := !first && !e.notDigits
	e.pos++
	if r < '0' || r > '9' {
		e.notDigits = true
	}
	switch r {
	case '\\', '*', '_', '~', '`', '|', '[', ']', '<':
		// emphasis, strike, code, spoiler, masked links, and <@id>,
		// <#channel>, <@&role>, <t:time>, </command:id> and custom emoji.
		return backslash
	case '@':
		// @everyone and @here: a zero-width space keeps them plain text even
		// where allowed_mentions is ignored (a copy-paste, a client preview).
		return zeroWidth
	case '#', '>', '-', '+':
		// headings, quotes, subtext and lists at the start of a line.
		if first {
			return backslash
		}
	case '.', ')':
		// numbered lists: "1. " at the start of a line.
		if leadingDigits {
			return backslash
		}
	}
	return asIs
}

// cost is the length (as textLen counts) of r written this way.
func (how escaping) cost(r rune) int {
	n := max(utf16.RuneLen(r), 1) // an invalid byte is written as U+FFFD, one unit
	if how != asIs {
		n++ // the backslash or the zero-width space
	}
	return n
}

// write writes r to b this way.
func (how escaping) write(b *strings.Builder, r rune) {
	if how == backslash {
		b.WriteByte('\\')
	}
	b.WriteRune(r)
	if how == zeroWidth {
		b.WriteString("\u200b")
	}
}

// unescape reverses escape on text that escape produced (possibly cut, with
// its ellipsis): it is how a button finds the question in the title of the
// message it is attached to.
func unescape(s string) string {
	if !strings.ContainsAny(s, "\\@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' && i+n < len(s) && strings.IndexByte(`\*_~`+"`"+`|[]<#>-+.)`, s[i+n]) >= 0:
			b.WriteByte(s[i+n])
			i += n + 1
			continue
		case r == '@' && strings.HasPrefix(s[i+n:], "\u200b"):
			b.WriteByte('@')
			i += n + len("\u200b")
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// clip cuts text that Discord shows without markdown (footers, button
// labels) to limit, on a rune boundary, with an ellipsis.
func clip(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	budget := limit - textLen(ellipsis)
	used := 0
	for i, r := range s {
		c := utf16.RuneLen(r)
		if used+c > budget {
			return strings.TrimRight(s[:i], " ") + ellipsis
		}
		used += c
	}
	return s
}
