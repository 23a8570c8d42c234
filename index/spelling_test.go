package index

import (
	"maps"
	"slices"
	"testing"
)

// TestChatSpellings checks that chat's spellings are read as the words they
// stand for: "shoud" and "whats" are no topic, "ppl" is "people"; a
// spelling the article uses as a word stays.
func TestChatSpellings(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		question string
		want     []string // the query's words
	}{
		{"whats the sanctions thing", []string{"sanctions"}},
		{"how many ppl in china", []string{"people", "china"}},
		{"why shoud sanctions fail", []string{"sanctions", "fail"}},
		{"idk why dont sanctions work rn", []string{"sanctions", "work", "right", "now"}},
		{"what's a U.S. chip", []string{"u.s", "chip"}},
	}
	for _, tt := range tests {
		var got []string
		for _, term := range ix.expand(ix.analyse(tt.question)).terms {
			if !term.filler {
				got = append(got, term.surface)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: query words %q; want %q", tt.question, got, tt.want)
		}
	}
}

// TestMisspeltFillerIsDropped checks that a misspelt filler word ("articel"
// for "article") is left out of the question like the word it misspells,
// rather than searched through its synonyms.
func TestMisspeltFillerIsDropped(t *testing.T) {
	ix := newTestIndex(t)
	var got []string
	for _, term := range ix.expand(ix.analyse("what does the articel say on sanctions")).terms {
		got = append(got, term.surface)
	}
	if len(got) != 1 || got[0] != "sanctions" {
		t.Errorf("query terms %q; want only sanctions", got)
	}
}

// TestSplitJoined checks words typed without the space between two: parts
// that are the article's words match as a compound's parts, two stop words
// are dropped, and English words and unknown words are not split.
func TestSplitJoined(t *testing.T) {
	t.Parallel()
	ix := articleIndex(t, "faults.txt", "The Longmen Shan fault runs along the edge of the plateau.\n\nMost of the energy was released in the first minute.")
	tests := []struct {
		question string
		want     map[string][]string // each query word's surface: the article terms it reaches
	}{
		{"where is the longmenshan fault", map[string][]string{"longmenshan": {"longmen", "shan"}, "fault": {"fault"}}},
		{"when wasmost energy released", map[string][]string{"energy": {"energi"}, "released": {"releas"}}},
		{"howmany faults", map[string][]string{"faults": {"fault"}}},
		{"anyone near the plateau", map[string][]string{"anyone": nil, "near": nil, "plateau": {"plateau"}}},
		{"xyzzyq plateau", map[string][]string{"xyzzyq": nil, "plateau": {"plateau"}}},
	}
	for _, tt := range tests {
		got := map[string][]string{}
		for _, term := range ix.expand(ix.analyse(tt.question)).terms {
			var alts []string
			for _, a := range term.alts {
				if a.factor >= factorCompound {
					alts = append(alts, a.term)
				}
			}
			slices.Sort(alts)
			got[term.surface] = alts
		}
		if !maps.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%q: words reach %v; want %v", tt.question, got, tt.want)
		}
	}
}
