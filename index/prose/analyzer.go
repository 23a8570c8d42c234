package prose

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	unicodetokenizer "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Analyzer is the English analysis of the index: words (Unicode word
// boundaries), English possessives removed, lower case, accents folded
// ("Beyoncé" is "beyonce"), English stop words removed, Snowball (Porter2)
// stemming, which keeps "news" apart from "new" and "used" from "US". Make
// one with NewAnalyzer; it is safe for concurrent use.
type Analyzer struct {
	bleve analysis.Analyzer
}

// NewAnalyzer returns the English analyzer.
func NewAnalyzer() *Analyzer {
	return &Analyzer{bleve: &analysis.DefaultAnalyzer{
		Tokenizer: unicodetokenizer.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{
			en.NewPossessiveFilter(), lowercase.NewLowerCaseFilter(), foldFilter{},
			stop.NewStopTokensFilter(englishStopWords()), en.NewEnglishStemmerFilter(),
		},
	}}
}

// Analyze returns the tokens of text's content words, with their byte
// positions in text (their ID is 0).
func (a *Analyzer) Analyze(text string) []Token {
	stream := a.bleve.Analyze([]byte(text))
	out := make([]Token, 0, len(stream))
	for _, t := range stream {
		if t.Start < 0 || t.End > len(text) || t.Start >= t.End {
			continue
		}
		out = append(out, Token{Term: string(t.Term), Start: t.Start, End: t.End})
	}
	return out
}

// englishStopWords is bleve's English stop list, loaded once.
var englishStopWords = sync.OnceValue(func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(en.EnglishStopWords); err != nil {
		panic("prose: bleve's English stop words: " + err.Error()) // cannot happen: the list is bleve's own
	}
	return m
})

// foldFilter folds accented letters to ASCII ("é" to "e"), as Lucene's
// ASCIIFoldingFilter does, leaving the tokens' positions in the text alone.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		for _, b := range t.Term {
			if b >= utf8.RuneSelf {
				t.Term = asciiFolding.Filter(t.Term)
				break
			}
		}
	}
	return in
}

var asciiFolding = asciifolding.New()
