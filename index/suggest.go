package index

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/chat"
	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/suggest"
)

// This file finds the article's salient phrases and suggests questions and
// topics from them as a member types (autocomplete). Both are derived once,
// on first use, from the analysed sentences; after that a suggestion is a
// scan of a few hundred candidates in memory, without bleve.

// Phrase is a salient phrase of the article: one to three adjacent content
// words (no stop word or punctuation between them), spelled as the article
// spells them. It is plain data.
type Phrase struct {
	// Text is the phrase as the article spells it; a word that the article
	// capitalises only at the start of a sentence is in lower case.
	Text string
	// Stems are the analysed terms of its words, as the index matches them
	// (two phrases with the same Stems are forms of one phrase).
	Stems []string
	// Name reports whether every word is capitalised mid-sentence in the
	// article: a name ("Soviet Union", "Nvidia") rather than a term.
	Name bool
	// Passages are the passages it occurs in, in reading order.
	Passages []int
	// Weight is its salience from 0 to 1: rare, informative words that the
	// key takeaways also use weigh most.
	Weight float64
}

// Limits of phrases.
const (
	// maxPhraseWords is the longest phrase, in words.
	maxPhraseWords = 3
	// minPhraseInformativeness drops phrases with an everyday word in them
	// ("people", "time", "sent"): a word at least this informative is rarer
	// than about one in 300,000 words of everyday English.
	minPhraseInformativeness = 1.5
)

// suggester holds the phrases and the autocomplete of an article, built on
// first use.
type suggester struct {
	once    sync.Once
	phrases []Phrase
	set     *suggest.Suggester
}

// Phrases returns the article's salient phrases, most salient first. Each
// call returns a new slice; the Phrases' slices are shared and must not be
// changed.
func (ix *Index) Phrases() []Phrase {
	return slices.Clone(ix.suggestions().phrases)
}

// Stems returns the analysed terms of text's content words, as the index
// matches words: lower case, stemmed, stop words left out. Two words with
// the same stem are forms of one word ("camera", "cameras").
func (ix *Index) Stems(text string) []string {
	toks := ix.analyze(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.term
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
	s.phrases = ix.findPhrases()
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
	for _, p := range ix.countedPhrases(s.phrases) {
		add(howManyPrefix+p.Text+"?", p.Weight, true, p.Text, false)
	}
	for _, y := range ix.years() {
		add(strings.Replace(yearTemplate, "%s", y, 1), 0.5, true, y, false)
	}
	s.set = suggest.New(cands, ix.suggestWords, func(w string) bool { return chat.IsFiller(w) || phraseStopWords[w] })
}

// suggestWords is the suggester's analyzer: the index's.
func (ix *Index) suggestWords(text string) []suggest.Word {
	toks := ix.analyze(text)
	out := make([]suggest.Word, len(toks))
	for i, t := range toks {
		out[i] = suggest.Word{Start: t.start, End: t.end, Stem: t.term}
	}
	return out
}

// phraseStopWords are words that the analyzer keeps but that start,
// join or qualify sentences rather than name anything.
var phraseStopWords = map[string]bool{
	"whether": true, "however": true, "moreover": true, "although": true, "though": true, "unlike": true,
	"regardless": true, "another": true, "yet": true, "thus": true, "therefore": true, "despite": true,
	"unless": true, "whereas": true, "meanwhile": true, "instead": true, "within": true, "without": true,
	"across": true, "ahead": true, "upon": true, "toward": true, "towards": true, "among": true,
	"amongst": true, "per": true, "via": true, "since": true, "tells": true, "lets": true,
}

// scaleWords follow a number ("700 million"); they do not start a phrase.
var scaleWords = map[string]bool{
	"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true,
	"hundreds": true, "thousands": true, "millions": true, "billions": true, "trillions": true,
	"percent": true, "per": true, "cent": true, "dozen": true, "dozens": true, "tens": true,
}

// findPhrases collects the runs of one to three content words of the
// article's sentences (see phraseRuns), drops those with an everyday word,
// an adverb or a verb form at the end, and weighs the rest like the topics
// (informative words, rare in the article, used by the key takeaways).
func (ix *Index) findPhrases() []Phrase {
	capsMid, lowerSeen := ix.caseUse()
	type acc struct {
		forms    map[string]int
		first    string
		passages []int
		stems    []string
		score    float64
		count    int
		name     bool
	}
	byKey := map[string]*acc{}
	var order []string
	n := float64(len(ix.article.Passages))
	for _, s := range ix.sents {
		for _, run := range phraseRuns(s) {
			for i := range run {
				if i > 0 && s.text[run[i-1].end:run[i].start] == "-" {
					continue // inside a hyphenated word
				}
				first := strings.ToLower(s.text[run[i].start:run[i].end])
				if i > 0 && startsWithVerb(s, run[i]) {
					continue // "may lack Nvidia": a verb after a content word
				}
				lowerFirst := false
				if run[i].start == 0 && !capsMid[first] {
					// Capitalised as the sentence's first word only: a
					// word the article also writes in lower case is one,
					// an unknown word is a name ("Malcom McLean"), and an
					// everyday word is most likely a connective
					// ("Moreover", "Whether").
					if !lowerSeen[first] && english.IsWord(first) {
						continue
					}
					lowerFirst = lowerSeen[first]
				}
				score := 0.0
				name := true
				var stems []string
				for j := i; j < len(run) && j < i+maxPhraseWords; j++ {
					t := run[j]
					form := s.text[t.start:t.end]
					lower := strings.ToLower(form)
					r, _ := utf8.DecodeRuneInString(form)
					if utf8.RuneCountInString(form) < 2 || strings.HasSuffix(lower, "ly") {
						break
					}
					bare := strings.TrimSuffix(strings.TrimSuffix(lower, "'s"), "’s")
					inf := english.Informativeness(bare)
					if inf < minPhraseInformativeness || phraseStopWords[bare] {
						break
					}
					central := 1.0
					for _, tt := range ix.takeawayTerms {
						if tt[t.term] > 0 {
							central++
						}
					}
					score += central * math.Log(1+n/float64(max(1, ix.vocab[t.term]))) * inf
					stems = append(stems, t.term)
					capital := unicode.IsUpper(r) && !(j == i && lowerFirst)
					name = name && capital
					if !capital && (strings.HasSuffix(lower, "ed") || strings.HasSuffix(lower, "ing")) {
						continue // a verb form ends no phrase, but may lead into one
					}
					if j+1 < len(run) && s.text[t.end:run[j+1].start] == "-" {
						continue // inside a hyphenated word
					}
					if j > i && pluralVerbLead(s.text[run[i].start:run[i].end]) {
						break // "experts suggest", "produces swarms": a verb after a plural noun
					}
					text := s.text[run[i].start:t.end]
					if lowerFirst {
						fr, size := utf8.DecodeRuneInString(text)
						text = string(unicode.ToLower(fr)) + text[size:]
					}
					text = strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s")
					key := strings.Join(stems, " ")
					a := byKey[key]
					if a == nil {
						a = &acc{forms: map[string]int{}, first: text, stems: slices.Clone(stems), name: name}
						byKey[key] = a
						order = append(order, key)
					}
					a.forms[text]++
					a.count++
					a.score = score / math.Pow(float64(j-i+1), 0.8)
					a.name = a.name && name
					if !slices.Contains(a.passages, s.passage) {
						a.passages = append(a.passages, s.passage)
					}
				}
			}
		}
	}
	phrases := make([]Phrase, 0, len(order))
	best := 0.0
	for _, key := range order {
		a := byKey[key]
		text, c := a.first, 0
		for f, k := range a.forms {
			if k > c || (k == c && f < text) {
				text, c = f, k
			}
		}
		w := a.score * (1 + 0.25*math.Log(float64(a.count)))
		best = math.Max(best, w)
		slices.Sort(a.passages)
		phrases = append(phrases, Phrase{Text: text, Stems: a.stems, Name: a.name, Passages: a.passages, Weight: w})
	}
	for i := range phrases {
		if best > 0 {
			phrases[i].Weight /= best
		}
	}
	slices.SortStableFunc(phrases, func(a, b Phrase) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Text, b.Text))
	})
	return phrases
}

// Words around a run of content words that show that its first or last
// word is a verb: "to contain China's rise", "may lack", "has sent
// ripples", "infrastructure provide a wealth".
var (
	verbBefore = map[string]bool{
		"to": true, "will": true, "would": true, "can": true, "could": true, "may": true, "might": true,
		"must": true, "should": true, "shall": true, "not": true, "also": true, "only": true, "it": true,
		"they": true, "he": true, "she": true, "we": true, "i": true, "you": true, "who": true, "which": true,
		"does": true, "do": true, "did": true, "is": true, "are": true, "was": true, "were": true,
		"be": true, "been": true, "being": true,
	}
	perfectBefore   = map[string]bool{"has": true, "have": true, "had": true}
	determinerAfter = map[string]bool{
		"a": true, "an": true, "the": true, "its": true, "their": true, "his": true, "her": true,
		"our": true, "your": true, "my": true, "this": true, "these": true, "those": true, "to": true,
	}
	irregularParticiples = map[string]bool{
		"sent": true, "made": true, "done": true, "got": true, "led": true, "met": true, "set": true,
		"put": true, "cut": true, "built": true, "brought": true, "bought": true, "thought": true,
		"taught": true, "left": true, "kept": true, "held": true, "told": true, "found": true,
		"become": true, "begun": true, "run": true, "seen": true, "grown": true, "shown": true,
	}
)

// phraseRuns splits a sentence's runs of content words (contentRuns) into
// the runs phrases are drawn from: numbers and the words that scale them
// ("700 million") are left out, and a first word that the words before
// show to be a verb, or a last word that the words after show to be one,
// is dropped.
func phraseRuns(s sentence) [][]token {
	var out [][]token
	for _, run := range contentRuns(s) {
		start := 0
		for i := 0; i <= len(run); i++ {
			if i < len(run) {
				form := s.text[run[i].start:run[i].end]
				r, _ := utf8.DecodeRuneInString(form)
				if !unicode.IsDigit(r) && !scaleWords[strings.ToLower(form)] {
					continue
				}
			}
			if part := trimVerbs(s, run[start:i]); len(part) > 0 {
				out = append(out, part)
			}
			start = i + 1
		}
	}
	return out
}

// startsWithVerb reports whether the words before token t show it to be a
// verb: "to contain", "may lack", "has sent".
func startsWithVerb(s sentence, t token) bool {
	before := lastWord(s.text[:t.start])
	first := s.text[t.start:t.end]
	lower := strings.ToLower(first)
	r, _ := utf8.DecodeRuneInString(first)
	return !unicode.IsUpper(r) && (verbBefore[before] ||
		perfectBefore[before] && (irregularParticiples[lower] || strings.HasSuffix(lower, "ed") || strings.HasSuffix(lower, "en")))
}

// trimVerbs drops a run's first or last word when the words around the run
// show it to be a verb.
func trimVerbs(s sentence, run []token) []token {
	if len(run) == 0 {
		return run
	}
	if startsWithVerb(s, run[0]) {
		run = run[1:]
	}
	if len(run) == 0 {
		return run
	}
	last := run[len(run)-1]
	form := s.text[last.start:last.end]
	r, _ := utf8.DecodeRuneInString(form)
	if after := firstWord(s.text[last.end:]); len(run) > 1 && !unicode.IsUpper(r) && determinerAfter[after] {
		run = run[:len(run)-1]
	}
	return run
}

// pluralVerbLead reports whether a phrase of several words that starts
// with this word most likely holds a verb: it starts with a lower-case
// plural or third-person form ("experts suggest", "produces swarms");
// noun compounds rarely start with a plural.
func pluralVerbLead(first string) bool {
	r, _ := utf8.DecodeRuneInString(first)
	if unicode.IsUpper(r) || !strings.HasSuffix(first, "s") {
		return false
	}
	return !strings.HasSuffix(first, "ss") && !strings.HasSuffix(first, "us") && !strings.HasSuffix(first, "is")
}

// lastWord returns the lower-case last word of text, or "" when text ends
// with punctuation.
func lastWord(text string) string {
	text = strings.TrimRight(text, " ")
	i := strings.LastIndexFunc(text, func(r rune) bool { return !suggest.IsWordRune(r) })
	if i >= 0 && text[i] != ' ' {
		return "" // punctuation before the word
	}
	return strings.ToLower(text[i+1:])
}

// firstWord returns the lower-case first word of text, or "" when text
// starts with punctuation.
func firstWord(text string) string {
	text = strings.TrimLeft(text, " ")
	i := strings.IndexFunc(text, func(r rune) bool { return !suggest.IsWordRune(r) })
	if i < 0 {
		i = len(text)
	}
	return strings.ToLower(text[:i])
}

// caseUse reports which lower-case words the article capitalises in the
// middle of a sentence, and which it writes in lower case.
func (ix *Index) caseUse() (capsMid, lowerSeen map[string]bool) {
	capsMid, lowerSeen = map[string]bool{}, map[string]bool{}
	for _, s := range ix.sents {
		for _, t := range s.tokens {
			form := s.text[t.start:t.end]
			r, _ := utf8.DecodeRuneInString(form)
			lower := strings.ToLower(form)
			switch {
			case !unicode.IsUpper(r):
				lowerSeen[lower] = true
			case t.start > 0:
				capsMid[lower] = true
			}
		}
	}
	return capsMid, lowerSeen
}

// countedPhrases returns the phrases that follow a number somewhere in the
// article ("700 million surveillance cameras"), the things one can ask "how
// many" of.
func (ix *Index) countedPhrases(phrases []Phrase) []Phrase {
	counted := map[string]bool{}
	for _, s := range ix.sents {
		for _, run := range contentRuns(s) {
			for i := 0; i+1 < len(run); i++ {
				if !isNumber(strings.ReplaceAll(run[i].term, ",", "")) && !scaleWords[run[i].term] {
					continue
				}
				if scaleWords[run[i+1].term] {
					continue
				}
				var stems []string
				for j := i + 1; j < len(run) && j <= i+maxPhraseWords; j++ {
					stems = append(stems, run[j].term)
					counted[strings.Join(stems, " ")] = true
				}
			}
		}
	}
	var out []Phrase
	for _, p := range phrases {
		if counted[strings.Join(p.Stems, " ")] && !p.Name && strings.HasSuffix(p.Text, "s") {
			out = append(out, p)
		}
	}
	return out
}

// years returns the years the article names (1000 to 2099), in order.
func (ix *Index) years() []string {
	var out []string
	for _, s := range ix.sents {
		for _, t := range s.tokens {
			form := s.text[t.start:t.end]
			if len(form) != 4 {
				continue
			}
			if y, err := strconv.Atoi(form); err == nil && y >= 1000 && y < 2100 && !slices.Contains(out, form) {
				out = append(out, form)
			}
		}
	}
	return out
}
