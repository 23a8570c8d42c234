package english

import (
	"cmp"
	_ "embed"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/snowballstem"
	porter2 "github.com/blevesearch/snowballstem/english"
)

// Meaning beyond the word: general-purpose English resources that relate
// words which are not forms of one another, embedded like the tables of
// tables.go and generated with them by ./internal/gen-english (see its doc
// comment):
//
//   - derivation.txt: "stem stem ..." a line, keyed by Snowball (Porter2)
//     stem, the stems of the words derivationally related to a word of that
//     stem ("safe" → "safeti", "safer"; "econom" → "economi"; "japan" →
//     "japanes"; "solar" → "sun"), from Princeton WordNet 3.0's derivation,
//     pertainym, participle and attribute pointers, plus regular
//     suffixations WordNet's definitions confirm and the comparatives of
//     adjectives. Symmetric, without self-links, commonest first.
//   - gloss.txt: "stem stem ... ~stem ..." a line, keyed by stem, the stems
//     of the content words of the definitions of the word's most frequent
//     WordNet senses ("mar" for Mars → "small", "red", "planet", "sun", …)
//     and, after "~", the words one step broader than those senses
//     ("~deiti").
//
// Compound words need no table: CompoundSplits and CompoundJoin read the
// frequency table and WordNet's parts of speech and collocations.

//go:embed derivation.txt
var derivationTable string

//go:embed gloss.txt
var glossTable string

// The bounds of the lexicon tables' entries, as ./internal/gen-english
// writes them.
const (
	maxDerivedForms = 16 // stems a derivation.txt line lists
	maxGlossStems   = 12 // defining stems a gloss.txt line lists
	maxBroaderStems = 4  // and broader ones
)

var (
	derivationsTable = sync.OnceValue(func() *table { return newTable(derivationTable) })
	glossesTable     = sync.OnceValue(func() *table { return newTable(glossTable) })
	stopWords        = sync.OnceValue(func() map[string]bool {
		stop := map[string]bool{}
		for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
			line, _, _ = strings.Cut(line, "|")
			if f := strings.Fields(line); len(f) > 0 {
				stop[f[0]] = true
			}
		}
		return stop
	})
)

// StopWords returns the English stop words the index's analyzer removes
// (bleve's stop_en list, "word | comment" a line). The map is shared: not to
// be modified.
func StopWords() map[string]bool { return stopWords() }

// DerivedForms returns the stems of the words derivationally related to the
// words of a stem, commonest first: the noun of an adjective ("safe" →
// "safeti"; "deep" → "depth"), the agent of a verb ("farm" → "farmer"),
// the country of a nationality ("japanes" → "japan"), the noun an
// adjective pertains to ("solar" → "sun"), the comparative of an adjective
// ("safe" → "safer") and the reverse of each. The stems are the index
// analyzer's; forms that share a stem ("pollute", "pollution") are not
// listed. The slice is the caller's.
func DerivedForms(stem string) []string {
	rest, ok := derivationsTable().lookup(stem)
	if !ok {
		return nil
	}
	return strings.Fields(rest)
}

// GlossStems returns the stems of the content words of the definitions of
// the most frequent WordNet senses of the words of a stem ("mar", the stem
// of "Mars" → "small", "red", "planet", "sun", …; "espresso" → "strong",
// "black", "coffe", …): evidence that a question describing a thing ("the
// red planet") asks about a word it does not use. Function words, words
// commoner than Zipf 5.5 and words of defining ("especially", "used") are
// left out. The slice is the caller's.
func GlossStems(stem string) []string { return glossFields(stem, false) }

// BroaderStems returns the stems of the words one step broader than the
// senses GlossStems reads (the first word of each hypernym synset: "japan"
// → "archipelago", "countri"; "mar" → "deiti", for the god), bar those
// GlossStems gives already. A question on a broader word is near the topic
// more often than on it, so they deserve less weight than GlossStems. The
// slice is the caller's.
func BroaderStems(stem string) []string { return glossFields(stem, true) }

// GlossIndex maps each stem of the definitions of a vocabulary's stems
// (GlossStems) to those stems, in the vocabulary's order.
func GlossIndex(stems []string) map[string][]string {
	out := map[string][]string{}
	for _, s := range stems {
		for _, g := range GlossStems(s) {
			out[g] = append(out[g], s)
		}
	}
	return out
}

// glossFields returns the fields of the gloss line of stem that are marked
// broader ("~") or, when broader is false, those that are not.
func glossFields(stem string, broader bool) []string {
	rest, ok := glossesTable().lookup(stem)
	if !ok {
		return nil
	}
	var out []string
	for rest != "" {
		var f string
		f, rest, _ = strings.Cut(rest, " ")
		if b, ok := strings.CutPrefix(f, "~"); ok == broader && f != "" {
			out = append(out, b)
		}
	}
	return out
}

const (
	// minCompoundPart is the shortest part of a compound but for
	// electronicPrefix: "ebook" is no "e" + "book" but electronic + book.
	minCompoundPart = 3
	// minCompoundPartZipf: both parts are common English words.
	minCompoundPartZipf = 3.0
	// maxCompoundZipf: a word this common that WordNet does not list is a
	// word of its own ("cannot"), not a compound to split.
	maxCompoundZipf = 4.0
	// maxCompoundSplits bounds the splits of one word, and a split is given
	// beside the best only when its rarer part is at most maxSplitZipfGap
	// rarer than the best's ("bikeshare" is bike + share, not bikes + hare).
	maxCompoundSplits = 2
	maxSplitZipfGap   = 0.5
	// electronicPrefix is the "e" of "e-book" and "e-commerce".
	electronicPrefix = "e"
	electronicWord   = "electronic"
	// electronicZipf ranks the "electronic" split of an "e" word first.
	electronicZipf = 10.0
)

// CompoundSplits returns the ways a closed compound splits into two common
// English words, best first ("smartphone" → smart + phone; "carsharing" →
// car + sharing; "heatwaves" → heat + waves): each part of at least three
// letters, a word WordNet lists (in any form) and at least as common as Zipf
// 3, not a stop word; the best split is the one whose rarer part is
// commonest. A word WordNet lists itself splits only as the collocation
// WordNet also lists ("rainforest" → rain + forest, for "rain forest";
// "email" → electronic + mail), so "carpet" and "season" stay whole, and a
// common word WordNet lacks ("cannot") stays whole too. "e" before a noun
// is "electronic" ("ebook" → electronic + book). The word is lower case, as
// typed; the parts are words, not stems.
func CompoundSplits(word string) [][2]string {
	if len(word) < len(electronicPrefix)+minCompoundPart || !IsLowerASCII(word) {
		return nil
	}
	_, wordNet := partsOfSpeech().lookup(word)
	if z, ok := Zipf(word); ok && z >= maxCompoundZipf && !wordNet {
		return nil
	}
	type split struct {
		parts  [2]string
		rarest float64 // the Zipf frequency of the rarer part
	}
	var splits []split
	// knownSplit: a word WordNet lists splits only into the collocation
	// WordNet lists beside it.
	knownSplit := func(a, b string) bool {
		if !wordNet {
			return true
		}
		_, ok := thesaurus().lookup(Stem(a) + "_" + Stem(b))
		return ok
	}
	if rest, ok := strings.CutPrefix(word, electronicPrefix); ok && len(rest) >= minCompoundPart && PartOfSpeech(rest) == 'n' && commonPart(rest) && knownSplit(electronicWord, rest) {
		splits = append(splits, split{[2]string{electronicWord, rest}, electronicZipf})
	}
	for i := minCompoundPart; i <= len(word)-minCompoundPart; i++ {
		a, b := word[:i], word[i:]
		if !commonPart(a) || !commonPart(b) || !knownSplit(a, b) {
			continue
		}
		za, _ := Zipf(a)
		zb, _ := Zipf(b)
		splits = append(splits, split{[2]string{a, b}, min(za, zb)})
	}
	slices.SortStableFunc(splits, func(x, y split) int { return cmp.Compare(y.rarest, x.rarest) })
	var out [][2]string
	for i := 0; i < len(splits) && i < maxCompoundSplits && splits[i].rarest >= splits[0].rarest-maxSplitZipfGap; i++ {
		out = append(out, splits[i].parts)
	}
	return out
}

// CompoundJoin returns the closed compound that two adjacent words of a
// question make, when CompoundSplits would split it back into them: "car"
// "sharing" → "carsharing", "rain" "forest" → "rainforest", "electronic"
// "book" → "ebook". The "e" of a hyphenated "e-book", which the analyzer's
// tokenizer cuts off, joins too: "e" "book" → "ebook". The words are
// lower case, as typed; whether the compound is in the article is the
// caller's to check.
func CompoundJoin(first, second string) (string, bool) {
	var cands []string
	if first == electronicWord || first == electronicPrefix {
		cands = append(cands, electronicPrefix+second)
	}
	if first != electronicPrefix {
		cands = append(cands, first+second)
	}
	for _, w := range cands {
		for _, s := range CompoundSplits(w) {
			if s == [2]string{first, second} || first == electronicPrefix && s == [2]string{electronicWord, second} {
				return w, true
			}
		}
	}
	return "", false
}

// commonPart reports whether a word may be part of a compound: a common
// word WordNet lists (in any of its forms), not a stop word.
func commonPart(w string) bool {
	z, ok := Zipf(w)
	return ok && z >= minCompoundPartZipf && PartOfSpeech(w) != 0 && !StopWords()[w]
}

// Stem returns a word's Snowball (Porter2) stem, as the index's
// analyzer computes it.
func Stem(w string) string {
	env := snowballstem.NewEnv(w)
	porter2.Stem(env)
	return env.Current()
}

func IsLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// spellingSwaps are the regular differences between British and American
// spelling, as suffixes: a word ending in one is also written with the
// other ("labour" and "labor", "centre" and "center", "organise" and
// "organize", "travelled" and "traveled").
var spellingSwaps = [][2]string{
	{"our", "or"}, {"ours", "ors"}, {"oured", "ored"}, {"ouring", "oring"},
	{"tre", "ter"}, {"tres", "ters"},
	{"ise", "ize"}, {"ised", "ized"}, {"ises", "izes"}, {"ising", "izing"}, {"isation", "ization"}, {"isations", "izations"},
	{"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"},
	{"ence", "ense"}, {"ogue", "og"}, {"ogues", "ogs"},
	{"lled", "led"}, {"lling", "ling"}, {"ller", "ler"}, {"llers", "lers"},
}

// minSpellingStem is the least length of what precedes a swapped suffix:
// short words ("four", "tour") are not spelling variants.
const minSpellingStem = 3

// SpellingVariants returns the other spellings of a lower-case word, British
// for American and American for British, that are English words.
func SpellingVariants(word string) []string {
	var out []string
	for _, sw := range spellingSwaps {
		for _, dir := range [2][2]string{sw, {sw[1], sw[0]}} {
			base, ok := strings.CutSuffix(word, dir[0])
			if !ok || len(base) < minSpellingStem {
				continue
			}
			if v := base + dir[1]; IsWord(v) && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}
