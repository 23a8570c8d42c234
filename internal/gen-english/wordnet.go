package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// wordNet is Princeton WordNet 3.0 read whole into memory: every synset of
// the four data files and, for each lemma, its senses in frequency order.
type wordNet struct {
	synsets map[synsetID]*synset
	// senses maps a part of speech ('n', 'v', 'a', 'r') and a lower-case
	// lemma ("_" between the words of a collocation) to its synsets, most
	// frequent sense first, as index.POS lists them.
	senses map[byte]map[string]lemmaSenses
	// tagCounts holds how often each sense was tagged in WordNet's
	// semantic concordance (cntlist.rev).
	tagCounts map[senseKey]int
}

// senseKey names a sense of a lemma as WordNet's sense keys do (without
// a satellite's head word): lemma, part of speech, lexicographer file and
// lexical id.
type senseKey struct {
	lemma   string
	pos     byte
	lexFile int
	lexID   int
}

// lemmaSenses is a lemma's entry in index.POS.
type lemmaSenses struct {
	synsets []synsetID
	tagged  int // how many of its senses are tagged in WordNet's corpus
}

// synsetID names a synset: its part of speech ('n', 'v', 'a', 'r'; satellite
// adjectives are 'a') and its byte offset in data.POS.
type synsetID struct {
	pos byte
	off int
}

type synset struct {
	id      synsetID
	lexFile int
	words   []string // as written ("Mars", "Red_Planet"), adjective markers removed
	lexIDs  []int
	ptrs    []pointer
	gloss   string
}

// pointer is a relation from a synset (or, when src > 0, from its word src,
// counted from 1) to another synset (or to its word dst).
type pointer struct {
	sym      string // "+", "\\", "@", "=", …
	to       synsetID
	src, dst int
}

// lemma returns word i (from 0) of the synset in lower case.
func (s *synset) lemma(i int) string { return strings.ToLower(s.words[i]) }

// proper reports whether word i is written with a capital: a name.
func (s *synset) proper(i int) bool {
	w := s.words[i]
	return w != "" && w[0] >= 'A' && w[0] <= 'Z'
}

// readAllWordNet reads the data and index files of the WordNet folder dir.
func readAllWordNet(dir string) (*wordNet, error) {
	wn := &wordNet{synsets: map[synsetID]*synset{}, senses: map[byte]map[string]lemmaSenses{}, tagCounts: map[senseKey]int{}}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		if err := wn.readData(filepath.Join(dir, "data."+pos)); err != nil {
			return nil, err
		}
		if err := wn.readIndex(filepath.Join(dir, "index."+pos), posLetter[pos][0]); err != nil {
			return nil, err
		}
	}
	if err := wn.readTagCounts(filepath.Join(dir, "cntlist.rev")); err != nil {
		return nil, err
	}
	return wn, nil
}

// readTagCounts reads cntlist.rev: "sense_key sense_number tag_cnt" a line,
// the sense key "lemma%ss_type:lex_filenum:lex_id:head_word:head_id".
func (wn *wordNet) readTagCounts(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read wordnet sense counts: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		lemma, rest, ok := strings.Cut(f[0], "%")
		k := strings.Split(rest, ":")
		if !ok || len(k) < 3 {
			continue
		}
		ssType, err1 := strconv.Atoi(k[0])
		lexFile, err2 := strconv.Atoi(k[1])
		lexID, err3 := strconv.Atoi(k[2])
		count, err4 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || ssType < 1 || ssType > 5 {
			continue
		}
		wn.tagCounts[senseKey{lemma, "nvara"[ssType-1], lexFile, lexID}] += count // 5: satellite adjective
	}
	return nil
}

// tagCount returns how often the sense of lemma that synset s stands for
// was tagged in WordNet's corpus.
func (wn *wordNet) tagCount(lemma string, s *synset) int {
	for i := range s.words {
		if s.lemma(i) == lemma {
			return wn.tagCounts[senseKey{lemma, s.id.pos, s.lexFile, s.lexIDs[i]}]
		}
	}
	return 0
}

func (wn *wordNet) readData(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read wordnet data: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue // licence header
		}
		s, err := parseSynset(line)
		if err != nil {
			return fmt.Errorf("parse %s: %w", filepath.Base(path), err)
		}
		wn.synsets[s.id] = s
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read wordnet data: %w", err)
	}
	return nil
}

// parseSynset parses one line of a data.POS file:
// "offset lexfile pos w_cnt word lex_id … p_cnt ptr… [frames] | gloss".
func parseSynset(line string) (*synset, error) {
	head, gloss, _ := strings.Cut(line, " | ")
	f := strings.Fields(head)
	if len(f) < 4 {
		return nil, fmt.Errorf("short synset line %q", line)
	}
	off, err := strconv.Atoi(f[0])
	if err != nil {
		return nil, fmt.Errorf("synset offset %q: %w", f[0], err)
	}
	lexFile, err := strconv.Atoi(f[1])
	if err != nil {
		return nil, fmt.Errorf("lexicographer file %q: %w", f[1], err)
	}
	s := &synset{id: synsetID{normPOS(f[2]), off}, lexFile: lexFile, gloss: strings.TrimSpace(gloss)}
	n, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil {
		return nil, fmt.Errorf("word count %q: %w", f[3], err)
	}
	k := 4
	for i := 0; i < int(n) && k+1 < len(f); i, k = i+1, k+2 {
		w := f[k]
		if j := strings.IndexByte(w, '('); j >= 0 {
			w = w[:j] // adjective markers such as (a)
		}
		id, err := strconv.ParseInt(f[k+1], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("lexical id %q: %w", f[k+1], err)
		}
		s.words = append(s.words, w)
		s.lexIDs = append(s.lexIDs, int(id))
	}
	if k >= len(f) {
		return s, nil
	}
	pc, err := strconv.Atoi(f[k])
	if err != nil {
		return nil, fmt.Errorf("pointer count %q: %w", f[k], err)
	}
	k++
	for i := 0; i < pc && k+3 < len(f); i, k = i+1, k+4 {
		to, err := strconv.Atoi(f[k+1])
		if err != nil {
			return nil, fmt.Errorf("pointer offset %q: %w", f[k+1], err)
		}
		st, err := strconv.ParseUint(f[k+3], 16, 16)
		if err != nil {
			return nil, fmt.Errorf("pointer source/target %q: %w", f[k+3], err)
		}
		s.ptrs = append(s.ptrs, pointer{sym: f[k], to: synsetID{normPOS(f[k+2]), to}, src: int(st >> 8), dst: int(st & 0xff)})
	}
	return s, nil
}

// normPOS maps a data file's part of speech to 'n', 'v', 'a' or 'r'
// (satellite adjectives "s" are adjectives).
func normPOS(p string) byte {
	if p == "s" {
		return 'a'
	}
	return p[0]
}

// indexEntry is a line of a WordNet index.POS file: a lemma, its number of
// senses, how many of them its corpus tags, and its synsets' offsets, most
// tagged first.
type indexEntry struct {
	lemma          string
	senses, tagged int
	offsets        []string
}

// parseIndexLine parses a line of index.POS ("lemma pos synset_cnt p_cnt
// [ptr_symbol...] sense_cnt tagsense_cnt synset_offset..."); ok is false for
// the licence header and malformed lines. offsets holds the offsets the
// line has, at most senses of them.
func parseIndexLine(line string) (e indexEntry, ok bool) {
	f := strings.Fields(line)
	if len(f) < 4 || strings.HasPrefix(line, " ") {
		return e, false
	}
	ptrs, err := strconv.Atoi(f[3])
	if err != nil || len(f) < 6+ptrs {
		return e, false
	}
	senses, err1 := strconv.Atoi(f[4+ptrs])
	tagged, err2 := strconv.Atoi(f[5+ptrs])
	if err1 != nil || err2 != nil || senses < 0 {
		return e, false
	}
	offsets := f[6+ptrs:]
	return indexEntry{lemma: f[0], senses: senses, tagged: tagged, offsets: offsets[:min(senses, len(offsets))]}, true
}

func (wn *wordNet) readIndex(path string, pos byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read wordnet index: %w", err)
	}
	m := map[string]lemmaSenses{}
	for _, line := range strings.Split(string(data), "\n") {
		e, ok := parseIndexLine(line)
		if !ok || len(e.offsets) < e.senses {
			continue
		}
		ls := lemmaSenses{tagged: e.tagged}
		for _, o := range e.offsets {
			off, err := strconv.Atoi(o)
			if err != nil {
				return fmt.Errorf("parse %s: sense offset %q: %w", filepath.Base(path), o, err)
			}
			ls.synsets = append(ls.synsets, synsetID{pos, off})
		}
		m[e.lemma] = ls
	}
	wn.senses[pos] = m
	return nil
}

// usualPOS returns the part of speech whose senses of lemma are most often
// tagged in WordNet's corpus, then the one with most senses, noun first on
// a tie, as pos.txt does; 0 when WordNet lacks the lemma.
func (wn *wordNet) usualPOS(lemma string) byte {
	best, bestTagged, bestSenses := byte(0), -1, -1
	for _, p := range []byte("nvar") {
		ls, ok := wn.senses[p][lemma]
		if ok && (ls.tagged > bestTagged || ls.tagged == bestTagged && len(ls.synsets) > bestSenses) {
			best, bestTagged, bestSenses = p, ls.tagged, len(ls.synsets)
		}
	}
	return best
}

// isLemma reports whether WordNet lists lemma under any part of speech.
func (wn *wordNet) isLemma(lemma string) bool {
	for _, m := range wn.senses {
		if _, ok := m[lemma]; ok {
			return true
		}
	}
	return false
}
