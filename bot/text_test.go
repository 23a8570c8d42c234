package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain words", "plain words"},
		{"**bold** _it_ ~~s~~ `c` ||sp||", `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`" + `c\` + "`" + ` \|\|sp\|\|`},
		{"@everyone and @here", "@\u200beveryone and @\u200bhere"},
		{"<@123> <@&4> <#5> </ask:6> <t:7>", `\<@` + "\u200b" + `123> \<@` + "\u200b" + `&4> \<#5> \</ask:6> \<t:7>`},
		{"[click](https://x.test)", `\[click\](https://x.test)`},
		{"# heading", `\# heading`},
		{"> quote", `\> quote`},
		{"- item", `\- item`},
		{"-# subtext", `\-# subtext`},
		{"1. first", `1\. first`},
		{"12) twelfth", `12\) twelfth`},
		{"a - b > c # d 1. e", "a - b > c # d 1. e"},
		{`back\slash`, `back\\slash`},
		{"US–China cost-effective", "US–China cost-effective"},
	}
	for _, tt := range tests {
		if got := escape(tt.in, 1000); got != tt.want {
			t.Errorf("escape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatTextCuts(t *testing.T) {
	tests := []struct {
		name   string
		limit  int
		pieces []piece
		want   string
	}{
		{"fits", 11, []piece{{text: "hello world"}}, "hello world"},
		{"word boundary", 10, []piece{{text: "hello world again"}}, "hello…"},
		{"rune boundary", 4, []piece{{text: "ééééé"}}, "ééé…"},
		{"astral runes count two", 5, []piece{{text: "🤖🤖🤖🤖"}}, "🤖🤖…"},
		{"escape kept whole", 4, []piece{{text: "ab**"}}, "ab…"},
		{"bold closed", 10, []piece{{text: "x "}, {text: "boldword", bold: true}}, "x **bol**…"},
		{"bold never opened empty", 6, []piece{{text: "xyz "}, {text: "bold", bold: true}}, "xyz…"},
		{"bold fits exactly", 8, []piece{{text: "bold", bold: true}}, "**bold**"},
		{"tiny limit", 1, []piece{{text: "hello"}}, "…"},
		{"zero limit", 0, []piece{{text: "hello"}}, ""},
	}
	for _, tt := range tests {
		got := formatText(tt.limit, tt.pieces...)
		if got != tt.want {
			t.Errorf("%s: formatText(%d, %+v) = %q; want %q", tt.name, tt.limit, tt.pieces, got, tt.want)
		}
		if n := textLen(got); n > tt.limit {
			t.Errorf("%s: length %d over limit %d", tt.name, n, tt.limit)
		}
	}
}

func TestUnescapeReversesEscape(t *testing.T) {
	for _, s := range []string{
		"plain", `**x** \*y\* @everyone @` + "\u200b" + "z <@1>", "# h", "1. one", "12) x", "- a > b", `\\\`, "[a](b)", "…",
	} {
		if got := unescape(escape(s, 10000)); got != s {
			t.Errorf("unescape(escape(%q)) = %q", s, got)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"a longer footer text", 10, "a longer…"},
		{"🤖🤖🤖🤖", 5, "🤖🤖…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.limit); got != tt.want {
			t.Errorf("clip(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"x\x00y", "x y"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"rtl \u202e override", "rtl override"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"é", 1}, {"🤖", 2}, {"\xff", 1}, {"", 0},
	}
	for _, tt := range tests {
		if got := textLen(tt.in); got != tt.want {
			t.Errorf("textLen(%q) = %d; want %d", tt.in, got, tt.want)
		}
	}
}

// FuzzFormatText checks that any text, cut to any limit, stays within the
// limit, is valid UTF-8, keeps its bold markers paired, and reads back
// (unescaped) as a prefix of the original.
func FuzzFormatText(f *testing.F) {
	f.Add("hello **world** @everyone <@1>", "bold", 20)
	f.Add("1. # > - \\ \xff", "x", 5)
	f.Add(strings.Repeat("🤖*", 50), "**", 33)
	f.Fuzz(func(t *testing.T, plain, bold string, limit int) {
		limit = ((limit % 300) + 300) % 300
		plain, bold = cleanText(plain), cleanText(bold)
		got := formatText(limit, piece{text: plain}, piece{text: bold, bold: true})
		if textLen(got) > limit {
			t.Fatalf("length %d over limit %d: %q", textLen(got), limit, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8: %q", got)
		}
		text, markers := stripBold(strings.TrimSuffix(got, ellipsis))
		if markers%2 != 0 {
			t.Fatalf("unpaired bold markers in %q", got)
		}
		if back := unescape(text); !strings.HasPrefix(plain+bold, back) {
			t.Fatalf("%q reads back as %q, not a prefix of %q", got, back, plain+bold)
		}
	})
}

// stripBold removes the bold markers ("**" not escaped) from rendered
// markdown and counts them.
func stripBold(s string) (string, int) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i++
		case strings.HasPrefix(s[i:], "**"):
			n++
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), n
}

// FuzzEscapeRoundTrip checks that escape is reversible, which "More
// excerpts" relies on to read a question back from an embed title.
func FuzzEscapeRoundTrip(f *testing.F) {
	f.Add("**bold** @everyone <@123> # 1. \\")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		s = cleanText(s)
		if got := unescape(escape(s, 1<<20)); got != s {
			t.Fatalf("unescape(escape(%q)) = %q", s, got)
		}
	})
}
