// Command naive is the baseline of the README's quality tables: the bleve
// setup a user would try first, graded by the same scripts as articlebot.
//
// It indexes each paragraph of the article (parsed with corpus.Parse, so the
// passage numbers are articlebot's) as one document in an in-memory bleve
// index with bleve's default mapping, answers each question with a single
// match query over the paragraphs, and shows the whole paragraphs of the hits
// as excerpts, best first. A question is answered when it has at least one
// hit; there is no takeaway and no other way to decline.
//
//	go build -o naive ./internal/naive
//	naive ask --json [--top N] [--article FILE] <questions.txt
//
// With --json it prints one answer a line in the shape of "articlebot ask
// --json": {"question","answered","excerpts":[{"passage","text","score"}],
// "takeaway":null}; without it, the excerpts as text.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/articlebot/articlebot/corpus"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "naive:", err)
		os.Exit(1)
	}
}

const usage = "Usage: naive ask [--json] [--top N] [--article FILE]\n\n" +
	"Answers each line of standard input with a single bleve match query over the article's paragraphs.\n\n"

// run parses the command line and answers the questions on stdin, one a line.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "ask" {
		fmt.Fprint(stderr, usage)
		return errors.New("want the ask command")
	}
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print one JSON answer a line")
	top := fs.Int("top", 3, "show at most `N` excerpts")
	article := fs.String("article", "", "answer from the article in `FILE` instead of the bundled one")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *top < 1 {
		return errors.New("--top must be at least 1")
	}
	a, err := load(*article)
	if err != nil {
		return err
	}
	ix, err := build(a)
	if err != nil {
		return err
	}
	defer ix.Close()

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		ans, err := answer(ctx, ix, a, sc.Text(), *top)
		if err != nil {
			return err
		}
		if *asJSON {
			if err := enc.Encode(ans); err != nil {
				return fmt.Errorf("write answer: %w", err)
			}
			continue
		}
		if !ans.Answered {
			fmt.Fprintln(out, "No match.")
		}
		for _, e := range ans.Excerpts {
			fmt.Fprintf(out, "Passage %d: %s\n", e.Passage, e.Text)
		}
		fmt.Fprintln(out)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

func load(path string) (*corpus.Article, error) {
	if path == "" {
		return corpus.Default()
	}
	return corpus.Load(path)
}

// paragraph is the one document indexed per passage.
type paragraph struct {
	Text string `json:"text"`
}

// build indexes every passage of a as one document, its ID the passage
// number, with bleve's default mapping.
func build(a *corpus.Article) (bleve.Index, error) {
	ix, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	b := ix.NewBatch()
	for _, p := range a.Passages {
		if err := b.Index(strconv.Itoa(p.Number), paragraph{Text: p.Text}); err != nil {
			ix.Close()
			return nil, fmt.Errorf("index passage %d: %w", p.Number, err)
		}
	}
	if err := ix.Batch(b); err != nil {
		ix.Close()
		return nil, fmt.Errorf("index article: %w", err)
	}
	return ix, nil
}

// Answer is one answer, in the JSON shape of "articlebot ask --json".
type Answer struct {
	Question string    `json:"question"`
	Answered bool      `json:"answered"`
	Excerpts []Excerpt `json:"excerpts"`
	Takeaway *struct{} `json:"takeaway"` // always null: naive has no takeaways
}

// Excerpt is one hit: a whole paragraph and its bleve score.
type Excerpt struct {
	Passage int     `json:"passage"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
}

// answer runs one match query for q and returns its top hits.
func answer(ctx context.Context, ix bleve.Index, a *corpus.Article, q string, top int) (Answer, error) {
	ans := Answer{Question: q, Excerpts: []Excerpt{}}
	if strings.TrimSpace(q) == "" {
		return ans, nil
	}
	res, err := ix.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), top, 0, false))
	if err != nil {
		return ans, fmt.Errorf("search %q: %w", q, err)
	}
	for _, h := range res.Hits {
		n, err := strconv.Atoi(h.ID)
		if err != nil {
			return ans, fmt.Errorf("hit %q: %w", h.ID, err)
		}
		p, _ := a.Passage(n)
		ans.Excerpts = append(ans.Excerpts, Excerpt{Passage: n, Text: p.Text, Score: h.Score})
	}
	ans.Answered = len(ans.Excerpts) > 0
	return ans, nil
}
