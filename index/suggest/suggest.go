// Package suggest owns autocomplete: the questions and topics offered as a
// member types. The index gives it candidates drawn from an article (its
// salient phrases as questions and topics, its takeaways) and a way to
// analyse words; after that a suggestion is a scan of a few hundred
// candidates in memory.
package suggest

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/english"
)

// Limits of suggestions.
const (
	// MaxLen is the longest suggestion, in runes (Discord's limit on a
	// choice); New drops longer candidates.
	MaxLen = 100
	// maxTypedWords bounds the words of typed text that are matched.
	maxTypedWords = 12
	// maxTypedBytes bounds the typed text considered.
	maxTypedBytes = 300
)

// Word is a content word of a text, as an Analyzer finds it: where it
// starts and ends (byte offsets) and its stem.
type Word struct {
	Start, End int
	Stem       string
}

// Analyzer returns the content words of a text, stop words left out, as the
// index matches words.
type Analyzer func(text string) []Word

// Candidate is a question or topic that may be suggested.
type Candidate struct {
	Text string
	// Content is the part of Text whose words typed text must match (the
	// phrase of "What does the article say about …?").
	Content  string
	Weight   float64 // salience, 0 to 1
	Question bool
	// Default offers the candidate for empty input, in the order given.
	Default bool
}

// Suggester suggests candidates for typed text. It is safe for concurrent
// use.
type Suggester struct {
	analyze  Analyzer
	optional func(word string) bool
	words    []suggestWord    // distinct content words of the candidates
	items    []suggestion     // candidates
	defaults []int            // candidates for empty input, best first
	wordID   map[string]int32 // lower-case word → index in words
}

// suggestWord is one distinct lower-case content word of the candidates.
type suggestWord struct {
	text  string
	stem  string
	runes int
}

// suggestion is one candidate, analysed.
type suggestion struct {
	text     string
	lower    string
	words    []int32  // its content words (ids into Suggester.words)
	lead     []string // all its lower-case words, for question words typed
	weight   float64  // salience, 0 to 1
	question bool
}

// New returns a suggester of the candidates. analyze finds the content
// words of candidates and of typed text; optional reports the content words
// that typed need not match ("whether", "tell").
func New(candidates []Candidate, analyze Analyzer, optional func(word string) bool) *Suggester {
	s := &Suggester{analyze: analyze, optional: optional, wordID: map[string]int32{}}
	for _, c := range candidates {
		if s.add(c) && c.Default {
			s.defaults = append(s.defaults, len(s.items)-1)
		}
	}
	return s
}

// add analyses a candidate and reports whether it was added: one that is
// empty, too long or without a content word is left out.
func (s *Suggester) add(c Candidate) bool {
	if c.Text == "" || utf8.RuneCountInString(c.Text) > MaxLen {
		return false
	}
	it := suggestion{text: c.Text, lower: strings.ToLower(c.Text), weight: c.Weight, question: c.Question}
	it.lead = append(it.lead, splitWords(strings.ToLower(c.Text))...)
	for _, t := range s.analyze(c.Content) {
		w := strings.ToLower(c.Content[t.Start:t.End])
		id, ok := s.wordID[w]
		if !ok {
			id = int32(len(s.words))
			s.wordID[w] = id
			s.words = append(s.words, suggestWord{text: w, stem: t.Stem, runes: utf8.RuneCountInString(w)})
		}
		if !slices.Contains(it.words, id) {
			it.words = append(it.words, id)
		}
	}
	if len(it.words) == 0 {
		return false
	}
	s.items = append(s.items, it)
	return true
}

// Suggest returns up to n candidates that fit text a member is typing, best
// first: each word typed must match a word of the candidate by its start,
// its stem or with a typo or two (the last word may be unfinished), and
// question words typed ("how many", "what") favour candidates phrased that
// way. Empty text gets the defaults. Suggestions are distinct and never the
// typed text itself. text must be valid UTF-8.
func (s *Suggester) Suggest(text string, n int) []string {
	if n <= 0 {
		return nil
	}
	if len(text) > maxTypedBytes {
		text = cutBytes(text, maxTypedBytes)
	}
	typed := s.typedWords(text)
	lowerText := strings.ToLower(strings.TrimSpace(text))

	type scored struct {
		item  int
		score float64
	}
	var hits []scored
	if len(typed) == 0 {
		for _, k := range s.defaults {
			hits = append(hits, scored{k, 0})
		}
	} else {
		hits = make([]scored, 0, 64)
		matches := s.matchWords(typed)
		askWords := questionWordsTyped(typed)
		for k := range s.items {
			if sc, ok := s.score(k, typed, matches, askWords, lowerText); ok {
				hits = append(hits, scored{k, sc})
			}
		}
		slices.SortStableFunc(hits, func(a, b scored) int {
			return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(s.items[a.item].text, s.items[b.item].text))
		})
	}
	out := make([]string, 0, min(n, len(hits)))
	seen := map[string]bool{lowerText: true}
	for _, h := range hits {
		it := s.items[h.item]
		if seen[it.lower] {
			continue
		}
		seen[it.lower] = true
		out = append(out, it.text)
		if len(out) == n {
			break
		}
	}
	return out
}

// typedWord is one word of typed text.
type typedWord struct {
	text     string // lower case
	stem     string // analysed; "" for a stop word
	runes    int
	partial  bool // the last word, still being typed
	optional bool // a stop word or question word: it need not match
	stop     bool // a stop word (so far, if partial)
}

// questionWords are words of asking; typed, they favour suggestions phrased
// as questions, and they need not match.
var questionWords = map[string]bool{
	"what": true, "how": true, "why": true, "who": true, "when": true, "where": true, "which": true,
	"does": true, "do": true, "did": true, "is": true, "are": true, "was": true, "were": true,
	"can": true, "could": true, "will": true, "would": true, "should": true, "many": true, "much": true,
}

// typedWords splits typed text into words and classifies them.
func (s *Suggester) typedWords(text string) []typedWord {
	lower := strings.ToLower(text)
	stems := map[int]string{} // byte offset of a content word → stem
	for _, t := range s.analyze(lower) {
		stems[t.Start] = t.Stem
	}
	var words []typedWord
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := lower[start:end]
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		w = strings.Trim(w, "'’")
		if w != "" && len(words) < maxTypedWords {
			stem, content := stems[start]
			words = append(words, typedWord{
				text: w, stem: stem, runes: utf8.RuneCountInString(w),
				optional: !content || questionWords[w] || s.optional(w),
				stop:     !content,
			})
		}
		start = -1
	}
	for i, r := range lower {
		if IsWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(lower))
	if n := len(words); n > 0 && start < 0 {
		last, _ := utf8.DecodeLastRuneInString(lower)
		words[n-1].partial = IsWordRune(last)
		if words[n-1].partial && words[n-1].optional && !questionWords[words[n-1].text] {
			// An unfinished word that is, so far, a stop word ("the" on the
			// way to "theft") must still match as a prefix if it can.
			words[n-1].optional = false
		}
	}
	return words
}

// IsWordRune reports whether r belongs to a word of typed text or of a
// suggestion: a letter, a digit or an apostrophe.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}

// questionWordsTyped reports whether typed text asks a question.
func questionWordsTyped(typed []typedWord) bool {
	return len(typed) > 0 && questionWords[typed[0].text]
}

// wordMatch is how well a typed word matches a candidate word.
type wordMatch struct {
	word  int32
	score float64
}

// Match scores of a typed word against a word of a suggestion.
const (
	matchExact      = 1.0
	matchStem       = 0.95
	matchPrefix     = 0.9
	matchTypo1      = 0.75
	matchTypoPrefix = 0.65
	matchTypo2      = 0.6
)

// matchWords finds, for each typed word, the candidate words it matches.
// Typos are tolerated only for a word that matches nothing as typed ("chin"
// is the start of "China", not a typo for "chip").
func (s *Suggester) matchWords(typed []typedWord) [][]wordMatch {
	out := make([][]wordMatch, len(typed))
	for i, t := range typed {
		exact := false
		for id, w := range s.words {
			if sc := matchWord(t, w); sc > 0 {
				out[i] = append(out[i], wordMatch{int32(id), sc})
				exact = exact || sc >= matchPrefix
			}
		}
		if exact {
			out[i] = slices.DeleteFunc(out[i], func(m wordMatch) bool { return m.score < matchPrefix })
		}
	}
	return out
}

// matchWord scores typed word t against candidate word w; 0 is no match.
func matchWord(t typedWord, w suggestWord) float64 {
	switch {
	case t.text == w.text:
		return matchExact
	case t.stem != "" && t.stem == w.stem:
		return matchStem
	case strings.HasPrefix(w.text, t.text) && (t.partial || t.runes >= 3):
		return matchPrefix
	case t.runes < 4:
		return 0
	}
	limit := 1
	if t.runes >= 7 {
		limit = 2
	}
	if d := w.runes - t.runes; d <= limit && d >= -limit {
		switch d := english.EditDistance(t.text, w.text, limit); {
		case d == 1:
			return matchTypo1
		case d == 2 && limit >= 2:
			return matchTypo2
		}
	}
	if t.partial && w.runes > t.runes {
		// An unfinished word with a typo: compare it with the start of w.
		if english.EditDistance(t.text, prefixRunes(w.text, t.runes), 1) <= 1 {
			return matchTypoPrefix
		}
	}
	return 0
}

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// score scores candidate k for typed words; ok is false when a word that
// must match does not.
func (s *Suggester) score(k int, typed []typedWord, matches [][]wordMatch, asking bool, lowerText string) (float64, bool) {
	it := &s.items[k]
	var total float64
	required, bonus := 0, 0.0
	covered := map[int32]bool{}
	for i, t := range typed {
		best := 0.0
		for _, m := range matches[i] {
			if m.score > best && slices.Contains(it.words, m.word) {
				best = m.score
				covered[m.word] = true
			}
		}
		switch {
		case best > 0:
			total += best
			required++
		case t.optional:
			// A question word or stop word typed: a bonus when the
			// suggestion has it too ("how many …").
			for _, w := range it.lead {
				if w == t.text || (t.partial && strings.HasPrefix(w, t.text)) {
					bonus += 0.15
					break
				}
			}
		case t.partial && (t.stop || isOptionalPrefix(t.text)):
			// "wh", "ho": a question word on its way; "the" that is not
			// the start of a word here.
		default:
			return 0, false
		}
	}
	sc := 0.3 * it.weight
	if required > 0 {
		sc += total/float64(required) + 0.2*float64(len(covered))/float64(len(it.words))
	}
	sc += bonus
	if strings.HasPrefix(it.lower, lowerText) {
		sc += 0.5
	}
	if asking == it.question {
		sc += 0.2
	}
	return sc, true
}

// isOptionalPrefix reports whether an unfinished word could become a
// question word.
func isOptionalPrefix(w string) bool {
	for q := range questionWords {
		if strings.HasPrefix(q, w) {
			return true
		}
	}
	return false
}

// splitWords splits lower-case text into words.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) })
}

// Shorten cuts s to at most MaxLen runes, at a word boundary.
func Shorten(s string) string { return cutWords(s, MaxLen) }

// cutWords cuts s to at most n runes, at a word boundary.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := prefixRunes(s, n)
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:—–-")
}

// cutBytes cuts s to at most n bytes on a rune boundary.
func cutBytes(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
