package index

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/chat"
	"github.com/articlebot/articlebot/index/english"
)

// Stage 1, analyse: a member's text becomes a question, its distinct content
// words with how much each says, and the kind of answer it asks for.

const (
	// maxQueryWords bounds the distinct words of a question that are searched.
	maxQueryWords = 32
	// acronymWeight is the least weight of an acronym the article writes the
	// same way ("US"), whatever the weight of the everyday word it spells.
	acronymWeight = 2.5
	// numberWeight is the weight of a number in a question.
	numberWeight = 1.5
)

// question is a member's question after analysis: plain data, the input of
// the expand stage.
type question struct {
	text  string      // the cleaned text
	words []queryWord // distinct content words, in the order asked
	// order lists, for each content token of the text in order, the index
	// in words of its word (-1 for a word not searched): adjacent pairs
	// are the question's phrases. surfaces holds the same tokens in lower
	// case, as typed.
	order    []int
	surfaces []string
	kind     chat.Kind
}

// queryWord is one distinct content word of a question.
type queryWord struct {
	surface string  // lower case, as typed, without a possessive
	stem    string  // analysed term
	weight  float64 // how much it says about the topic (informativeness)
	name    bool    // capitalised inside the question, or an acronym the article writes so
	number  bool
}

// analyse turns a member's text into a question.
func (ix *Index) analyse(text string) question {
	text = chat.StandardSpelling(chat.Clean(text), ix.usesWord)
	q := question{text: text, kind: chat.KindOf(text)}
	toks := ix.analyzeQuestion(text)
	q.surfaces = make([]string, 0, len(toks))
	q.order = make([]int, 0, len(toks))
	q.words = make([]queryWord, 0, min(len(toks), maxQueryWords))
	for _, tk := range toks {
		word := text[tk.start:tk.end]
		surface := strings.ToLower(word)
		surface = strings.TrimSuffix(strings.TrimSuffix(surface, "'s"), "’s")
		q.surfaces = append(q.surfaces, surface)
		if i := q.wordOf(tk.term); i >= 0 {
			q.order = append(q.order, i)
			continue
		}
		if chat.IsFiller(surface) || ix.isStrayLetter(surface, tk.term) || len(q.words) == maxQueryWords {
			q.order = append(q.order, -1)
			continue
		}
		w := queryWord{surface: surface, stem: tk.term, weight: ix.informativenessCached(surface), number: isNumber(tk.term)}
		if w.number {
			w.weight = numberWeight
		}
		r, _ := utf8.DecodeRuneInString(word)
		w.name = tk.start > 0 && unicode.IsUpper(r)
		if len(word) >= 2 && !strings.ContainsFunc(word, unicode.IsLower) && ix.stemForms[tk.term] == word {
			// An acronym the article writes the same way ("US"), not the
			// everyday word it spells ("us").
			w.name, w.weight = true, math.Max(w.weight, acronymWeight)
		}
		q.order = append(q.order, len(q.words))
		q.words = append(q.words, w)
	}
	return q
}

// wordOf returns the index in q.words of the word of this stem, or -1.
func (q question) wordOf(stem string) int {
	for i, w := range q.words {
		if w.stem == stem {
			return i
		}
	}
	return -1
}

// usesWord reports whether the article has a word as a term of its own.
func (ix *Index) usesWord(w string) bool {
	toks := ix.analyze(w)
	if len(toks) != 1 {
		return false
	}
	_, ok := ix.vocab[toks[0].term]
	return ok
}

// isStrayLetter reports whether a word is a single letter that the article
// does not use as a word ("x" in "**x**", "b)"): in a question it is a
// variable, a list mark or a slip, not a topic. A letter the article uses
// ("Ideal X") is kept.
func (ix *Index) isStrayLetter(w, term string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if n != len(w) || !unicode.IsLetter(r) {
		return false
	}
	_, used := ix.vocab[term]
	return !used
}

// Word segmentation. The words members use about one article repeat, and
// running the full analyzer (Unicode word segmentation and Snowball
// stemming) over every question costs more than the search itself, so a
// question is cut into words here and each word's analysis is remembered.

// analyzeQuestion returns the same tokens as analyze(q), from remembered
// analyses of q's words when q is plain Latin text (the word boundaries of
// other scripts, combining marks and emoji are left to the analyzer).
func (ix *Index) analyzeQuestion(q string) []token {
	if !plainLatin(q) {
		return ix.analyze(q)
	}
	var out []token
	for start := 0; start < len(q); {
		end, ok := nextWord(q, start)
		if !ok {
			_, size := utf8.DecodeRuneInString(q[start:])
			start += size
			continue
		}
		for _, t := range ix.analyzeWord(q[start:end]) {
			t.start += start
			t.end += start
			out = append(out, t)
		}
		start = end
	}
	return out
}

// plainLatin reports whether s holds only Latin letters, digits, spaces and
// common punctuation, where nextWord finds the words Unicode word
// segmentation finds. Format characters (a soft hyphen, a word joiner) are
// not: segmentation reads through them, inside a word.
func plainLatin(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u00ad' || (r >= 0x2000 && r <= 0x206f && unicode.Is(unicode.Cf, r)): // the format characters of these ranges
			return false
		case r < 0x250 && !unicode.Is(unicode.Mn, r): // Latin, Latin-1, Latin Extended
		case r >= 0x2000 && r <= 0x206f: // general punctuation: dashes, quotes, ellipsis
		default:
			return false
		}
	}
	return true
}

// informativenessCached is informativeness, remembered like resolveCached.
func (ix *Index) informativenessCached(w string) float64 {
	if v, ok := ix.wordWeight.load(w); ok {
		return v
	}
	inf := english.Informativeness(w)
	remember(ix, &ix.wordWeight, w, inf)
	return inf
}

// analyzeWord analyzes one word, remembered like resolveCached.
func (ix *Index) analyzeWord(w string) []token {
	if v, ok := ix.wordTokens.load(w); ok {
		return v
	}
	toks := ix.analyze(w)
	remember(ix, &ix.wordTokens, w, toks)
	return toks
}

// nextWord returns the end of the word that starts at start, and whether a
// word starts there. A word is a run of letters, digits and marks, joined
// across one apostrophe, period, comma, colon or middle dot when letters or
// digits follow (as in "China's", "U.S", "1.4", "1,350"), as Unicode word
// segmentation (UAX #29) joins them for ordinary English text. Any other
// character ends a word; ideographs are words of their own.
func nextWord(s string, start int) (int, bool) {
	r, size := utf8.DecodeRuneInString(s[start:])
	if !isSegmentRune(r) {
		return start, false
	}
	if isIdeograph(r) {
		return start + size, true
	}
	i := start + size
	prev := r
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSegmentRune(r) && !isIdeograph(r) {
			prev = r
			i += size
			continue
		}
		if !isMid(r, prev) || i+size >= len(s) {
			break
		}
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		if !isSegmentRune(next) || isIdeograph(next) || !midJoins(r, prev, next) {
			break
		}
		i += size
	}
	return i, true
}

func isSegmentRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}

func isIdeograph(r rune) bool {
	if r < 0x0e00 { // below Thai, the first of these scripts
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Thai, r) || unicode.Is(unicode.Lao, r) || unicode.Is(unicode.Khmer, r) || unicode.Is(unicode.Myanmar, r)
}

// isMid reports whether r may join two parts of a word.
func isMid(r, prev rune) bool {
	switch r {
	case '\'', '’', '.', ',', ':', '·', ';', '‘', '\u2024', '\ufe52', '\uff07', '\uff0e':
		return true
	}
	return false
}

// midJoins applies UAX #29's rules for a joining character between two word
// characters: apostrophes and periods join letters or digits, colons and
// middle dots join letters, commas and semicolons join digits.
func midJoins(mid, prev, next rune) bool {
	letters := unicode.IsLetter(prev) && unicode.IsLetter(next)
	digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
	switch mid {
	case '\'', '’', '.', '‘', '\u2024', '\ufe52', '\uff07', '\uff0e':
		return letters || digits
	case ':', '·':
		return letters
	case ',', ';':
		return digits
	}
	return false
}
