package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Paragraphs of real prose, for the paragraph rule's tests.
var prose = []string{
	"Coral reefs cover less than one percent of the ocean floor, yet they shelter about a quarter of all marine species, from reef sharks to the tiny cleaner shrimp that pick parasites off larger fish.",
	"Rising sea temperatures are the gravest threat. When water stays too warm for several weeks, corals expel the algae that live in their tissue and feed them, and the reef turns white.",
	"Bleaching is not death, but a reef that stays bleached for long starves. Recovery takes a decade or more, and heatwaves now come every few years, faster than most reefs can heal.",
	"Restoration projects grow coral fragments in nurseries and plant them back on damaged reefs. They buy time, but researchers agree that only a cooler ocean can save the reefs in the long run.",
}

// wrap hard-wraps s at width the way a greedy editor does.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

func TestParagraphRule(t *testing.T) {
	t.Parallel()
	wrapped := func(width int) string {
		var blocks []string
		for _, p := range prose {
			blocks = append(blocks, wrap(p, width))
		}
		return strings.Join(blocks, "\n\n")
	}
	tests := []struct {
		name     string
		text     string
		passages []string
	}{
		{
			name:     "one paragraph a line",
			text:     strings.Join(prose, "\n"),
			passages: prose,
		},
		{
			name:     "a one-sentence paragraph stays its own passage",
			text:     prose[0] + "\nThe savings were dramatic.\n" + prose[1],
			passages: []string{prose[0], "The savings were dramatic.", prose[1]},
		},
		{
			name: "a line ending in a citation mark stays its own passage",
			text: "According to the Gospels, Jesus was raised in Nazareth and preached in Galilee.[citation needed]\n" +
				"His followers spread the new faith across the Roman Empire within a few decades of his death.",
			passages: []string{
				"According to the Gospels, Jesus was raised in Nazareth and preached in Galilee.[citation needed]",
				"His followers spread the new faith across the Roman Empire within a few decades of his death.",
			},
		},
		{
			name: "a line ending in a page range or a digit stays its own passage",
			text: "Quantum field theory describes particles as excitations of underlying fields, a view developed from the 1920s onward.:212–219\n" +
				"The number of species described so far is about 1,200,000\n" +
				"String theory tries to go further, replacing point particles with tiny vibrating strings.",
			passages: []string{
				"Quantum field theory describes particles as excitations of underlying fields, a view developed from the 1920s onward.:212–219",
				"The number of species described so far is about 1,200,000",
				"String theory tries to go further, replacing point particles with tiny vibrating strings.",
			},
		},
		{
			name: "a line ending in a name or a colon stays its own passage",
			text: "The album was produced in Los Angeles by her longtime collaborator, Mathew Knowles\n" +
				"The record had three singles:\n" +
				"Each of them reached the top ten in the United States and the United Kingdom.",
			passages: []string{
				"The album was produced in Los Angeles by her longtime collaborator, Mathew Knowles",
				"The record had three singles:",
				"Each of them reached the top ten in the United States and the United Kingdom.",
			},
		},
		{
			name:     "blank lines between one-line paragraphs",
			text:     strings.Join(prose, "\n\n"),
			passages: prose,
		},
		{
			name:     "short one-line paragraphs in one block are not a wrapped paragraph",
			text:     "The savings were dramatic.\nGrowth was slow at first.\nThe change was hard on the dockers.\nToday the ships are giant.",
			passages: []string{"The savings were dramatic.", "Growth was slow at first.", "The change was hard on the dockers.", "Today the ships are giant."},
		},
		{name: "hard-wrapped at 60", text: wrapped(60), passages: prose},
		{name: "hard-wrapped at 72", text: wrapped(72), passages: prose},
		{name: "hard-wrapped at 80", text: wrapped(80), passages: prose},
		{name: "hard-wrapped at 100", text: wrapped(100), passages: prose},
		{
			// At 50 columns, the first line of the second paragraph is
			// "Rising sea temperatures are the gravest threat."
			name:     "a wrapped line that ends in a full stop does not end the paragraph",
			text:     wrapped(50),
			passages: prose,
		},
		{
			name: "a compound broken at its hyphen is joined back",
			text: "The claim that the model was trained on older and far cheaper lower-\ngrade chips, at a fraction of the cost, is disputed by industry\n" +
				"insiders, who suspect that far more computing power was used.\n\n" + wrap(prose[0], 70),
			passages: []string{
				"The claim that the model was trained on older and far cheaper lower-grade chips, at a fraction of the cost, is disputed by industry insiders, who suspect that far more computing power was used.",
				prose[0],
			},
		},
		{
			name:     "hard-wrapped with CRLF line ends",
			text:     strings.ReplaceAll(wrapped(72), "\n", "\r\n"),
			passages: prose,
		},
	}
	if !strings.Contains(wrapped(50), "gravest threat.\n") {
		t.Fatal("the 50-column text does not break a line at a full stop: the case below tests nothing")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse("test.txt", []byte(tt.text))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.text, err)
			}
			if got := passageTexts(a); !reflect.DeepEqual(got, tt.passages) {
				t.Errorf("Parse(%q) passages =\n%q\nwant\n%q", tt.text, got, tt.passages)
			}
			if a.Format != FormatText {
				t.Errorf("Parse(%q).Format = %q; want %q", tt.text, a.Format, FormatText)
			}
		})
	}
}

func TestHardWrapped(t *testing.T) {
	t.Parallel()
	line := func(width, next int, continues bool) wrapLine {
		return wrapLine{width: width, nextWord: next, continues: continues}
	}
	tests := []struct {
		name  string
		cands []wrapLine
		want  bool
	}{
		{"none", nil, false},
		{"one line is no evidence", []wrapLine{line(70, 5, true)}, false},
		{"filled lines at 72", []wrapLine{line(70, 5, true), line(68, 6, true), line(71, 3, false), line(66, 9, true)}, true},
		{"too wide for wrapping", []wrapLine{line(300, 5, true), line(250, 6, true), line(410, 3, true)}, false},
		{"too narrow for wrapping", []wrapLine{line(20, 5, true), line(18, 6, true), line(21, 3, true)}, false},
		{"ragged: the next word would have fitted", []wrapLine{line(70, 5, true), line(30, 4, true), line(45, 3, true), line(25, 5, true)}, false},
		{"every break at a sentence end", []wrapLine{line(70, 5, false), line(68, 6, false), line(71, 3, false)}, false},
	}
	for _, tt := range tests {
		if got := hardWrapped(tt.cands); got != tt.want {
			t.Errorf("hardWrapped(%s: %+v) = %v; want %v", tt.name, tt.cands, got, tt.want)
		}
	}
}

// TestEachLineAPassage checks the shapes the project's question sets rely
// on: in a file written one paragraph a line (the Wikipedia articles of the
// shared sets, the project's own articles), each non-empty line after the
// title and outside the takeaways list is exactly one passage, in order.
func TestEachLineAPassage(t *testing.T) {
	t.Parallel()
	files := []string{"articles/deepseek-sputnik-moment.txt", "../testdata/eval/second-article.txt", "../testdata/eval/third-article.md"}
	wiki, _ := filepath.Glob("../../shared/eval/wiki/*.txt")
	files = append(files, wiki...)
	second, _ := filepath.Glob("../../shared/eval/second/*.txt")
	files = append(files, second...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		inList := false
		for i, line := range strings.Split(string(data), "\n") {
			line = normalizeSpace(line)
			switch {
			case line == "", i == 0 && strings.HasPrefix(line, "# "):
			case takeawaysHeading.MatchString(line):
				inList = true
			case inList && bulletLine.MatchString(line):
			default:
				inList = false
				want = append(want, line)
			}
		}
		a, err := Load(f)
		if err != nil {
			t.Errorf("Load(%s): %v", f, err)
			continue
		}
		if got := passageTexts(a); !reflect.DeepEqual(got, want) {
			t.Errorf("Load(%s): %d passages; want %d, one a line", f, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("first difference, passage %d: got %q; want %q", i+1, clipText(got[i], 100), clipText(want[i], 100))
					break
				}
			}
		}
	}
}

func passageTexts(a *Article) []string {
	var out []string
	for _, p := range a.Passages {
		out = append(out, p.Text)
	}
	return out
}

func takeawayTexts(a *Article) []string {
	var out []string
	for _, t := range a.Takeaways {
		out = append(out, t.Text)
	}
	return out
}
