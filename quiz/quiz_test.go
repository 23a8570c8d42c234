package quiz

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
)

// articles are the bundled article and two more, with different kinds of
// terms (the second has years, money and many names; the third few names).
var articles = []string{"", "../testdata/eval/second-article.txt", "../testdata/eval/third-article.md"}

// openIndex indexes the article at path ("" for the bundled one).
func openIndex(tb testing.TB, path string) *index.Index {
	tb.Helper()
	var (
		a   *corpus.Article
		err error
	)
	if path == "" {
		a, err = corpus.Default()
	} else {
		a, err = corpus.Load(path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// seeds returns n seeds spread over the whole range.
func seeds(n int) []uint32 {
	out := make([]uint32, n)
	for k := range out {
		out[k] = uint32(k) * 2654435761 // Knuth's multiplicative hash: spread, distinct
	}
	return out
}

// TestQuestionsAreSound checks hundreds of questions on each article:
// four distinct choices of one kind, the answer in the sentence and only in
// its blanks, and no distractor in the sentence.
func TestQuestionsAreSound(t *testing.T) {
	for _, path := range articles {
		name := strings.TrimPrefix(path, "../testdata/eval/")
		if name == "" {
			name = "bundled"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ix := openIndex(t, path)
			c := &checker{ix: ix, stems: map[string][]string{}}
			m := New(ix)
			a := ix.Article()
			positions := make([]int, NumChoices)
			kinds := map[Kind]int{}
			sentences, checked := map[string]bool{}, map[string]bool{}
			n := 0
			for takeaway := 0; takeaway <= len(a.Takeaways); takeaway++ {
				count := 60
				if takeaway == 0 {
					count = 400
				}
				for _, seed := range seeds(count) {
					q, err := m.Question(seed, takeaway)
					if err != nil {
						t.Fatalf("Question(%d, %d): %v", seed, takeaway, err)
					}
					if key := q.Prompt() + "\x00" + strings.Join(q.Choices, "\x00"); !checked[key] {
						checked[key] = true // the same question twice needs one check
						c.check(t, q)
					}
					if takeaway != 0 && !slices.Contains(ix.TakeawayPassages(takeaway), q.Passage) {
						t.Errorf("Question(%d, %d) is about passage %d, not behind takeaway %d (%v)", seed, takeaway, q.Passage, takeaway, ix.TakeawayPassages(takeaway))
					}
					positions[q.Answer]++
					kinds[q.Kind]++
					sentences[q.Sentence] = true
					n++
				}
			}
			t.Logf("%d questions (%d distinct) from %d sentences; kinds %v; right answer at positions %v", n, len(checked), len(sentences), kinds, positions)
			for k, c := range positions {
				if c < n/NumChoices*3/4 {
					t.Errorf("the right answer is choice %d in %d of %d questions; want about a quarter", k, c, n)
				}
			}
			if len(sentences) < 15 {
				t.Errorf("questions come from only %d sentences", len(sentences))
			}
			if kinds[KindTerm] == 0 || kinds[KindNumber]+kinds[KindYear] == 0 {
				t.Errorf("kinds of questions %v; want terms and numbers", kinds)
			}
		})
	}
}

// checker checks questions, remembering stems (the same choices come back
// again and again). It is not safe for concurrent use.
type checker struct {
	ix    *index.Index
	stems map[string][]string
}

// Stems returns ix.Stems(s), remembered.
func (c *checker) Stems(s string) []string {
	st, ok := c.stems[s]
	if !ok {
		st = c.ix.Stems(s)
		c.stems[s] = st
	}
	return st
}

// occurs reports whether phrase occurs in text as whole words, ignoring
// case.
func occurs(text, phrase string) bool {
	text, phrase = strings.ToLower(text), strings.ToLower(phrase)
	if phrase == "" {
		return false
	}
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(phrase)
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		next, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !isWordRune(prev)) && (end == len(text) || !isWordRune(next)) {
			return true
		}
		from = start + 1
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// check fails the test unless q is a sound question.
func (c *checker) check(t *testing.T, q Question) {
	t.Helper()
	ix := c.ix
	what := strconv.Quote(q.Prompt())
	if len(q.Choices) != NumChoices || q.Answer < 0 || q.Answer >= NumChoices {
		t.Fatalf("%s: %d choices, answer %d", what, len(q.Choices), q.Answer)
	}
	answer := q.Choices[q.Answer]
	p, ok := ix.Article().Passage(q.Passage)
	if !ok || !slices.Contains(p.Sentences, q.Sentence) {
		t.Errorf("%s: sentence is not in passage %d", what, q.Passage)
	}
	// The answer is in the sentence, and only in the blanks.
	if len(q.Parts) != len(q.Fills)+1 || len(q.Fills) == 0 {
		t.Fatalf("%s: %d parts and %d fills", what, len(q.Parts), len(q.Fills))
	}
	var rebuilt strings.Builder
	for k, f := range q.Fills {
		rebuilt.WriteString(q.Parts[k] + f)
		if !strings.EqualFold(f, answer) {
			t.Errorf("%s: blank %d holds %q, not the answer %q", what, k, f, answer)
		}
	}
	rebuilt.WriteString(q.Parts[len(q.Parts)-1])
	if rebuilt.String() != q.Sentence {
		t.Errorf("%s: parts and fills give %q, not the sentence %q", what, rebuilt.String(), q.Sentence)
	}
	prompt := q.Prompt()
	if occurs(prompt, answer) {
		t.Errorf("%s: the answer %q is still in the prompt", what, answer)
	}
	if q.Kind == KindTerm || q.Kind == KindName {
		for _, w := range wordsOf(answer) {
			if occurs(prompt, w) {
				t.Errorf("%s: the answer's word %q is in the prompt", what, w)
			}
		}
	}
	if q.Kind == KindTerm {
		promptStems := c.Stems(prompt)
		for _, s := range c.Stems(answer) {
			if slices.Contains(promptStems, s) {
				t.Errorf("%s: a form of the answer's %q is in the prompt", what, s)
			}
		}
	}
	// Four choices of one kind, no two the same word or a form of it.
	for i, ch := range q.Choices {
		if ch == "" || !sameKind(q.Kind, answer, ch) {
			t.Errorf("%s: choice %q is not a %s like %q", what, ch, q.Kind, answer)
		}
		for _, d := range q.Choices[i+1:] {
			if overlap(c, q.Kind, ch, d) {
				t.Errorf("%s: choices %q and %q are the same word or forms of one", what, ch, d)
			}
		}
	}
	// No distractor, nor a word or form of one, is in the sentence.
	sentStems := c.Stems(q.Sentence)
	for i, d := range q.Choices {
		if i == q.Answer {
			continue
		}
		if occurs(q.Sentence, d) {
			t.Errorf("%s: distractor %q is in the sentence, so it is a right answer too", what, d)
		}
		switch q.Kind {
		case KindNumber, KindYear:
			if slices.Contains(numbersIn(q.Sentence), numberValue(d)) {
				t.Errorf("%s: distractor %q is a number of the sentence", what, d)
			}
		default:
			for _, w := range wordsOf(d) {
				if occurs(q.Sentence, w) {
					t.Errorf("%s: distractor %q has the sentence's word %q", what, d, w)
				}
			}
			for _, s := range c.Stems(d) {
				if q.Kind == KindTerm && slices.Contains(sentStems, s) {
					t.Errorf("%s: distractor %q has a form of the sentence's %q", what, d, s)
				}
			}
		}
	}
}

// wordsOf splits a choice into its lower-case words, without possessive
// endings, hyphenated words split.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var numberPart = regexp.MustCompile(`\d[\d,]*(\.\d+)?`)

// numberValue reads the value of a number choice, scale words applied.
func numberValue(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(numberPart.FindString(s), ",", ""), 64)
	for w, f := range map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12} {
		if strings.Contains(s, w) {
			v *= f
		}
	}
	return v
}

func numbersIn(s string) []float64 {
	var out []float64
	for _, n := range numberPart.FindAllString(s, -1) {
		out = append(out, numberValue(n))
	}
	return out
}

// sameKind reports whether choice c is of the kind of the answer.
func sameKind(k Kind, answer, c string) bool {
	first := []rune(c)[0]
	switch k {
	case KindNumber:
		return numberPart.MatchString(c) && strings.HasPrefix(c, "$") == strings.HasPrefix(answer, "$") &&
			strings.HasSuffix(c, "%") == strings.HasSuffix(answer, "%")
	case KindYear:
		y, err := strconv.Atoi(c)
		return err == nil && y >= 1000 && y < 2100
	case KindName:
		return unicode.IsUpper(first)
	case KindTerm:
		return strings.ToLower(c) == c && len(strings.Fields(c)) == len(strings.Fields(answer))
	}
	return false
}

// overlap reports whether two choices are the same word or forms of one:
// equal ignoring case, the same number, or sharing a word or a stem.
func overlap(ix *checker, k Kind, a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	if k == KindNumber || k == KindYear {
		return numberValue(a) == numberValue(b)
	}
	for _, w := range wordsOf(a) {
		if slices.Contains(wordsOf(b), w) {
			return true
		}
	}
	for _, s := range ix.Stems(a) {
		if slices.Contains(ix.Stems(b), s) {
			return true
		}
	}
	return false
}

// TestQuestionIsDeterministic checks that a seed gives the same question
// every time, from a Maker built afresh from the same article too (another
// replica, or the bot after a restart), and that seeds vary the question.
func TestQuestionIsDeterministic(t *testing.T) {
	for _, path := range articles {
		m1, m2 := New(openIndex(t, path)), New(openIndex(t, path))
		distinct := map[string]bool{}
		for _, seed := range seeds(200) {
			for _, takeaway := range []int{0, 1} {
				q1, err1 := m1.Question(seed, takeaway)
				q2, err2 := m2.Question(seed, takeaway)
				q3, _ := m1.Question(seed, takeaway)
				if err1 != nil || err2 != nil || !reflect.DeepEqual(q1, q2) || !reflect.DeepEqual(q1, q3) {
					t.Fatalf("%s: Question(%d, %d) = %+v, %v; then %+v, %v from another Maker", path, seed, takeaway, q1, err1, q2, err2)
				}
				if q1.Seed != seed || q1.Takeaway != takeaway {
					t.Errorf("Question(%d, %d) says it is for %d, %d", seed, takeaway, q1.Seed, q1.Takeaway)
				}
				distinct[q1.Prompt()+strings.Join(q1.Choices, "|")] = true
			}
		}
		if len(distinct) < 100 {
			t.Errorf("%s: 400 questions, only %d distinct", path, len(distinct))
		}
	}
}

// TestQuestionGolden pins a few questions of the bundled article, so that a
// change to how questions are made is seen: buttons already in channels
// would be judged against another question.
func TestQuestionGolden(t *testing.T) {
	m := New(openIndex(t, ""))
	tests := []struct {
		seed     uint32
		takeaway int
		prompt   string
		choices  []string
		answer   int
	}{
		{815511033, 0, "This revelation has not only boosted China's confidence in its technological self-reliance but also challenged the United States' strategy to contain China's rise as a _____.",
			[]string{"tech superpower", "meaningful conversations", "surveillance cameras", "solar panels"}, 0},
	}
	for _, tt := range tests {
		q, err := m.Question(tt.seed, tt.takeaway)
		if err != nil || q.Prompt() != tt.prompt || !slices.Equal(q.Choices, tt.choices) || q.Answer != tt.answer {
			t.Errorf("Question(%d, %d) = %q %q %d, %v;\nwant %q %q %d", tt.seed, tt.takeaway, q.Prompt(), q.Choices, q.Answer, err, tt.prompt, tt.choices, tt.answer)
		}
	}
}

func TestNoQuestion(t *testing.T) {
	ix := openIndex(t, "")
	m := New(ix)
	for _, takeaway := range []int{-1, 6, 1 << 20} {
		if _, err := m.Question(1, takeaway); !errors.Is(err, ErrNoQuestion) {
			t.Errorf("Question(1, %d) error = %v; want ErrNoQuestion", takeaway, err)
		}
	}
	a, err := corpus.Parse("tiny.txt", []byte("Bees make honey.\n\nWasps do not."))
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tiny.Close()
	if _, err := New(tiny).Question(1, 0); !errors.Is(err, ErrNoQuestion) {
		t.Errorf("a two-sentence article: error %v; want ErrNoQuestion", err)
	}
}

func TestFindNumbers(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"With 1.4 billion people and an estimated 700 million cameras.", []string{"1.4 billion", "700 million"}},
		{"It cost about $5.86 per ton, while boxes cost 16 cents.", []string{"$5.86", "16"}},
		{"On 26 April 1956 a tanker left with 58 boxes.", []string{"1956", "58"}},
		{"A 20-foot box, the 1960s, G7 and 3.5x are not numbers to blank.", nil},
		{"Shipping produces roughly 3 percent of emissions; 12% more by 2050.", []string{"3 percent", "12%", "2050"}},
		{"More than 24,000 TEU, nearly 1,350 volcanoes.", []string{"24,000", "1,350"}},
	}
	for _, tt := range tests {
		var got []string
		for _, o := range findNumbers(1, tt.sentence) {
			got = append(got, o.term.text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("findNumbers(%q) = %q; want %q", tt.sentence, got, tt.want)
		}
	}
}

func TestMadeUpNumbers(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string // some of what is made
	}{
		{"700 million", []string{"350 million", "70 million"}},
		{"$5.86", []string{"$11.70", "$2.93"}},
		{"24,000", []string{"48,000", "12,000"}},
		{"1956", []string{"1944", "1965"}},
		{"3 percent", []string{"6 percent"}},
	} {
		o := findNumbers(1, "about "+tt.text+" of them")
		if len(o) != 1 {
			t.Fatalf("findNumbers(%q) = %v", tt.text, o)
		}
		var got []string
		for _, d := range madeUpNumbers(o[0].term) {
			got = append(got, d.text)
			if d.value == o[0].term.value {
				t.Errorf("madeUpNumbers(%q) made the number itself: %q", tt.text, d.text)
			}
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("madeUpNumbers(%q) = %q; want %q among them", tt.text, got, w)
			}
		}
	}
}

func BenchmarkQuestion(b *testing.B) {
	m := New(openIndex(b, ""))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := m.Question(uint32(i)*2654435761, i%6); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	ix := openIndex(b, "")
	b.ReportAllocs()
	for b.Loop() {
		New(ix)
	}
}
