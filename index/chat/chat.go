// Package chat reads text as members type it in a chat: it cleans a
// message of what chat carries besides a question (mentions, custom emoji,
// links, control characters) and bounds its length (Clean), writes chat's
// spellings as the words they stand for ("whats", "ppl", "rn";
// StandardSpelling), tells the words of asking from the words of a topic
// (IsFiller) and finds the kind of answer a question asks for from its
// question words (KindOf). It knows no article: where the article matters
// (a spelling it uses as a word) the caller says.
package chat

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionBytes bounds the text analysed for one question; a longer
// question is answered on its beginning.
const MaxQuestionBytes = 2000

// chatNoise matches what chat text carries that is not part of a question:
// Discord mentions (<@id>, <@!id>, <@&id>, <#id>, @everyone, @here), custom
// emoji (<:name:id>) and links.
var chatNoise = regexp.MustCompile(`<(?:@[!&]?|#|a?:\w+:)\d+>|@(?:everyone|here)\b|(?i:https?://|www\.)\S+`)

// Clean makes any text safe to analyse: valid UTF-8, no control
// characters, no chat noise, bounded length (MaxQuestionBytes).
func Clean(q string) string {
	q = strings.ToValidUTF8(q, "\uFFFD")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	if strings.ContainsAny(q, "<@") || strings.Contains(q, "://") || hasWWW(q) {
		q = chatNoise.ReplaceAllString(q, " ")
	}
	q = strings.TrimSpace(q)
	if len(q) > MaxQuestionBytes {
		cut := MaxQuestionBytes
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

// StandardSpelling writes the chat spellings of a question as the words
// they stand for, except a spelling the article itself uses as a word ("RN"
// in an article on nursing): articleWord reports whether the article has a
// word as a term of its own, and is asked only about chat spellings. A
// question without chat spellings is returned as it is.
func StandardSpelling(q string, articleWord func(string) bool) string {
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
		if to, ok := chatSpellings[strings.ToLower(q[i:j])]; ok && wholeWord(q, i, j) && !articleWord(q[i:j]) {
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

// IsFiller reports whether a word (lower case, as typed) is a word of
// asking rather than of topic ("What does the article say about …"): such
// words are not searched and not weighed.
func IsFiller(w string) bool { return fillerWords[w] }

// hasWWW reports whether q holds "www." in any case, without allocating.
func hasWWW(q string) bool {
	for i := 0; i+4 <= len(q); i++ {
		if q[i]|0x20 == 'w' && q[i+1]|0x20 == 'w' && q[i+2]|0x20 == 'w' && q[i+3] == '.' {
			return true
		}
	}
	return false
}
