package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/bolt"
	"github.com/articlebot/articlebot/library/postgres"
)

// Settings of the library.
const (
	// envDatabase is the default of --database, so that a password need
	// not be on the command line.
	envDatabase = "ARTICLEBOT_DATABASE"
	// envCDNURL is one more origin attachments may be downloaded from.
	envCDNURL = "DISCORD_CDN_URL"
	// defaultDataDir is where the embedded store keeps its file.
	defaultDataDir = "./articlebot-data"
	// maxArticleBytesLimit caps --max-article-bytes.
	maxArticleBytesLimit = 64 << 20
)

// libraryFlags are the flags that choose and bound the library.
type libraryFlags struct {
	data      string
	database  string
	maxBytes  int
	quota     int
	cacheSize int
}

// register adds the flags to fs; getenv gives --database's default.
func (f *libraryFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.data, "data", defaultDataDir, "keep the library in an embedded file in `DIR` (DIR/library.db)")
	fs.StringVar(&f.database, "database", getenv(envDatabase), "keep the library in PostgreSQL instead, at `URL` (postgres://…; default $"+envDatabase+"), to share it between replicas")
	fs.IntVar(&f.maxBytes, "max-article-bytes", library.DefaultMaxBytes, "the largest article file an add accepts, in `BYTES`")
	fs.IntVar(&f.quota, "library-quota", library.DefaultQuota, "the most articles one server's library holds (`N`)")
	fs.IntVar(&f.cacheSize, "index-cache", library.DefaultCacheSize, "keep the indexes of the `N` articles asked about most recently in memory")
}

// check reports a setting out of range.
func (f *libraryFlags) check() error {
	switch {
	case f.maxBytes < 1 || f.maxBytes > maxArticleBytesLimit:
		return fmt.Errorf("--max-article-bytes %d: want 1 to %d", f.maxBytes, maxArticleBytesLimit)
	case f.quota < 1:
		return fmt.Errorf("--library-quota %d: want at least 1", f.quota)
	case f.cacheSize < 1:
		return fmt.Errorf("--index-cache %d: want at least 1", f.cacheSize)
	}
	return nil
}

// openStore opens the store the flags choose and describes it for the
// log.
func (f *libraryFlags) openStore(ctx context.Context) (library.Store, []slog.Attr, error) {
	if f.database != "" {
		s, err := postgres.Open(ctx, f.database)
		if err != nil {
			return nil, nil, fmt.Errorf("--database: %w", err)
		}
		attrs := []slog.Attr{slog.String("store", "postgres")}
		if n, g, err := s.Count(ctx); err == nil {
			attrs = append(attrs, slog.Int("stored_articles", n), slog.Int("servers", g))
		}
		return s, attrs, nil
	}
	s, err := bolt.Open(f.data)
	if err != nil {
		return nil, nil, fmt.Errorf("--data: %w", err)
	}
	attrs := []slog.Attr{slog.String("store", "bolt"), slog.String("path", s.Path())}
	if n, g, err := s.Count(); err == nil {
		attrs = append(attrs, slog.Int("stored_articles", n), slog.Int("servers", g))
	}
	return s, attrs, nil
}

// open opens the store and the library over it, with def as the default
// article; the caller closes the store.
func (f *libraryFlags) open(ctx context.Context, def *index.Index, logger *slog.Logger) (*library.Library, library.Store, []slog.Attr, error) {
	if err := f.check(); err != nil {
		return nil, nil, nil, err
	}
	s, attrs, err := f.openStore(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	lib, err := library.New(s, library.Options{Default: def, MaxBytes: f.maxBytes, Quota: f.quota, CacheSize: f.cacheSize, Logger: logger})
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return lib, s, attrs, nil
}

const libraryUsage = `Usage:
  articlebot library add    --guild ID [--name NAME] [STORE FLAGS] FILE...
  articlebot library list   --guild ID [STORE FLAGS]
  articlebot library use    --guild ID [STORE FLAGS] NAME
  articlebot library remove --guild ID [STORE FLAGS] NAME...

Manages a server's library from the terminal, with the same checks as /library on Discord:
add stores each FILE (the last one added becomes the server's current article), list shows the
library, use makes NAME current, remove takes articles out. The embedded store (--data) is
locked by a running "articlebot serve": stop it first, or use a shared --database.

`

// runLibrary runs "articlebot library SUBCOMMAND".
func runLibrary(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, libraryUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub := args[0]
	switch sub {
	case "add", "list", "use", "remove":
	default:
		fmt.Fprintf(stderr, "articlebot library: unknown subcommand %q\n\n%s", sub, libraryUsage)
		return errUsage
	}
	fs := newFlagSet("library "+sub, libraryUsage, "", stderr)
	var (
		lf    libraryFlags
		guild = fs.String("guild", "", "the server's `ID` (Developer Mode → right-click the server → Copy Server ID)")
		name  = fs.String("name", "", "add: the article's `NAME` (default: from its title); one FILE only")
	)
	lf.register(fs, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "articlebot library %s: %s\n", sub, fmt.Sprintf(format, a...))
		return errUsage
	}
	switch {
	case !snowflakeID(*guild):
		return usageErr("--guild: want the server's ID (digits)")
	case sub == "add" && fs.NArg() == 0:
		return usageErr("name at least one FILE to add")
	case sub == "add" && *name != "" && fs.NArg() > 1:
		return usageErr("--name names one article: give one FILE")
	case sub == "list" && fs.NArg() > 0:
		return usageErr("unexpected argument %q", fs.Arg(0))
	case sub == "use" && fs.NArg() != 1:
		return usageErr("name the one article to use")
	case sub == "remove" && fs.NArg() == 0:
		return usageErr("name at least one article to remove")
	case sub != "add" && *name != "":
		return usageErr("--name is for add")
	}
	if err := lf.check(); err != nil {
		return usageErr("%v", err)
	}
	def, err := (&articleFlags{}).open(ctx)
	if err != nil {
		return err
	}
	defer def.Close()
	lib, store, _, err := lf.open(ctx, def, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer store.Close()

	switch sub {
	case "add":
		return libraryAdd(ctx, lib, *guild, *name, fs.Args(), stdout, stderr)
	case "list":
		return libraryList(ctx, lib, *guild, stdout)
	case "use":
		e, err := lib.Use(ctx, *guild, fs.Arg(0))
		if err != nil {
			return fmt.Errorf("use %s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(stdout, "Current article of server %s: %s (%s)\n", *guild, e.Name, e.Title)
		return nil
	}
	failed := 0
	for _, n := range fs.Args() {
		removed, cur, ok, err := lib.Remove(ctx, *guild, n)
		if err != nil {
			fmt.Fprintf(stderr, "articlebot library remove: %s: %v\n", n, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "Removed %s (%s).", removed.Name, removed.Title)
		if ok {
			fmt.Fprintf(stdout, " Current article: %s.\n", cur.Name)
		} else {
			fmt.Fprintln(stdout, " The library is empty: the server gets the default article.")
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d articles not removed", failed, fs.NArg())
	}
	return nil
}

// libraryAdd adds each file; it goes on after a file that fails and
// reports how many did.
func libraryAdd(ctx context.Context, lib *library.Library, guild, name string, files []string, stdout, stderr io.Writer) error {
	failed := 0
	for _, path := range files {
		if err := addFile(ctx, lib, guild, name, path, stdout); err != nil {
			fmt.Fprintf(stderr, "articlebot library add: %s: %v\n", path, err)
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not added", failed, len(files))
	}
	return nil
}

func addFile(ctx context.Context, lib *library.Library, guild, name, path string, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// The size is checked before the file is read, and again by Add.
	if st, err := f.Stat(); err == nil && st.Size() > int64(lib.MaxBytes()) {
		return fmt.Errorf("%w: %d bytes, over the limit of %d (--max-article-bytes)", library.ErrTooLarge, st.Size(), lib.MaxBytes())
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(lib.MaxBytes())+1))
	if err != nil {
		return err
	}
	bk, warnings, err := lib.Add(ctx, library.AddRequest{Guild: guild, Name: name, Filename: path, Data: data})
	if err != nil {
		var dup *library.DuplicateError
		if errors.As(err, &dup) {
			return fmt.Errorf("already in the library as %s", dup.Existing.Name)
		}
		return err
	}
	defer bk.Release()
	a := bk.Article()
	fmt.Fprintf(stdout, "Added %s: %q, %d passages, %d key takeaways, %d bytes; now the current article.\n",
		bk.Name, a.Title, len(a.Passages), len(a.Takeaways), bk.Size)
	for _, w := range warnings {
		fmt.Fprintf(stdout, "  warning: %s\n", w)
	}
	return nil
}

// libraryList prints a server's library, one article a line, the current
// one starred.
func libraryList(ctx context.Context, lib *library.Library, guild string, stdout io.Writer) error {
	shelf, err := lib.List(ctx, guild)
	if err != nil {
		return err
	}
	if len(shelf.Entries) == 0 {
		fmt.Fprintf(stdout, "Server %s has no articles: it gets the default article.\n", guild)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\tNAME\tTITLE\tBYTES\tADDED\tBY")
	for _, e := range shelf.Entries {
		mark := ""
		if e.ID == shelf.Current {
			mark = "*"
		}
		by := e.AddedByName
		if by == "" {
			by = "(command line)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", mark, e.Name, oneLine(e.Title, 60), e.Size, e.AddedAt.Format("2006-01-02 15:04"), oneLine(by, 30))
	}
	return tw.Flush()
}

// oneLine cleans s of tabs and line breaks and cuts it to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// snowflakeID reports whether s is a Discord ID.
func snowflakeID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
