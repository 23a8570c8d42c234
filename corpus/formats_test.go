package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The articles of testdata/formats: each written as plain one-paragraph-a-
// line text (NAME.txt) and as Markdown, a saved news page, hard-wrapped
// blank-line text and CRLF text.
var formatArticles = []string{"deepseek", "shipping", "volcanoes"}

var formatVariants = []struct{ suffix, format string }{
	{".md", FormatMarkdown},
	{".html", FormatHTML},
	{"-wrapped.txt", FormatText},
	{"-crlf.txt", FormatText},
}

// TestFormatsReadAlike is the bar of the formats: every version of an
// article gives the title, passages (in order) and takeaways of its plain
// text, without headings, captions or page chrome.
func TestFormatsReadAlike(t *testing.T) {
	t.Parallel()
	for _, name := range formatArticles {
		plain, err := Load(filepath.Join("testdata", "formats", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if plain.Format != FormatText || len(plain.Takeaways) == 0 || len(plain.Passages) < 5 {
			t.Fatalf("%s.txt: format %s, %d passages, %d takeaways: not the plain article", name, plain.Format, len(plain.Passages), len(plain.Takeaways))
		}
		for _, v := range formatVariants {
			file := filepath.Join("testdata", "formats", name+v.suffix)
			a, err := Load(file)
			if err != nil {
				t.Errorf("Load(%s): %v", file, err)
				continue
			}
			checkArticle(t, a)
			if a.Format != v.format {
				t.Errorf("Load(%s).Format = %q; want %q", file, a.Format, v.format)
			}
			sameArticle(t, file, a, plain)
			for _, w := range a.Warnings {
				t.Errorf("Load(%s) warns %q; want no warning", file, w)
			}
		}
	}
}

// TestFormatSections checks that the Markdown and HTML versions name the
// sections their headings open, the same in both.
func TestFormatSections(t *testing.T) {
	t.Parallel()
	for _, name := range formatArticles {
		md, err := Load(filepath.Join("testdata", "formats", name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		page, err := Load(filepath.Join("testdata", "formats", name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		var named int
		for _, p := range md.Passages {
			if p.Section != "" {
				named++
			}
		}
		if named < 3 {
			t.Errorf("%s.md: %d passages in a section; want the sections of its headings", name, named)
		}
		if got, want := sections(page), sections(md); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the page's sections %q; want the Markdown's %q", name, got, want)
		}
	}
}

// bigPage builds a saved news page of at least size bytes: the formats'
// page with the articles' paragraphs repeated in its body, and a large
// inline script, as pages have.
func bigPage(tb testing.TB, size int) []byte {
	tb.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "formats", "deepseek.html"))
	if err != nil {
		tb.Fatal(err)
	}
	var body strings.Builder
	script := "<script>" + strings.Repeat("window.__data = {\"k\": [1, 2, 3], \"s\": \"<p>not text</p>\"};\n", 400) + "</script>\n"
	for n := 0; len(page)+body.Len()+len(script) < size; n++ {
		for _, name := range formatArticles {
			a, err := Load(filepath.Join("testdata", "formats", name+".txt"))
			if err != nil {
				tb.Fatal(err)
			}
			body.WriteString("<h2>Part " + name + "</h2>\n")
			for _, p := range a.Passages {
				body.WriteString("<p>" + strings.ReplaceAll(p.Text, "&", "&amp;") + " <a href=\"/x\">link</a></p>\n<div class=\"ad-slot\"><span>Advertisement</span></div>\n")
			}
		}
	}
	out := strings.Replace(string(page), `<div class="article-body" itemprop="articleBody">`, `<div class="article-body" itemprop="articleBody">`+body.String(), 1)
	return []byte(strings.Replace(out, "</body>", script+"</body>", 1))
}

// bigMarkdown builds a Markdown article of at least size bytes from the
// formats' Markdown articles.
func bigMarkdown(tb testing.TB, size int) []byte {
	tb.Helper()
	var sb strings.Builder
	sb.WriteString("# A long read\n\n")
	for sb.Len() < size {
		for _, name := range formatArticles {
			data, err := os.ReadFile(filepath.Join("testdata", "formats", name+".md"))
			if err != nil {
				tb.Fatal(err)
			}
			text := strings.ReplaceAll(string(data), "## Key Takeaways", "## Summary")
			text = strings.Replace(text, "# ", "## ", 1)
			sb.WriteString(text + "\n")
		}
	}
	return []byte(sb.String())
}

func TestBigFiles(t *testing.T) {
	t.Parallel()
	page, err := Parse("big.html", bigPage(t, 200<<10))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Passages) < 200 {
		t.Errorf("big page: %d passages; want its paragraphs", len(page.Passages))
	}
	for _, p := range page.Passages {
		if strings.Contains(p.Text, "Advertisement") || strings.Contains(p.Text, "window.__data") {
			t.Fatalf("big page: passage %d is chrome: %q", p.Number, clipText(p.Text, 80))
		}
	}
	md, err := Parse("big.md", bigMarkdown(t, 200<<10))
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Passages) < 200 {
		t.Errorf("big Markdown: %d passages; want its paragraphs", len(md.Passages))
	}
}

func BenchmarkParseHTML(b *testing.B) {
	data := bigPage(b, 200<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("page.html", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMarkdown(b *testing.B) {
	data := bigMarkdown(b, 200<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("long.md", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseText(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "shipping-wrapped.txt"))
	if err != nil {
		b.Fatal(err)
	}
	_, body, _ := strings.Cut(string(data), "\n") // the title line once
	body = strings.ReplaceAll(body, "Key takeaways:", "In short:")
	data = []byte("# A long read\n" + strings.Repeat(body+"\n", (200<<10)/len(body)))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := Parse("long.txt", data)
		if err != nil || a.Format != FormatText {
			b.Fatal(a, err)
		}
	}
}
