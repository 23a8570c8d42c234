package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestInspectJSON(t *testing.T) {
	t.Parallel()
	file := filepath.Join("corpus", "testdata", "formats", "volcanoes.html")
	out, _, err := runForTest(t, "", "inspect", "--json", file)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly the documented keys, in order.
	dec := json.NewDecoder(strings.NewReader(out))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"title", "format", "passages", "takeaways", "warnings"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("inspect --json keys %q; want %q", keys, want)
	}
	var r struct {
		Title    string `json:"title"`
		Format   string `json:"format"`
		Passages []struct {
			Number  int    `json:"number"`
			Section string `json:"section"`
			Text    string `json:"text"`
		} `json:"passages"`
		Takeaways []struct {
			Number int    `json:"number"`
			Text   string `json:"text"`
		} `json:"takeaways"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("inspect --json printed %q: %v", out, err)
	}
	if r.Title != "How scientists tell when a volcano is waking up" || r.Format != "html" {
		t.Errorf("title %q, format %q; want the article's headline, html", r.Title, r.Format)
	}
	if len(r.Passages) != 6 || len(r.Takeaways) != 4 {
		t.Fatalf("%d passages, %d takeaways; want 6 and 4", len(r.Passages), len(r.Takeaways))
	}
	for i, p := range r.Passages {
		if p.Number != i+1 || p.Text == "" {
			t.Errorf("passage %d: %+v", i+1, p)
		}
	}
	if p := r.Passages[1]; p.Section != "Listening to the ground" || !strings.HasPrefix(p.Text, "Seismometers are the first line of defence.") {
		t.Errorf("passage 2 = %+v; want the seismometers paragraph under \"Listening to the ground\"", p)
	}
	if r.Takeaways[0].Number != 1 || !strings.HasPrefix(r.Takeaways[0].Text, "Earthquake swarms") {
		t.Errorf("takeaway 1 = %+v", r.Takeaways[0])
	}
	if r.Warnings == nil || len(r.Warnings) != 0 {
		t.Errorf("warnings = %#v; want []", r.Warnings)
	}
}

func TestInspectText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.md")
	long := strings.Repeat("word ", 600)
	md := "# Notes\n\n## Part one\n\nA first paragraph with a [link](https://example.com).\n\n" + long + "\n\nSubscribe to our newsletter!\n"
	if err := os.WriteFile(file, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runForTest(t, "", "inspect", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Title: Notes", "Format: markdown", "3 passages, 0 takeaways",
		"Passage 1 · Part one\nA first paragraph with a link.",
		"Warnings:", `no "Key Takeaways" list found`, "passage 2 is very long (600 words)",
		"passage 3 looks like page chrome",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
}

func TestInspectErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"no file", []string{"inspect"}, "give one FILE", 2},
		{"two files", []string{"inspect", "a", "b"}, "give one FILE", 2},
		{"missing file", []string{"inspect", filepath.Join(dir, "nope.txt")}, "no such file", 1},
		{"zero bytes", []string{"inspect", write("empty.txt", nil)}, "no paragraphs", 1},
		{"an image renamed .md", []string{"inspect", "--json", write("photo.md", []byte("\x89PNG\r\n\x1a\n\x00\x00"))}, "PNG image", 1},
		{"invalid UTF-8", []string{"inspect", write("latin1.txt", []byte("caf\xe9\n"))}, "not valid UTF-8", 1},
		{"nested tags", []string{"inspect", write("deep.html", bytes.Repeat([]byte("<div>"), 100000))}, "nested", 1},
		{"only headings", []string{"inspect", write("heads.md", []byte("# T\n\n## A\n\n## B\n"))}, "no paragraphs", 1},
	}
	for _, tt := range tests {
		out, stderr, err := runForTest(t, "", tt.args...)
		if err == nil {
			t.Errorf("%s: inspect succeeded: %s", tt.name, out)
			continue
		}
		if got := exitCode(err); got != tt.code {
			t.Errorf("%s: exit status %d; want %d (%v)", tt.name, got, tt.code, err)
		}
		if msg := err.Error() + stderr; !strings.Contains(msg, tt.want) && !errors.Is(err, errUsage) {
			t.Errorf("%s: error %q; want it to say %q", tt.name, msg, tt.want)
		}
		if tt.code == 2 && !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: stderr %q; want it to say %q", tt.name, stderr, tt.want)
		}
	}
}

// TestAskFormattedArticle checks that ask reads a Markdown article and
// quotes it by the same passage numbers as its plain text.
func TestAskFormattedArticle(t *testing.T) {
	t.Parallel()
	q := "How much did loading loose cargo cost per ton?"
	var got []string
	for _, f := range []string{"shipping.txt", "shipping.md", "shipping.html"} {
		out, _, err := runForTest(t, "", "ask", "--json", "--article", filepath.Join("corpus", "testdata", "formats", f), q)
		if err != nil {
			t.Fatalf("ask --article %s: %v", f, err)
		}
		var a askJSON
		if err := json.Unmarshal([]byte(out), &a); err != nil || !a.Answered || len(a.Excerpts) == 0 {
			t.Fatalf("ask --article %s: %q (%v)", f, out, err)
		}
		got = append(got, out)
	}
	if got[0] != got[1] || got[0] != got[2] {
		t.Errorf("answers differ between formats:\n%s\n%s\n%s", got[0], got[1], got[2])
	}
}
