package index

import (
	"slices"
	"strings"
	"sync"

	"github.com/articlebot/articlebot/index/chat"
	"github.com/articlebot/articlebot/index/phrases"
	"github.com/articlebot/articlebot/index/suggest"
)

// This file suggests questions and topics as a member types (autocomplete),
// from the article's salient phrases (package phrases), its takeaways,
// the things it counts and the years it names. They are derived once, on
// first use, from the analysed sentences; after that a suggestion is a scan
// of a few hundred candidates in memory, without bleve.

// suggester holds the phrases and the autocomplete of an article, built on
// first use.
type suggester struct {
	once    sync.Once
	phrases []phrases.Phrase
	set     *suggest.Suggester
}

// Phrases returns the article's salient phrases, most salient first. Each
// call returns a new slice; the Phrases' slices are shared and must not be
// changed.
func (ix *Index) Phrases() []phrases.Phrase {
	return slices.Clone(ix.suggestions().phrases)
}

// Stems returns the analysed terms of text's content words, as the index
// matches words: lower case, stemmed, stop words left out. Two words with
// the same stem are forms of one word ("camera", "cameras").
func (ix *Index) Stems(text string) []string {
	toks := ix.analyzer.Analyze(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Suggest returns up to n questions and topics drawn from the article that
// fit text a member is typing, best first: each word typed must match a word
// of the suggestion by its start, its stem or with a typo or two (the last
// word may be unfinished), and question words typed ("how many", "what")
// favour suggestions phrased that way. Empty text gets the article's main
// topics as questions. Suggestions are distinct, never the typed text
// itself, and at most 100 characters long. Suggest is fast (microseconds):
// it searches a few hundred candidates in memory.
func (ix *Index) Suggest(text string, n int) []string {
	return ix.suggestions().set.Suggest(chat.Clean(text), n)
}

// suggestions builds the phrases and candidates on first use.
func (ix *Index) suggestions() *suggester {
	s := &ix.suggest
	s.once.Do(func() { ix.buildSuggestions(s) })
	return s
}

// Question templates of the suggestions.
const (
	aboutTemplate = "What does the article say about %s?"
	howManyPrefix = "How many "
	yearTemplate  = "What happened in %s?"
)

func (ix *Index) buildSuggestions(s *suggester) {
	src := ix.phraseSource()
	s.phrases = phrases.Find(src)
	var cands []suggest.Candidate
	add := func(text string, weight float64, question bool, content string, isDefault bool) {
		cands = append(cands, suggest.Candidate{Text: text, Content: content, Weight: weight, Question: question, Default: isDefault})
	}

	// For empty input: the best phrase of each passage, as a question, and
	// the takeaways; then every phrase, as a topic and as a question.
	lead := map[string]bool{}
	for _, p := range ix.article.Passages {
		best, bestScore := -1, 0.0
		for k, ph := range s.phrases {
			sc := ph.Weight
			if len(ph.Stems) == 2 {
				sc *= 1.15
			}
			if slices.Contains(ph.Passages, p.Number) && !lead[ph.Text] && sc > bestScore {
				best, bestScore = k, sc
			}
		}
		if best >= 0 {
			lead[s.phrases[best].Text] = true
			add(strings.Replace(aboutTemplate, "%s", s.phrases[best].Text, 1), 1, true, s.phrases[best].Text, true)
		}
	}
	for _, t := range ix.article.Takeaways {
		text := suggest.Shorten(t.Text)
		add(text, 0.8, false, text, true)
	}
	for _, p := range s.phrases {
		if !lead[p.Text] {
			add(strings.Replace(aboutTemplate, "%s", p.Text, 1), p.Weight, true, p.Text, true)
		}
		add(p.Text, p.Weight, false, p.Text, false)
	}
	for _, p := range phrases.Counted(src, s.phrases) {
		add(howManyPrefix+p.Text+"?", p.Weight, true, p.Text, false)
	}
	for _, y := range phrases.Years(src) {
		add(strings.Replace(yearTemplate, "%s", y, 1), 0.5, true, y, false)
	}
	s.set = suggest.New(cands, ix.suggestWords, func(w string) bool { return chat.IsFiller(w) || phrases.IsStopWord(w) })
}

// suggestWords is the suggester's analyzer: the index's.
func (ix *Index) suggestWords(text string) []suggest.Word {
	toks := ix.analyzer.Analyze(text)
	out := make([]suggest.Word, len(toks))
	for i, t := range toks {
		out[i] = suggest.Word{Start: t.Start, End: t.End, Stem: t.Term}
	}
	return out
}

// phraseSource is what the phrases and topics are drawn from.
func (ix *Index) phraseSource() phrases.Article {
	numbers := make([]int, len(ix.article.Passages))
	for i, p := range ix.article.Passages {
		numbers[i] = p.Number
	}
	return phrases.Article{Sentences: ix.sents, Passages: numbers, Vocab: ix.vocab, Takeaways: ix.takeawayTerms, Spellings: ix.stemForms}
}
