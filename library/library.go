// Package library keeps each Discord server's reading list: the articles
// its moderators added, their stored text, who added each and when, and
// which one is the server's current article.
//
// The package declares what it needs from storage, the Store interface,
// and the contract every implementation keeps (package librarytest runs it
// against one): package bolt implements it in an embedded file, package
// postgres in PostgreSQL for replicas that share one library. A Store keeps
// text and metadata only; the Library built on it parses and indexes an
// article when it is first asked about, and keeps the indexes of the
// articles asked about most recently in a bounded cache.
//
// Every lookup is scoped by the server (guild) ID: an article ID or a name
// means nothing outside its guild, so one server never reaches another's
// articles, whatever a button's custom_id says.
package library

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Entry describes one stored article, without its text. It is plain data.
type Entry struct {
	// ID is the article's short stable ID (IDLen characters of [a-z2-7]),
	// unique within its guild. Buttons carry it in their custom_ids.
	ID string
	// Guild is the Discord server the article belongs to.
	Guild string
	// Name is the article's name in its guild's library, unique there (see
	// NormalizeName).
	Name string
	// Title is the article's title as parsed when it was added.
	Title string
	// Source is the name of the file it was added from.
	Source string
	// Size is the length of the stored text in bytes.
	Size int
	// Hash is the hexadecimal SHA-256 of the stored text; a guild holds
	// one article for each text.
	Hash string
	// AddedBy is the Discord user ID of whoever added it; empty when it was
	// added on the command line.
	AddedBy string
	// AddedByName is the name they showed under when they added it.
	AddedByName string
	// AddedAt is when it was stored, in UTC, to the microsecond.
	AddedAt time.Time
}

// Stored is an article as a Store holds it: its entry and its text, the
// file's bytes as they were added.
type Stored struct {
	Entry
	Text []byte
}

// Shelf is one guild's library as listed: its entries in name order and
// the ID of the current one ("" when the library is empty).
type Shelf struct {
	Entries []Entry
	Current string
}

// CurrentEntry returns the current article's entry and whether there is
// one.
func (s Shelf) CurrentEntry() (Entry, bool) {
	for _, e := range s.Entries {
		if e.ID == s.Current {
			return e, true
		}
	}
	return Entry{}, false
}

// Errors a Store and the Library return; callers branch on them with
// errors.Is.
var (
	// ErrNotFound: no article with that ID or name in the guild, or no
	// current article (the library is empty).
	ErrNotFound = errors.New("no such article in this library")
	// ErrNameTaken: the guild already has an article of that name.
	ErrNameTaken = errors.New("an article of that name is already in the library")
	// ErrDuplicate: the guild already has an article with the same text;
	// the error is a *DuplicateError naming it.
	ErrDuplicate = errors.New("the same text is already in the library")
	// ErrQuotaFull: the guild's library holds as many articles as its
	// quota allows.
	ErrQuotaFull = errors.New("the library is full")
	// ErrTooLarge: the file is over the size limit.
	ErrTooLarge = errors.New("the file is too large")
	// ErrUnreadable: the file has no text the bot can read as an article
	// (a binary file, an image, a file with no paragraphs), or a stored
	// article can no longer be parsed.
	ErrUnreadable = errors.New("no readable article text")
	// ErrBadName: a name with no letter or digit in it.
	ErrBadName = errors.New("a name needs a letter or a digit")
	// ErrNoGuild: libraries belong to servers; a DM has none.
	ErrNoGuild = errors.New("libraries belong to servers")
)

// DuplicateError is ErrDuplicate with the article that already has the
// text.
type DuplicateError struct {
	Existing Entry
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%v as %q", ErrDuplicate, e.Existing.Name)
}

// Unwrap returns ErrDuplicate.
func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// Store keeps the libraries of every guild. Every method is scoped by
// guild: an ID or a name of another guild's article is ErrNotFound. A Store
// is safe for concurrent use, including by several processes sharing one
// database where the implementation allows it.
//
// The contract (package librarytest checks it):
//   - Add stores an article and makes it its guild's current article in one
//     atomic, durable step: once Add returns nil the article survives a
//     crash of the process, and an Add that fails or is interrupted stores
//     nothing. It refuses, in this order, a text the guild already holds
//     (a *DuplicateError), a name the guild already uses (ErrNameTaken) and
//     a guild that already holds quota articles (ErrQuotaFull), and holds
//     to these even when several Adds race, in one process or several.
//   - Remove deletes an article by name; when it was current, the most
//     recently added of those left becomes current.
//   - Current is the current article, ErrNotFound when the library is
//     empty.
type Store interface {
	// Add stores s, making it its guild's current article, unless the
	// guild already holds quota articles (quota < 1 means no limit).
	Add(ctx context.Context, s Stored, quota int) error
	// Entry returns the entry of the article id of guild.
	Entry(ctx context.Context, guild, id string) (Entry, error)
	// EntryByName returns the entry of the article of guild named name.
	EntryByName(ctx context.Context, guild, name string) (Entry, error)
	// Current returns the entry of guild's current article.
	Current(ctx context.Context, guild string) (Entry, error)
	// Text returns the stored text of the article id of guild.
	Text(ctx context.Context, guild, id string) ([]byte, error)
	// List returns guild's library; an empty Shelf for a guild with no
	// articles.
	List(ctx context.Context, guild string) (Shelf, error)
	// SetCurrent makes the article named name guild's current one and
	// returns its entry.
	SetCurrent(ctx context.Context, guild, name string) (Entry, error)
	// Remove deletes the article named name from guild's library and
	// returns its entry and the guild's current article after it (zero,
	// with ok false, when the library is now empty).
	Remove(ctx context.Context, guild, name string) (removed, current Entry, ok bool, err error)
	// Close releases the store; no method may be called after.
	Close() error
}

// IDLen is the length of an article ID.
const IDLen = 12

var idPattern = regexp.MustCompile(`^[a-z2-7]{12}$`)

// ValidID reports whether s has the form of an article ID, as a custom_id
// parser checks before looking it up.
func ValidID(s string) bool { return idPattern.MatchString(s) }

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a new random article ID (60 bits).
func NewID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return idEncoding.EncodeToString(b[:])[:IDLen]
}
