// Package librarytest holds the contract every library.Store keeps, as one
// table of tests that each implementation runs against itself:
//
//	func TestContract(t *testing.T) {
//		librarytest.Run(t, func(t *testing.T) (library.Store, librarytest.Reopen) { ... })
//	}
//
// The tests cover what the library.Store documentation promises: adds that
// are atomic and durable (a reopened store has them), the current article,
// names and texts unique per guild and the quota, all held when adds race,
// removal, and guilds that never see each other's articles.
package librarytest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/library"
)

// Reopen closes a store and opens the same data again, as a restart of
// the process would.
type Reopen func(t *testing.T, s library.Store) library.Store

// Factory returns a new, empty store for one test, and how to reopen it.
// It registers the cleanups that close the store and delete its data.
type Factory func(t *testing.T) (library.Store, Reopen)

// Guilds the tests use.
const (
	GuildA = "1500000000000000001"
	GuildB = "1500000000000000002"
)

// Run runs the contract tests against the stores newStore makes.
func Run(t *testing.T, newStore Factory) {
	tests := []struct {
		name string
		test func(t *testing.T, s library.Store, reopen Reopen)
	}{
		{"AddAndRead", testAddAndRead},
		{"EmptyGuild", testEmptyGuild},
		{"CurrentFollowsAddAndUse", testCurrent},
		{"NameTaken", testNameTaken},
		{"Duplicate", testDuplicate},
		{"Quota", testQuota},
		{"Remove", testRemove},
		{"GuildsIsolated", testIsolation},
		{"ListInNameOrder", testListOrder},
		{"CanceledAddStoresNothing", testCanceled},
		{"SurvivesReopen", testReopen},
		{"TextKeptByteForByte", testTextExact},
		{"RacingNames", testRacingNames},
		{"RacingQuota", testRacingQuota},
		{"RacingDuplicates", testRacingDuplicates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, reopen := newStore(t)
			tt.test(t, s, reopen)
		})
	}
}

// base is the time of the first article; each article of a test is a
// second later than the one before.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// Article returns an article of guild named name whose text is text, added
// at base plus n seconds by a test user, with a new ID.
func Article(guild, name, text string, n int) library.Stored {
	sum := sha256.Sum256([]byte(text))
	return library.Stored{
		Entry: library.Entry{
			ID: library.NewID(), Guild: guild, Name: name, Title: "Title of " + name, Source: name + ".txt",
			Size: len(text), Hash: hex.EncodeToString(sum[:]), AddedBy: "1400000000000000001", AddedByName: "A Member",
			AddedAt: base.Add(time.Duration(n) * time.Second),
		},
		Text: []byte(text),
	}
}

func ctxOf(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustAdd(t *testing.T, s library.Store, a library.Stored, quota int) {
	t.Helper()
	if err := s.Add(ctxOf(t), a, quota); err != nil {
		t.Fatalf("Add(%s/%s) = %v; want nil", a.Guild, a.Name, err)
	}
}

// sameEntry reports how got differs from want, or "".
func sameEntry(got, want library.Entry) string {
	if !got.AddedAt.Equal(want.AddedAt) {
		return fmt.Sprintf("added at %v; want %v", got.AddedAt, want.AddedAt)
	}
	got.AddedAt, want.AddedAt = time.Time{}, time.Time{}
	if got != want {
		return fmt.Sprintf("got %+v; want %+v", got, want)
	}
	return ""
}

func checkEntry(t *testing.T, what string, got library.Entry, err error, want library.Entry) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v; want %s", what, err, want.Name)
		return
	}
	if d := sameEntry(got, want); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

func checkNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, library.ErrNotFound) {
		t.Errorf("%s = %v; want ErrNotFound", what, err)
	}
}

// names returns the names of a shelf's entries, in order.
func names(s library.Shelf) []string {
	out := make([]string, len(s.Entries))
	for k, e := range s.Entries {
		out[k] = e.Name
	}
	return out
}

func list(t *testing.T, s library.Store, guild string) library.Shelf {
	t.Helper()
	shelf, err := s.List(ctxOf(t), guild)
	if err != nil {
		t.Fatalf("List(%s) = %v", guild, err)
	}
	return shelf
}

func testAddAndRead(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "coral-reefs", "Coral reefs bleach when the sea is too warm.\n", 0)
	mustAdd(t, s, a, 10)
	e, err := s.Entry(ctx, GuildA, a.ID)
	checkEntry(t, "Entry", e, err, a.Entry)
	e, err = s.EntryByName(ctx, GuildA, a.Name)
	checkEntry(t, "EntryByName", e, err, a.Entry)
	e, err = s.Current(ctx, GuildA)
	checkEntry(t, "Current", e, err, a.Entry)
	text, err := s.Text(ctx, GuildA, a.ID)
	if err != nil || !bytes.Equal(text, a.Text) {
		t.Errorf("Text = %q, %v; want %q", text, err, a.Text)
	}
	shelf := list(t, s, GuildA)
	if len(shelf.Entries) != 1 || shelf.Current != a.ID {
		t.Fatalf("List = %+v; want the one article, current", shelf)
	}
	if d := sameEntry(shelf.Entries[0], a.Entry); d != "" {
		t.Errorf("List: %s", d)
	}
	if cur, ok := shelf.CurrentEntry(); !ok || cur.ID != a.ID {
		t.Errorf("CurrentEntry = %+v, %v; want %s", cur, ok, a.ID)
	}
}

func testEmptyGuild(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	shelf := list(t, s, GuildA)
	if len(shelf.Entries) != 0 || shelf.Current != "" {
		t.Errorf("List of an empty guild = %+v; want an empty shelf", shelf)
	}
	_, err := s.Current(ctx, GuildA)
	checkNotFound(t, "Current of an empty guild", err)
	_, err = s.Entry(ctx, GuildA, library.NewID())
	checkNotFound(t, "Entry of an empty guild", err)
	_, err = s.EntryByName(ctx, GuildA, "nothing")
	checkNotFound(t, "EntryByName of an empty guild", err)
	_, err = s.Text(ctx, GuildA, library.NewID())
	checkNotFound(t, "Text of an empty guild", err)
	_, err = s.SetCurrent(ctx, GuildA, "nothing")
	checkNotFound(t, "SetCurrent of an empty guild", err)
	_, _, _, err = s.Remove(ctx, GuildA, "nothing")
	checkNotFound(t, "Remove of an empty guild", err)
}

func testCurrent(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "first", "The first article.\n", 0)
	b := Article(GuildA, "second", "The second article.\n", 1)
	mustAdd(t, s, a, 0)
	mustAdd(t, s, b, 0)
	e, err := s.Current(ctx, GuildA)
	checkEntry(t, "Current after two adds", e, err, b.Entry)
	e, err = s.SetCurrent(ctx, GuildA, "first")
	checkEntry(t, "SetCurrent(first)", e, err, a.Entry)
	e, err = s.Current(ctx, GuildA)
	checkEntry(t, "Current after SetCurrent(first)", e, err, a.Entry)
	if got := list(t, s, GuildA).Current; got != a.ID {
		t.Errorf("List's current = %s; want %s", got, a.ID)
	}
	_, err = s.SetCurrent(ctx, GuildA, "third")
	checkNotFound(t, "SetCurrent(third)", err)
	e, err = s.Current(ctx, GuildA)
	checkEntry(t, "Current after a failed SetCurrent", e, err, a.Entry)
}

func testNameTaken(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "reefs", "Reefs, first text.\n", 0)
	mustAdd(t, s, a, 0)
	b := Article(GuildA, "reefs", "Reefs, second text.\n", 1)
	if err := s.Add(ctx, b, 0); !errors.Is(err, library.ErrNameTaken) {
		t.Fatalf("Add of a taken name = %v; want ErrNameTaken", err)
	}
	// Nothing of the refused add is stored.
	_, err := s.Entry(ctx, GuildA, b.ID)
	checkNotFound(t, "Entry of the refused article", err)
	_, err = s.Text(ctx, GuildA, b.ID)
	checkNotFound(t, "Text of the refused article", err)
	if got := names(list(t, s, GuildA)); len(got) != 1 {
		t.Errorf("List after a refused add = %q; want one article", got)
	}
	e, err := s.Current(ctx, GuildA)
	checkEntry(t, "Current after a refused add", e, err, a.Entry)
	text, err := s.Text(ctx, GuildA, a.ID)
	if err != nil || !bytes.Equal(text, a.Text) {
		t.Errorf("Text of the first article = %q, %v; want it unchanged", text, err)
	}
}

func testDuplicate(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "reefs", "The same text.\n", 0)
	mustAdd(t, s, a, 1)
	// Same text under another name, in a full library: the duplicate is
	// what is reported, naming the article that has the text.
	b := Article(GuildA, "reefs-again", "The same text.\n", 1)
	err := s.Add(ctx, b, 1)
	var dup *library.DuplicateError
	if !errors.Is(err, library.ErrDuplicate) || !errors.As(err, &dup) || dup.Existing.ID != a.ID || dup.Existing.Name != "reefs" {
		t.Fatalf("Add of the same text = %v; want a *DuplicateError naming reefs", err)
	}
	// Same text and same name: still the duplicate.
	c := Article(GuildA, "reefs", "The same text.\n", 2)
	if err := s.Add(ctx, c, 0); !errors.Is(err, library.ErrDuplicate) {
		t.Errorf("Add of the same text and name = %v; want ErrDuplicate", err)
	}
	// A taken name in a full library: the name is what is reported.
	d := Article(GuildA, "reefs", "Another text.\n", 3)
	if err := s.Add(ctx, d, 1); !errors.Is(err, library.ErrNameTaken) {
		t.Errorf("Add of a taken name in a full library = %v; want ErrNameTaken", err)
	}
	if got := names(list(t, s, GuildA)); len(got) != 1 {
		t.Errorf("List = %q; want only reefs", got)
	}
}

func testQuota(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	for k := range 3 {
		mustAdd(t, s, Article(GuildA, fmt.Sprintf("a%d", k), fmt.Sprintf("Article %d.\n", k), k), 3)
	}
	over := Article(GuildA, "a3", "Article 3.\n", 3)
	if err := s.Add(ctx, over, 3); !errors.Is(err, library.ErrQuotaFull) {
		t.Fatalf("fourth Add with quota 3 = %v; want ErrQuotaFull", err)
	}
	_, err := s.Entry(ctx, GuildA, over.ID)
	checkNotFound(t, "Entry of the article over quota", err)
	if _, _, _, err := s.Remove(ctx, GuildA, "a0"); err != nil {
		t.Fatalf("Remove(a0) = %v", err)
	}
	mustAdd(t, s, over, 3)
	// A bigger quota, or none, lets more in.
	mustAdd(t, s, Article(GuildA, "a4", "Article 4.\n", 4), 4)
	mustAdd(t, s, Article(GuildA, "a5", "Article 5.\n", 5), 0)
	if got := len(list(t, s, GuildA).Entries); got != 5 {
		t.Errorf("List has %d articles; want 5", got)
	}
}

func testRemove(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "a", "Text a.\n", 0)
	b := Article(GuildA, "b", "Text b.\n", 1)
	c := Article(GuildA, "c", "Text c.\n", 2)
	for _, x := range []library.Stored{a, b, c} {
		mustAdd(t, s, x, 0)
	}
	// Removing an article that is not current leaves the current one.
	removed, cur, ok, err := s.Remove(ctx, GuildA, "a")
	checkEntry(t, "Remove(a)", removed, err, a.Entry)
	if !ok || cur.ID != c.ID {
		t.Errorf("current after Remove(a) = %+v, %v; want c", cur, ok)
	}
	_, err = s.Entry(ctx, GuildA, a.ID)
	checkNotFound(t, "Entry of a removed article", err)
	_, err = s.EntryByName(ctx, GuildA, "a")
	checkNotFound(t, "EntryByName of a removed article", err)
	_, err = s.Text(ctx, GuildA, a.ID)
	checkNotFound(t, "Text of a removed article", err)
	_, _, _, err = s.Remove(ctx, GuildA, "a")
	checkNotFound(t, "Remove(a) again", err)

	// Removing the current article makes the most recently added one left
	// current.
	d := Article(GuildA, "d", "Text d.\n", 3)
	mustAdd(t, s, d, 0)
	if _, err := s.SetCurrent(ctx, GuildA, "d"); err != nil {
		t.Fatal(err)
	}
	_, cur, ok, err = s.Remove(ctx, GuildA, "d")
	if err != nil || !ok || cur.ID != c.ID {
		t.Errorf("Remove(current d) = current %+v, %v, %v; want c, the most recently added left", cur, ok, err)
	}
	e, err := s.Current(ctx, GuildA)
	checkEntry(t, "Current after removing the current article", e, err, c.Entry)

	// The name and the text are free again.
	mustAdd(t, s, Article(GuildA, "a", "Text a.\n", 4), 0)

	for _, n := range []string{"a", "b", "c"} {
		if _, _, _, err := s.Remove(ctx, GuildA, n); err != nil {
			t.Fatalf("Remove(%s) = %v", n, err)
		}
	}
	_, err = s.Current(ctx, GuildA)
	checkNotFound(t, "Current of an emptied library", err)
	if shelf := list(t, s, GuildA); len(shelf.Entries) != 0 || shelf.Current != "" {
		t.Errorf("List of an emptied library = %+v; want empty", shelf)
	}
}

func testIsolation(t *testing.T, s library.Store, _ Reopen) {
	ctx := ctxOf(t)
	a := Article(GuildA, "reefs", "Guild A's article.\n", 0)
	mustAdd(t, s, a, 1)
	// Guild B sees nothing of guild A's article, by ID, name or text.
	_, err := s.Entry(ctx, GuildB, a.ID)
	checkNotFound(t, "guild B: Entry(A's ID)", err)
	_, err = s.Text(ctx, GuildB, a.ID)
	checkNotFound(t, "guild B: Text(A's ID)", err)
	_, err = s.EntryByName(ctx, GuildB, "reefs")
	checkNotFound(t, "guild B: EntryByName(A's name)", err)
	_, err = s.SetCurrent(ctx, GuildB, "reefs")
	checkNotFound(t, "guild B: SetCurrent(A's name)", err)
	_, _, _, err = s.Remove(ctx, GuildB, "reefs")
	checkNotFound(t, "guild B: Remove(A's name)", err)
	_, err = s.Current(ctx, GuildB)
	checkNotFound(t, "guild B: Current", err)
	if shelf := list(t, s, GuildB); len(shelf.Entries) != 0 {
		t.Errorf("guild B: List = %q; want empty", names(shelf))
	}
	// Guild B may use the same name and the same text, and has its own
	// quota.
	b := Article(GuildB, "reefs", "Guild A's article.\n", 1)
	mustAdd(t, s, b, 1)
	e, err := s.EntryByName(ctx, GuildA, "reefs")
	checkEntry(t, "guild A: EntryByName(reefs) after B's add", e, err, a.Entry)
	e, err = s.Current(ctx, GuildA)
	checkEntry(t, "guild A: Current after B's add", e, err, a.Entry)
	if _, _, _, err := s.Remove(ctx, GuildB, "reefs"); err != nil {
		t.Fatal(err)
	}
	e, err = s.Entry(ctx, GuildA, a.ID)
	checkEntry(t, "guild A: Entry after B removed its reefs", e, err, a.Entry)
}

func testListOrder(t *testing.T, s library.Store, _ Reopen) {
	for k, n := range []string{"week-3", "alpha", "week-10", "beta"} {
		mustAdd(t, s, Article(GuildA, n, "Text "+n+".\n", k), 0)
	}
	got := strings.Join(names(list(t, s, GuildA)), " ")
	if want := "alpha beta week-10 week-3"; got != want {
		t.Errorf("List order = %s; want %s", got, want)
	}
}

func testCanceled(t *testing.T, s library.Store, _ Reopen) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := Article(GuildA, "reefs", "Text.\n", 0)
	if err := s.Add(ctx, a, 0); err == nil {
		t.Fatalf("Add with a canceled context = nil; want an error")
	}
	_, err := s.Entry(ctxOf(t), GuildA, a.ID)
	checkNotFound(t, "Entry after a canceled Add", err)
	if shelf := list(t, s, GuildA); len(shelf.Entries) != 0 || shelf.Current != "" {
		t.Errorf("List after a canceled Add = %+v; want empty", shelf)
	}
}

func testReopen(t *testing.T, s library.Store, reopen Reopen) {
	a := Article(GuildA, "a", "Text a.\n", 0)
	b := Article(GuildA, "b", "Text b.\n", 1)
	c := Article(GuildB, "c", "Text c.\n", 2)
	for _, x := range []library.Stored{a, b, c} {
		mustAdd(t, s, x, 0)
	}
	if _, err := s.SetCurrent(ctxOf(t), GuildA, "a"); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	ctx := ctxOf(t)
	for _, x := range []library.Stored{a, b, c} {
		e, err := s.Entry(ctx, x.Guild, x.ID)
		checkEntry(t, "Entry after reopening", e, err, x.Entry)
		text, err := s.Text(ctx, x.Guild, x.ID)
		if err != nil || !bytes.Equal(text, x.Text) {
			t.Errorf("Text after reopening = %q, %v; want %q", text, err, x.Text)
		}
	}
	e, err := s.Current(ctx, GuildA)
	checkEntry(t, "Current of guild A after reopening", e, err, a.Entry)
	e, err = s.Current(ctx, GuildB)
	checkEntry(t, "Current of guild B after reopening", e, err, c.Entry)
	if err := s.Add(ctx, Article(GuildA, "a", "Text a, again.\n", 3), 0); !errors.Is(err, library.ErrNameTaken) {
		t.Errorf("Add of a taken name after reopening = %v; want ErrNameTaken", err)
	}
}

func testTextExact(t *testing.T, s library.Store, _ Reopen) {
	// The store keeps bytes, not strings: invalid UTF-8, NULs, CRLF, a BOM
	// and 1 MiB all come back as they went in.
	var b bytes.Buffer
	b.WriteString("\uFEFFTitle\r\n\xff\xfe\x00 bytes\n")
	for b.Len() < library.DefaultMaxBytes {
		b.WriteString("A line of the article that goes on for a while. ")
	}
	text := b.Bytes()[:library.DefaultMaxBytes]
	a := Article(GuildA, "big", string(text), 0)
	mustAdd(t, s, a, 0)
	got, err := s.Text(ctxOf(t), GuildA, a.ID)
	if err != nil || !bytes.Equal(got, text) {
		t.Errorf("Text = %d bytes, %v; want the %d bytes stored", len(got), err, len(text))
	}
}

// race runs n adds at once and returns how many succeeded and the errors
// of the others.
func race(t *testing.T, s library.Store, quota int, articles []library.Stored) (int, []error) {
	t.Helper()
	ctx := ctxOf(t)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, len(articles))
	)
	for k, a := range articles {
		wg.Go(func() {
			<-start
			errs[k] = s.Add(ctx, a, quota)
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	var failed []error
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			failed = append(failed, err)
		}
	}
	return ok, failed
}

const racers = 40

func testRacingNames(t *testing.T, s library.Store, _ Reopen) {
	var articles []library.Stored
	for k := range racers {
		articles = append(articles, Article(GuildA, "same-name", fmt.Sprintf("Text %d.\n", k), k))
	}
	ok, errs := race(t, s, 0, articles)
	if ok != 1 {
		t.Errorf("%d of %d racing adds of one name succeeded; want 1", ok, racers)
	}
	for _, err := range errs {
		if !errors.Is(err, library.ErrNameTaken) {
			t.Errorf("a racing add of a taken name = %v; want ErrNameTaken", err)
		}
	}
	if got := names(list(t, s, GuildA)); len(got) != 1 {
		t.Errorf("List = %q; want one article", got)
	}
}

func testRacingQuota(t *testing.T, s library.Store, _ Reopen) {
	const quota = 5
	var articles []library.Stored
	for k := range racers {
		articles = append(articles, Article(GuildA, fmt.Sprintf("n%d", k), fmt.Sprintf("Text %d.\n", k), k))
	}
	// Guild B's adds race too, against a quota of their own.
	for k := range 3 {
		articles = append(articles, Article(GuildB, fmt.Sprintf("n%d", k), fmt.Sprintf("Text %d.\n", k), k))
	}
	ok, errs := race(t, s, quota, articles)
	if ok != quota+3 {
		t.Errorf("%d racing adds succeeded; want %d (%d in guild A, 3 in guild B)", ok, quota+3, quota)
	}
	for _, err := range errs {
		if !errors.Is(err, library.ErrQuotaFull) {
			t.Errorf("a racing add over quota = %v; want ErrQuotaFull", err)
		}
	}
	if got := len(list(t, s, GuildA).Entries); got != quota {
		t.Errorf("guild A holds %d articles; want the quota, %d", got, quota)
	}
	if got := len(list(t, s, GuildB).Entries); got != 3 {
		t.Errorf("guild B holds %d articles; want 3", got)
	}
}

func testRacingDuplicates(t *testing.T, s library.Store, _ Reopen) {
	var articles []library.Stored
	for k := range racers {
		articles = append(articles, Article(GuildA, fmt.Sprintf("n%d", k), "The same text.\n", k))
	}
	ok, errs := race(t, s, 0, articles)
	if ok != 1 {
		t.Errorf("%d of %d racing adds of one text succeeded; want 1", ok, racers)
	}
	for _, err := range errs {
		if !errors.Is(err, library.ErrDuplicate) {
			t.Errorf("a racing add of a stored text = %v; want ErrDuplicate", err)
		}
	}
}
