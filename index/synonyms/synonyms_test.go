package synonyms_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/synonyms"
)

// eq is a rule of equivalent terms, whose phrases find each other.
func eq(terms ...string) synonyms.Rule { return synonyms.Rule{From: terms, To: terms} }

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		rules []synonyms.Rule
	}{
		{"empty", "", nil},
		{"equivalent", "a, b, c\n", []synonyms.Rule{eq("a", "b", "c")}},
		{"comment and blank line", "# comment\n\na, b => c\n", []synonyms.Rule{{From: []string{"a", "b"}, To: []string{"c"}}}},
		{"several words", "multi word, other => target phrase\nx, y\n", []synonyms.Rule{
			{From: []string{"multi word", "other"}, To: []string{"target phrase"}},
			eq("x", "y"),
		}},
		{"lone word", "lonely\n", nil},
		{"lone word explicit", "lonely => alone\n", []synonyms.Rule{{From: []string{"lonely"}, To: []string{"alone"}}}},
		{"escaped comma", "a\\, b, c\n", []synonyms.Rule{eq("a, b", "c")}},
		{"spaces collapsed", "  big \t cat ,, lion  \n", []synonyms.Rule{eq("big cat", "lion")}},
		{"byte order mark", "\uFEFF# list\na, b\n", []synonyms.Rule{eq("a", "b")}},
		{"no final newline", "a, b", []synonyms.Rule{eq("a", "b")}},
		{"crlf", "a, b\r\nc => d\r\n", []synonyms.Rule{eq("a", "b"), {From: []string{"c"}, To: []string{"d"}}}},
		{"file order", "z, y\na, b\n", []synonyms.Rule{eq("z", "y"), eq("a", "b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := synonyms.Parse("test.txt", strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if s.Len() != len(tt.rules) {
				t.Errorf("Parse(%q) has %d rules; want %d", tt.in, s.Len(), len(tt.rules))
			}
			if got := s.Rules(); !reflect.DeepEqual(got, tt.rules) {
				t.Errorf("Parse(%q).Rules() = %q; want %q", tt.in, got, tt.rules)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		err  string
	}{
		{"nothing before =>", " => c\n", "test.txt:1: synonym rule has no terms"},
		{"nothing after =>", "a, b =>\n", "test.txt:1: synonym rule has nothing after =>"},
		{"only commas", "a, b\n,\n", "test.txt:2: synonym rule has no terms"},
		{"line number after comments", "# c\n\na, b\n=> x\n", "test.txt:4: synonym rule has no terms"},
		{"line too long", "a, " + strings.Repeat("b", 1<<20) + "\n", "read synonyms test.txt: bufio.Scanner: token too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := synonyms.Parse("test.txt", strings.NewReader(tt.in))
			if err == nil || err.Error() != tt.err {
				t.Errorf("Parse error = %v; want %q", err, tt.err)
			}
			if s != nil {
				t.Errorf("Parse with an error returned %d rules; want nil", s.Len())
			}
		})
	}
}

func TestParseReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	_, err := synonyms.Parse("net", &failingReader{data: "a, b\n", err: boom})
	if !errors.Is(err, boom) || err.Error() != "read synonyms net: boom" {
		t.Errorf("Parse of a failing reader: error %v; want read synonyms net: boom", err)
	}
}

// failingReader returns data, then err.
type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name     string
		content  string // "" for a missing file
		rules    int
		err      string // a prefix of the error; "" for none
		notExist bool
	}{
		{name: "missing", err: "read synonyms: open ", notExist: true},
		{name: "good", content: "a, b\nc => d\n", rules: 2},
		{name: "bad", content: "a, b\n =>\n", err: filepath.Join(dir, "bad") + ":2: synonym rule has no terms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := synonyms.Load(path)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Errorf("Load(%s) error = %v; want %q…", tt.name, err, tt.err)
				}
				if tt.notExist && !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("Load(%s) error = %v; want fs.ErrNotExist wrapped", tt.name, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(%s) error: %v", tt.name, err)
			}
			if s.Len() != tt.rules {
				t.Errorf("Load(%s) has %d rules; want %d", tt.name, s.Len(), tt.rules)
			}
		})
	}
}

func TestBundledList(t *testing.T) {
	t.Parallel()
	s, err := synonyms.Parse("bundled", bytes.NewReader(corpus.DefaultSynonyms()))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() == 0 {
		t.Error("the bundled synonyms list has no rules")
	}
}

func TestNilList(t *testing.T) {
	t.Parallel()
	var s *synonyms.List
	if s.Len() != 0 || s.Rules() != nil {
		t.Errorf("nil List: Len %d, Rules %v; want 0 and nil", s.Len(), s.Rules())
	}
}

func TestRulesIsACopy(t *testing.T) {
	t.Parallel()
	s, err := synonyms.Parse("test.txt", strings.NewReader("a, b => c\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Rules()
	r[0].From[0] = "changed"
	r[0].To = nil
	want := []synonyms.Rule{{From: []string{"a", "b"}, To: []string{"c"}}}
	if got := s.Rules(); !reflect.DeepEqual(got, want) {
		t.Errorf("Rules after changing its result = %q; want %q", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "a, b, c\n", "# comment\n\na, b => c\n", "lonely\n", "a\\, b, c\n",
		" => c\n", "a, b =>\n", "\uFEFFx, y\r\n", "a => b => c\n", "\\", ",,,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := synonyms.Parse("fuzz", strings.NewReader(in))
		if err != nil {
			if s != nil {
				t.Fatalf("Parse(%q) returned a list with error %v", in, err)
			}
			return
		}
		rules := s.Rules()
		if s.Len() != len(rules) {
			t.Fatalf("Parse(%q): Len %d; len(Rules) %d", in, s.Len(), len(rules))
		}
		for _, r := range rules {
			if len(r.From) == 0 || len(r.To) == 0 {
				t.Fatalf("Parse(%q): rule %q has an empty side", in, r)
			}
			for _, p := range append(r.From, r.To...) {
				if p == "" || p != strings.Join(strings.Fields(p), " ") {
					t.Fatalf("Parse(%q): phrase %q is empty or has stray spaces", in, p)
				}
			}
		}
	})
}

func ExampleParse() {
	s, err := synonyms.Parse("shop.syn", strings.NewReader(`# operator's list
car, automobile, motor vehicle
cheap, inexpensive => cost-effective
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range s.Rules() {
		fmt.Printf("%q => %q\n", r.From, r.To)
	}
	// Output:
	// ["car" "automobile" "motor vehicle"] => ["car" "automobile" "motor vehicle"]
	// ["cheap" "inexpensive"] => ["cost-effective"]
}
