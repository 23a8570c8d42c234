package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
)

// Defaults of Options.
const (
	// DefaultMaxBytes is the largest file an add accepts: 1 MiB.
	DefaultMaxBytes = 1 << 20
	// DefaultQuota is how many articles one guild's library holds.
	DefaultQuota = 100
	// DefaultCacheSize is how many articles' indexes are kept in memory.
	// An index takes about 1 MB for an article of 20 KB and about 17 MB for
	// one of 1 MiB.
	DefaultCacheSize = 32
)

// maxSourceLen caps the stored file name, in characters.
const maxSourceLen = 100

// maxNameTries is how many suffixes ("-2", "-3", ...) an add tries for a
// name derived from the title before giving up.
const maxNameTries = 20

// Options configure a Library.
type Options struct {
	// Default is the index of the default article: DMs and guilds with an
	// empty library answer from it. Required; the caller keeps ownership.
	Default *index.Index
	// MaxBytes is the largest file Add accepts; zero means DefaultMaxBytes.
	MaxBytes int
	// Quota is how many articles a guild's library holds; zero means
	// DefaultQuota.
	Quota int
	// CacheSize is how many articles' indexes are kept in memory, least
	// recently used first out; zero means DefaultCacheSize.
	CacheSize int
	// Logger receives the library's logs; nil discards them.
	Logger *slog.Logger
	// Now tells the time of an add; nil means time.Now.
	Now func() time.Time
}

// Library is the reading lists of every guild on top of a Store: it adds
// articles (checking, parsing and indexing them first), opens them as
// Books to answer from, and lists, switches and removes them. Indexes are
// built from the stored text when an article is first asked about and
// kept in a bounded cache. It keeps no other state: several processes
// sharing one Store (replicas on one PostgreSQL) see each other's changes
// at once, because every lookup asks the Store. A Library is safe for
// concurrent use.
type Library struct {
	store    Store
	def      *Book
	maxBytes int
	quota    int
	log      *slog.Logger
	now      func() time.Time
	cache    *cache
}

// New returns a Library over store. It fails without a default article.
func New(store Store, o Options) (*Library, error) {
	if o.Default == nil {
		return nil, errors.New("library: no default article")
	}
	l := &Library{
		store:    store,
		def:      NewBook(o.Default),
		maxBytes: o.MaxBytes,
		quota:    o.Quota,
		log:      o.Logger,
		now:      o.Now,
	}
	if l.maxBytes <= 0 {
		l.maxBytes = DefaultMaxBytes
	}
	if l.quota <= 0 {
		l.quota = DefaultQuota
	}
	size := o.CacheSize
	if size <= 0 {
		size = DefaultCacheSize
	}
	l.cache = newCache(size)
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	if l.now == nil {
		l.now = time.Now
	}
	return l, nil
}

// MaxBytes is the largest file Add accepts.
func (l *Library) MaxBytes() int { return l.maxBytes }

// Quota is how many articles a guild's library holds.
func (l *Library) Quota() int { return l.quota }

// Default returns the default article's Book (which needs no Release).
func (l *Library) Default() *Book { return l.def }

// Ref says which article is meant: by ID (a button), by name (an option),
// the default article (a button from before libraries, or of the default
// article), or, all zero, the guild's current article.
type Ref struct {
	ID      string
	Name    string
	Default bool
}

// Book opens the article of guild that ref means, to answer from; the
// caller releases it. The current article of a guild with an empty
// library, and of a DM (guild ""), is the default one. An ID or a name
// that is not in the guild's library is ErrNotFound; a stored article
// that can no longer be parsed is ErrUnreadable (logged once, and
// remembered while it stays in the cache).
func (l *Library) Book(ctx context.Context, guild string, ref Ref) (*Book, error) {
	if ref.Default || (guild == "" && ref.ID == "" && ref.Name == "") {
		return l.def, nil
	}
	if guild == "" {
		return nil, fmt.Errorf("%w: DMs have no library", ErrNotFound)
	}
	var (
		e   Entry
		err error
	)
	switch {
	case ref.ID != "":
		if !ValidID(ref.ID) {
			return nil, fmt.Errorf("%w: %q is not an article ID", ErrNotFound, ref.ID)
		}
		e, err = l.store.Entry(ctx, guild, ref.ID)
	case ref.Name != "":
		name := NormalizeName(ref.Name)
		if name == "" {
			return nil, fmt.Errorf("%w: %w", ErrNotFound, ErrBadName)
		}
		e, err = l.store.EntryByName(ctx, guild, name)
	default:
		e, err = l.store.Current(ctx, guild)
		if errors.Is(err, ErrNotFound) {
			return l.def, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return l.open(ctx, e)
}

// open returns the Book of an entry, from the cache or built from the
// stored text.
func (l *Library) open(ctx context.Context, e Entry) (*Book, error) {
	return l.cache.get(cacheKey(e.Guild, e.ID), func() (*Book, error) {
		// One member's request ending does not fail the others waiting
		// for the same build.
		ctx := context.WithoutCancel(ctx)
		text, err := l.store.Text(ctx, e.Guild, e.ID)
		if err != nil {
			return nil, err
		}
		a, err := parse(e.Source, text)
		if err == nil {
			var ix *index.Index
			if ix, err = index.New(ctx, a, index.Options{}); err == nil {
				return newBook(e, ix), nil
			}
			err = fmt.Errorf("%w: index: %w", ErrUnreadable, err)
		}
		l.log.LogAttrs(ctx, slog.LevelError, "a stored article can no longer be read; skipped",
			slog.String("guild", e.Guild), slog.String("article_id", e.ID), slog.String("name", e.Name), slog.Any("error", err))
		return nil, err
	}, func(err error) bool { return errors.Is(err, ErrUnreadable) })
}

func cacheKey(guild, id string) string { return guild + "/" + id }

// parse checks that data is text and parses it as an article; every
// failure wraps ErrUnreadable.
func parse(name string, data []byte) (*corpus.Article, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	a, err := corpus.Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	return a, nil
}

// AddRequest is an article to add.
type AddRequest struct {
	// Guild is the server whose library gets the article; required.
	Guild string
	// Name is the name to give it; empty derives one from the title.
	Name string
	// Filename is the name of the file, used in errors, as a hint of the
	// format and for a title when the text has none.
	Filename string
	// Data is the file's content.
	Data []byte
	// AddedBy and AddedByName say who added it: a Discord user ID and the
	// name they show under; both empty on the command line.
	AddedBy, AddedByName string
}

// Add checks, parses and indexes an article, stores it in its guild's
// library and makes it the current article, and returns its Book (held
// for the caller, who releases it) and what is worth warning about in how
// it was read. Its errors wrap ErrNoGuild, ErrTooLarge, ErrUnreadable,
// ErrBadName, ErrNameTaken, ErrDuplicate (a *DuplicateError) or
// ErrQuotaFull, or are the Store's. The article is stored in one atomic
// step at the end: an Add that fails stores nothing.
func (l *Library) Add(ctx context.Context, r AddRequest) (*Book, []string, error) {
	if r.Guild == "" {
		return nil, nil, ErrNoGuild
	}
	if len(r.Data) > l.maxBytes {
		return nil, nil, fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, len(r.Data), l.maxBytes)
	}
	source := sourceName(r.Filename)
	a, err := parse(source, r.Data)
	if err != nil {
		return nil, nil, err
	}
	name, derived := NormalizeName(r.Name), r.Name == ""
	if derived {
		name = NameFromTitle(a.Title)
	} else if name == "" {
		return nil, nil, fmt.Errorf("%w: %q", ErrBadName, r.Name)
	}
	ix, err := index.New(ctx, a, index.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: index: %w", ErrUnreadable, err)
	}
	sum := sha256.Sum256(r.Data)
	s := Stored{
		Entry: Entry{
			ID: NewID(), Guild: r.Guild, Name: name, Title: a.Title, Source: source, Size: len(r.Data),
			Hash: hex.EncodeToString(sum[:]), AddedBy: r.AddedBy, AddedByName: r.AddedByName,
			AddedAt: l.now().UTC().Truncate(time.Microsecond),
		},
		Text: r.Data,
	}
	if derived {
		s.Name = l.freeName(ctx, r.Guild, name)
	}
	for try := 2; ; try++ {
		err = l.store.Add(ctx, s, l.quota)
		if !errors.Is(err, ErrNameTaken) || !derived || try > maxNameTries {
			break
		}
		s.Name = withSuffix(name, try) // another add took it meanwhile
	}
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	b := newBook(s.Entry, ix)
	l.cache.put(cacheKey(s.Guild, s.ID), b)
	l.log.LogAttrs(ctx, slog.LevelInfo, "article added",
		slog.String("guild", s.Guild), slog.String("article_id", s.ID), slog.String("name", s.Name),
		slog.Int("bytes", s.Size), slog.Int("passages", len(a.Passages)), slog.Int("takeaways", len(a.Takeaways)),
		slog.String("added_by", s.AddedBy))
	return b, Warnings(a), nil
}

// freeName returns name, or name with the first suffix no article of the
// guild has, when the guild's library can be listed.
func (l *Library) freeName(ctx context.Context, guild, name string) string {
	shelf, err := l.store.List(ctx, guild)
	if err != nil {
		return name
	}
	used := map[string]bool{}
	for _, e := range shelf.Entries {
		used[e.Name] = true
	}
	base := name
	for try := 2; used[name] && try <= maxNameTries; try++ {
		name = withSuffix(base, try)
	}
	return name
}

// sourceName is the base of a file name, cleaned of control characters and
// cut to maxSourceLen characters.
func sourceName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		name = "article.txt"
	}
	return cutRunes(name, maxSourceLen)
}

// Use makes the article named name guild's current one.
func (l *Library) Use(ctx context.Context, guild, name string) (Entry, error) {
	if guild == "" {
		return Entry{}, ErrNoGuild
	}
	n := NormalizeName(name)
	if n == "" {
		return Entry{}, fmt.Errorf("%w: %w", ErrNotFound, ErrBadName)
	}
	e, err := l.store.SetCurrent(ctx, guild, n)
	if err == nil {
		l.log.LogAttrs(ctx, slog.LevelInfo, "current article changed",
			slog.String("guild", guild), slog.String("article_id", e.ID), slog.String("name", e.Name))
	}
	return e, err
}

// Remove deletes the article named name from guild's library and returns
// its entry and the current article after it (ok false when the library is
// now empty, and the default article is current).
func (l *Library) Remove(ctx context.Context, guild, name string) (removed, current Entry, ok bool, err error) {
	if guild == "" {
		return Entry{}, Entry{}, false, ErrNoGuild
	}
	n := NormalizeName(name)
	if n == "" {
		return Entry{}, Entry{}, false, fmt.Errorf("%w: %w", ErrNotFound, ErrBadName)
	}
	removed, current, ok, err = l.store.Remove(ctx, guild, n)
	if err != nil {
		return Entry{}, Entry{}, false, err
	}
	l.cache.drop(cacheKey(guild, removed.ID))
	l.log.LogAttrs(ctx, slog.LevelInfo, "article removed",
		slog.String("guild", guild), slog.String("article_id", removed.ID), slog.String("name", removed.Name))
	return removed, current, ok, nil
}

// List returns guild's library: its entries in name order and the current
// one. A DM has an empty one.
func (l *Library) List(ctx context.Context, guild string) (Shelf, error) {
	if guild == "" {
		return Shelf{}, nil
	}
	return l.store.List(ctx, guild)
}

// Ping checks that the store answers, when it can tell (PostgreSQL's
// does; the embedded one is always there while open).
func (l *Library) Ping(ctx context.Context) error {
	if p, ok := l.store.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}
