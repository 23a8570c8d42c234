package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/index/synonyms"
	"github.com/articlebot/articlebot/library"
)

// newFlagSet returns the flag set of a subcommand; its usage text is
// synopsis, the flags, then footer (when not empty), on stderr.
func newFlagSet(name, synopsis, footer string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, synopsis)
		fs.PrintDefaults()
		if footer != "" {
			fmt.Fprint(stderr, "\n"+footer)
		}
	}
	return fs
}

// articleFlags are the flags every subcommand takes to choose its article.
type articleFlags struct {
	article  string
	synonyms string
}

func (f *articleFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.article, "article", "", "answer from the article in `FILE` instead of the bundled one")
	fs.StringVar(&f.synonyms, "synonyms", "", "per-article synonyms `FILE` in the Solr/Elasticsearch format (default: the bundled article's own list, or none)")
}

// loadArticle loads the article in the file at path, or the bundled one when
// path is empty.
func loadArticle(path string) (*corpus.Article, error) {
	if path == "" {
		return corpus.Default()
	}
	return corpus.Load(path)
}

// open loads the chosen article and builds its index.
func (f *articleFlags) open(ctx context.Context) (*index.Index, error) {
	a, err := loadArticle(f.article)
	if err != nil {
		return nil, err
	}
	var opts index.Options
	switch {
	case f.synonyms != "":
		if opts.Synonyms, err = synonyms.Load(f.synonyms); err != nil {
			return nil, err
		}
	case f.article == "":
		// The bundled article comes with its operator's synonyms list.
		if opts.Synonyms, err = synonyms.Parse("bundled synonyms", bytes.NewReader(corpus.DefaultSynonyms())); err != nil {
			return nil, err
		}
	}
	ix, err := index.New(ctx, a, opts)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", a.Source, err)
	}
	return ix, nil
}

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", "Usage: articlebot ask [--json] [--top N] [--article FILE] [--synonyms FILE] [QUESTION...]\n"+
		"       articlebot ask --guild ID [--article-name NAME] [--data DIR | --database URL] [--json] [--top N] [QUESTION...]\n\n"+
		"Answers the question in the arguments, or else each line of standard input in order. With --guild it\n"+
		"answers from that server's library: its current article, or the one named NAME.\n\n", "", stderr)
	var (
		af          articleFlags
		libf        libraryFlags
		asJSON      = fs.Bool("json", false, "print one JSON answer a line")
		top         = fs.Int("top", 3, "show at most `N` excerpts")
		guild       = fs.String("guild", "", "answer from the library of the server with this `ID`")
		articleName = fs.String("article-name", "", "with --guild: answer from the article of the library named `NAME` (default: the current one)")
	)
	af.register(fs)
	libf.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *top < 1 || *top > 25 {
		fmt.Fprintln(stderr, "articlebot ask: --top must be between 1 and 25")
		return errUsage
	}
	switch {
	case *guild != "" && !snowflakeID(*guild):
		fmt.Fprintln(stderr, "articlebot ask: --guild: want the server's ID (digits)")
		return errUsage
	case *articleName != "" && *guild == "":
		fmt.Fprintln(stderr, "articlebot ask: --article-name needs --guild")
		return errUsage
	}
	ix, err := af.open(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *guild != "" {
		lib, store, _, err := libf.open(ctx, ix, nil)
		if err != nil {
			return err
		}
		defer store.Close()
		bk, err := lib.Book(ctx, *guild, library.Ref{Name: *articleName})
		if err != nil {
			if *articleName != "" {
				return fmt.Errorf("article %q of server %s: %w", *articleName, *guild, err)
			}
			return fmt.Errorf("the current article of server %s: %w", *guild, err)
		}
		defer bk.Release()
		ix = bk.Index
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	write := func(ans index.Answer) error {
		if *asJSON {
			return writeJSON(out, ans)
		}
		writeText(out, ans, isTerminal(stdout))
		return nil
	}
	if fs.NArg() > 0 {
		ans, err := ix.Answer(ctx, strings.Join(fs.Args(), " "), *top)
		if err != nil {
			return err
		}
		return write(ans)
	}
	return answerLines(ctx, ix, *top, stdin, out, write)
}

// batchSize bounds the questions read ahead and answered in parallel.
const batchSize = 256

// answerLines answers each line of in, in order, one answer a line (blank
// lines included). Lines that are already waiting are answered in parallel
// on all CPUs; whenever the input would block, what is done is flushed, so
// the command also works interactively.
func answerLines(ctx context.Context, ix *index.Index, top int, in io.Reader, out *bufio.Writer, write func(index.Answer) error) error {
	r := bufio.NewReaderSize(in, 64*1024)
	workers := runtime.GOMAXPROCS(0)
	batch := make([]string, 0, batchSize)
	answers := make([]index.Answer, batchSize)
	errs := make([]error, batchSize)
	for eof := false; !eof; {
		batch = batch[:0]
		for len(batch) < batchSize {
			line, err := r.ReadString('\n')
			if err != nil && err != io.EOF {
				return fmt.Errorf("read questions: %w", err)
			}
			if err == io.EOF {
				eof = true
				if line == "" {
					break
				}
			}
			batch = append(batch, strings.TrimRight(line, "\r\n"))
			if eof || r.Buffered() == 0 {
				break
			}
		}
		var wg sync.WaitGroup
		next := atomic.Int64{}
		for w := 0; w < min(workers, len(batch)); w++ {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(batch); i = int(next.Add(1) - 1) {
					answers[i], errs[i] = ix.Answer(ctx, batch[i], top)
				}
			})
		}
		wg.Wait()
		for i := range batch {
			if errs[i] != nil {
				return errs[i]
			}
			if err := write(answers[i]); err != nil {
				return err
			}
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("write answers: %w", err)
		}
	}
	return nil
}

type jsonExcerpt struct {
	Passage    int      `json:"passage"`
	Text       string   `json:"text"`
	Score      float64  `json:"score"`
	Highlights [][2]int `json:"highlights"`
}

type jsonTakeaway struct {
	Number   int    `json:"number"`
	Text     string `json:"text"`
	Passages []int  `json:"passages"`
}

type jsonAnswer struct {
	Question    string        `json:"question"`
	Answered    bool          `json:"answered"`
	Excerpts    []jsonExcerpt `json:"excerpts"`
	Takeaway    *jsonTakeaway `json:"takeaway"`
	Suggestions []string      `json:"suggestions,omitempty"`
}

func writeJSON(w io.Writer, a index.Answer) error {
	j := jsonAnswer{Question: a.Question, Answered: a.Answered, Excerpts: []jsonExcerpt{}, Suggestions: a.Suggestions}
	for _, e := range a.Excerpts {
		hl := make([][2]int, len(e.Highlights))
		for i, s := range e.Highlights {
			hl[i] = [2]int{s.Start, s.End}
		}
		j.Excerpts = append(j.Excerpts, jsonExcerpt{Passage: e.Passage, Text: e.Text, Score: roundScore(e.Score), Highlights: hl})
	}
	if a.Takeaway != nil {
		j.Takeaway = &jsonTakeaway{Number: a.Takeaway.Number, Text: a.Takeaway.Text, Passages: a.Takeaway.Passages}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	return nil
}

func roundScore(s float64) float64 {
	return float64(int64(s*1000+0.5)) / 1000
}

// writeText prints an answer for a person at a terminal; bold marks the
// matched words when the output is a terminal.
func writeText(w io.Writer, a index.Answer, bold bool) {
	if !a.Answered {
		if a.Question == "" {
			fmt.Fprintln(w, "Ask a question about the article.")
		} else {
			fmt.Fprintln(w, "The article doesn't cover that.")
		}
		if len(a.Suggestions) > 0 {
			fmt.Fprintf(w, "It covers: %s.\n", strings.Join(a.Suggestions, ", "))
		}
		if len(a.Excerpts) > 0 {
			fmt.Fprintln(w, "The nearest it comes, in passages that use some of your words:")
			writeExcerpts(w, a.Excerpts, bold)
		}
		fmt.Fprintln(w)
		return
	}
	writeExcerpts(w, a.Excerpts, bold)
	if a.Takeaway != nil {
		fmt.Fprintf(w, "Key takeaway %d: %s\n", a.Takeaway.Number, a.Takeaway.Text)
	}
	fmt.Fprintln(w)
}

// writeExcerpts prints excerpts, one a line.
func writeExcerpts(w io.Writer, excerpts []index.Excerpt, bold bool) {
	for _, e := range excerpts {
		fmt.Fprintf(w, "Passage %d: %s\n", e.Passage, markSpans(e.Text, e.Highlights, bold))
	}
}

func markSpans(text string, spans []index.Span, bold bool) string {
	if !bold || len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s.Start])
		b.WriteString("\x1b[1m" + text[s.Start:s.End] + "\x1b[0m")
		last = s.End
	}
	b.WriteString(text[last:])
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
