package index

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/chat"
	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/prose"
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
		word := text[tk.Start:tk.End]
		surface := strings.ToLower(word)
		surface = strings.TrimSuffix(strings.TrimSuffix(surface, "'s"), "’s")
		q.surfaces = append(q.surfaces, surface)
		if i := q.wordOf(tk.Term); i >= 0 {
			q.order = append(q.order, i)
			continue
		}
		if chat.IsFiller(surface) || ix.isStrayLetter(surface, tk.Term) || len(q.words) == maxQueryWords {
			q.order = append(q.order, -1)
			continue
		}
		w := queryWord{surface: surface, stem: tk.Term, weight: ix.informativenessCached(surface), number: prose.IsNumber(tk.Term)}
		if w.number {
			w.weight = numberWeight
		}
		r, _ := utf8.DecodeRuneInString(word)
		w.name = tk.Start > 0 && unicode.IsUpper(r)
		if len(word) >= 2 && !strings.ContainsFunc(word, unicode.IsLower) && ix.stemForms[tk.Term] == word {
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
	toks := ix.analyzer.Analyze(w)
	if len(toks) != 1 {
		return false
	}
	_, ok := ix.vocab[toks[0].Term]
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
func (ix *Index) analyzeQuestion(q string) []prose.Token {
	if !prose.PlainLatin(q) {
		return ix.analyzer.Analyze(q)
	}
	var out []prose.Token
	for start := 0; start < len(q); {
		end, ok := prose.NextWord(q, start)
		if !ok {
			_, size := utf8.DecodeRuneInString(q[start:])
			start += size
			continue
		}
		for _, t := range ix.analyzeWord(q[start:end]) {
			t.Start += start
			t.End += start
			out = append(out, t)
		}
		start = end
	}
	return out
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
func (ix *Index) analyzeWord(w string) []prose.Token {
	if v, ok := ix.wordTokens.load(w); ok {
		return v
	}
	toks := ix.analyzer.Analyze(w)
	remember(ix, &ix.wordTokens, w, toks)
	return toks
}
