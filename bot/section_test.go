package bot

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
)

// TestPassageSections checks that replies name the section a passage sits
// under, when the article has sections ("📖 Passage 2 · Listening to the
// ground"), and only then.
func TestPassageSections(t *testing.T) {
	t.Parallel()
	a, err := corpus.Load(filepath.Join("..", "corpus", "testdata", "formats", "volcanoes.md"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := a.Passage(2)
	if p.Section == "" {
		t.Fatalf("passage 2 of %s has no section: the test needs one", a.Source)
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	b := New(ix, testLogger(t))
	ctx := context.Background()

	want := "📖 Passage 2 · " + p.Section
	r := b.Handle(ctx, askCommand("What do seismometers listen for?", false))
	checkReply(t, "ask", r)
	found := false
	for _, f := range r.Response.Data.Embeds[0].Fields {
		if strings.HasPrefix(f.Name, "📖 Passage 2") {
			found = true
			if f.Name != want {
				t.Errorf("answer field %q; want %q", f.Name, want)
			}
		}
	}
	if !found {
		t.Errorf("the answer does not quote passage 2: %+v", r.Response.Data.Embeds[0].Fields)
	}

	r = b.Handle(ctx, passageCommand(2))
	checkReply(t, "passage", r)
	if got, want := r.Response.Data.Embeds[0].Title, "📖 Passage 2 of 6 · "+p.Section; got != want {
		t.Errorf("/passage 2 title %q; want %q", got, want)
	}
	r = b.Handle(ctx, passageCommand(1))
	if got, want := r.Response.Data.Embeds[0].Title, "📖 Passage 1 of 6"; got != want {
		t.Errorf("/passage 1 (no section) title %q; want %q", got, want)
	}
}
