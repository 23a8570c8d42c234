package corpus

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDetectFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, text, want string
	}{
		{"plain text", "a.txt", "First para.\nSecond para.\n", FormatText},
		{"the plain-text shape with a title and takeaways, named .md", "a.md",
			"# Title\nFirst para.\n## Key Takeaways\n- One.\n- Two.\nClosing para.\n", FormatText},
		{"bold takeaways heading is not Markdown emphasis", "a.md", "Para one.\n\n**Key Takeaways**\n* One.\n", FormatText},
		{"section headings", "a.txt", "# Title\n\n## Background\n\nPara.\n", FormatMarkdown},
		{"links and emphasis", "notes", "Read [the report](https://example.com/r) for **all** the figures.\n", FormatMarkdown},
		{"one sign of Markdown in a .md file", "a.md", "Para with a [link](https://example.com).\n", FormatMarkdown},
		{"one sign of Markdown in a .txt file is not enough", "a.txt", "Para with a [link](https://example.com).\n", FormatText},
		{"fenced code", "a", "Para.\n\n```\ncode\n```\n\n> quoted\n", FormatMarkdown},
		{"an asterisk in prose is not emphasis", "a.txt", "Prices rose 5 * 2 times; a_b stays.\n", FormatText},
		{"doctype", "page.txt", "<!DOCTYPE html><html><body><p>Hi.</p></body></html>", FormatHTML},
		{"html tag after white space and a BOM", "page", "\n  <html lang=\"en\"><p>Hi.</p>", FormatHTML},
		{"a page fragment", "saved", "<div><p>Para.</p></div>", FormatHTML},
		{"a Markdown file that starts with a tag", "README.md", "<div align=\"center\">logo</div>\n\n# Title\n\n## Part\n\nText.\n", FormatMarkdown},
		{"an .html name on plain text", "a.html", "Just text, one paragraph.\nAnother.\n", FormatText},
		{"an .html name on text full of tags", "a.html", strings.Repeat("Some <b>bold</b> and <i>italic</i> text.<br>\n", 6), FormatHTML},
	}
	for _, tt := range tests {
		if got := detectFormat(tt.file, tt.text); got != tt.want {
			t.Errorf("detectFormat(%s: %q, %q) = %q; want %q", tt.name, tt.file, tt.text, got, tt.want)
		}
	}
}

// TestHostileFiles checks that files that are no article get a clear
// error, a *ParseError wrapping a sentinel, and quickly.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0x13, 0x88, 0xfe}, 500)...)
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i*i*31 + 1) // no NUL: the junk check must see it
		if random[i] == 0 {
			random[i] = 1
		}
	}
	tests := []struct {
		name, file string
		data       []byte
		want       error
	}{
		{"zero bytes", "a.txt", nil, ErrNoText},
		{"only white space", "a.txt", []byte(" \n\t\n\r\n"), ErrNoText},
		{"binary data", "a.txt", random, ErrBinary},
		{"binary data with NUL bytes", "a.bin", []byte("ab\x00\x01\x02cd"), ErrBinary},
		{"an image renamed .md", "photo.md", png, ErrBinary},
		{"a JPEG", "a.txt", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), ErrBinary},
		{"a PDF", "a.md", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ErrBinary},
		{"a Word file", "a.txt", []byte("PK\x03\x04\x14\x00\x06\x00"), ErrBinary},
		{"invalid UTF-8", "a.txt", []byte("A caf\xe9 in Paris.\nAnother line.\n"), ErrEncoding},
		{"invalid UTF-8 on a later line", "a.md", []byte("Line one.\nLine two \xff.\n"), ErrEncoding},
		{"5 MB of nested HTML tags", "a.html", []byte(strings.Repeat("<div>", 1<<20)), ErrTooLarge},
		{"5 MB of nested inline tags", "a.html", []byte("<p>" + strings.Repeat("<span>", 1<<20)), ErrTooLarge},
		{"5 MB of tags that close themselves", "a.html", []byte(strings.Repeat("<p>", 1<<20) + "Some text at last, in a paragraph."), ErrTooLarge},
		{"an HTML page with no text", "a.html", []byte("<!DOCTYPE html><html><head><title>T</title><script>var x = 'lots of script text here';</script></head><body><div><img src=a.png></div><nav><a href=/>Home</a></nav></body></html>"), ErrNoText},
		{"an HTML page that is all chrome", "a.html", []byte("<html><body><header>Site</header><nav><ul><li><a href=/>Home</a></li></ul></nav><footer><p>© 2025 Site. All rights reserved.</p></footer></body></html>"), ErrNoText},
		{"Markdown that is only headings", "a.md", []byte("# Title\n\n## One\n\n## Two\n\n### Three\n"), ErrNoText},
		{"Markdown with only an image", "a.md", []byte("# Title\n\n## Part\n\n![alt](a.png)\n"), ErrNoText},
		{"deeply nested blockquotes", "a.md", []byte("## Part\n\n" + strings.Repeat("> ", 1<<20) + "text\n"), ErrTooLarge},
		{"deeply nested lists", "a.md", []byte("## Part\n\n" + nestedList(2000)), ErrTooLarge},
		{"a paragraph of link openers", "a.md", []byte("## Part\n\n" + strings.Repeat("[a](", 100000) + "\n"), ErrTooLarge},
		{"a paragraph of emphasis marks", "a.md", []byte("## Part\n\n" + strings.Repeat("*a_", 100000) + "\n"), ErrTooLarge},
		{"over MaxSize", "a.txt", bytes.Repeat([]byte("A line of text.\n"), MaxSize/16+1), ErrTooLarge},
		{"UTF-16 with an odd length", "a.txt", []byte("\xFF\xFEa\x00b"), ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(tt.file, tt.data)
			if err == nil {
				t.Fatalf("Parse(%s) = %d passages, no error; want %v", tt.name, len(a.Passages), tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != tt.file || pe.Line < 1 {
				t.Errorf("Parse(%s) error = %#v; want a *ParseError naming %s and a line", tt.name, err, tt.file)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%s) error = %v; want %v", tt.name, err, tt.want)
			}
		})
	}
}

func nestedList(depth int) string {
	var sb strings.Builder
	for i := range depth {
		sb.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return sb.String()
}

func TestEncodings(t *testing.T) {
	t.Parallel()
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "Caf\u00e9 para.\r\nNext para.\r\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range "Caf\u00e9 para.\nNext para.\n" {
		utf16be = append(utf16be, byte(r>>8), byte(r))
	}
	for name, data := range map[string][]byte{
		"UTF-8 with a BOM": []byte("\uFEFFCafé para.\nNext para.\n"),
		"UTF-16 LE":        utf16le,
		"UTF-16 BE":        utf16be,
	} {
		a, err := Parse("a.txt", data)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", name, err)
			continue
		}
		if got, want := passageTexts(a), []string{"Café para.", "Next para."}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Parse(%s) passages = %q; want %q", name, got, want)
		}
	}
}
