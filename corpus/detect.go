package corpus

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// sniff checks that data is an article's text, decodes it, normalises its
// line ends to "\n" and chooses the reader for it.
func sniff(name string, data []byte) (text, format string, err error) {
	fail := func(line int, err error) (string, string, error) {
		return "", "", &ParseError{File: name, Line: max(1, line), Err: err}
	}
	if len(data) > MaxSize {
		return fail(1, fmt.Errorf("%w: %d bytes, the most is %d", ErrTooLarge, len(data), MaxSize))
	}
	if kind := binaryKind(data); kind != "" {
		return fail(1, fmt.Errorf("%w: %s", ErrBinary, kind))
	}
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		if data, err = decodeUTF16(data); err != nil {
			return fail(1, err)
		}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fail(lineAt(data, i), fmt.Errorf("%w: it has NUL bytes", ErrBinary))
	}
	if junk, share := junkShare(data); junk >= 32 && share > 0.1 {
		return fail(1, fmt.Errorf("%w: it is mostly bytes that are not text", ErrBinary))
	}
	if !utf8.Valid(data) {
		i := invalidUTF8At(data)
		return fail(lineAt(data, i), fmt.Errorf("%w: byte %#02x at offset %d (save the file as UTF-8)", ErrEncoding, data[i], i))
	}
	text = string(data)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return text, detectFormat(name, text), nil
}

// binaryKind names the kind of file data is when its first bytes are the
// signature of a common binary format, "" otherwise.
func binaryKind(data []byte) string {
	signatures := []struct{ prefix, kind string }{
		{"\x89PNG\r\n\x1a\n", "a PNG image"},
		{"\xFF\xD8\xFF", "a JPEG image"},
		{"GIF87a", "a GIF image"},
		{"GIF89a", "a GIF image"},
		{"%PDF-", "a PDF document"},
		{"PK\x03\x04", "a ZIP archive (or a Word, EPUB or OpenDocument file)"},
		{"\x1F\x8B", "a gzip archive"},
		{"\x7FELF", "a program"},
		{"II*\x00", "a TIFF image"},
		{"MM\x00*", "a TIFF image"},
		{"\x00\x00\x01\x00", "an icon"},
		{"OggS", "an audio file"},
		{"ID3", "an audio file"},
		{"fLaC", "an audio file"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Microsoft Office document"},
		{"{\\rtf", "an RTF document"},
		{"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
		{"Rar!\x1A\x07", "a RAR archive"},
	}
	for _, s := range signatures {
		if bytes.HasPrefix(data, []byte(s.prefix)) {
			return s.kind
		}
	}
	if len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) {
		switch string(data[8:12]) {
		case "WEBP":
			return "a WebP image"
		case "WAVE":
			return "an audio file"
		case "AVI ":
			return "a video"
		}
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return "a video or HEIC/AVIF image"
	}
	return ""
}

func decodeUTF16(data []byte) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("%w: UTF-16 with an odd number of bytes", ErrEncoding)
	}
	big := data[0] == 0xFE
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	runes := utf16.Decode(units)
	for _, r := range runes {
		if r == utf8.RuneError {
			return nil, fmt.Errorf("%w: invalid UTF-16", ErrEncoding)
		}
	}
	return []byte(string(runes)), nil
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// lineAt is the 1-based line of the byte at offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// junkShare counts the bytes of the first 64 KB that are not text (bytes
// that are not UTF-8, control characters other than white space) and their
// share. A text in another encoding has a few; binary data has many.
func junkShare(data []byte) (junk int, share float64) {
	data = data[:min(len(data), 64<<10)]
	if len(data) == 0 {
		return 0, 0
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size <= 1) || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			junk += size
		}
		i += size
	}
	return junk, float64(junk) / float64(len(data))
}

var (
	htmlStart = regexp.MustCompile(`(?i)^(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html[\s>]))`)
	tagStart  = regexp.MustCompile(`^<(?:!--|[a-zA-Z][a-zA-Z0-9-]*[\s/>])`)
	htmlTag   = regexp.MustCompile(`(?i)</?(?:p|div|br|span|h[1-6]|body|head|article|section|ul|li|a|em|strong|b|i)[\s/>]`)
)

// detectFormat chooses the reader for text. The file name is a hint: a
// ".md" name lets one sign of Markdown suffice, an ".html" name lets a page
// that starts with text count as HTML if it is full of tags; neither
// overrides what the content says.
func detectFormat(name, text string) string {
	ext := strings.ToLower(filepath.Ext(name))
	hintMarkdown := ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd"
	hintHTML := ext == ".html" || ext == ".htm" || ext == ".xhtml"
	head := strings.TrimLeftFunc(text, unicode.IsSpace)
	switch {
	case htmlStart.MatchString(head):
		return FormatHTML
	case tagStart.MatchString(head) && !hintMarkdown:
		return FormatHTML
	case hintHTML && len(htmlTag.FindAllStringIndex(text[:min(len(text), 64<<10)], 20)) >= 10:
		return FormatHTML
	}
	score := markdownScore(text)
	if score >= 2 || (hintMarkdown && score >= 1) {
		return FormatMarkdown
	}
	return FormatText
}

var (
	mdHeading   = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+\S`)
	mdFence     = regexp.MustCompile("^ {0,3}(?:```|~~~)")
	mdQuote     = regexp.MustCompile(`^ {0,3}>`)
	mdSetext    = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	mdRefDef    = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S`)
	mdLink      = regexp.MustCompile(`!?\[[^\]\n]+\]\([^)\s]+(?:\s+"[^"]*")?\)|<https?://[^>\s]+>`)
	mdEmphasis  = regexp.MustCompile(`(?:^|[\s(])(?:\*\*[^*\s][^*\n]*\*\*|__[^_\s][^_\n]*__|\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)(?:$|[\s.,;:!?)])`)
	mdCodeSpan  = regexp.MustCompile("`[^`\n]+`")
	mdTableRule = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*\|`)
)

// markdownScore counts the kinds of Markdown structure text has beyond what
// plain text also writes (a "# Title" first line, a Key Takeaways heading,
// bullets): a heading counts two, each other kind one.
func markdownScore(text string) int {
	var heading, fence, quote, setext, ref, link, emphasis, code, table bool
	first := true
	prevBlank := true
	for line := range strings.SplitSeq(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			prevBlank = true
			continue
		}
		isFirst := first
		first = false
		if takeawaysHeading.MatchString(trimmed) {
			prevBlank = false
			continue
		}
		switch c := trimmed[0]; {
		case c != '#' && c != '`' && c != '~' && c != '>' && c != '=' && c != '[' && c != '|' && c != ':' && c != '-':
			// None of the line-start signs.
		case mdHeading.MatchString(line):
			if !(isFirst && titleLine.MatchString(trimmed)) {
				heading = true
			}
		case mdFence.MatchString(line):
			fence = true
		case mdQuote.MatchString(line):
			quote = true
		case mdSetext.MatchString(line) && !prevBlank:
			setext = true
		case mdRefDef.MatchString(line):
			ref = true
		case mdTableRule.MatchString(line):
			table = true
		}
		if !link && strings.ContainsAny(line, "[<") && mdLink.MatchString(line) {
			link = true
		}
		if !emphasis && strings.ContainsAny(line, "*_") && mdEmphasis.MatchString(line) {
			emphasis = true
		}
		if !code && strings.Contains(line, "`") && mdCodeSpan.MatchString(line) {
			code = true
		}
		prevBlank = false
		if heading && link && emphasis {
			break // as Markdown as it gets
		}
	}
	score := 0
	for _, kind := range []bool{fence, quote, setext, ref, link, emphasis, code, table} {
		if kind {
			score++
		}
	}
	if heading {
		score += 2
	}
	return score
}
