package library_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/bolt"
)

const guild = "1500000000000000001"

var defaultIndex = sync.OnceValues(func() (*index.Index, error) {
	a, err := corpus.Default()
	if err != nil {
		return nil, err
	}
	return index.New(context.Background(), a, index.Options{})
})

// countingStore counts the texts read, to tell cache hits from misses.
type countingStore struct {
	library.Store
	texts atomic.Int64
}

func (s *countingStore) Text(ctx context.Context, guild, id string) ([]byte, error) {
	s.texts.Add(1)
	return s.Store.Text(ctx, guild, id)
}

func newLibrary(t *testing.T, o library.Options) (*library.Library, *countingStore) {
	t.Helper()
	b, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ix, err := defaultIndex()
	if err != nil {
		t.Fatal(err)
	}
	s := &countingStore{Store: b}
	o.Default = ix
	lib, err := library.New(s, o)
	if err != nil {
		t.Fatal(err)
	}
	return lib, s
}

func article(title string) []byte {
	return []byte("# " + title + "\n\nThe first paragraph of " + title + " says something.\n\nThe second paragraph of " + title + " says more.\n")
}

func add(t *testing.T, lib *library.Library, name string, data []byte) *library.Book {
	t.Helper()
	b, _, err := lib.Add(context.Background(), library.AddRequest{Guild: guild, Name: name, Filename: "a.txt", Data: data})
	if err != nil {
		t.Fatalf("Add(%s) = %v", name, err)
	}
	return b
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"Week 3":                  "week-3",
		"  Coral   Reefs!! ":      "coral-reefs",
		"--a--b--":                "a-b",
		"Ünïcödé Straße":          "ünïcödé-straße",
		"日本語 の 記事":                "日本語-の-記事",
		"!!!":                     "",
		"":                        "",
		"@everyone <@123>":        "everyone-123",
		strings.Repeat("ab ", 30): "ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab",
		strings.Repeat("x", 50):   strings.Repeat("x", 40),
	} {
		if got := library.NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Coral reefs under heat stress: what the 2024 bleaching means": "coral-reefs-under-heat-stress",
		"DeepSeek's \"Sputnik moment\"":                                "deepseek-s-sputnik-moment",
		"???":                                                          "article",
		strings.Repeat("Supercalifragilistic ", 3):                     "supercalifragilistic",
	} {
		if got := library.NameFromTitle(in); got != want {
			t.Errorf("NameFromTitle(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"Week 3", "!!!", "日本語", "a\x00b", "\xff\xfe", strings.Repeat("é", 60)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := library.NormalizeName(s)
		if n == "" {
			return
		}
		if !utf8.ValidString(n) || utf8.RuneCountInString(n) > library.MaxNameLen || strings.HasPrefix(n, "-") || strings.HasSuffix(n, "-") || strings.Contains(n, "--") {
			t.Fatalf("NormalizeName(%q) = %q: not a name", s, n)
		}
		for _, r := range n {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("NormalizeName(%q) = %q has %q", s, n, r)
			}
		}
		if again := library.NormalizeName(n); again != n {
			t.Fatalf("NormalizeName(%q) = %q, but NormalizeName(%q) = %q", s, n, n, again)
		}
	})
}

func TestAddRefusals(t *testing.T) {
	lib, _ := newLibrary(t, library.Options{MaxBytes: 1000})
	ctx := context.Background()
	add(t, lib, "first", article("First")).Release()
	png, _ := os.ReadFile("../bot/testdata/library/news-page.html") // text; made binary below
	png = append([]byte("\x89PNG\r\n\x1a\n"), png[:200]...)
	tests := []struct {
		name string
		r    library.AddRequest
		want error
	}{
		{"no guild", library.AddRequest{Data: article("A")}, library.ErrNoGuild},
		{"too large", library.AddRequest{Guild: guild, Data: []byte(strings.Repeat("Words. ", 200))}, library.ErrTooLarge},
		{"empty", library.AddRequest{Guild: guild, Data: []byte("\n \n")}, library.ErrUnreadable},
		{"NUL bytes", library.AddRequest{Guild: guild, Data: []byte("Text\x00with a NUL.\n")}, library.ErrUnreadable},
		{"an image", library.AddRequest{Guild: guild, Filename: "photo.txt", Data: png}, library.ErrUnreadable},
		{"control characters", library.AddRequest{Guild: guild, Data: []byte("Text \x01\x02\x03\x04 with \x05\x06 control \x07\x08 characters.\n")}, library.ErrUnreadable},
		{"bad name", library.AddRequest{Guild: guild, Name: "!!", Data: article("B")}, library.ErrBadName},
		{"name taken", library.AddRequest{Guild: guild, Name: "FIRST", Data: article("C")}, library.ErrNameTaken},
		{"same text", library.AddRequest{Guild: guild, Name: "again", Data: article("First")}, library.ErrDuplicate},
	}
	for _, tt := range tests {
		if _, _, err := lib.Add(ctx, tt.r); !errors.Is(err, tt.want) {
			t.Errorf("%s: Add = %v; want %v", tt.name, err, tt.want)
		}
	}
	shelf, _ := lib.List(ctx, guild)
	if len(shelf.Entries) != 1 {
		t.Errorf("%d articles after the refusals; want 1", len(shelf.Entries))
	}
}

func TestAddNames(t *testing.T) {
	lib, _ := newLibrary(t, library.Options{})
	ctx := context.Background()
	// A name derived from the title gets a suffix when it is taken.
	for k, want := range []string{"reef-notes", "reef-notes-2", "reef-notes-3"} {
		b, warnings, err := lib.Add(ctx, library.AddRequest{Guild: guild, Filename: "x.txt", Data: append(article("Reef notes"), byte('0'+k))})
		if err != nil {
			t.Fatal(err)
		}
		if b.Name != want || b.Title != "Reef notes" || b.Index == nil {
			t.Errorf("add %d: %+v; want name %s", k, b.Entry, want)
		}
		if len(warnings) == 0 || !strings.Contains(warnings[0], "Key Takeaways") {
			t.Errorf("warnings %q; want the missing takeaways", warnings)
		}
		b.Release()
	}
	// The file name is stored without its directories.
	b := add(t, lib, "", []byte("Plain text with no title line at all.\n"))
	defer b.Release()
	if b.Source != "a.txt" || b.Title != "A" {
		t.Errorf("source %q, title %q; want a.txt and A", b.Source, b.Title)
	}
}

func TestBooks(t *testing.T) {
	lib, store := newLibrary(t, library.Options{CacheSize: 2})
	var closedMu sync.Mutex
	closed := map[*index.Index]bool{}
	library.OnClose(lib, func(ix *index.Index) {
		closedMu.Lock()
		defer closedMu.Unlock()
		if closed[ix] {
			t.Errorf("an index closed twice")
		}
		closed[ix] = true
		ix.Close()
	})
	isClosed := func(ix *index.Index) bool {
		closedMu.Lock()
		defer closedMu.Unlock()
		return closed[ix]
	}
	ctx := context.Background()
	var ids []string
	for _, title := range []string{"Alpha", "Beta", "Gamma"} {
		b := add(t, lib, "", article(title))
		ids = append(ids, b.ID)
		b.Release()
	}
	// The current article, by ID and by name; the default one in a DM and
	// for a guild with nothing.
	cur, err := lib.Book(ctx, guild, library.Ref{})
	if err != nil || cur.Name != "gamma" {
		t.Fatalf("current = %+v, %v; want gamma", cur, err)
	}
	cur.Release()
	for _, ref := range []library.Ref{{Default: true}, {}} {
		for _, g := range []string{"", "1500000000000000009"} {
			b, err := lib.Book(ctx, g, ref)
			if err != nil || !b.IsDefault() {
				t.Errorf("Book(%q, %+v) = %+v, %v; want the default article", g, ref, b, err)
			}
		}
	}
	for _, ref := range []library.Ref{{ID: ids[0]}, {Name: "alpha"}, {ID: "not-an-id"}} {
		if _, err := lib.Book(ctx, "1500000000000000009", ref); !errors.Is(err, library.ErrNotFound) {
			t.Errorf("another guild's Book(%+v) = %v; want ErrNotFound", ref, err)
		}
		if _, err := lib.Book(ctx, "", ref); !errors.Is(err, library.ErrNotFound) && ref.ID != "not-an-id" {
			t.Errorf("a DM's Book(%+v) = %v; want ErrNotFound", ref, err)
		}
	}

	// The cache holds two: Beta and Gamma, just added. Alpha is read from
	// the store, which evicts Beta; held, it keeps working until
	// released, and then its index is closed.
	before := store.texts.Load()
	alpha, err := lib.Book(ctx, guild, library.Ref{ID: ids[0]})
	if err != nil || alpha.Name != "alpha" || store.texts.Load() != before+1 {
		t.Fatalf("Book(alpha) = %+v, %v, %d reads; want alpha read once", alpha, err, store.texts.Load()-before)
	}
	again, _ := lib.Book(ctx, guild, library.Ref{Name: "alpha"})
	if again != alpha || store.texts.Load() != before+1 {
		t.Errorf("alpha again was read from the store; want the cached book")
	}
	again.Release()
	for _, id := range ids[1:] {
		b, err := lib.Book(ctx, guild, library.Ref{ID: id})
		if err != nil {
			t.Fatal(err)
		}
		b.Release()
	}
	if ans, err := alpha.Index.Answer(ctx, "What does the first paragraph say?", 3); err != nil || !ans.Answered || isClosed(alpha.Index) {
		t.Errorf("a held book evicted from the cache: %v, %+v, closed %v; want it to answer", err, ans, isClosed(alpha.Index))
	}
	alpha.Release()
	if !isClosed(alpha.Index) {
		t.Errorf("an evicted book's index is not closed after its release")
	}

	// Concurrent misses of one article read it once.
	lib2, store2 := newLibrary(t, library.Options{CacheSize: 1})
	first := add(t, lib2, "", article("First"))
	first.Release()
	add(t, lib2, "", article("Second")).Release() // evicts First
	before = store2.texts.Load()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			b, err := lib2.Book(ctx, guild, library.Ref{ID: first.ID})
			if err != nil {
				t.Error(err)
				return
			}
			b.Release()
		})
	}
	wg.Wait()
	if n := store2.texts.Load() - before; n != 1 {
		t.Errorf("8 concurrent misses read the text %d times; want 1", n)
	}

	// A removed article is gone from the cache too.
	if _, _, _, err := lib.Remove(ctx, guild, "gamma"); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Book(ctx, guild, library.Ref{ID: ids[2]}); !errors.Is(err, library.ErrNotFound) {
		t.Errorf("Book of a removed article = %v; want ErrNotFound", err)
	}
}
