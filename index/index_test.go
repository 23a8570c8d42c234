package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/synonyms"
)

func TestAnswerFindsPassages(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	tests := []struct {
		question string
		passage  int
		takeaway int
	}{
		{"How many surveillance cameras does China have?", 6, 4},
		{"Sputnik", 2, 2},
		{"sanctons against china", 3, 3},
		{"Which chips did DeepSeek use?", 4, 0},
		{"rare earth minerals", 5, 4},
		{"What is the future of AI about?", 7, 0},
		{"What does DEEPSEEK claim about CHATGPT?!?", 1, 1},
		// A misspelled word the article lacks, reaching it through its
		// correction's synonyms ("restrictions" for sanctions).
		{"did the restricions on china work", 3, 0},
		// Two words, one the article lacks but a verb about a topic only
		// part of the article has.
		{"did the sanctions fail?", 3, 0},
	}
	for _, tt := range tests {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatalf("Answer(%q) error: %v", tt.question, err)
		}
		if !ans.Answered || len(ans.Excerpts) == 0 {
			t.Errorf("Answer(%q) not answered; want passage %d", tt.question, tt.passage)
			continue
		}
		if got := ans.Excerpts[0].Passage; got != tt.passage {
			t.Errorf("Answer(%q) top passage = %d; want %d", tt.question, got, tt.passage)
		}
		if tt.takeaway != 0 && (ans.Takeaway == nil || ans.Takeaway.Number != tt.takeaway) {
			t.Errorf("Answer(%q) takeaway = %+v; want number %d", tt.question, ans.Takeaway, tt.takeaway)
		}
	}
}

func TestAnswerDeclines(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	for _, q := range []string{
		"", "   ", "\x00\x01", "?", "the of and", "Who makes the best pizza in Naples?",
		"What time is it in Tokyo?", "qwertyuiop", "How do I change a car tyre?",
		strings.Repeat("a", 6000), "@everyone", "<@123456789>", "🙂🙂🙂",
		"what did the goverment say about pizza in napels", "whats the wether like tommorow",
		"how much does a new iphone cost", // "iphone" is one edit from "phone", which the article lacks
	} {
		ans, err := ix.Answer(context.Background(), q, 3)
		if err != nil {
			t.Fatalf("Answer(%.40q) error: %v", q, err)
		}
		if ans.Answered || ans.Takeaway != nil {
			t.Errorf("Answer(%.40q) = answered %v, takeaway %v; want declined", q, ans.Answered, ans.Takeaway)
		}
		if len(ans.Suggestions) == 0 {
			t.Errorf("Answer(%.40q) declined without suggestions", q)
		}
	}
}

// TestDeclinedNearest checks what a declined question shows: the passages
// that use one of its telling words as itself, as the nearest the article
// comes, and nothing when no word of it is the article's.
func TestDeclinedNearest(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	tests := []struct {
		question string
		nearest  bool
	}{
		{"how much does a new iphone cost", true}, // "cost" is the article's
		{"Who makes the best pizza in Naples?", false},
		{"How do I change a car tyre?", false},
		{"whats the wether like tommorow", false},
	}
	for _, tt := range tests {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("Answer(%q) answered; want declined", tt.question)
			continue
		}
		if got := len(ans.Excerpts) > 0; got != tt.nearest {
			t.Errorf("Answer(%q): %d nearest excerpts; want some: %v", tt.question, len(ans.Excerpts), tt.nearest)
		}
		checkAnswer(t, ix.Article(), tt.question, 3, ans)
	}
}

func TestAnswerShape(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	questions := append([]string{
		"china AND (nvidia OR chips) -sanctions +cost~2 ^3 \"quoted\" title:field /regex/ * ?",
		"**bold** _italic_ `code` [link](http://x) > quote || spoiler ||",
		"invalid \xff\xfe utf-8 about nvidia chips",
		strings.Repeat("surveillance cameras ", 400),
	}, benchQuestions...)
	for _, q := range questions {
		for _, top := range []int{0, 1, 3, 10} {
			ans, err := ix.Answer(context.Background(), q, top)
			if err != nil {
				t.Fatalf("Answer(%.40q, %d) error: %v", q, top, err)
			}
			checkAnswer(t, ix.Article(), q, top, ans)
		}
	}
}

// checkAnswer checks the invariants every Answer keeps.
func checkAnswer(t *testing.T, a *corpus.Article, q string, top int, ans Answer) {
	t.Helper()
	if top < 1 {
		top = 3
	}
	if !utf8.ValidString(ans.Question) {
		t.Errorf("Answer(%.40q).Question is not valid UTF-8", q)
	}
	if len(ans.Excerpts) > top {
		t.Errorf("Answer(%.40q, %d) has %d excerpts", q, top, len(ans.Excerpts))
	}
	if ans.Answered && len(ans.Excerpts) == 0 {
		t.Errorf("Answer(%.40q): answered without excerpts", q)
	}
	if !ans.Answered && (ans.Takeaway != nil || len(ans.Suggestions) == 0 && len(ans.Excerpts) > 0) {
		t.Errorf("Answer(%.40q): declined with takeaway %v, %d suggestions", q, ans.Takeaway, len(ans.Suggestions))
	}
	seen := map[int]bool{}
	for i, e := range ans.Excerpts {
		p, ok := a.Passage(e.Passage)
		if !ok {
			t.Fatalf("Answer(%.40q) cites passage %d, which does not exist", q, e.Passage)
		}
		if seen[e.Passage] {
			t.Errorf("Answer(%.40q) has two excerpts of passage %d", q, e.Passage)
		}
		seen[e.Passage] = true
		if !strings.Contains(p.Text, e.Text) || e.Text == "" {
			t.Errorf("Answer(%.40q) excerpt %q is not part of passage %d", q, e.Text, e.Passage)
		}
		if i > 0 && e.Score > ans.Excerpts[i-1].Score {
			t.Errorf("Answer(%.40q) excerpts not best first: %v > %v", q, e.Score, ans.Excerpts[i-1].Score)
		}
		if !ans.Answered && len(e.Highlights) == 0 {
			t.Errorf("Answer(%.40q) declined, quoting %q as nearest, which has none of its words", q, e.Text)
		}
		last := 0
		for _, h := range e.Highlights {
			if h.Start < last || h.End <= h.Start || h.End > len(e.Text) {
				t.Errorf("Answer(%.40q) bad highlight %v in %q", q, h, e.Text)
				break
			}
			if !utf8.RuneStart(e.Text[h.Start]) || (h.End < len(e.Text) && !utf8.RuneStart(e.Text[h.End])) {
				t.Errorf("Answer(%.40q) highlight %v splits a rune", q, h)
			}
			last = h.End
		}
	}
	if ans.Takeaway != nil {
		k, ok := a.Takeaway(ans.Takeaway.Number)
		if !ok || k.Text != ans.Takeaway.Text {
			t.Errorf("Answer(%.40q) takeaway %+v is not the article's", q, ans.Takeaway)
		}
	}
}

func TestAnswerHighlightsMatchedWords(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	ans, err := ix.Answer(context.Background(), "surveillance cameras", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Excerpts) != 1 {
		t.Fatalf("got %d excerpts; want 1", len(ans.Excerpts))
	}
	// Every highlight is one of the question's words, and each of them is
	// highlighted.
	e := ans.Excerpts[0]
	seen := map[string]bool{}
	for _, h := range e.Highlights {
		w := strings.ToLower(e.Text[h.Start:h.End])
		if w != "surveillance" && w != "cameras" {
			t.Errorf("highlighted %q in %q; want only the question's words", w, e.Text)
		}
		seen[w] = true
	}
	if !seen["surveillance"] || !seen["cameras"] {
		t.Errorf("highlighted %v in %q; want both of the question's words", e.Highlights, e.Text)
	}
}

func TestAnswerIsDeterministic(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	for _, q := range benchQuestions {
		first, _ := ix.Answer(context.Background(), q, 5)
		for range 5 {
			again, _ := ix.Answer(context.Background(), q, 5)
			if len(again.Excerpts) != len(first.Excerpts) {
				t.Fatalf("Answer(%q) changed between calls", q)
			}
			for i := range again.Excerpts {
				if again.Excerpts[i].Passage != first.Excerpts[i].Passage {
					t.Fatalf("Answer(%q) changed between calls", q)
				}
			}
		}
	}
}

func TestAnswerCancelled(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Answer(ctx, "nvidia chips", 3); !errors.Is(err, context.Canceled) {
		t.Errorf("Answer with a cancelled context: error %v; want context.Canceled", err)
	}
}

func TestSynonymsFile(t *testing.T) {
	t.Parallel()
	a, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	const question = "Are the embargoes working?"
	plain, err := New(context.Background(), a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if ans, _ := plain.Answer(context.Background(), question, 3); ans.Answered && ans.Excerpts[0].Passage == 3 {
		t.Skipf("%q already finds passage 3 without synonyms; the test proves nothing", question)
	}
	syn, err := synonyms.Parse("test.txt", strings.NewReader("# operator list\nembargo, embargoes => sanctions\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := New(context.Background(), a, Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	wantFirstPassage(t, ix, question, 3)
}

func TestTakeawayPassages(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	for n := 1; n <= len(ix.Article().Takeaways); n++ {
		ps := ix.TakeawayPassages(n)
		if len(ps) == 0 {
			t.Errorf("TakeawayPassages(%d) is empty", n)
		}
		for _, p := range ps {
			if _, ok := ix.Article().Passage(p); !ok {
				t.Errorf("TakeawayPassages(%d) names passage %d", n, p)
			}
		}
	}
	if got := ix.TakeawayPassages(2); len(got) == 0 || got[0] != 2 {
		t.Errorf("TakeawayPassages(2) = %v; want passage 2 first (the Sputnik analogy)", got)
	}
	if ix.TakeawayPassages(0) != nil || ix.TakeawayPassages(99) != nil {
		t.Error("TakeawayPassages out of range is not nil")
	}
}

func TestNewRejectsEmptyArticle(t *testing.T) {
	t.Parallel()
	if _, err := New(context.Background(), nil, Options{}); !errors.Is(err, ErrNoArticle) {
		t.Errorf("New(nil) error = %v; want ErrNoArticle", err)
	}
	if _, err := New(context.Background(), &corpus.Article{}, Options{}); !errors.Is(err, ErrNoArticle) {
		t.Errorf("New(empty) error = %v; want ErrNoArticle", err)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"sanctions", "sanctions", 0},
		{"sancions", "sanctions", 1},
		{"sanctoins", "sanctions", 1},
		{"survellance", "surveillance", 1},
		{"abc", "xyz", 3},
		{"", "ab", 2},
		{"naïve", "naive", 1},
	}
	for _, tt := range tests {
		if got := english.EditDistance(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("english.EditDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := english.EditDistance("abcdef", "uvwxyz", 2); got != 3 {
		t.Errorf("editDistance beyond the limit = %d; want limit+1 = 3", got)
	}
}

func TestEnglishTables(t *testing.T) {
	t.Parallel()
	if z, ok := english.Zipf("time"); !ok || z < 5.5 {
		t.Errorf("english.Zipf(time) = %v, %v; want a very common word", z, ok)
	}
	if _, ok := english.Zipf("qwertyuiop"); ok {
		t.Error("english.Zipf(qwertyuiop) is known; want unknown")
	}
	if english.Informativeness("time") >= english.Informativeness("surveillance") {
		t.Error("time is as informative as surveillance")
	}
	found := false
	for _, s := range english.Synonyms("quick") {
		found = found || s == "rapid"
	}
	if !found {
		t.Errorf("english.Synonyms(quick) = %v; want rapid among them", english.Synonyms("quick"))
	}
}

func FuzzAnswer(f *testing.F) {
	for _, q := range benchQuestions {
		f.Add(q, 3)
	}
	f.Add("\xff\xfe\x00", 0)
	f.Add("title:foo AND bar~2", 25)
	f.Add("whats the U.S. dont ppl rn 4u don't idk'", 3) // chat spellings, and words they must not touch
	a, err := corpus.Default()
	if err != nil {
		f.Fatal(err)
	}
	ix, err := New(context.Background(), a, Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	f.Fuzz(func(t *testing.T, q string, top int) {
		top = top % 30
		ans, err := ix.Answer(context.Background(), q, top)
		if err != nil {
			t.Fatalf("Answer(%q) error: %v", q, err)
		}
		checkAnswer(t, a, q, top, ans)
	})
}

func TestAnswerIgnoresChatNoise(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	for _, q := range []string{
		"@everyone **how many** <@123> surveillance `cameras` does [China](https://x.test) have?",
		"<@!42> <#99> <:pepe:123456> how many surveillance cameras does China have @here",
		"how many surveillance cameras does china have https://example.com/a?b=c www.example.org",
		"**x** how many surveillance cameras does china have",
		"b) how many surveillance cameras does china have?",
	} {
		wantFirstPassage(t, ix, q, 6)
	}
}

// TestTakeawaysListedFirst answers on an article whose Key Takeaways list
// comes before every passage: the list sums up all the passages, in order,
// as it does when it closes the article.
func TestTakeawaysListedFirst(t *testing.T) {
	t.Parallel()
	const text = `# The return of the night train

Key takeaways:
1. Night trains are returning to European rail networks after decades of decline.
2. Travellers choose them to avoid short-haul flights and save a hotel night.
3. Old rolling stock and track access fees keep ticket prices high.

Across Europe, sleeper services that were cut in the 2000s are coming back. Austria's state railway kept its Nightjet brand alive when others gave up, and it now runs routes from Vienna to Paris, Brussels and Amsterdam.

For many passengers the appeal is simple: board in the evening, sleep, and arrive in a city centre the next morning. Compared with a short-haul flight plus a hotel, a couchette can be cheaper and produces far less carbon dioxide.

The business is hard, though. New sleeper carriages cost millions of euros each and take years to build, so operators rely on refurbished coaches from the 1980s. Track access charges, which every train pays to use the rails of each country it crosses, add up on long international routes and push fares up.
`
	ix := articleIndex(t, "night-trains.txt", text)
	if ix.article.PassagesBeforeTakeaways != 0 || len(ix.article.Takeaways) != 3 {
		t.Fatalf("parsed %d passages before %d takeaways; want 0 before 3", ix.article.PassagesBeforeTakeaways, len(ix.article.Takeaways))
	}
	for _, tt := range []struct {
		question          string
		passage, takeaway int
	}{
		{"how old are the carriages", 3, 3},
		{"what appeals to passengers", 2, 2},
		{"Which company runs the Nightjet?", 1, 1},
	} {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Excerpts[0].Passage != tt.passage || ans.Takeaway == nil || ans.Takeaway.Number != tt.takeaway {
			t.Errorf("Answer(%q) = passage %v, takeaway %+v; want passage %d, takeaway %d", tt.question, ans.Excerpts, ans.Takeaway, tt.passage, tt.takeaway)
		}
	}
}

// TestAnswerQuotingTheArticle answers a question that quotes the article:
// three of its words in a row, though the question's other words reach
// nothing in it, or two everyday words the article has side by side.
func TestAnswerQuotingTheArticle(t *testing.T) {
	t.Parallel()
	const text = `Most of the world's lithium comes from two sources. Australia digs it out of spodumene ore, while Chile pumps salty brine from beneath desert salt flats.

Both methods carry costs. Evaporation ponds raise water use in dry places. Hard-rock mining produces more carbon dioxide, since the ore must be roasted at high temperatures.
`
	ix := articleIndex(t, "lithium.txt", text)
	for _, tt := range []struct {
		question string
		passage  int // 0: declined
	}{
		{"does hard rock mining emit more co2", 2}, // quotes "hard-rock mining"
		{"how much co2 does a car emit", 0},
		{"water use", 2},             // two everyday words the article has side by side
		{"what about water use?", 2}, // the same, with words of asking
	} {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.passage == 0 && ans.Answered:
			t.Errorf("Answer(%q) answered with passage %d; want declined", tt.question, ans.Excerpts[0].Passage)
		case tt.passage != 0 && (!ans.Answered || ans.Excerpts[0].Passage != tt.passage):
			t.Errorf("Answer(%q) = answered %v %v; want passage %d", tt.question, ans.Answered, ans.Excerpts, tt.passage)
		}
	}
}

// TestAnswerIrregularVerbs answers a question that uses another form of an
// irregular verb than the article ("fall" for "fell", "paid" for "pay"),
// which the stemmer cannot join.
func TestAnswerIrregularVerbs(t *testing.T) {
	t.Parallel()
	const text = `Sick days fell by about two thirds during the trial, while revenue stayed broadly the same.

Staff kept their full pay while working four days a week instead of five.
`
	ix := articleIndex(t, "trial.txt", text)
	for _, tt := range []struct {
		question string
		passage  int
	}{
		{"did sick days fall", 1},
		{"Did revenue fall?", 1},
		{"were staff paid in full", 2},
	} {
		wantFirstPassage(t, ix, tt.question, tt.passage)
	}
}

// TestAnswerTopicAndVerb answers a two-word question whose verb the article
// lacks about the topic the whole article is about, and still declines one
// that names something the article lacks.
func TestAnswerTopicAndVerb(t *testing.T) {
	t.Parallel()
	const text = `Honeybee colonies have suffered heavy losses: beekeepers lost about 48 percent of their managed colonies in one winter.

The varroa mite, a parasite that feeds on bees and spreads viruses, is considered the most damaging cause. Pesticides impair bees' navigation.
`
	ix := articleIndex(t, "bees.txt", text)
	for _, tt := range []struct {
		question string
		answered bool
	}{
		{"Why are bees dying?", true},
		{"bees in Canada", false},
	} {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered != tt.answered {
			t.Errorf("Answer(%q) answered %v; want %v", tt.question, ans.Answered, tt.answered)
		}
	}
}

// wantFirstPassage checks that the index answers question with passage
// first.
func wantFirstPassage(t *testing.T, ix *Index, question string, passage int) {
	t.Helper()
	ans, err := ix.Answer(context.Background(), question, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Excerpts[0].Passage != passage {
		t.Errorf("Answer(%q) = answered %v %+v; want passage %d first", question, ans.Answered, ans.Excerpts, passage)
	}
}

// articleIndex parses an article's text and indexes it, closed at the end
// of the test.
func articleIndex(t *testing.T, name, text string) *Index {
	t.Helper()
	a, err := corpus.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := New(context.Background(), a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestAnswerAcronym answers an acronym the article writes the same way
// ("US"), which is also an everyday word ("us") that alone says nothing.
func TestAnswerAcronym(t *testing.T) {
	t.Parallel()
	ix := newTestIndex(t)
	for _, tt := range []struct {
		question string
		answered bool
	}{
		{"US", true},
		{"what does the US think", true},
		{"tell us more", false},
	} {
		ans, err := ix.Answer(context.Background(), tt.question, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered != tt.answered {
			t.Errorf("Answer(%q) answered %v; want %v", tt.question, ans.Answered, tt.answered)
		}
	}
}

// TestTitleWordsLeftOut answers questions that name the article's subject by
// a word of its title that the text never uses ("Frédéric" where the text
// says "Chopin"), and leaves such words out of the query; a question of
// title words alone keeps them.
func TestTitleWordsLeftOut(t *testing.T) {
	t.Parallel()
	const text = `# Frédéric Chopin
Chopin was born in Żelazowa Wola in 1810 and grew up in Warsaw.
Chopin's first piano teacher was Wojciech Żywny, from 1816 to 1821.
In 1831 Chopin settled in Paris, where he taught and composed.
`
	ix := articleIndex(t, "chopin.txt", text)
	for _, tt := range []struct {
		question string
		passage  int
	}{
		{"Who was Frédéric's first piano teacher?", 2},
		{"In what year did Frédéric settle in Paris?", 3},
	} {
		wantFirstPassage(t, ix, tt.question, tt.passage)
	}
	q := ix.expand(ix.analyse("Who was Frédéric's teacher?"))
	for _, term := range q.terms {
		if term.stem == "frederic" {
			t.Errorf("the query keeps the title-only word %q", term.surface)
		}
	}
	if q := ix.expand(ix.analyse("Frédéric?")); len(q.terms) != 1 {
		t.Errorf("a question of a title word alone has %d words, want it kept", len(q.terms))
	}
}
