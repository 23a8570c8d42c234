package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runForTest runs the command line with stdin and returns its output.
func runForTest(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

type askJSON struct {
	Question string `json:"question"`
	Answered bool   `json:"answered"`
	Excerpts []struct {
		Passage    int      `json:"passage"`
		Text       string   `json:"text"`
		Score      float64  `json:"score"`
		Highlights [][2]int `json:"highlights"`
	} `json:"excerpts"`
	Takeaway *struct {
		Number int    `json:"number"`
		Text   string `json:"text"`
	} `json:"takeaway"`
}

func TestAskJSONBatch(t *testing.T) {
	t.Parallel()
	in := "How many surveillance cameras does China have?\n\nWho makes the best pizza in Naples?\nsancions\r\nlast line without newline"
	out, _, err := runForTest(t, in, "ask", "--json", "--top", "2")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("ask --json printed %d lines for 5 input lines:\n%s", len(lines), out)
	}
	var answers []askJSON
	for _, l := range lines {
		var a askJSON
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		if a.Excerpts == nil {
			t.Errorf("line %q: excerpts is null; want a list", l)
		}
		if len(a.Excerpts) > 2 {
			t.Errorf("line %q: %d excerpts with --top 2", l, len(a.Excerpts))
		}
		answers = append(answers, a)
	}
	if a := answers[0]; !a.Answered || a.Excerpts[0].Passage != 6 || a.Takeaway == nil {
		t.Errorf("cameras question: %+v; want passage 6 with a takeaway", a)
	}
	for _, i := range []int{1, 2} {
		if a := answers[i]; a.Answered || len(a.Excerpts) != 0 || a.Takeaway != nil {
			t.Errorf("line %d (%q): answered; want declined with no excerpts and a null takeaway", i+1, a.Question)
		}
	}
	if a := answers[3]; a.Question != "sancions" || !a.Answered || a.Excerpts[0].Passage != 3 {
		t.Errorf("typo line: %+v; want passage 3 and the question without its CR", a)
	}
	if !strings.Contains(lines[2], `"takeaway":null`) {
		t.Errorf("declined answer %s lacks \"takeaway\":null", lines[2])
	}
}

func TestAskText(t *testing.T) {
	t.Parallel()
	out, _, err := runForTest(t, "", "ask", "How", "many", "surveillance", "cameras", "does", "China", "have?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Passage 6:", "700 million surveillance cameras", "Key takeaway 4:"} {
		if !strings.Contains(out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runForTest(t, "", "ask", "Who makes the best pizza in Naples?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "doesn't cover") || !strings.Contains(out, "It covers:") {
		t.Errorf("declined answer does not say so and suggest topics:\n%s", out)
	}
}

func TestAskOtherArticle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	article := filepath.Join(dir, "bees.txt")
	os.WriteFile(article, []byte("Honeybees pollinate almond orchards in California.\n\nKey takeaways:\n• Bees matter.\n\nWild bees nest in the ground."), 0o644)
	synonyms := filepath.Join(dir, "bees.syn")
	os.WriteFile(synonyms, []byte("nuts, almonds\n"), 0o644)

	out, _, err := runForTest(t, "", "ask", "--json", "--article", article, "--synonyms", synonyms, "Which nuts need pollinating?")
	if err != nil {
		t.Fatal(err)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Answered || a.Excerpts[0].Passage != 1 || a.Takeaway == nil || a.Takeaway.Number != 1 {
		t.Errorf("answer from another article with synonyms = %+v; want passage 1 and takeaway 1", a)
	}
}

func TestAskErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("A paragraph.\nKey Takeaways\n"), 0o644)
	tests := []struct {
		name  string
		args  []string
		usage bool   // a command-line error (exit 2)
		want  string // in the error or on stderr
	}{
		{"no command", nil, true, "Usage:"},
		{"unknown command", []string{"frobnicate"}, true, `unknown command "frobnicate"`},
		{"unknown flag", []string{"ask", "--bogus"}, true, "flag provided but not defined"},
		{"top out of range", []string{"ask", "--top", "0", "x"}, true, "--top must be between 1 and 25"},
		{"missing article", []string{"ask", "--article", filepath.Join(dir, "none.txt"), "x"}, false, "none.txt"},
		{"article with an error", []string{"ask", "--article", bad, "x"}, false, "bad.txt:2: key takeaways heading has no bullets"},
		{"missing synonyms", []string{"ask", "--synonyms", filepath.Join(dir, "none.syn"), "x"}, false, "none.syn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, err := runForTest(t, "", tt.args...)
			if err == nil {
				t.Fatalf("run(%q) succeeded; want an error", tt.args)
			}
			if got := errors.Is(err, errUsage); got != tt.usage {
				t.Errorf("run(%q) error %v: usage error %v; want %v", tt.args, err, got, tt.usage)
			}
			if !strings.Contains(err.Error()+stderr, tt.want) {
				t.Errorf("run(%q) error %q, stderr %q; want %q in them", tt.args, err, stderr, tt.want)
			}
		})
	}
}

func TestAskHelp(t *testing.T) {
	t.Parallel()
	_, stderr, err := runForTest(t, "", "ask", "--help")
	if err != nil {
		t.Fatalf("ask --help: %v", err)
	}
	if !strings.Contains(stderr, "--json") && !strings.Contains(stderr, "-json") {
		t.Errorf("ask --help does not describe --json:\n%s", stderr)
	}
}
