package index

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/prose"
)

// Stage 1, analyse: a member's text becomes a question, its distinct content
// words with how much each says, and the kind of answer it asks for.

const (
	// maxQuestionBytes bounds the text analysed for one question; a longer
	// question is answered on its beginning.
	maxQuestionBytes = 2000
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
	kind     answerKind
}

// queryWord is one distinct content word of a question.
type queryWord struct {
	surface string  // lower case, as typed, without a possessive
	stem    string  // analysed term
	weight  float64 // how much it says about the topic (informativeness)
	name    bool    // capitalised inside the question, or an acronym the article writes so
	number  bool
}

// answerKind is the kind of thing a question asks for, from its question
// words: a year or date for "when", a number for "how many", a name for
// "who", a place for "where".
type answerKind uint8

const (
	kindNone answerKind = iota
	kindTime
	kindNumber
	kindPerson
	kindPlace
)

// kindCues are the openings that ask for a kind of answer, tried in order
// on the lower-case words of the question (anywhere in it, since members
// write "and when did …" or "so how many …").
var kindCues = []struct {
	words []string
	kind  answerKind
}{
	{[]string{"what", "year"}, kindTime}, {[]string{"which", "year"}, kindTime}, {[]string{"what", "date"}, kindTime},
	{[]string{"what", "century"}, kindTime}, {[]string{"what", "decade"}, kindTime}, {[]string{"how", "long", "ago"}, kindTime},
	{[]string{"when"}, kindTime},
	{[]string{"how", "many"}, kindNumber}, {[]string{"how", "much"}, kindNumber}, {[]string{"how", "far"}, kindNumber},
	{[]string{"how", "long"}, kindNumber}, {[]string{"how", "old"}, kindNumber}, {[]string{"how", "big"}, kindNumber},
	{[]string{"how", "large"}, kindNumber}, {[]string{"how", "high"}, kindNumber}, {[]string{"how", "tall"}, kindNumber},
	{[]string{"how", "fast"}, kindNumber}, {[]string{"how", "often"}, kindNumber}, {[]string{"what", "percentage"}, kindNumber},
	{[]string{"what", "percent"}, kindNumber}, {[]string{"what", "share"}, kindNumber}, {[]string{"what", "proportion"}, kindNumber},
	{[]string{"what", "number"}, kindNumber}, {[]string{"what", "amount"}, kindNumber},
	{[]string{"who"}, kindPerson}, {[]string{"whom"}, kindPerson}, {[]string{"whose"}, kindPerson},
	{[]string{"where"}, kindPlace}, {[]string{"which", "country"}, kindPlace}, {[]string{"what", "country"}, kindPlace},
	{[]string{"which", "city"}, kindPlace}, {[]string{"what", "city"}, kindPlace},
}

// questionKind returns the kind of answer a question asks for.
func questionKind(text string) answerKind {
	// The question's first maxKindWords words, in lower case, found
	// without allocating (ASCII letters and apostrophes).
	var words [maxKindWords][]byte
	n := 0
	var buf [maxKindWords * 12]byte
	used := 0
	for i := 0; i < len(text) && n < maxKindWords; {
		for i < len(text) && !isKindLetter(text[i]) {
			i++
		}
		start := used
		for i < len(text) && isKindLetter(text[i]) {
			if used < len(buf) {
				buf[used] = text[i] | 0x20 // lower case
				used++
			}
			i++
		}
		if used > start {
			words[n] = buf[start:used]
			n++
		}
	}
	// The first cue in kindCues' order that matches anywhere: of the cues
	// each word opens, the one earliest in the list.
	best := len(kindCues)
	for i := range n {
	next:
		for _, ci := range cuesByFirst[string(words[i])] {
			c := kindCues[ci]
			if ci >= best || i+len(c.words) > n {
				continue
			}
			for k, w := range c.words[1:] {
				if string(words[i+1+k]) != w {
					continue next
				}
			}
			best = ci
		}
	}
	if best == len(kindCues) {
		return kindNone
	}
	return kindCues[best].kind
}

// cuesByFirst lists the cues each word opens, by their place in kindCues.
var cuesByFirst = func() map[string][]int {
	m := map[string][]int{}
	for i, c := range kindCues {
		m[c.words[0]] = append(m[c.words[0]], i)
	}
	return m
}()

// maxKindWords is how many words of a question are looked at for its kind.
const maxKindWords = 24

func isKindLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '\'' }

// fillerWords are words of asking rather than of topic ("What does the
// article say about …"): they are not searched and not weighed.
var fillerWords = map[string]bool{
	"article": true, "articles": true, "author": true, "text": true, "passage": true, "story": true, "piece": true,
	"say": true, "says": true, "said": true, "saying": true, "tell": true, "tells": true, "told": true,
	"mention": true, "mentions": true, "mentioned": true, "explain": true, "explains": true, "describe": true,
	"describes": true, "discuss": true, "discusses": true, "according": true, "talk": true, "talks": true,
	"many": true, "much": true, "also": true, "would": true, "could": true, "may": true, "might": true,
	"can": true, "will": true, "shall": true, "get": true, "gets": true, "got": true, "really": true,
	"please": true, "thing": true, "things": true, "kind": true, "sort": true, "anything": true,
	"something": true, "someone": true, "somebody": true, "whose": true, "whom": true, "yes": true,
	"hi": true, "hello": true, "hey": true, "thanks": true, "thank": true, "know": true, "main": true,
	"point": true, "points": true, "mean": true, "means": true, "called": true, "wait": true, "ok": true, "okay": true,
}

// analyse turns a member's text into a question.
func (ix *Index) analyse(text string) question {
	text = ix.standardSpelling(cleanQuestion(text))
	q := question{text: text, kind: questionKind(text)}
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
		if fillerWords[surface] || ix.isStrayLetter(surface, tk.Term) || len(q.words) == maxQueryWords {
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

// chatNoise matches what chat text carries that is not part of a question:
// Discord mentions (<@id>, <@!id>, <@&id>, <#id>, @everyone, @here), custom
// emoji (<:name:id>) and links.
var chatNoise = regexp.MustCompile(`<(?:@[!&]?|#|a?:\w+:)\d+>|@(?:everyone|here)\b|(?i:https?://|www\.)\S+`)

// cleanQuestion makes any text safe to analyse: valid UTF-8, no control
// characters, no chat noise, bounded length.
func cleanQuestion(q string) string {
	q = strings.ToValidUTF8(q, "\uFFFD")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	if strings.ContainsAny(q, "<@") || strings.Contains(q, "http") || strings.Contains(q, "www.") {
		q = chatNoise.ReplaceAllString(q, " ")
	}
	q = strings.TrimSpace(q)
	if len(q) > maxQuestionBytes {
		cut := maxQuestionBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	return q
}

// chatSpellings are chat's spellings of English words, written as the
// words they stand for: apostrophes left out ("whats", "dont"), letters
// left out ("ppl", "govt") and abbreviations ("rn", "idk"). Unchanged, a
// spelling that is no English word weighs as a rare name the article lacks;
// "" drops one that says nothing about the topic ("tbh").
var chatSpellings = map[string]string{
	"whats": "what's", "thats": "that's", "hows": "how's", "whos": "who's", "wheres": "where's",
	"theres": "there's", "heres": "here's", "whens": "when", "whys": "why", "dont": "don't",
	"doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
	"werent": "weren't", "cant": "can't", "wouldnt": "wouldn't", "shouldnt": "shouldn't",
	"couldnt": "couldn't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "im": "I'm",
	"ive": "I've", "youre": "you're", "theyre": "they're", "u": "you", "ur": "your", "r": "are",
	"pls": "please", "plz": "please", "thx": "thanks", "ty": "thank you", "ppl": "people",
	"rn": "right now", "bc": "because", "cuz": "because", "coz": "because", "tho": "though",
	"thru": "through", "govt": "government", "abt": "about", "smth": "something", "sth": "something",
	"wat": "what", "wut": "what", "shud": "should", "cud": "could", "wud": "would", "gonna": "going to",
	"wanna": "want to", "gotta": "got to", "kinda": "kind of", "sorta": "sort of", "dunno": "don't know",
	"idk": "I don't know", "tbh": "", "imo": "", "imho": "", "btw": "", "lol": "",
	"approx": "approximately", "esp": "especially", "diff": "difference", "info": "information",
}

// standardSpelling writes the chat spellings of a question as the words
// they stand for, except a spelling the article itself uses as a word ("RN"
// in an article on nursing).
func (ix *Index) standardSpelling(q string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(q); {
		if !isKindLetter(q[i]) || q[i] == '\'' {
			i++
			continue
		}
		j := i
		for j < len(q) && isKindLetter(q[j]) && q[j] != '\'' {
			j++
		}
		if to, ok := chatSpellings[strings.ToLower(q[i:j])]; ok && wholeWord(q, i, j) && !ix.usesWord(q[i:j]) {
			if b.Len() == 0 {
				b.Grow(len(q) + 16)
			}
			b.WriteString(q[last:i])
			b.WriteString(to)
			last = j
		}
		i = j
	}
	if last == 0 {
		return q
	}
	b.WriteString(q[last:])
	return b.String()
}

// wholeWord reports whether q[i:j], a run of ASCII letters, is a word of
// its own: not part of a longer one with digits or letters of another
// script, nor joined to one by an apostrophe ("don't" is already spelt) or
// a full stop ("U.S.").
func wholeWord(q string, i, j int) bool {
	joins := func(k, beyond int) bool { // q[k] next to the run; q[beyond] past it
		c := q[k]
		switch {
		case c >= utf8.RuneSelf || c >= '0' && c <= '9' || c == '\'':
			return true
		case c == '.':
			return beyond >= 0 && beyond < len(q) && isKindLetter(q[beyond])
		}
		return false
	}
	return (i == 0 || !joins(i-1, i-2)) && (j == len(q) || !joins(j, j+1))
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
