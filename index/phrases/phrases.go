// Package phrases finds what an article is about, from its analysed
// sentences: its salient phrases (one to three adjacent content words, as
// the article spells them, weighed by how informative and central they
// are), the things it counts ("700 million surveillance cameras"), the
// years it names, and one short topic a passage. Autocomplete suggests
// questions from them, quizzes ask about them, and a declined question
// offers the topics. It is pure functions over plain data.
package phrases

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/prose"
	"github.com/articlebot/articlebot/index/suggest"
)

// Article is what phrases are drawn from: an article's analysed sentences
// and the counts the index keeps of its terms. It is read, never changed.
type Article struct {
	// Sentences are the article's sentences in reading order, each with
	// the number of its passage.
	Sentences []prose.Sentence
	// Passages are the passage numbers, in order.
	Passages []int
	// Vocab maps each term to the number of passages and takeaways it
	// occurs in.
	Vocab map[string]int
	// Takeaways hold the terms of each key takeaway (with their counts).
	Takeaways []map[string]int
	// Spellings maps each term to its most frequent spelling in the
	// article.
	Spellings map[string]string
}

// IsStopWord reports whether a lower-case word is one that the analyzer
// keeps but that starts, joins or qualifies sentences rather than names
// anything ("however", "within"): no phrase holds one.
func IsStopWord(w string) bool { return stopWords[w] }

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

// phraseStopWords are words that the analyzer keeps but that start,
// join or qualify sentences rather than name anything.
var stopWords = map[string]bool{
	"whether": true, "however": true, "moreover": true, "although": true, "though": true, "unlike": true,
	"regardless": true, "another": true, "yet": true, "thus": true, "therefore": true, "despite": true,
	"unless": true, "whereas": true, "meanwhile": true, "instead": true, "within": true, "without": true,
	"across": true, "ahead": true, "upon": true, "toward": true, "towards": true, "among": true,
	"amongst": true, "per": true, "via": true, "since": true, "tells": true, "lets": true, "also": true,
	"near": true, "nearer": true, "along": true, "alongside": true, "beneath": true, "underneath": true, "beyond": true,
	"behind": true, "throughout": true, "either": true, "otherwise": true, "thereby": true, "elsewhere": true,
}

// scaleWords follow a number ("700 million"); they do not start a phrase.
var scaleWords = map[string]bool{
	"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true,
	"hundreds": true, "thousands": true, "millions": true, "billions": true, "trillions": true,
	"percent": true, "per": true, "cent": true, "dozen": true, "dozens": true, "tens": true,
}

// Find collects the runs of one to three content words of the
// article's sentences (see phraseRuns), drops those with an everyday word,
// an adverb or a verb form at the end, and weighs the rest like the topics
// (informative words, rare in the article, used by the key takeaways).
func Find(a Article) []Phrase {
	capsMid, lowerSeen := caseUse(a)
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
	n := float64(len(a.Passages))
	for _, s := range a.Sentences {
		for _, run := range phraseRuns(s) {
			for i := range run {
				if i > 0 && s.Text[run[i-1].End:run[i].Start] == "-" {
					continue // inside a hyphenated word
				}
				first := strings.ToLower(s.Text[run[i].Start:run[i].End])
				if i > 0 && startsWithVerb(s, run[i]) {
					continue // "may lack Nvidia": a verb after a content word
				}
				lowerFirst := false
				if run[i].Start == 0 && !capsMid[first] {
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
					form := s.Text[t.Start:t.End]
					lower := strings.ToLower(form)
					r, _ := utf8.DecodeRuneInString(form)
					if utf8.RuneCountInString(form) < 2 || strings.HasSuffix(lower, "ly") {
						break
					}
					bare := strings.TrimSuffix(strings.TrimSuffix(lower, "'s"), "’s")
					inf := english.Informativeness(bare)
					if inf < minPhraseInformativeness || stopWords[bare] {
						break
					}
					central := 1.0
					for _, tt := range a.Takeaways {
						if tt[t.Term] > 0 {
							central++
						}
					}
					score += central * math.Log(1+n/float64(max(1, a.Vocab[t.Term]))) * inf
					stems = append(stems, t.Term)
					capital := unicode.IsUpper(r) && !(j == i && lowerFirst)
					name = name && capital
					if !capital && (strings.HasSuffix(lower, "ed") || strings.HasSuffix(lower, "ing")) {
						continue // a verb form ends no phrase, but may lead into one
					}
					if !capital && isAdverb(lower) {
						if j > i {
							break // "cameras also", "mining also creates"
						}
						continue // an adverb ends no phrase either, but may lead into one ("offshore wind")
					}
					if j+1 < len(run) && s.Text[t.End:run[j+1].Start] == "-" {
						continue // inside a hyphenated word
					}
					if j > i && pluralVerbLead(s.Text[run[i].Start:run[i].End]) {
						break // "experts suggest", "produces swarms": a verb after a plural noun
					}
					text := s.Text[run[i].Start:t.End]
					if lowerFirst {
						fr, size := utf8.DecodeRuneInString(text)
						text = string(unicode.ToLower(fr)) + text[size:]
					}
					text = strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s")
					key := strings.Join(stems, " ")
					ac := byKey[key]
					if ac == nil {
						ac = &acc{forms: map[string]int{}, first: text, stems: slices.Clone(stems), name: name}
						byKey[key] = ac
						order = append(order, key)
					}
					ac.forms[text]++
					ac.count++
					ac.score = score / math.Pow(float64(j-i+1), 0.8)
					ac.name = ac.name && name
					if !slices.Contains(ac.passages, s.Passage) {
						ac.passages = append(ac.passages, s.Passage)
					}
				}
			}
		}
	}
	phrases := make([]Phrase, 0, len(order))
	best := 0.0
	for _, key := range order {
		ac := byKey[key]
		text, c := ac.first, 0
		for f, k := range ac.forms {
			if k > c || (k == c && f < text) {
				text, c = f, k
			}
		}
		w := ac.score * (1 + 0.25*math.Log(float64(ac.count)))
		best = math.Max(best, w)
		slices.Sort(ac.passages)
		phrases = append(phrases, Phrase{Text: text, Stems: ac.stems, Name: ac.name, Passages: ac.passages, Weight: w})
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
func phraseRuns(s prose.Sentence) [][]prose.Token {
	var out [][]prose.Token
	for _, run := range prose.ContentRuns(s) {
		start := 0
		for i := 0; i <= len(run); i++ {
			if i < len(run) {
				form := s.Text[run[i].Start:run[i].End]
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
func startsWithVerb(s prose.Sentence, t prose.Token) bool {
	before := lastWord(s.Text[:t.Start])
	first := s.Text[t.Start:t.End]
	lower := strings.ToLower(first)
	r, _ := utf8.DecodeRuneInString(first)
	return !unicode.IsUpper(r) && (verbBefore[before] ||
		perfectBefore[before] && (irregularParticiples[lower] || strings.HasSuffix(lower, "ed") || strings.HasSuffix(lower, "en")))
}

// trimVerbs drops a run's first or last word when the words around the run
// show it to be a verb.
func trimVerbs(s prose.Sentence, run []prose.Token) []prose.Token {
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
	form := s.Text[last.Start:last.End]
	r, _ := utf8.DecodeRuneInString(form)
	if after := firstWord(s.Text[last.End:]); len(run) > 1 && !unicode.IsUpper(r) && determinerAfter[after] {
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
func caseUse(a Article) (capsMid, lowerSeen map[string]bool) {
	capsMid, lowerSeen = map[string]bool{}, map[string]bool{}
	for _, s := range a.Sentences {
		for _, t := range s.Tokens {
			form := s.Text[t.Start:t.End]
			r, _ := utf8.DecodeRuneInString(form)
			lower := strings.ToLower(form)
			switch {
			case !unicode.IsUpper(r):
				lowerSeen[lower] = true
			case t.Start > 0:
				capsMid[lower] = true
			}
		}
	}
	return capsMid, lowerSeen
}

// Counted returns the phrases that follow a number somewhere in the
// article ("700 million surveillance cameras"), the things one can ask "how
// many" of.
func Counted(a Article, phrases []Phrase) []Phrase {
	counted := map[string]bool{}
	for _, s := range a.Sentences {
		for _, run := range prose.ContentRuns(s) {
			for i := 0; i+1 < len(run); i++ {
				if !prose.IsNumber(strings.ReplaceAll(run[i].Term, ",", "")) && !scaleWords[run[i].Term] {
					continue
				}
				if scaleWords[run[i+1].Term] {
					continue
				}
				var stems []string
				for j := i + 1; j < len(run) && j <= i+maxPhraseWords; j++ {
					stems = append(stems, run[j].Term)
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

// Years returns the years the article names (1000 to 2099), in order.
func Years(a Article) []string {
	var out []string
	for _, s := range a.Sentences {
		for _, t := range s.Tokens {
			form := s.Text[t.Start:t.End]
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

// isAdverb reports whether a lower-case word is usually an adverb ("also",
// "often", "less", "sometimes"). A plural whose singular is not one
// ("notes", "ones"), which the lookup of an inflected form through its base
// can take for one ("not", "on"), is not.
func isAdverb(lower string) bool {
	if english.PartOfSpeech(lower) != 'r' {
		return false
	}
	if plural, ok := strings.CutSuffix(lower, "s"); ok && !strings.HasSuffix(plural, "s") {
		return english.PartOfSpeech(plural) == 'r'
	}
	return true
}
