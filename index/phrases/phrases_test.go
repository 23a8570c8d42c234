package phrases

import (
	"slices"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/index/prose"
)

// article analyses passages (their sentences split on ". ") and takeaways
// into an Article, as the index does.
func article(passages []string, takeaways []string) Article {
	an := prose.NewAnalyzer()
	a := Article{Vocab: map[string]int{}, Spellings: map[string]string{}}
	counts := map[string]map[string]int{}
	see := func(toks []prose.Token, text string, terms map[string]int) {
		for _, t := range toks {
			terms[t.Term]++
			if counts[t.Term] == nil {
				counts[t.Term] = map[string]int{}
			}
			counts[t.Term][text[t.Start:t.End]]++
		}
	}
	for i, p := range passages {
		a.Passages = append(a.Passages, i+1)
		terms := map[string]int{}
		for _, s := range strings.SplitAfter(p, ". ") {
			s = strings.TrimSpace(s)
			toks := an.Analyze(s)
			see(toks, s, terms)
			a.Sentences = append(a.Sentences, prose.NewSentence(i+1, s, toks))
		}
		for t := range terms {
			a.Vocab[t]++
		}
	}
	for _, k := range takeaways {
		terms := map[string]int{}
		see(an.Analyze(k), k, terms)
		for t := range terms {
			a.Vocab[t]++
		}
		a.Takeaways = append(a.Takeaways, terms)
	}
	for term, forms := range counts {
		best, n := "", 0
		for f, c := range forms {
			if c > n || c == n && f < best {
				best, n = f, c
			}
		}
		a.Spellings[term] = best
	}
	return a
}

var sample = article([]string{
	"China has installed 700 million surveillance cameras in its cities. Moreover, experts suggest the cameras may lack Nvidia chips.",
	"In 2019 the Soviet Union archive was opened to historians. Historians studied the archive for years.",
	"Surveillance cameras also watch the borders. The border guards use thermal cameras.",
}, []string{"Surveillance cameras are everywhere in China."})

func TestFind(t *testing.T) {
	got := Find(sample)
	byText := map[string]Phrase{}
	for i, p := range got {
		byText[p.Text] = p
		if p.Weight <= 0 || p.Weight > 1 || i > 0 && p.Weight > got[i-1].Weight {
			t.Errorf("phrase %d %q weighs %v; want weights in (0, 1], heaviest first", i, p.Text, p.Weight)
		}
		if len(p.Stems) == 0 || len(p.Stems) > maxPhraseWords {
			t.Errorf("phrase %q has stems %q; want 1 to %d", p.Text, p.Stems, maxPhraseWords)
		}
	}
	if len(got) == 0 || got[0].Weight != 1 {
		t.Fatalf("Find = %v; want phrases, the first weighing 1", got)
	}
	for _, tt := range []struct {
		text     string
		name     bool
		passages []int
	}{
		{"surveillance cameras", false, []int{1, 3}},
		{"Soviet Union", true, []int{2}},
		{"Nvidia", true, []int{1}},
		{"Nvidia chips", false, []int{1}},
		{"thermal cameras", false, []int{3}},
	} {
		p, ok := byText[tt.text]
		if !ok {
			t.Errorf("Find lacks %q; got %v", tt.text, got)
			continue
		}
		if p.Name != tt.name || !slices.Equal(p.Passages, tt.passages) {
			t.Errorf("phrase %q: name %v, passages %v; want %v, %v", tt.text, p.Name, p.Passages, tt.name, tt.passages)
		}
	}
	// Verbs, adverbs, connectives, numbers and their scales make no phrase
	// ("surveillance cameras also").
	for text := range byText {
		for _, bad := range []string{"may", "lack", "Moreover", "suggest", "700", "million", "installed", "studied", "also"} {
			if slices.Contains(strings.Fields(text), bad) {
				t.Errorf("phrase %q holds %q", text, bad)
			}
		}
	}
}

func TestCountedYearsTopics(t *testing.T) {
	var counted []string
	for _, p := range Counted(sample, Find(sample)) {
		counted = append(counted, p.Text)
	}
	if want := []string{"surveillance cameras"}; !slices.Equal(counted, want) {
		t.Errorf("Counted = %q; want %q", counted, want)
	}
	if got, want := Years(sample), []string{"2019"}; !slices.Equal(got, want) {
		t.Errorf("Years = %q; want %q", got, want)
	}
	topics := Topics(sample)
	if len(topics) != len(sample.Passages) {
		t.Errorf("Topics = %q; want one for each of %d passages", topics, len(sample.Passages))
	}
	seen := map[string]bool{}
	for _, topic := range topics {
		if n := len(strings.Fields(topic)); n == 0 || n > 2 || seen[topic] {
			t.Errorf("Topics = %q: %q is not one or two words, or repeats", topics, topic)
		}
		seen[topic] = true
	}
	if len(Find(Article{})) != 0 || len(Topics(Article{})) != 0 || len(Years(Article{})) != 0 {
		t.Errorf("an empty article has phrases, topics or years")
	}
}

func TestIsStopWord(t *testing.T) {
	for w, want := range map[string]bool{"however": true, "within": true, "camera": false, "": false} {
		if got := IsStopWord(w); got != want {
			t.Errorf("IsStopWord(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestIsAdverb(t *testing.T) {
	for w, want := range map[string]bool{
		"also": true, "often": true, "less": true, "sometimes": true,
		"notes": false, "ones": false, "cameras": false, "camera": false, "": false,
	} {
		if got := isAdverb(w); got != want {
			t.Errorf("isAdverb(%q) = %v; want %v", w, got, want)
		}
	}
}
