// Package bolt is the embedded library.Store: every guild's library in one
// bbolt file, DIR/library.db, for a bot that runs as one process.
//
// Each change is one bbolt read-write transaction, written and fsynced
// before it returns, so an acknowledged add survives a crash or kill -9 of
// the process, and an add interrupted half-way leaves nothing behind (bbolt
// switches to a transaction's pages only once they are on disk). bbolt
// takes an exclusive lock on the file: one process at a time has it open,
// and a second one gets an error saying so after waiting LockTimeout.
//
// The file holds one bucket a guild, under "guilds":
//
//	guilds/<guild ID>/articles/<article ID>  the entry, as JSON
//	guilds/<guild ID>/texts/<article ID>     the article's text, as added
//	guilds/<guild ID>/names/<name>           article ID
//	guilds/<guild ID>/hashes/<SHA-256>       article ID
//	guilds/<guild ID> key "current"          the current article's ID
//
// so that every lookup goes through its guild's bucket.
package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/articlebot/articlebot/library"
)

// FileName is the name of the library's file in its data directory.
const FileName = "library.db"

// LockTimeout is how long Open waits for another process to let go of the
// file.
const LockTimeout = 2 * time.Second

// ErrLocked is Open's error when another process has the file open.
var ErrLocked = errors.New("the library file is in use by another articlebot process")

var (
	bucketGuilds   = []byte("guilds")
	bucketArticles = []byte("articles")
	bucketTexts    = []byte("texts")
	bucketNames    = []byte("names")
	bucketHashes   = []byte("hashes")
	keyCurrent     = []byte("current")
	keyFormat      = []byte("format")
	formatVersion  = []byte("1")
)

// Store is a library.Store in a bbolt file. It is safe for concurrent use.
type Store struct {
	db *bbolt.DB
}

var _ library.Store = (*Store)(nil)

// Open opens the library in dir, creating dir (mode 0700) and the file
// (mode 0600) when they do not exist.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: LockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (stop it, or share a PostgreSQL library with --database)", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bucketGuilds)
		if err != nil {
			return err
		}
		switch v := root.Get(keyFormat); {
		case v == nil:
			return root.Put(keyFormat, formatVersion)
		case !bytes.Equal(v, formatVersion):
			return fmt.Errorf("library format %q; this build reads %q", v, formatVersion)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.db.Path() }

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// record is an entry as stored, in JSON with names that do not depend on
// the Go type's.
type record struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Title       string    `json:"title"`
	Source      string    `json:"source"`
	Size        int       `json:"size"`
	Hash        string    `json:"sha256"`
	AddedBy     string    `json:"added_by,omitempty"`
	AddedByName string    `json:"added_by_name,omitempty"`
	AddedAt     time.Time `json:"added_at"`
}

func toRecord(e library.Entry) record {
	return record{ID: e.ID, Name: e.Name, Title: e.Title, Source: e.Source, Size: e.Size, Hash: e.Hash,
		AddedBy: e.AddedBy, AddedByName: e.AddedByName, AddedAt: e.AddedAt.UTC()}
}

func (r record) entry(guild string) library.Entry {
	return library.Entry{ID: r.ID, Guild: guild, Name: r.Name, Title: r.Title, Source: r.Source, Size: r.Size, Hash: r.Hash,
		AddedBy: r.AddedBy, AddedByName: r.AddedByName, AddedAt: r.AddedAt.UTC()}
}

// guildBuckets is one guild's buckets in a transaction.
type guildBuckets struct {
	id                            string
	b                             *bbolt.Bucket
	articles, texts, names, hashs *bbolt.Bucket
}

// openGuild returns the guild's buckets, or nil when it has none (in a
// read-only transaction) .
func openGuild(tx *bbolt.Tx, id string) *guildBuckets {
	b := tx.Bucket(bucketGuilds).Bucket([]byte(id))
	if b == nil {
		return nil
	}
	return &guildBuckets{id: id, b: b, articles: b.Bucket(bucketArticles), texts: b.Bucket(bucketTexts), names: b.Bucket(bucketNames), hashs: b.Bucket(bucketHashes)}
}

// createGuild returns the guild's buckets, creating them.
func createGuild(tx *bbolt.Tx, id string) (*guildBuckets, error) {
	b, err := tx.Bucket(bucketGuilds).CreateBucketIfNotExists([]byte(id))
	if err != nil {
		return nil, err
	}
	g := &guildBuckets{id: id, b: b}
	for _, sub := range []struct {
		name []byte
		b    **bbolt.Bucket
	}{{bucketArticles, &g.articles}, {bucketTexts, &g.texts}, {bucketNames, &g.names}, {bucketHashes, &g.hashs}} {
		if *sub.b, err = b.CreateBucketIfNotExists(sub.name); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// entry returns the entry of the article id.
func (g *guildBuckets) entry(id []byte) (library.Entry, error) {
	v := g.articles.Get(id)
	if v == nil {
		return library.Entry{}, library.ErrNotFound
	}
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return library.Entry{}, fmt.Errorf("decode article %s of guild %s: %w", id, g.id, err)
	}
	return r.entry(g.id), nil
}

// byName returns the entry of the article named name.
func (g *guildBuckets) byName(name string) (library.Entry, error) {
	id := g.names.Get([]byte(name))
	if id == nil {
		return library.Entry{}, library.ErrNotFound
	}
	return g.entry(id)
}

// all returns every entry, in name order.
func (g *guildBuckets) all() ([]library.Entry, error) {
	var out []library.Entry
	err := g.names.ForEach(func(_, id []byte) error {
		e, err := g.entry(id)
		out = append(out, e)
		return err
	})
	return out, err
}

// current returns the current article's entry.
func (g *guildBuckets) current() (library.Entry, error) {
	id := g.b.Get(keyCurrent)
	if id == nil {
		return library.Entry{}, library.ErrNotFound
	}
	return g.entry(id)
}

// newest returns the most recently added article, ok false when there is
// none.
func (g *guildBuckets) newest() (library.Entry, bool, error) {
	all, err := g.all()
	if err != nil || len(all) == 0 {
		return library.Entry{}, false, err
	}
	return slices.MaxFunc(all, newer), true, nil
}

// newer orders entries by when they were added, then by ID.
func newer(a, b library.Entry) int {
	if c := a.AddedAt.Compare(b.AddedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// view runs fn in a read-only transaction on the guild's buckets; a guild
// with no buckets has no articles.
func (s *Store) view(ctx context.Context, guildID string, fn func(g *guildBuckets) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(tx *bbolt.Tx) error {
		g := openGuild(tx, guildID)
		if g == nil {
			return library.ErrNotFound
		}
		return fn(g)
	})
}

// Add implements library.Store.
func (s *Store) Add(ctx context.Context, a library.Stored, quota int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rec, err := json.Marshal(toRecord(a.Entry))
	if err != nil {
		return fmt.Errorf("encode article: %w", err)
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		g, err := createGuild(tx, a.Guild)
		if err != nil {
			return err
		}
		if id := g.hashs.Get([]byte(a.Hash)); id != nil {
			e, err := g.entry(id)
			if err != nil {
				return err
			}
			return &library.DuplicateError{Existing: e}
		}
		if g.names.Get([]byte(a.Name)) != nil {
			return library.ErrNameTaken
		}
		if g.articles.Get([]byte(a.ID)) != nil {
			return fmt.Errorf("article ID %s is taken", a.ID)
		}
		if quota > 0 && g.articles.Stats().KeyN >= quota {
			return library.ErrQuotaFull
		}
		id := []byte(a.ID)
		for _, put := range []struct {
			b    *bbolt.Bucket
			k, v []byte
		}{
			{g.articles, id, rec},
			{g.texts, id, a.Text},
			{g.names, []byte(a.Name), id},
			{g.hashs, []byte(a.Hash), id},
			{g.b, keyCurrent, id},
		} {
			if err := put.b.Put(put.k, put.v); err != nil {
				return err
			}
		}
		// The last chance to give up: the commit that follows is atomic.
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("add %s to guild %s: %w", a.Name, a.Guild, err)
	}
	return nil
}

// Entry implements library.Store.
func (s *Store) Entry(ctx context.Context, guild, id string) (e library.Entry, err error) {
	err = s.view(ctx, guild, func(g *guildBuckets) error {
		e, err = g.entry([]byte(id))
		return err
	})
	return e, err
}

// EntryByName implements library.Store.
func (s *Store) EntryByName(ctx context.Context, guild, name string) (e library.Entry, err error) {
	err = s.view(ctx, guild, func(g *guildBuckets) error {
		e, err = g.byName(name)
		return err
	})
	return e, err
}

// Current implements library.Store.
func (s *Store) Current(ctx context.Context, guild string) (e library.Entry, err error) {
	err = s.view(ctx, guild, func(g *guildBuckets) error {
		e, err = g.current()
		return err
	})
	return e, err
}

// Text implements library.Store.
func (s *Store) Text(ctx context.Context, guild, id string) (text []byte, err error) {
	err = s.view(ctx, guild, func(g *guildBuckets) error {
		v := g.texts.Get([]byte(id))
		if v == nil {
			return library.ErrNotFound
		}
		text = bytes.Clone(v) // v is only valid in the transaction
		return nil
	})
	return text, err
}

// List implements library.Store.
func (s *Store) List(ctx context.Context, guild string) (library.Shelf, error) {
	var shelf library.Shelf
	err := s.view(ctx, guild, func(g *guildBuckets) error {
		var err error
		if shelf.Entries, err = g.all(); err != nil {
			return err
		}
		if id := g.b.Get(keyCurrent); id != nil {
			shelf.Current = string(id)
		}
		return nil
	})
	if errors.Is(err, library.ErrNotFound) {
		return library.Shelf{}, nil
	}
	return shelf, err
}

// update runs fn in a read-write transaction on the guild's buckets; a
// guild with no buckets has no articles.
func (s *Store) update(ctx context.Context, guildID string, fn func(g *guildBuckets) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bbolt.Tx) error {
		if openGuild(tx, guildID) == nil {
			return library.ErrNotFound
		}
		g, err := createGuild(tx, guildID)
		if err != nil {
			return err
		}
		return fn(g)
	})
}

// SetCurrent implements library.Store.
func (s *Store) SetCurrent(ctx context.Context, guild, name string) (e library.Entry, err error) {
	err = s.update(ctx, guild, func(g *guildBuckets) error {
		if e, err = g.byName(name); err != nil {
			return err
		}
		return g.b.Put(keyCurrent, []byte(e.ID))
	})
	return e, err
}

// Remove implements library.Store.
func (s *Store) Remove(ctx context.Context, guild, name string) (removed, current library.Entry, ok bool, err error) {
	err = s.update(ctx, guild, func(g *guildBuckets) error {
		if removed, err = g.byName(name); err != nil {
			return err
		}
		id := []byte(removed.ID)
		for _, del := range []struct {
			b *bbolt.Bucket
			k []byte
		}{{g.articles, id}, {g.texts, id}, {g.names, []byte(removed.Name)}, {g.hashs, []byte(removed.Hash)}} {
			if err := del.b.Delete(del.k); err != nil {
				return err
			}
		}
		if cur := g.b.Get(keyCurrent); cur != nil && !bytes.Equal(cur, id) {
			current, err = g.entry(cur)
			ok = err == nil
			return err
		}
		if current, ok, err = g.newest(); err != nil {
			return err
		}
		if !ok {
			return g.b.Delete(keyCurrent)
		}
		return g.b.Put(keyCurrent, []byte(current.ID))
	})
	if err != nil {
		return library.Entry{}, library.Entry{}, false, err
	}
	return removed, current, ok, nil
}

// Count returns how many articles the file holds and in how many guilds,
// for the start-up log.
func (s *Store) Count() (articles, guilds int, err error) {
	err = s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketGuilds).ForEachBucket(func(k []byte) error {
			g := openGuild(tx, string(k))
			if n := g.articles.Stats().KeyN; n > 0 {
				articles += n
				guilds++
			}
			return nil
		})
	})
	return articles, guilds, err
}
