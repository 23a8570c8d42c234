package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testArticle = `# Bees
Honey bees dance to tell the hive where flowers are.
A queen lays up to two thousand eggs a day in summer.
Key Takeaways
- Bees talk by dancing.
Beekeepers smoke the hive before opening it.
`

// TestAsk answers a small article: each question's best hit is the paragraph
// that shares its words, numbered as corpus.Parse numbers it, and a question
// with no word in common is not answered.
func TestAsk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bees.txt")
	if err := os.WriteFile(path, []byte(testArticle), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q        string
		answered bool
		first    int
	}{
		{"How many eggs does a queen lay?", true, 2},
		{"why do beekeepers use smoke", true, 3},
		{"dance flowers", true, 1},
		{"What is the capital of Peru?", false, 0},
		{"", false, 0},
	}
	var in strings.Builder
	for _, tt := range tests {
		in.WriteString(tt.q + "\n")
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"ask", "--json", "--top", "2", "--article", path}, strings.NewReader(in.String()), &out, &errOut); err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(tests) {
		t.Fatalf("got %d answers; want %d:\n%s", len(lines), len(tests), out.String())
	}
	for i, tt := range tests {
		var a struct {
			Question string
			Answered bool
			Excerpts []struct {
				Passage int
				Text    string
				Score   float64
			}
			Takeaway *json.RawMessage
		}
		if err := json.Unmarshal([]byte(lines[i]), &a); err != nil {
			t.Fatalf("answer %d: %v: %s", i, err, lines[i])
		}
		if a.Question != tt.q || a.Answered != tt.answered || a.Takeaway != nil || len(a.Excerpts) > 2 {
			t.Errorf("ask %q: got %s; want answered %v, no takeaway, at most 2 excerpts", tt.q, lines[i], tt.answered)
			continue
		}
		if !tt.answered {
			if len(a.Excerpts) != 0 {
				t.Errorf("ask %q: got excerpts %s; want none", tt.q, lines[i])
			}
			continue
		}
		if len(a.Excerpts) == 0 || a.Excerpts[0].Passage != tt.first || a.Excerpts[0].Score <= 0 ||
			!strings.Contains(testArticle, a.Excerpts[0].Text) {
			t.Errorf("ask %q: got %s; want whole passage %d first", tt.q, lines[i], tt.first)
		}
	}
}

// TestAskBundled answers from the bundled article when no --article is given.
func TestAskBundled(t *testing.T) {
	var out, errOut bytes.Buffer
	q := "How many surveillance cameras does China have?\n"
	if err := run(context.Background(), []string{"ask", "--json"}, strings.NewReader(q), &out, &errOut); err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "700 million surveillance cameras") {
		t.Errorf("got %s; want the passage on surveillance cameras", out.String())
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"serve"}, {"ask", "--top", "0"}, {"ask", "--nope"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, strings.NewReader(""), &out, &errOut); err == nil {
			t.Errorf("run(%q): got no error; want one", args)
		}
	}
}
