package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writeLexicon writes derivation.txt, gloss.txt and related.bin.
func writeLexicon(wordnetDir string, freq map[string]int, outDir string) error {
	wn, err := readAllWordNet(wordnetDir)
	if err != nil {
		return err
	}
	adjExc, err := readExceptions(filepath.Join(wordnetDir, "adj.exc"))
	if err != nil {
		return err
	}
	derived := derivations(wn, freq, adjExc)
	kept := map[string]map[string]bool{} // the commonest maxDerivations of each
	for s, list := range derived {
		kept[s] = map[string]bool{}
		for _, r := range list[:min(len(list), maxDerivations)] {
			kept[s][r] = true
		}
	}
	var lines []string
	for s, list := range derived {
		var out []string
		for _, r := range list {
			if kept[s][r] && kept[r][s] { // both ways, or neither
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			lines = append(lines, s+" "+strings.Join(out, " "))
		}
	}
	if err := writeSorted(filepath.Join(outDir, "derivation.txt"), lines); err != nil {
		return err
	}
	lines = lines[:0]
	for s, list := range glosses(wn, freq) {
		lines = append(lines, s+" "+strings.Join(list, " "))
	}
	if err := writeSorted(filepath.Join(outDir, "gloss.txt"), lines); err != nil {
		return err
	}
	stems, vecs := relatedVectors(wn, freq)
	return writeRelated(filepath.Join(outDir, "related.bin"), stems, vecs)
}

// readExceptions reads a WordNet exception list ("better good well") as
// (form, base) pairs.
func readExceptions(path string) ([][2]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read wordnet exceptions: %w", err)
	}
	var out [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		for _, base := range f[min(1, len(f)):] {
			out = append(out, [2]string{f[0], base})
		}
	}
	return out, nil
}
