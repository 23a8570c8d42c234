// Package prose reads English text into what the index searches and quotes:
// tokens (the analysed, stemmed terms of its content words, with their byte
// positions), sentences with the kinds of answer they hold (a date, a
// number, names), runs of adjacent content words, and a fast scanner of
// plain-Latin words that finds the words the analyzer finds. It is plain
// data and pure functions, safe for concurrent use; it knows nothing of
// questions, articles or bleve's index.
package prose

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of an article, analysed.
type Sentence struct {
	Passage int // passage number
	Text    string
	Runes   int // characters in text
	Tokens  []Token
	// What kinds of answer it holds: a year or date, a number, and the
	// terms of the words it capitalises after its first (names).
	HasTime, HasNumber bool
	Names              []int32 // positions in Tokens (NewSentence); the index replaces them with term IDs
}

// Token is one content word of a text.
type Token struct {
	Term       string // analyzed (stemmed) term
	Start, End int    // byte range in the original text
	// ID is the position of the term in the index's sorted vocabulary, for
	// an article's token (0 until the index sets it, and in a question's).
	ID int32
}

// months are the terms of month names, which date a sentence.
var months = map[string]bool{
	"januari": true, "februari": true, "march": true, "april": true, "may": true, "june": true, "juli": true,
	"august": true, "septemb": true, "octob": true, "novemb": true, "decemb": true, "centuri": true,
}

// numberWords are the terms of words that state a number.
var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelv": true, "twenti": true, "thirti": true, "forti": true,
	"fifti": true, "hundr": true, "thousand": true, "million": true, "billion": true, "trillion": true,
	"dozen": true, "half": true, "third": true, "quarter": true, "percent": true, "doubl": true, "tripl": true,
}

// NewSentence analyses what kinds of answer a sentence of passage number
// passage holds, from its text and tokens.
func NewSentence(passage int, text string, toks []Token) Sentence {
	s := Sentence{Passage: passage, Text: text, Runes: utf8.RuneCountInString(text), Tokens: toks}
	for i, t := range toks {
		word := text[t.Start:t.End]
		if r, _ := utf8.DecodeRuneInString(word); unicode.IsDigit(r) {
			s.HasNumber = true
			if IsYear(word) {
				s.HasTime = true
			}
		}
		if numberWords[t.Term] {
			s.HasNumber = true
		}
		if months[t.Term] && (t.Term != "may" || word == "May") {
			s.HasTime = true
		}
		if r, _ := utf8.DecodeRuneInString(word); i > 0 && unicode.IsUpper(r) {
			s.Names = append(s.Names, int32(i)) // the token's position, until ids are known
		}
	}
	return s
}

// IsYear reports whether a word is a year ("1969", "1990s", "2019's").
func IsYear(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "s")
	if len(w) != 4 {
		return false
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1000 && n <= 2100
}

// IsNumber reports whether a word is a number ("2019", "3.5", "1e6").
func IsNumber(s string) bool {
	// Without a digit it is a word ("inf", "nan" and "infinity" too), and
	// most words are: they need no parse, nor its error.
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// ContentRuns splits a sentence's tokens into runs of adjacent content words:
// words separated only by spaces or hyphens, with no stop word or
// punctuation between them.
func ContentRuns(s Sentence) [][]Token {
	var runs [][]Token
	var cur []Token
	for i, t := range s.Tokens {
		if i > 0 {
			gap := s.Text[s.Tokens[i-1].End:t.Start]
			if strings.Trim(gap, " -") != "" || strings.Count(gap, " ") > 1 {
				if len(cur) > 0 {
					runs = append(runs, cur)
				}
				cur = nil
			}
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}
