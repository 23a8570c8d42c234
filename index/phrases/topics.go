package phrases

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/prose"
)

// Topics picks, for each passage, its most distinctive phrase of one
// or two adjacent content words, spelled as the article spells it: what
// the article covers, to suggest when a question is not covered.
func Topics(a Article) []string {
	n := float64(len(a.Passages))
	var topics []string
	used := map[string]bool{} // stems already in a topic
	for _, p := range a.Passages {
		best, bestScore := "", 0.0
		var bestStems []string
		for _, s := range a.Sentences {
			if s.Passage != p {
				continue
			}
			for _, run := range prose.ContentRuns(s) {
				for i := range run {
					score := 0.0
					var stems []string
					for j := i; j < len(run) && j < i+2; j++ {
						t := run[j]
						form := s.Text[t.Start:t.End]
						r, _ := utf8.DecodeRuneInString(form)
						if unicode.IsDigit(r) || len(form) < 3 || strings.HasSuffix(form, "ly") || used[t.Term] {
							break // numbers, adverbs and what is taken make poor topics
						}
						word := strings.TrimSuffix(strings.TrimSuffix(form, "'s"), "’s")
						bare := strings.ToLower(word)
						if z, ok := english.Zipf(bare); ok && z >= EverydayZipf && word != strings.ToUpper(word) {
							break // "another", "people": words of any text (but "US" is a name)
						}
						participle := unicode.IsLower(r) && strings.HasSuffix(bare, "ed")
						if participle && j == i {
							break // "boosted China": a topic does not start on a participle
						}
						if j > i && a.isName(run[i].Term) != a.isName(t.Term) && !possessive(s.Text[run[i].Start:run[i].End]) {
							break // "botanist Akira", "China dominates": a name and a word are two topics ("DeepSeek's assertions" is one)
						}
						central := 1.0
						for _, tt := range a.Takeaways {
							if tt[t.Term] > 0 {
								central++
							}
						}
						score += central * math.Log(1+n/float64(a.Vocab[t.Term])) * english.Informativeness(strings.ToLower(form))
						stems = append(stems, t.Term)
						if participle {
							continue // "enforced": nor end on one
						}
						if norm := score / math.Pow(float64(j-i+1), 0.8); norm > bestScore {
							best, bestScore = s.Text[run[i].Start:t.End], norm
							bestStems = append(bestStems[:0], stems...)
						}
					}
				}
			}
		}
		best = strings.TrimSuffix(strings.TrimSuffix(best, "'s"), "’s")
		if best != "" {
			for _, st := range bestStems {
				used[st] = true
			}
			topics = append(topics, best)
		}
	}
	return topics
}

// possessive reports whether a word ends with "'s".
func possessive(word string) bool {
	return strings.HasSuffix(word, "'s") || strings.HasSuffix(word, "’s")
}

// isName reports whether the article mostly writes a term with a capital:
// a name ("China", "US"), wherever a sentence starts.
func (a Article) isName(term string) bool {
	r, _ := utf8.DecodeRuneInString(a.Spellings[term])
	return unicode.IsUpper(r)
}

// EverydayZipf is the Zipf frequency from which a word is too common in
// everyday English ("another", "people") to name one of an article's topics.
const EverydayZipf = 5.0
