package corpus

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// section is a passage's section and text, as the tests compare them.
type section struct{ Section, Text string }

func sections(a *Article) []section {
	var out []section
	for _, p := range a.Passages {
		out = append(out, section{p.Section, p.Text})
	}
	return out
}

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		text      string
		title     string
		passages  []section
		takeaways []string
		before    int
	}{
		{
			name:     "title and sections",
			text:     "# Trees\n\nIntro para.\n\n## What trees do\n\nThey make shade.\n\nThey store carbon.\n\n### Roots\n\nRoots hold soil.\n",
			title:    "Trees",
			passages: []section{{"", "Intro para."}, {"What trees do", "They make shade."}, {"What trees do", "They store carbon."}, {"Roots", "Roots hold soil."}},
			before:   4,
		},
		{
			name:     "emphasis, links, code and entities become their text",
			text:     "# T\n\n## Part\n\nThe **big** _idea_ is in [the report](https://example.com/r \"R\") and `the code`, &amp; <https://example.com> too\\*.\n",
			title:    "T",
			passages: []section{{"Part", "The big idea is in the report and the code, & https://example.com too*."}},
			before:   1,
		},
		{
			name:     "a blockquote is one passage, a list is one passage",
			text:     "# T\n\n## Part\n\n> A quoted line\n> that goes on.\n>\n> Second quoted para.\n\nSteps:\n\n- cut the wood\n- sand it.\n- paint it\n",
			title:    "T",
			passages: []section{{"Part", "A quoted line that goes on. Second quoted para."}, {"Part", "Steps:"}, {"Part", "cut the wood; sand it. paint it"}},
			before:   3,
		},
		{
			name:      "takeaways under a heading of any level, and passages after them",
			text:      "# T\n\n## Part\n\nFirst para.\n\n#### Key takeaways\n\n1. One.\n2. Two,\n   wrapped.\n\nClosing para.\n",
			title:     "T",
			passages:  []section{{"Part", "First para."}, {"", "Closing para."}},
			takeaways: []string{"One.", "Two, wrapped."},
			before:    1,
		},
		{
			name:      "a bold takeaways line, then the list",
			text:      "## Part\n\nFirst para.\n\n**Key Takeaways:**\n- One.\n- Two.\n",
			title:     "Test",
			passages:  []section{{"Part", "First para."}},
			takeaways: []string{"One.", "Two."},
			before:    1,
		},
		{
			name:     "images and HTML blocks are dropped",
			text:     "# T\n\n![a chart](chart.png)\n\n<div class=\"ad\">\n<p>Buy now</p>\n</div>\n\n## Part\n\nText with an ![inline](i.png) image and <b>inline</b> tags.\n\n---\n\nMore.\n",
			title:    "T",
			passages: []section{{"Part", "Text with an image and inline tags."}, {"Part", "More."}},
			before:   2,
		},
		{
			name:     "front matter gives the title",
			text:     "---\ntitle: \"Front matter title\"\nauthor: Me\n---\n\n## Part\n\nText.\n",
			title:    "Front matter title",
			passages: []section{{"Part", "Text."}},
			before:   1,
		},
		{
			name:     "a later level-one heading is a section",
			text:     "# Title\n\nIntro.\n\n# Part two\n\nMore.\n",
			title:    "Title",
			passages: []section{{"", "Intro."}, {"Part two", "More."}},
			before:   2,
		},
		{
			name:     "one paragraph a line, not hard-wrapped: each line a passage",
			text:     "# T\n\n## Part\n\n" + strings.Join(prose, "\n") + "\n",
			title:    "T",
			passages: []section{{"Part", prose[0]}, {"Part", prose[1]}, {"Part", prose[2]}, {"Part", prose[3]}},
			before:   4,
		},
		{
			name:     "hard-wrapped paragraphs are one passage each",
			text:     "# T\n\n## Part\n\n" + wrap(prose[0], 72) + "\n\n" + wrap(prose[1], 72) + "\n",
			title:    "T",
			passages: []section{{"Part", prose[0]}, {"Part", prose[1]}},
			before:   2,
		},
		{
			name:      "a paragraph right after the takeaways list continues the article",
			text:      "## Part\n\nFirst para.\n## Key Takeaways\n- One.\n- Two.\nClosing para.\n",
			title:     "Test",
			passages:  []section{{"Part", "First para."}, {"", "Closing para."}},
			takeaways: []string{"One.", "Two."},
			before:    1,
		},
		{
			name:      "plain-text bullets after a takeaways heading",
			text:      "## Part\n\nFirst para.\n\nKey takeaways:\n• One.\n• Two.\n\nClosing para.\n",
			title:     "Test",
			passages:  []section{{"Part", "First para."}, {"", "Closing para."}},
			takeaways: []string{"One.", "Two."},
			before:    1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := parseMarkdown("test.md", tt.text)
			if err != nil {
				t.Fatalf("parseMarkdown(%q) error: %v", tt.text, err)
			}
			checkArticle(t, a)
			if a.Title != tt.title || a.Format != FormatMarkdown {
				t.Errorf("parseMarkdown(%q): title %q, format %q; want %q, %q", tt.text, a.Title, a.Format, tt.title, FormatMarkdown)
			}
			if got := sections(a); !reflect.DeepEqual(got, tt.passages) {
				t.Errorf("parseMarkdown(%q) passages =\n%q\nwant\n%q", tt.text, got, tt.passages)
			}
			if got := takeawayTexts(a); !reflect.DeepEqual(got, tt.takeaways) {
				t.Errorf("parseMarkdown(%q) takeaways = %q; want %q", tt.text, got, tt.takeaways)
			}
			if a.PassagesBeforeTakeaways != tt.before {
				t.Errorf("parseMarkdown(%q) PassagesBeforeTakeaways = %d; want %d", tt.text, a.PassagesBeforeTakeaways, tt.before)
			}
		})
	}
}

func TestParseMarkdownErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		line       int
		want       string
	}{
		{"takeaways heading and no list", "## Part\n\nPara.\n\n## Key Takeaways\n\nJust a para.\n", 5, "no bullets"},
		{"takeaways heading at the end", "## Part\n\nPara.\n\n## Key Takeaways\n", 5, "no bullets"},
		{"a second takeaways heading", "## Part\n\nPara.\n\n## Key Takeaways\n- One.\n\n## Key takeaways\n- Two.\n", 8, "second"},
		{"only headings", "# T\n\n## A\n", 3, "no paragraphs"},
		{"an empty bullet, then a lower-case line", "Para.\n\n**Key Takeaways**\n• \x14\nmore\n", 3, "no bullets"}, // found by FuzzParseMarkdown: it panicked
	}
	for _, tt := range tests {
		_, err := parseMarkdown("bad.md", tt.text)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseMarkdown(%s: %q) error = %v; want line %d containing %q", tt.name, tt.text, err, tt.line, tt.want)
		}
	}
}

// TestSimpleFilesReadAlike: a plain-text file of the simple shape (a title
// line, paragraphs, a Key Takeaways list) reads the same whichever reader
// detection chooses, so that detection cannot misroute it.
func TestSimpleFilesReadAlike(t *testing.T) {
	t.Parallel()
	for _, f := range []string{
		"articles/deepseek-sputnik-moment.txt", "../testdata/eval/second-article.txt", "../testdata/eval/third-article.md",
		"testdata/coral-reefs-wrapped.txt", "testdata/formats/shipping.txt", "testdata/formats/volcanoes-wrapped.txt",
		"testdata/formats/deepseek-crlf.txt",
	} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, _, err := sniff(f, data)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := parseText(f, text)
		if err != nil {
			t.Fatal(err)
		}
		md, err := parseMarkdown(f, text)
		if err != nil {
			t.Errorf("parseMarkdown(%s): %v", f, err)
			continue
		}
		sameArticle(t, f+" as Markdown", md, plain)
	}
}

// sameArticle checks that got has want's title, passages and takeaways.
func sameArticle(t *testing.T, name string, got, want *Article) {
	t.Helper()
	if got.Title != want.Title {
		t.Errorf("%s: title %q; want %q", name, got.Title, want.Title)
	}
	g, w := passageTexts(got), passageTexts(want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: %d passages; want %d", name, len(g), len(w))
		for i := range max(len(g), len(w)) {
			var x, y string
			if i < len(g) {
				x = g[i]
			}
			if i < len(w) {
				y = w[i]
			}
			if x != y {
				t.Errorf("%s: passage %d = %q; want %q", name, i+1, clipText(x, 120), clipText(y, 120))
			}
		}
	}
	if g, w := takeawayTexts(got), takeawayTexts(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: takeaways %q; want %q", name, g, w)
	}
	if got.PassagesBeforeTakeaways != want.PassagesBeforeTakeaways {
		t.Errorf("%s: %d passages before the takeaways; want %d", name, got.PassagesBeforeTakeaways, want.PassagesBeforeTakeaways)
	}
}

// checkArticle checks what every parsed article must be.
func checkArticle(t testing.TB, a *Article) {
	t.Helper()
	if a.Title == "" || len(a.Passages) == 0 || a.Format == "" {
		t.Fatalf("article with title %q, %d passages, format %q", a.Title, len(a.Passages), a.Format)
	}
	for i, p := range a.Passages {
		if p.Number != i+1 || p.Text == "" || strings.Join(p.Sentences, " ") != p.Text || normalizeSpace(p.Text) != p.Text {
			t.Fatalf("passage %d malformed: %+v", i+1, p)
		}
		if p.Section != normalizeSpace(p.Section) {
			t.Fatalf("passage %d section %q not normalised", i+1, p.Section)
		}
	}
	for i, k := range a.Takeaways {
		if k.Number != i+1 || k.Text == "" || normalizeSpace(k.Text) != k.Text {
			t.Fatalf("takeaway %d malformed: %+v", i+1, k)
		}
	}
	if a.PassagesBeforeTakeaways < 0 || a.PassagesBeforeTakeaways > len(a.Passages) {
		t.Fatalf("PassagesBeforeTakeaways = %d of %d passages", a.PassagesBeforeTakeaways, len(a.Passages))
	}
}

// checkFuzzResult checks the result of a reader on any input: a valid
// article, or a *ParseError with a line.
func checkFuzzResult(t *testing.T, a *Article, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line < 1 {
			t.Fatalf("error %v is not a *ParseError with a line", err)
		}
		return
	}
	checkArticle(t, a)
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add("# T\n\n## Part\n\nPara *a* [b](c) `d`.\n\n> q\n\n- x\n- y\n\n## Key Takeaways\n\n- One.\n\nAfter.\n")
	f.Add("---\ntitle: x\n---\n\n![i](p)\n<div>\n</div>\n\n**Key Takeaways**\n• a\n• b\nc\n")
	f.Add("Line one\nline two\n\n1. a\n   b\n2. c\n\n```\ncode\n```\n")
	f.Add("> > > - - 1. [a](b *c _d `e")
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		text, _, err := sniff("fuzz.md", data)
		if err != nil {
			checkFuzzResult(t, nil, err)
			return
		}
		a, err := parseMarkdown("fuzz.md", text)
		checkFuzzResult(t, a, err)
	})
}
