package corpus

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		text      string
		title     string
		passages  []string
		takeaways []string
	}{
		{
			name:      "one paragraph a line",
			text:      "First para.\nSecond para.\nKey Takeaways\n- One.\n- Two.\nClosing para.\n",
			title:     "Test",
			passages:  []string{"First para.", "Second para.", "Closing para."},
			takeaways: []string{"One.", "Two."},
		},
		{
			name:      "blank-line paragraphs, colon heading, bullet dots",
			text:      "First para.\n\nSecond para.\n\nKey takeaways:\n• One.\n• Two.\n\nClosing para.",
			title:     "Test",
			passages:  []string{"First para.", "Second para.", "Closing para."},
			takeaways: []string{"One.", "Two."},
		},
		{
			name:      "markdown heading and star bullets",
			text:      "First para.\n## Key Takeaways\n* One.\n* Two.\n",
			title:     "Test",
			passages:  []string{"First para."},
			takeaways: []string{"One.", "Two."},
		},
		{
			name:      "bold heading",
			text:      "First para.\n**Key Takeaways:**\n- One.\n",
			title:     "Test",
			passages:  []string{"First para."},
			takeaways: []string{"One."},
		},
		{
			name:      "CRLF and BOM",
			text:      "\uFEFFFirst para.\r\n\r\nKey Takeaways\r\n- One.\r\n- Two.\r\n\r\nClosing.\r\n",
			title:     "Test",
			passages:  []string{"First para.", "Closing."},
			takeaways: []string{"One.", "Two."},
		},
		{
			name:     "old Mac line endings",
			text:     "First para.\rSecond para.\r",
			title:    "Test",
			passages: []string{"First para.", "Second para."},
		},
		{
			name:     "no takeaways",
			text:     "Only para.\n\nAnother one.\n",
			title:    "Test",
			passages: []string{"Only para.", "Another one."},
		},
		{
			name: "hard-wrapped paragraphs are joined",
			text: "Rising sea temperatures are the gravest threat. When water stays too\nwarm for several weeks, corals expel the algae that feed them.\n\n" +
				"Bleaching is not death, but a reef that stays bleached for long\nstarves. Recovery takes a decade or more.\n",
			title: "Test",
			passages: []string{
				"Rising sea temperatures are the gravest threat. When water stays too warm for several weeks, corals expel the algae that feed them.",
				"Bleaching is not death, but a reef that stays bleached for long starves. Recovery takes a decade or more.",
			},
		},
		{
			name:      "title line",
			text:      "# A Fine Title\n\nFirst para.\n\nKey Takeaways\n- One.\n",
			title:     "A Fine Title",
			passages:  []string{"First para."},
			takeaways: []string{"One."},
		},
		{
			name:      "blank lines between bullets and a wrapped bullet",
			text:      "Para.\nKey Takeaways\n\n- One is long\n  and wrapped.\n\n- Two.\n\nAfter.\n",
			title:     "Test",
			passages:  []string{"Para.", "After."},
			takeaways: []string{"One is long and wrapped.", "Two."},
		},
		{
			name:     "extra white space is normalised",
			text:     "  Spaced   out\tpara.  \n\n\n\nNext.",
			title:    "Test",
			passages: []string{"Spaced out para.", "Next."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse("test.txt", []byte(tt.text))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.text, err)
			}
			if a.Title != tt.title {
				t.Errorf("Parse(%q).Title = %q; want %q", tt.text, a.Title, tt.title)
			}
			var got []string
			for i, p := range a.Passages {
				if p.Number != i+1 {
					t.Errorf("passage %d numbered %d", i+1, p.Number)
				}
				if j := strings.Join(p.Sentences, " "); j != p.Text {
					t.Errorf("sentences of passage %d join to %q; want %q", p.Number, j, p.Text)
				}
				got = append(got, p.Text)
			}
			if !reflect.DeepEqual(got, tt.passages) {
				t.Errorf("Parse(%q) passages = %q; want %q", tt.text, got, tt.passages)
			}
			got = nil
			for i, k := range a.Takeaways {
				if k.Number != i+1 {
					t.Errorf("takeaway %d numbered %d", i+1, k.Number)
				}
				got = append(got, k.Text)
			}
			if !reflect.DeepEqual(got, tt.takeaways) {
				t.Errorf("Parse(%q) takeaways = %q; want %q", tt.text, got, tt.takeaways)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		line int
		want string
	}{
		{"empty file", "", 1, "no paragraphs"},
		{"only blank lines", "\n\n  \n", 4, "no paragraphs"},
		{"heading with no bullets", "Para.\nKey Takeaways\nClosing.\n", 2, "no bullets"},
		{"heading at the end", "Para.\n\nKey takeaways:\n", 3, "no bullets"},
		{"only takeaways", "Key Takeaways\n- One.\n", 3, "no paragraphs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("bad.txt", []byte(tt.text))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v; want a *ParseError", tt.text, err)
			}
			if pe.File != "bad.txt" || pe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error = %q (line %d); want bad.txt line %d containing %q", tt.text, err, pe.Line, tt.line, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "bad.txt:") {
				t.Errorf("error %q does not name the file first", err)
			}
		})
	}
	if _, err := Parse("e.txt", nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Parse(empty) error = %v; want ErrEmpty", err)
	}
}

func TestDefault(t *testing.T) {
	t.Parallel()
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(a.Passages), 7; got != want {
		t.Errorf("bundled article has %d passages; want %d", got, want)
	}
	if got, want := len(a.Takeaways), 5; got != want {
		t.Errorf("bundled article has %d takeaways; want %d", got, want)
	}
	if got, want := a.PassagesBeforeTakeaways, 6; got != want {
		t.Errorf("bundled article has %d passages before its takeaways; want %d", got, want)
	}
	if p, _ := a.Passage(7); !strings.HasPrefix(p.Text, "As the world watches") {
		t.Errorf("passage 7 = %q; want the closing paragraph", p.Text)
	}
	if p, _ := a.Passage(6); len(p.Sentences) != 3 {
		t.Errorf("passage 6 has %d sentences; want 3: %q", len(p.Sentences), p.Sentences)
	}
	if a.Title == "" || strings.Contains(a.Title, ".txt") {
		t.Errorf("bundled article title = %q; want a real title", a.Title)
	}
	for _, n := range []int{0, 8, -1} {
		if _, ok := a.Passage(n); ok {
			t.Errorf("Passage(%d) exists; want not", n)
		}
	}
	if _, ok := a.Takeaway(6); ok {
		t.Error("Takeaway(6) exists; want not")
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	a, err := Load("testdata/coral-reefs-wrapped.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Coral reefs wrapped" || len(a.Passages) != 3 || len(a.Takeaways) != 2 {
		t.Errorf("Load: title %q, %d passages, %d takeaways; want %q, 3, 2", a.Title, len(a.Passages), len(a.Takeaways), "Coral reefs wrapped")
	}
	if _, err := Load("testdata/does-not-exist.txt"); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

func TestSplitSentences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"It cost 1.4 billion. Then more.", []string{"It cost 1.4 billion.", "Then more."}},
		{"Mr. Smith went to the U.S. embassy. He left.", []string{"Mr. Smith went to the U.S. embassy.", "He left."}},
		{`He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"J. R. Smith spoke. Then.", []string{"J. R. Smith spoke.", "Then."}},
		{"no capital. after this", []string{"no capital. after this"}},
		{"Ends without a stop", []string{"Ends without a stop"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := SplitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitSentences(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("First.\nKey Takeaways\n- One.\nLast."))
	f.Add([]byte("\uFEFFa\r\n\r\n## Key takeaways:\r\n• b\r\n"))
	f.Add([]byte("# T\n\nx. Y. z\n"))
	f.Add([]byte{0xff, 0xfe, '\n', '-', ' '})
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz.txt", data)
		checkFuzzResult(t, a, err)
	})
}
