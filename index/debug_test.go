package index

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"github.com/articlebot/articlebot/corpus"
	"os"
	"testing"
)

func TestDebugTerms(t *testing.T) {
	if os.Getenv("QF") == "" {
		t.Skip()
	}
	path := os.Getenv("ART")
	var a *corpus.Article
	var err error
	if path == "" {
		a, err = corpus.Default()
	} else {
		a, err = corpus.Load(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var opts Options
	if path == "" {
		opts.Synonyms, _ = ParseSynonyms("b", bytes.NewReader(corpus.DefaultSynonyms()))
	}
	ix, err := New(context.Background(), a, opts)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("topics", ix.Topics())
	for k := range ix.affinity {
		fmt.Printf("T%d aff %.2f support %v\n", k+1, ix.affinity[k], ix.support[k])
	}
	f, _ := os.Open(os.Getenv("QF"))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q := sc.Text()
		terms := ix.queryTerms(q)
		fmt.Println("Q:", q)
		for _, qt := range terms {
			fmt.Printf("   %s w=%.2f %v\n", qt.surface, qt.weight, qt.alts)
		}
		ans, _ := ix.Answer(context.Background(), q, 3)
		fmt.Print("   -> ", ans.Answered)
		for _, e := range ans.Excerpts {
			fmt.Printf(" p%d(%.2f)", e.Passage, e.Score)
		}
		if ans.Takeaway != nil {
			fmt.Print(" T", ans.Takeaway.Number)
		}
		fmt.Println()
	}
}
