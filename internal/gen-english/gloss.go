package main

import (
	"sort"
	"strings"

	"github.com/articlebot/articlebot/index/english"
)

const (
	glossSenses      = 2   // first senses of a word whose definitions count
	maxGlossStems    = 12  // content stems of definitions per entry
	maxSenseStems    = 5   // of which from one sense
	maxHypernymStems = 4   // broader words per entry
	maxGlossZipf     = 5.5 // commoner words say nothing about a meaning
	minGlossWordLen  = 3
)

// glossStopWords are words of WordNet's definitions that say how a thing is
// defined rather than what it is ("a person who …", "especially …", "any of
// various …", "genus of …").
var glossStopWords = map[string]bool{
	"act": true, "activity": true, "acts": true, "amount": true, "any": true, "become": true,
	"becomes": true, "becoming": true, "belonging": true, "capable": true, "cause": true,
	"caused": true, "causes": true, "certain": true, "characteristic": true, "characterized": true,
	"chiefly": true, "commonly": true, "consisting": true, "containing": true, "degree": true,
	"especially": true, "etc": true, "family": true, "follow": true, "following": true,
	"follows": true, "form": true, "former": true, "formerly": true, "forms": true, "genus": true,
	"given": true, "group": true, "having": true, "instance": true, "involving": true, "kind": true,
	"kinds": true, "made": true, "mainly": true, "make": true, "making": true, "manner": true,
	"marked": true, "means": true, "member": true, "members": true, "occur": true, "occurring": true,
	"occurs": true, "often": true, "one": true, "ones": true, "order": true, "other": true,
	"others": true, "part": true, "particular": true, "parts": true, "person": true, "persons": true,
	"pertaining": true, "provide": true, "provides": true, "providing": true, "purpose": true,
	"quality": true, "related": true, "relating": true, "relation": true, "relations": true,
	"relatively": true, "resembling": true, "result": true, "resulting": true, "results": true,
	"serving": true, "several": true, "someone": true, "something": true, "sometimes": true,
	"specific": true, "specifically": true, "specified": true, "state": true, "states": true,
	"term": true, "terms": true, "type": true, "types": true, "typical": true, "typically": true,
	"unit": true, "units": true, "used": true, "uses": true, "using": true, "usually": true,
	"various": true, "way": true, "whose": true,
}

// glosses returns, for each Snowball stem of a single WordNet word in the
// word counts (commoner words than maxGlossZipf excepted), the stems of the
// content words of the definitions of the word's first senses ("mar" for
// Mars → "small", "red", "planet", "sun", …) and, each with a leading "~",
// the broader words of those senses (the first word of each hypernym
// synset, for a collocation its last word: "terrestrial planet" →
// "planet"). The senses are the first
// glossSenses of the word's usual part of speech, or of the next one when
// it has only one. Words of one stem are read commonest first.
func glosses(wn *wordNet, freq map[string]int) map[string][]string {
	g := glossFilter{wn, freq, english.StopWords()}
	byStem := map[string][]string{}
	for _, m := range wn.senses {
		for l := range m {
			if !alphabetic(l) || freq[l] < minCount || zipfOf(freq, l) >= maxGlossZipf {
				continue
			}
			s := stem(l)
			if !contains(byStem[s], l) {
				byStem[s] = append(byStem[s], l)
			}
		}
	}
	out := map[string][]string{}
	for s, lemmas := range byStem {
		sort.Slice(lemmas, func(i, j int) bool {
			if freq[lemmas[i]] != freq[lemmas[j]] {
				return freq[lemmas[i]] > freq[lemmas[j]]
			}
			return lemmas[i] < lemmas[j]
		})
		var words, broader []string
		add := func(list *[]string, w string, limit int) bool {
			if len(*list) >= limit || w == s || contains(*list, w) {
				return false
			}
			*list = append(*list, w)
			return true
		}
		for _, l := range lemmas {
			for _, syn := range glossSynsets(wn, l) {
				n := 0
				for _, w := range glossWords(syn.gloss) {
					if c, ok := g.content(w); ok && n < maxSenseStems && add(&words, c, maxGlossStems) {
						n++
					}
				}
				for _, p := range syn.ptrs {
					if p.sym != "@" && p.sym != "@i" {
						continue
					}
					if t := wn.synsets[p.to]; t != nil && len(t.words) > 0 {
						parts := strings.Split(t.lemma(0), "_")
						if h := parts[len(parts)-1]; g.isContent(h) {
							add(&broader, stem(h), maxHypernymStems)
						}
					}
				}
			}
		}
		list := words
		for _, b := range broader {
			if !contains(words, b) {
				list = append(list, "~"+b)
			}
		}
		if len(list) > 0 {
			out[s] = list
		}
	}
	return out
}

// glossSynsets returns the synsets whose definitions describe lemma: its
// glossSenses most often tagged senses in WordNet's corpus, of any part of
// speech; senses never tagged follow in the order of lemma's usual part of
// speech, then the others.
func glossSynsets(wn *wordNet, lemma string) []*synset {
	first := wn.usualPOS(lemma)
	order := []byte{first}
	for _, p := range []byte("nvar") {
		if p != first {
			order = append(order, p)
		}
	}
	type sense struct {
		s     *synset
		count int
	}
	var senses []sense
	for _, p := range order {
		for _, id := range wn.senses[p][lemma].synsets {
			if s := wn.synsets[id]; s != nil {
				senses = append(senses, sense{s, wn.tagCount(lemma, s)})
			}
		}
	}
	sort.SliceStable(senses, func(i, j int) bool { return senses[i].count > senses[j].count })
	var out []*synset
	for i := 0; i < len(senses) && i < glossSenses; i++ {
		out = append(out, senses[i].s)
	}
	return out
}

// glossFilter tells the content words of definitions.
type glossFilter struct {
	wn   *wordNet
	freq map[string]int
	stop map[string]bool // the index analyzer's stop words
}

// content returns the stem of a word of a definition when it is a content
// word (isContent). An adjective in "-ish" stands for its adjective
// ("reddish" → "red").
func (g glossFilter) content(w string) (string, bool) {
	if !g.isContent(w) {
		return "", false
	}
	if base, ok := ishBase(g.wn, g.freq, w); ok {
		w = base
	}
	return stem(w), true
}

// isContent reports whether a word of a definition is a content word people
// type: known to the word counts, rarer than maxGlossZipf, of
// minGlossWordLen letters or more, neither a stop word of the index's
// analyzer nor a word of defining.
func (g glossFilter) isContent(w string) bool {
	return len(w) >= minGlossWordLen && alphabetic(w) && !glossStopWords[w] && !g.stop[w] &&
		g.freq[w] >= minCount && zipfOf(g.freq, w) < maxGlossZipf
}

// ishBase returns the adjective an adjective in "-ish" is made from
// ("reddish" → "red", "bluish" → "blue", "smallish" → "small"); both must
// be adjectives in WordNet, the "-ish" word usually ("finish", "punish",
// "Spanish" are not).
func ishBase(wn *wordNet, freq map[string]int, w string) (string, bool) {
	b, ok := strings.CutSuffix(w, "ish")
	if !ok || len(b) < 2 || wn.usualPOS(w) != 'a' {
		return "", false
	}
	cands := []string{b, b + "e"}
	if n := len(b); n >= 3 && b[n-1] == b[n-2] {
		cands = append(cands, b[:n-1])
	}
	for _, c := range cands {
		if _, adj := wn.senses['a'][c]; adj && freq[c] >= minCount {
			return c, true
		}
	}
	return "", false
}
