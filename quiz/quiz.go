// Package quiz makes multiple-choice questions from an article's text: a
// sentence of a passage with a salient term blanked out, the term and three
// distractors of the same kind (numbers with numbers, names with names,
// terms of as many words with each other), in a shuffled order.
//
// A question is a pure function of its seed, the takeaway it is limited to
// and the article: Maker.Question(seed, takeaway) returns the same question,
// choices in the same order, every time, in every process built from the
// same article. That is what lets a Discord button carry only the seed and
// the chosen position and still be judged after a restart or on another
// replica, while the right position is nowhere in the message.
//
// Questions are sound: the blanked term occurs in the sentence and nowhere
// else in it (every occurrence, and every form of it, is blanked or the
// sentence is not used), no two choices are the same word or a form of one,
// and no distractor or any word of it occurs in the sentence.
//
// This package imports corpus and index, never bleve or discordgo. A Maker
// is immutable once built and safe for concurrent use.
package quiz

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
)

// NumChoices is the number of choices of every question.
const NumChoices = 4

// Blank is what stands for the blanked term in Question.Prompt.
const Blank = "_____"

// Kind is the kind of term a question blanks.
type Kind int

// The kinds of blanked terms.
const (
	// KindNumber is a quantity: "700 million", "$5.86", "24,000".
	KindNumber Kind = iota + 1
	// KindYear is a year: "1956".
	KindYear
	// KindName is a name: "Malcom McLean", "Nvidia", "Soviet Union".
	KindName
	// KindTerm is a term of the article in lower case: "sanctions",
	// "surveillance cameras".
	KindTerm
)

// String names the kind: "number", "year", "name" or "term".
func (k Kind) String() string {
	switch k {
	case KindNumber:
		return "number"
	case KindYear:
		return "year"
	case KindName:
		return "name"
	case KindTerm:
		return "term"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Question is one multiple-choice question. It is plain data.
type Question struct {
	// Seed and Takeaway are what the question was made from.
	Seed     uint32
	Takeaway int
	// Kind is the kind of the blanked term.
	Kind Kind
	// Passage is the number of the passage the sentence is from.
	Passage int
	// Sentence is the sentence, verbatim.
	Sentence string
	// Parts are the sentence split at the blanks: Parts[0], a blank,
	// Parts[1], and so on. The term occurs once or more, so there are
	// len(Parts)-1 ≥ 1 blanks.
	Parts []string
	// Fills are the sentence's own text at each blank (the term as it is
	// spelled there), len(Parts)-1 of them.
	Fills []string
	// Choices are the NumChoices choices, in the order they are offered.
	Choices []string
	// Answer is the index in Choices of the right choice.
	Answer int
}

// Prompt returns the sentence with every occurrence of the term replaced by
// Blank.
func (q Question) Prompt() string { return strings.Join(q.Parts, Blank) }

// Correct reports whether choice (an index in Choices) is the right one.
func (q Question) Correct(choice int) bool { return choice == q.Answer }

// ErrNoQuestion is returned (wrapped) when the article, or the passages
// behind the takeaway asked for, have no sentence to make a question from.
var ErrNoQuestion = errors.New("no question can be made")

// Maker makes questions about one article. Build it with New; it is
// immutable and safe for concurrent use.
type Maker struct {
	blanks  []blank       // in article order
	support map[int][]int // takeaway number → its supporting passages
	// c finds a blank's distractors when a question is asked: keeping them
	// all for every blank would take memory and time that grow with the
	// square of the article's length.
	c *collector
}

// term is a blankable term of the article.
type term struct {
	text  string
	kind  Kind
	words []string // lower case, for names and terms; the digits for numbers
	stems []string // terms only
	value float64  // numbers and years
	// currency, scale and percent are how a number is written: "$",
	// "million", "%" or " per cent". Choices share currency and percent.
	currency, scale, percent string
	// decimals and commas say how a number is written, for distractors
	// made from it.
	decimals int
	commas   bool
}

// blank is a sentence with one term that a question can blank, which has
// enough distractors to stand beside it (collector.distractors finds
// them).
type blank struct {
	passage  int
	sentence string
	answer   term
	spans    [][2]int // byte ranges of the term's occurrences in sentence
}

// Limits on the sentences and terms questions are made from.
const (
	minSentence = 40  // shorter sentences give too little context
	maxSentence = 400 // longer ones are hard to read as a question
	maxChoice   = 60  // longest choice, in runes (a button label is at most 80)
	// minTermWeight is the least salience (phrases.Phrase.Weight) of a
	// term that is blanked or offered as a distractor.
	minTermWeight = 0.3
)

// New builds a Maker for the article of ix, finding every sentence and term
// a question can be made from.
func New(ix *index.Index) *Maker {
	a := ix.Article()
	m := &Maker{support: map[int][]int{}}
	for _, t := range a.Takeaways {
		m.support[t.Number] = ix.TakeawayPassages(t.Number)
	}
	c := newCollector(a, ix)
	m.blanks = c.blanks()
	m.c = c
	return m
}

// Len returns the number of blanks questions limited to takeaway (0 for the
// whole article) are drawn from.
func (m *Maker) Len(takeaway int) int { return len(m.candidates(takeaway)) }

// candidates returns the blanks of the passages behind takeaway (all of
// them for takeaway 0), as indices into m.blanks.
func (m *Maker) candidates(takeaway int) []int {
	var out []int
	passages, limited := m.support[takeaway]
	if takeaway != 0 && !limited {
		return nil
	}
	for k, b := range m.blanks {
		if takeaway == 0 || slices.Contains(passages, b.passage) {
			out = append(out, k)
		}
	}
	return out
}

// Question returns the question for seed, limited to the passages behind
// takeaway (1 to the number of takeaways; 0 for the whole article). The same
// arguments give the same question. The error wraps ErrNoQuestion when there
// is nothing to ask about there.
func (m *Maker) Question(seed uint32, takeaway int) (Question, error) {
	cands := m.candidates(takeaway)
	if len(cands) == 0 {
		if takeaway != 0 {
			return Question{}, fmt.Errorf("takeaway %d: %w", takeaway, ErrNoQuestion)
		}
		return Question{}, ErrNoQuestion
	}
	r := newRNG(seed, takeaway)
	// Each kind of term (numbers and years together) is as likely as any
	// other, however many terms of it the article has.
	var groups [][]int
	group := map[Kind]int{}
	for _, k := range cands {
		kind := m.blanks[k].answer.kind
		if kind == KindYear {
			kind = KindNumber
		}
		g, ok := group[kind]
		if !ok {
			g = len(groups)
			group[kind] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], k)
	}
	g := groups[r.intn(len(groups))]
	b := &m.blanks[g[r.intn(len(g))]]

	tiers := m.c.distractors(occurrence{term: b.answer, passage: b.passage, sentence: b.sentence, spans: b.spans})
	var order []term
	for _, tier := range tiers {
		t := slices.Clone(tier)
		r.shuffle(len(t), func(i, j int) { t[i], t[j] = t[j], t[i] })
		order = append(order, t...)
	}
	picked := pickDistinct(b.answer, order)
	if len(picked) < NumChoices-1 {
		picked = pickDistinct(b.answer, slices.Concat(tiers...)) // New checked that this works
	}
	choices := append([]term{b.answer}, picked[:NumChoices-1]...)
	r.shuffle(len(choices), func(i, j int) { choices[i], choices[j] = choices[j], choices[i] })

	q := Question{Seed: seed, Takeaway: takeaway, Kind: b.answer.kind, Passage: b.passage, Sentence: b.sentence}
	last := 0
	for _, sp := range b.spans {
		q.Parts = append(q.Parts, b.sentence[last:sp[0]])
		q.Fills = append(q.Fills, b.sentence[sp[0]:sp[1]])
		last = sp[1]
	}
	q.Parts = append(q.Parts, b.sentence[last:])
	for k, c := range choices {
		q.Choices = append(q.Choices, c.text)
		if c.text == b.answer.text {
			q.Answer = k
		}
	}
	return q, nil
}

// pickDistinct takes, in order, the distractors distinct from the answer
// and from each other, up to NumChoices-1.
func pickDistinct(answer term, order []term) []term {
	picked := make([]term, 0, NumChoices-1)
	for _, d := range order {
		if len(picked) == NumChoices-1 {
			break
		}
		if same(answer, d) || slices.ContainsFunc(picked, func(p term) bool { return same(p, d) }) {
			continue
		}
		picked = append(picked, d)
	}
	return picked
}

// same reports whether two terms are the same word or a form of one, or
// could stand for each other: numbers of equal value, names or terms that
// share a word or stem, a name and its initials.
func same(a, b term) bool {
	if strings.EqualFold(a.text, b.text) {
		return true
	}
	switch a.kind {
	case KindNumber, KindYear:
		return a.value == b.value
	}
	for _, w := range a.words {
		if slices.Contains(b.words, w) {
			return true
		}
	}
	for _, s := range a.stems {
		if slices.Contains(b.stems, s) {
			return true
		}
	}
	if a.kind == KindName {
		return initialsOf(a) == strings.ToLower(b.text) || initialsOf(b) == strings.ToLower(a.text)
	}
	return false
}

// initialsOf returns a name's lower-case initials ("us" for "United
// States"), or "" for a name of one word.
func initialsOf(t term) string {
	if len(t.words) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range t.words {
		if connectors[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// rng is splitmix64: a small, fixed generator, so that a seed gives the
// same question in every build (math/rand's algorithms may change).
type rng struct{ s uint64 }

func newRNG(seed uint32, takeaway int) *rng {
	r := &rng{s: uint64(seed)<<20 ^ uint64(takeaway)*0x9e3779b97f4a7c15 ^ 0x5851f42d4c957f2d}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n) for n > 0.
func (r *rng) intn(n int) int {
	// The modulo bias over 2^64 is negligible for the small n used here.
	return int(r.next() % uint64(n))
}

// shuffle is the Fisher–Yates shuffle.
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

// collector finds the blanks of an article.
type collector struct {
	a         *corpus.Article
	ix        *index.Index
	capsMid   map[string]bool // words capitalised in the middle of a sentence
	lowerSeen map[string]bool // words written in lower case
	numbers   []occurrence
	names     []occurrence
	terms     []occurrence
}

// occurrence is a term found in a sentence.
type occurrence struct {
	term     term
	passage  int
	sentence string
	spans    [][2]int
}

func newCollector(a *corpus.Article, ix *index.Index) *collector {
	c := &collector{a: a, ix: ix, capsMid: map[string]bool{}, lowerSeen: map[string]bool{}}
	for _, p := range a.Passages {
		for _, s := range p.Sentences {
			for k, w := range words(s) {
				r, _ := utf8.DecodeRuneInString(w.text)
				lower := strings.ToLower(w.text)
				switch {
				case !unicode.IsUpper(r):
					c.lowerSeen[lower] = true
				case k > 0:
					c.capsMid[lower] = true
					c.capsMid[trimPossessive(lower)] = true
				}
			}
		}
	}
	for _, p := range a.Passages {
		for _, s := range p.Sentences {
			c.numbers = append(c.numbers, findNumbers(p.Number, s)...)
			c.names = append(c.names, c.findNames(p.Number, s)...)
		}
	}
	c.terms = c.findTerms()
	return c
}

// blanks returns every blank that has enough distinct distractors, in
// article order: numbers, names and terms of each sentence.
func (c *collector) blanks() []blank {
	var out []blank
	all := append(append(append([]occurrence{}, c.numbers...), c.names...), c.terms...)
	// Article order: by passage, then sentence position, then position of
	// the term in it.
	order := make(map[string]int)
	for _, p := range c.a.Passages {
		for _, s := range p.Sentences {
			if _, ok := order[s]; !ok {
				order[s] = len(order)
			}
		}
	}
	slices.SortStableFunc(all, func(x, y occurrence) int {
		if x.passage != y.passage {
			return x.passage - y.passage
		}
		if d := order[x.sentence] - order[y.sentence]; d != 0 {
			return d
		}
		return x.spans[0][0] - y.spans[0][0]
	})
	seen := map[string]bool{}
	for _, o := range all {
		key := strconv.Itoa(o.passage) + "\x00" + o.sentence + "\x00" + strings.ToLower(o.term.text)
		if seen[key] {
			continue
		}
		seen[key] = true
		if b, ok := c.blank(o); ok {
			out = append(out, b)
		}
	}
	return out
}

// blank builds the blank for an occurrence, if the sentence suits and
// there are enough distractors.
func (c *collector) blank(o occurrence) (blank, bool) {
	n := utf8.RuneCountInString(o.sentence)
	if n < minSentence || n > maxSentence || utf8.RuneCountInString(o.term.text) > maxChoice {
		return blank{}, false
	}
	if c.revealed(o) {
		return blank{}, false
	}
	if !c.enoughDistractors(o) {
		return blank{}, false
	}
	return blank{passage: o.passage, sentence: o.sentence, answer: o.term, spans: o.spans}, true
}

// distractorFinder looks through the article for the distractors of one
// occurrence.
type distractorFinder struct {
	o           occurrence
	pool        []occurrence
	sentWords   map[string]bool
	sentStems   map[string]bool
	sentNumbers map[float64]bool
}

func (c *collector) finder(o occurrence) *distractorFinder {
	f := &distractorFinder{o: o, sentWords: wordSet(o.sentence), sentStems: map[string]bool{}, sentNumbers: map[float64]bool{}}
	switch o.term.kind {
	case KindNumber, KindYear:
		f.pool = c.numbers
	case KindName:
		f.pool = c.names
	case KindTerm:
		f.pool = c.terms
	}
	for _, s := range c.ix.Stems(o.sentence) {
		f.sentStems[s] = true
	}
	for _, x := range findNumbers(0, o.sentence) {
		f.sentNumbers[x.term.value] = true
	}
	return f
}

// fits reports whether d may stand beside the occurrence's term.
func (f *distractorFinder) fits(d term) bool {
	o := f.o
	if d.kind != o.term.kind || same(o.term, d) || utf8.RuneCountInString(d.text) > maxChoice {
		return false
	}
	switch d.kind {
	case KindNumber, KindYear:
		return d.currency == o.term.currency && d.percent == o.term.percent &&
			!f.sentNumbers[d.value] && !strings.Contains(o.sentence, d.text)
	case KindTerm:
		if len(strings.Fields(d.text)) != len(strings.Fields(o.term.text)) {
			return false // as many words, as the reader sees them
		}
		for _, s := range d.stems {
			if f.sentStems[s] {
				return false
			}
		}
	}
	for _, w := range d.words {
		if f.sentWords[w] {
			return false
		}
	}
	return !strings.Contains(strings.ToLower(o.sentence), strings.ToLower(d.text))
}

// scan goes through the pool in order, calling yield with each distinct
// term that fits and whether it is from another passage, until yield
// returns false; it returns the lower-case texts it saw.
func (f *distractorFinder) scan(yield func(d term, other bool) bool) map[string]bool {
	seen := map[string]bool{}
	for _, d := range f.pool {
		key := strings.ToLower(d.term.text)
		if seen[key] || !f.fits(d.term) {
			continue
		}
		seen[key] = true
		if !yield(d.term, d.passage != f.o.passage) {
			break
		}
	}
	return seen
}

// madeUp returns the made-up numbers that may stand beside a number, in
// order, leaving out the texts seen.
func (f *distractorFinder) madeUp(seen map[string]bool) []term {
	var made []term
	for _, d := range madeUpNumbers(f.o.term) {
		if !seen[d.text] && f.fits(d) {
			seen[d.text] = true
			made = append(made, d)
		}
	}
	return made
}

// distractors returns the tiers of distractors of an occurrence, in the
// order they are preferred: terms from other passages, then from the same
// passage, then, for numbers, made up ones.
func (c *collector) distractors(o occurrence) [][]term {
	f := c.finder(o)
	var other, samePassage []term
	seen := f.scan(func(d term, fromOther bool) bool {
		if fromOther {
			other = append(other, d)
		} else {
			samePassage = append(samePassage, d)
		}
		return true
	})
	tiers := [][]term{other, samePassage}
	if o.term.kind == KindNumber || o.term.kind == KindYear {
		tiers = append(tiers, f.madeUp(seen))
	}
	return tiers
}

// enoughDistractors reports whether the greedy choice over the tiers of
// distractors, in order, finds NumChoices-1 distinct ones, as Question
// needs; it stops looking as soon as it has them.
func (c *collector) enoughDistractors(o occurrence) bool {
	f := c.finder(o)
	picked := make([]term, 0, NumChoices-1)
	pick := func(d term) bool {
		if !same(o.term, d) && !slices.ContainsFunc(picked, func(p term) bool { return same(p, d) }) {
			picked = append(picked, d)
		}
		return len(picked) < NumChoices-1
	}
	var samePassage []term
	seen := f.scan(func(d term, fromOther bool) bool {
		if !fromOther {
			samePassage = append(samePassage, d)
			return true
		}
		return pick(d)
	})
	if len(picked) == NumChoices-1 {
		return true
	}
	rest := samePassage
	if o.term.kind == KindNumber || o.term.kind == KindYear {
		rest = append(rest, f.madeUp(seen)...)
	}
	for _, d := range rest {
		if !pick(d) {
			return true
		}
	}
	return false
}

// revealed reports whether the sentence gives the term away outside the
// blanks: another form of it, or one of its words, left in the text.
func (c *collector) revealed(o occurrence) bool {
	var rest strings.Builder
	last := 0
	for _, sp := range o.spans {
		rest.WriteString(o.sentence[last:sp[0]])
		rest.WriteString(" ")
		last = sp[1]
	}
	rest.WriteString(o.sentence[last:])
	text := rest.String()
	switch o.term.kind {
	case KindNumber, KindYear:
		for _, x := range findNumbers(0, text) {
			if x.term.value == o.term.value {
				return true
			}
		}
		return false
	case KindTerm:
		stems := c.ix.Stems(text)
		for _, s := range o.term.stems {
			if slices.Contains(stems, s) {
				return true
			}
		}
	}
	ws := wordSet(text)
	for _, w := range o.term.words {
		if ws[w] {
			return true
		}
	}
	return false
}

// word is a word of a sentence and where it is.
type word struct {
	text       string
	start, end int
}

// words splits a sentence into words: letters, digits, apostrophes and
// hyphens inside a word.
func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !inWord && start >= 0 && (r == '\'' || r == '’' || r == '-') {
			// Inside a word when a letter or digit follows.
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			inWord = unicode.IsLetter(next) || unicode.IsDigit(next)
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, word{s[start:i], start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{s[start:], start, len(s)})
	}
	return out
}

// wordSet returns the lower-case words of text, with and without a
// possessive ending, split at hyphens too.
func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range words(text) {
		lower := strings.ToLower(w.text)
		set[lower] = true
		bare := trimPossessive(lower)
		set[bare] = true
		for _, part := range strings.Split(bare, "-") {
			set[part] = true
		}
	}
	return set
}

// trimPossessive removes a possessive ending: "China's" → "China".
func trimPossessive(w string) string {
	for _, suffix := range []string{"'s", "’s", "'", "’"} {
		if s, ok := strings.CutSuffix(w, suffix); ok {
			return s
		}
	}
	return w
}

// Numbers.

// numberRE matches a quantity: an optional currency sign, digits with
// thousands separators and decimals, an optional scale word and an optional
// percent sign.
var numberRE = regexp.MustCompile(`([$€£¥])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?: (hundred|thousand|million|billion|trillion)\b)?(%| per ?cent\b| percent\b)?`)

// weekdays are capitalised but no names worth asking about.
var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// months name a date's month: a number up to 31 beside one is a day.
var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// findNumbers finds the quantities and years of a sentence. Numbers joined
// to letters ("20-foot", "1960s", "G7") and days of a date are left out.
func findNumbers(passage int, s string) []occurrence {
	var out []occurrence
	for _, loc := range numberRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := loc[0], loc[1]
		if start > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:start])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' || prev == '-' || prev == ',' {
				continue
			}
		}
		if end < len(s) {
			next, size := utf8.DecodeRuneInString(s[end:])
			if unicode.IsLetter(next) || unicode.IsDigit(next) || next == '-' || next == '/' {
				continue
			}
			if next == '.' || next == ',' {
				if after, _ := utf8.DecodeRuneInString(s[end+size:]); unicode.IsDigit(after) {
					continue
				}
			}
		}
		text := s[start:end]
		if day, err := strconv.Atoi(text); err == nil && day >= 1 && day <= 31 &&
			(months[strings.ToLower(lastWordOf(s[:start]))] || months[strings.ToLower(firstWordOf(s[end:]))]) {
			continue // the day of a date
		}
		sub := func(k int) string {
			if loc[2*k] < 0 {
				return ""
			}
			return s[loc[2*k]:loc[2*k+1]]
		}
		digits := strings.ReplaceAll(sub(2), ",", "") + sub(3)
		v, err := strconv.ParseFloat(digits, 64)
		if err != nil {
			continue
		}
		t := term{
			text: text, kind: KindNumber, value: v, words: []string{digits},
			currency: sub(1), scale: sub(4), percent: sub(5),
			commas: strings.Contains(sub(2), ","),
		}
		if d := sub(3); d != "" {
			t.decimals = len(d) - 1
		}
		if sub(1) == "" && sub(4) == "" && sub(5) == "" && !t.commas && t.decimals == 0 && len(sub(2)) == 4 && v >= 1000 && v < 2100 {
			t.kind = KindYear
		}
		out = append(out, occurrence{term: t, passage: passage, sentence: s, spans: [][2]int{{start, end}}})
	}
	return out
}

// lastWordOf and firstWordOf return the word (letters or digits) just
// before or after a position, skipping one space.
func lastWordOf(s string) string {
	s = strings.TrimSuffix(s, " ")
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return s[i+1:]
}

func firstWordOf(s string) string {
	s = strings.TrimPrefix(s, " ")
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// madeUpNumbers returns numbers near a quantity or year, written the same
// way, for when the article has too few numbers of its kind.
func madeUpNumbers(t term) []term {
	var out []term
	add := func(v float64) {
		if v <= 0 || v == t.value {
			return
		}
		d := t
		d.value = v
		digits := strconv.FormatFloat(v, 'f', t.decimals, 64)
		d.words = []string{digits}
		if t.commas || (v >= 10000 && t.kind == KindNumber) {
			digits = withCommas(digits)
		}
		d.text = t.currency + digits
		if t.scale != "" {
			d.text += " " + t.scale
		}
		d.text += t.percent
		out = append(out, d)
	}
	if t.kind == KindYear {
		for _, off := range []float64{-12, 9, -25, 17, -6, 31, 4, -40} {
			if y := t.value + off; y >= 1000 && y < 2100 {
				add(y)
			}
		}
		return out
	}
	unit := math.Pow(10, -float64(t.decimals))
	for _, f := range []float64{2, 0.5, 3, 1.5, 4, 0.25, 5, 10, 0.1} {
		v := t.value * f
		// Keep the number of significant digits (two at least), and its
		// decimals.
		mag := math.Pow(10, math.Floor(math.Log10(v))-float64(max(2, significant(t.value))-1))
		v = math.Round(v/mag) * mag
		v = math.Round(v/unit) * unit
		if t.scale != "" && v >= 1000 {
			continue // "2000 million" reads as a made-up number
		}
		add(v)
	}
	return out
}

// significant returns the number of significant digits of v as written
// without trailing zeros.
func significant(v float64) int {
	s := strings.Trim(strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ""), "0")
	return max(1, len(s))
}

// withCommas inserts thousands separators into a decimal number.
func withCommas(digits string) string {
	whole, frac, hasFrac := strings.Cut(digits, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Names.

// connectors join the words of a name: "International Organization for
// Standardization".
var connectors = map[string]bool{"of": true, "for": true, "de": true, "du": true, "van": true, "von": true, "da": true, "del": true}

// leadWords start sentences, capitalised, without being names.
var leadWords = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "by": true, "for": true, "from": true,
	"with": true, "as": true, "this": true, "that": true, "these": true, "those": true, "it": true, "its": true,
	"their": true, "our": true, "his": true, "her": true, "when": true, "while": true, "after": true,
	"before": true, "during": true, "since": true, "unlike": true, "however": true, "moreover": true,
	"whether": true, "although": true, "if": true, "but": true, "and": true, "or": true, "so": true,
	"yet": true, "today": true, "many": true, "some": true, "most": true, "each": true, "every": true,
	"no": true, "not": true, "there": true, "what": true, "why": true, "how": true, "who": true,
}

// findNames finds the names of a sentence: runs of capitalised words (all
// of a hyphenated word's parts capitalised), joined by connectors; a
// possessive ends a name. A sentence's first word counts when the article
// capitalises it mid-sentence too, or when it leads into another
// capitalised word and the article never writes it in lower case.
func (c *collector) findNames(passage int, s string) []occurrence {
	ws := words(s)
	capital := func(k int) bool {
		w := ws[k].text
		for _, part := range strings.Split(trimPossessive(w), "-") {
			r, _ := utf8.DecodeRuneInString(part)
			if !unicode.IsUpper(r) {
				return false
			}
		}
		return true
	}
	var out []occurrence
	for k := 0; k < len(ws); k++ {
		if !capital(k) {
			continue
		}
		end := k // last word of the name
		for end+1 < len(ws) && !strings.ContainsAny(s[ws[end].end:ws[end+1].start], ",;:()—–\"“”") &&
			trimPossessive(ws[end].text) == ws[end].text {
			switch {
			case capital(end + 1):
				end++
				continue
			case end+2 < len(ws) && connectors[ws[end+1].text] && capital(end+2) && s[ws[end].end:ws[end+1].start] == " ":
				end += 2
				continue
			}
			break
		}
		first := strings.ToLower(ws[k].text)
		if k == 0 && !c.capsMid[trimPossessive(first)] {
			if end == 0 || c.lowerSeen[first] || leadWords[first] {
				// A capitalised first word alone, or one the article
				// also writes in lower case: most likely not a name.
				if end == 0 {
					continue
				}
				k++ // the name starts at the next word
			}
		}
		text := trimPossessive(s[ws[k].start:ws[end].end])
		if utf8.RuneCountInString(text) < 2 || months[strings.ToLower(text)] || weekdays[strings.ToLower(text)] {
			k = end
			continue
		}
		t := term{text: text, kind: KindName}
		for _, w := range words(text) {
			t.words = append(t.words, strings.Split(strings.ToLower(w.text), "-")...)
		}
		spans := c.occurrences(s, text, true)
		if len(spans) > 0 {
			out = append(out, occurrence{term: t, passage: passage, sentence: s, spans: spans})
		}
		k = end
	}
	return out
}

// occurrences returns the byte ranges of text in s as whole words (a
// possessive ending may follow), matching case when exactCase is set.
func (c *collector) occurrences(s, text string, exactCase bool) [][2]int {
	var spans [][2]int
	hay, needle := s, text
	if !exactCase {
		hay, needle = strings.ToLower(s), strings.ToLower(text)
		if len(hay) != len(s) {
			hay, needle = s, text // lower-casing changed the lengths: match exactly
		}
	}
	for from := 0; from < len(hay); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(needle)
		from = end
		if start > 0 {
			prev, _ := utf8.DecodeLastRuneInString(s[:start])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '-' {
				continue
			}
		}
		if end < len(s) {
			next, _ := utf8.DecodeRuneInString(s[end:])
			if unicode.IsLetter(next) || unicode.IsDigit(next) || next == '-' {
				continue
			}
		}
		spans = append(spans, [2]int{start, end})
	}
	return spans
}

// Terms.

// nounCues are words after which a term is most likely a noun phrase.
var nounCues = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "for": true, "in": true, "on": true, "with": true,
	"by": true, "its": true, "their": true, "his": true, "her": true, "our": true, "this": true,
	"these": true, "those": true, "as": true, "about": true, "from": true, "into": true, "over": true,
	"under": true, "no": true, "some": true, "many": true, "all": true,
	"both": true, "each": true, "every": true, "any": true, "between": true,
	"against": true, "at": true, "and": true, "or": true, "hundred": true, "thousand": true, "millions": true,
	"million": true, "billion": true, "trillion": true, "estimated": true,
}

// verbCues are words after which the word before is most likely a verb:
// "experts suggest that", "shortages sent rates soaring".
var verbCues = map[string]bool{
	"a": true, "an": true, "the": true, "that": true, "to": true, "its": true, "their": true, "his": true,
	"her": true, "this": true, "these": true, "those": true, "it": true, "them": true, "him": true,
}

// findTerms finds the occurrences of the article's salient lower-case
// phrases (index.Phrases) that read as whole noun phrases: a determiner, a
// preposition, a number or a comma just before, and punctuation or a
// function word (not one that follows verbs) just after. A phrase is used
// only where every occurrence in the sentence reads so.
func (c *collector) findTerms() []occurrence {
	var out []occurrence
	for _, p := range c.ix.Phrases() {
		if p.Name || p.Weight < minTermWeight || strings.ToLower(p.Text) != p.Text || strings.ContainsAny(p.Text, "0123456789'’") {
			continue
		}
		t := term{text: p.Text, kind: KindTerm, stems: p.Stems}
		for _, w := range words(p.Text) {
			t.words = append(t.words, strings.Split(w.text, "-")...)
		}
		last := t.words[len(t.words)-1]
		if strings.HasSuffix(last, "ed") || strings.HasSuffix(last, "ing") || strings.HasSuffix(last, "ly") {
			continue
		}
		for _, pn := range p.Passages {
			passage, _ := c.a.Passage(pn)
			for _, s := range passage.Sentences {
				var spans [][2]int
				whole := true
				for _, sp := range c.occurrences(s, p.Text, false) {
					// As the phrase is written, or capitalised as the
					// sentence's first words; not inside a name.
					if got := s[sp[0]:sp[1]]; got != p.Text && !(sp[0] == 0 && strings.ToLower(got) == p.Text) {
						whole = false
						continue
					}
					spans = append(spans, sp)
					whole = whole && c.nounPhraseAt(s, sp)
				}
				if len(spans) > 0 && whole {
					out = append(out, occurrence{term: t, passage: pn, sentence: s, spans: spans})
				}
			}
		}
	}
	return out
}

// nounPhraseAt reports whether the text at span of s reads as a whole noun
// phrase (see findTerms).
func (c *collector) nounPhraseAt(s string, sp [2]int) bool {
	before := strings.TrimRight(s[:sp[0]], " ")
	prev := strings.ToLower(lastWordOf(before))
	if sp[0] > 0 && !strings.HasSuffix(before, ",") && !nounCues[prev] && !isDigits(prev) {
		return false
	}
	after := s[sp[1]:]
	if strings.HasPrefix(after, "'s") || strings.HasPrefix(after, "’s") {
		return false
	}
	if !strings.HasPrefix(after, " ") {
		return true // punctuation or the end
	}
	next := strings.ToLower(firstWordOf(after))
	return next != "" && !verbCues[next] && len(c.ix.Stems(next)) == 0
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789,.") == ""
}
