package main

import (
	"sort"
	"strings"
)

const (
	// minDerivationZipf: derivation.txt links only words seen in the word
	// counts (both ends), rare ones included: an article's terms often are
	// ("Andean" and "Andes"; at 2.0, held out, the study articles'
	// takeaway and answered figures were a little lower).
	minDerivationZipf = 0.5
	maxDerivations    = 16
)

// derivations returns, for each Snowball stem, the stems of the words
// derivationally related to a word with that stem ("safe" → "safeti",
// "economi" → "econom"), symmetric and without the stem itself. The links
// come from WordNet:
//
//   - its lexical derivation ("+"), pertainym ("\") and participle ("<")
//     pointers between two specific words ("electric" → "electricity",
//     "solar" → "sun", "farm" → "farmer");
//   - a word that shares the synset of such a derivation's target and that
//     is written like the source ("deep" → "deepness", whose synset has
//     "depth"; "succeed" → "succeeder", whose synset has "success");
//   - the attribute ("=") pointers between an adjective and the noun it
//     measures, again only between words written alike ("long" → "length");
//   - a word and the word a regular derivational suffix makes of it, when
//     a definition of the latter uses the former ("safe" → "safety": "a
//     safe place"), which WordNet does not link (see suffixDerivations);
//
// and from the comparative and superlative forms of adjectives ("safer",
// "safest"), which the stemmer leaves as they are: each is linked to its
// adjective and to everything the adjective is linked to ("safer" →
// "safe", "safeti"). Irregular ones are read from adj.exc ("better" →
// "good").
func derivations(wn *wordNet, freq map[string]int, adjExc [][2]string) map[string][]string {
	eligible := func(w string) bool { return alphabetic(w) && zipfOf(freq, w) >= minDerivationZipf }
	stemZipf := map[string]float64{} // the most common word of each stem
	links := map[string]map[string]bool{}
	linkStems := func(sa, sb string) {
		if sa == sb {
			return
		}
		if links[sa] == nil {
			links[sa] = map[string]bool{}
		}
		if links[sb] == nil {
			links[sb] = map[string]bool{}
		}
		links[sa][sb], links[sb][sa] = true, true
	}
	link := func(a, b string) {
		if !eligible(a) || !eligible(b) {
			return
		}
		sa, sb := stem(a), stem(b)
		stemZipf[sa] = max(stemZipf[sa], zipfOf(freq, a))
		stemZipf[sb] = max(stemZipf[sb], zipfOf(freq, b))
		linkStems(sa, sb)
	}
	for _, s := range sortedSynsets(wn) {
		for _, p := range s.ptrs {
			t := wn.synsets[p.to]
			if t == nil {
				continue
			}
			switch p.sym {
			case "+", "\\", "<":
				if p.src == 0 || p.dst == 0 || p.src > len(s.words) || p.dst > len(t.words) {
					continue
				}
				a, b := s.lemma(p.src-1), t.lemma(p.dst-1)
				link(a, b)
				if p.sym == "\\" {
					continue // a pertainym's synset mates are its synonyms, not its forms
				}
				for i := range t.words {
					if c := t.lemma(i); c != b && writtenAlike(a, c) {
						link(a, c)
					}
				}
			case "=":
				for i := range s.words {
					for j := range t.words {
						if a, c := s.lemma(i), t.lemma(j); writtenAlike(a, c) {
							link(a, c)
						}
					}
				}
			}
		}
	}
	for _, pair := range suffixDerivations(wn, freq) {
		link(pair[0], pair[1])
	}
	// Comparatives and superlatives: linked to the adjective and to what
	// it is linked to.
	for _, fb := range append(comparatives(wn, freq), adjExc...) {
		form, base := fb[0], fb[1]
		if !eligible(form) || !eligible(base) {
			continue
		}
		sf, sb := stem(form), stem(base)
		related := []string{sb}
		for s := range links[sb] {
			related = append(related, s)
		}
		stemZipf[sf] = max(stemZipf[sf], zipfOf(freq, form))
		stemZipf[sb] = max(stemZipf[sb], zipfOf(freq, base))
		for _, r := range related {
			linkStems(sf, r)
		}
	}
	out := map[string][]string{}
	for s, set := range links {
		list := make([]string, 0, len(set))
		for r := range set {
			list = append(list, r)
		}
		sort.Slice(list, func(i, j int) bool {
			if stemZipf[list[i]] != stemZipf[list[j]] {
				return stemZipf[list[i]] > stemZipf[list[j]]
			}
			return list[i] < list[j]
		})
		out[s] = list
	}
	return out
}

// writtenAlike reports whether two words look like forms of one word: a
// long shared beginning ("succeed", "success"; "judgement", "judgment"),
// the shorter one, less a final "e" or "y", starting the longer ("safe",
// "safety"; "true", "truth"), or the consonants of the longer being those
// of the shorter and a "th" or "t" ending ("deep", "depth"; "long",
// "length"; "high", "height").
func writtenAlike(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 3 || a[0] != b[0] || !alphabetic(a) || !alphabetic(b) {
		return false
	}
	p := 0
	for p < len(a) && a[p] == b[p] {
		p++
	}
	if p >= 4 && p >= len(a)-2 {
		return true
	}
	if root := strings.TrimRight(a, "ey"); len(root) >= 3 && strings.HasPrefix(b, root) {
		return true
	}
	ca, cb := consonants(a), consonants(b)
	return len(ca) >= 2 && (strings.HasSuffix(b, "th") && cb == ca+"th" || strings.HasSuffix(b, "t") && cb == ca+"t")
}

// consonants returns the letters of w other than vowels and "y".
func consonants(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		if !strings.ContainsRune("aeiouy", rune(w[i])) {
			b.WriteByte(w[i])
		}
	}
	return b.String()
}

// comparatives returns the regular comparative and superlative forms
// ("safer", "safest", "happier", "bigger") of WordNet's adjectives that
// occur in the word counts, each with its adjective. A form that WordNet
// lists as a tagged noun, verb or adverb of its own ("number", "tower")
// is not taken for one.
func comparatives(wn *wordNet, freq map[string]int) [][2]string {
	var out [][2]string
	adjs := make([]string, 0, len(wn.senses['a']))
	for a := range wn.senses['a'] {
		adjs = append(adjs, a)
	}
	sort.Strings(adjs)
	for _, a := range adjs {
		if !alphabetic(a) || len(a) < 3 || wn.usualPOS(a) != 'a' {
			continue
		}
		var stems []string
		switch last := a[len(a)-1]; {
		case last == 'e':
			stems = []string{a}
		case last == 'y':
			stems = []string{a[:len(a)-1] + "i"}
		default:
			stems = []string{a, a + string(last)}
		}
		for _, s := range stems {
			for _, suf := range []string{"er", "est"} {
				form := s + suf
				if last := a[len(a)-1]; last == 'e' {
					form = s + suf[1:]
				}
				if freq[form] == 0 || ownWord(wn, form) {
					continue
				}
				out = append(out, [2]string{form, a})
			}
		}
	}
	return out
}

// ownWord reports whether WordNet lists w with tagged senses as a noun,
// verb or adverb: a word of its own rather than an adjective's form.
func ownWord(wn *wordNet, w string) bool {
	for _, p := range []byte("nvr") {
		if ls, ok := wn.senses[p][w]; ok && ls.tagged > 0 {
			return true
		}
	}
	return false
}

func sortedSynsets(wn *wordNet) []*synset {
	out := make([]*synset, 0, len(wn.synsets))
	for _, s := range wn.synsets {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].id.pos != out[j].id.pos {
			return out[i].id.pos < out[j].id.pos
		}
		return out[i].id.off < out[j].id.off
	})
	return out
}

// derivationalSuffixes are English suffixes that make a word from another
// with a meaning of its own ("safe" → "safety", "kind" → "kindness"), each
// with the part of speech of the words it makes.
var derivationalSuffixes = []struct {
	suffix string
	pos    byte
}{
	{"ty", 'n'}, {"ity", 'n'}, {"ness", 'n'}, {"ment", 'n'}, {"ion", 'n'}, {"ation", 'n'}, {"ition", 'n'},
	{"ance", 'n'}, {"ence", 'n'}, {"ancy", 'n'}, {"ency", 'n'}, {"ship", 'n'}, {"hood", 'n'}, {"dom", 'n'},
	{"ism", 'n'}, {"th", 'n'}, {"ure", 'n'}, {"age", 'n'}, {"ery", 'n'}, {"ry", 'n'},
	{"er", 'n'}, {"or", 'n'}, {"ist", 'n'}, {"ian", 'n'}, {"an", 'n'}, {"ant", 'n'}, {"ent", 'n'},
	{"al", 'a'}, {"ial", 'a'}, {"ic", 'a'}, {"ical", 'a'}, {"ous", 'a'}, {"ful", 'a'}, {"ive", 'a'},
	{"ative", 'a'}, {"able", 'a'}, {"ible", 'a'}, {"ish", 'a'}, {"y", 'a'}, {"ese", 'a'}, {"ant", 'a'},
	{"ent", 'a'}, {"ian", 'a'}, {"an", 'a'}, {"ly", 'r'}, {"ly", 'a'},
	{"ize", 'v'}, {"ise", 'v'}, {"ify", 'v'},
}

// suffixDerivations returns the pairs of WordNet words (a, b) where b is a
// with a derivational suffix, spelt by the English rules ("safety": "safe"
// + "ty"; "happiness": "happy" + "ness"; "bigness": "big" + "ness";
// "famous": "fame" + "ous"), usually used as the part of speech the suffix
// makes, and one of the first definitions of b uses a ("safety": "a safe
// place"; "kindness": "the quality of being kind"). The definition tells a
// derivation from a word that only looks like one ("casualty" is not
// "casual" + "ty").
func suffixDerivations(wn *wordNet, freq map[string]int) [][2]string {
	lemmas := map[string]bool{}
	for _, m := range wn.senses {
		for l := range m {
			if alphabetic(l) && zipfOf(freq, l) >= minDerivationZipf {
				lemmas[l] = true
			}
		}
	}
	sorted := make([]string, 0, len(lemmas))
	for l := range lemmas {
		sorted = append(sorted, l)
	}
	sort.Strings(sorted)
	var out [][2]string
	for _, a := range sorted {
		if len(a) < 3 {
			continue
		}
		seen := map[string]bool{}
		for _, ds := range derivationalSuffixes {
			b := withSuffix(a, ds.suffix)
			if seen[b] || !lemmas[b] || stem(a) == stem(b) || wn.usualPOS(b) != ds.pos {
				continue
			}
			seen[b] = true
			if definedBy(wn, b, a) {
				out = append(out, [2]string{a, b})
			}
		}
	}
	return out
}

// withSuffix spells word with a suffix by the English rules: a final silent
// "e" drops before a vowel ("fame" + "ous" → "famous"), a final "y" after a
// consonant becomes "i" except before "i" ("happy" + "ness" →
// "happiness"), and a final consonant after a single vowel doubles before
// a vowel ("big" + "est" → "biggest").
func withSuffix(word, suffix string) string {
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	n := len(word)
	last, first := word[n-1], suffix[0]
	switch {
	case last == 'e' && vowel(first):
		return word[:n-1] + suffix
	case last == 'y' && n >= 2 && !vowel(word[n-2]) && first != 'i':
		return word[:n-1] + "i" + suffix
	case vowel(first) && n >= 3 && !vowel(last) && strings.IndexByte("wxy", last) < 0 && vowel(word[n-2]) && !vowel(word[n-3]):
		return word + string(last) + suffix
	}
	return word + suffix
}

// definedBy reports whether the definition of one of the first senses of
// word (any part of speech) uses the word by (or its plural).
func definedBy(wn *wordNet, word, by string) bool {
	for _, p := range []byte("nvar") {
		ls := wn.senses[p][word]
		for i, id := range ls.synsets {
			if i == definingSenses {
				break
			}
			s := wn.synsets[id]
			if s == nil {
				continue
			}
			for _, w := range glossWords(s.gloss) {
				if w == by || w == by+"s" || w == by+"es" {
					return true
				}
			}
		}
	}
	return false
}

// definingSenses is how many of a word's first senses definedBy reads.
const definingSenses = 2

// glossWords returns the lower-case alphabetic words of a gloss's
// definitions, without its quoted examples ("a safe place; \"he ran to
// safety\"" → a, safe, place).
func glossWords(gloss string) []string {
	var out []string
	for _, part := range strings.Split(gloss, ";") {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "\"") {
			continue
		}
		out = append(out, strings.FieldsFunc(strings.ToLower(part), func(r rune) bool { return r < 'a' || r > 'z' })...)
	}
	return out
}
