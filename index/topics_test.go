package index

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index/english"
	"github.com/articlebot/articlebot/index/phrases"
)

// TestTopics checks the topics an off-topic answer suggests, for every
// article the project has: one or two words each, all different, none
// starting or ending on a participle ("boosted China") and none a word of
// any text ("another").
func TestTopics(t *testing.T) {
	articles := map[string]*corpus.Article{}
	var err error
	if articles["bundled"], err = corpus.Default(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"second-article.txt", "third-article.md"} {
		if articles[name], err = corpus.Load(filepath.Join("..", "testdata", "eval", name)); err != nil {
			t.Fatal(err)
		}
	}
	for name, a := range articles {
		ix, err := New(context.Background(), a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		topics := ix.Topics()
		if len(topics) < len(a.Passages)/2 {
			t.Errorf("%s: topics %q; want about one a passage", name, topics)
		}
		seen := map[string]bool{}
		for _, topic := range topics {
			words := strings.Fields(strings.ReplaceAll(topic, "-", " "))
			if len(words) == 0 || len(words) > 2 || seen[topic] {
				t.Errorf("%s: topic %q of %q", name, topic, topics)
				continue
			}
			seen[topic] = true
			for k, w := range words {
				lower := strings.ToLower(w)
				if w == lower && strings.HasSuffix(w, "ed") && (k == 0 || k == len(words)-1) {
					t.Errorf("%s: topic %q starts or ends on a participle", name, topic)
				}
				if z, ok := english.Zipf(lower); ok && z >= phrases.EverydayZipf && w != strings.ToUpper(w) {
					t.Errorf("%s: topic %q has the everyday word %q", name, topic, w)
				}
			}
		}
		ix.Close()
	}
}

// TestTopicsKeepNamesWhole checks that a topic does not join a name to the
// word before or after it ("botanist Akira", "China dominates"), while a
// name's possessive with its noun ("DeepSeek's assertions") stays one topic.
func TestTopicsKeepNamesWhole(t *testing.T) {
	const text = `The Miyawaki method was developed by the Japanese botanist Akira Miyawaki, who planted native saplings densely in prepared soil.

China dominates the refining of lithium, and most ore dug in Australia is shipped to Chinese refineries.
`
	ix := articleIndex(t, "forests.txt", text)
	for _, topic := range ix.Topics() {
		if topic == "botanist Akira" || topic == "China dominates" || topic == "Japanese botanist" {
			t.Errorf("topic %q joins a name and a word; topics %q", topic, ix.Topics())
		}
	}
	if b := newTestIndex(t); !slices.Contains(b.Topics(), "DeepSeek's assertions") {
		t.Errorf("bundled article topics %q; want DeepSeek's assertions", b.Topics())
	}
}
