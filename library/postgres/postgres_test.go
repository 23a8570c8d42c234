package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/librarytest"
	"github.com/articlebot/articlebot/library/postgres"
	"github.com/articlebot/articlebot/library/postgres/pgtest"
)

func open(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	librarytest.Run(t, func(t *testing.T) (library.Store, librarytest.Reopen) {
		dsn := pgtest.DSN(t)
		return open(t, dsn), func(t *testing.T, s library.Store) library.Store {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, dsn)
		}
	})
}

// TestTwoProcesses: two stores on one database, as two replicas would
// have, see each other's changes at once.
func TestTwoProcesses(t *testing.T) {
	dsn := pgtest.DSN(t)
	one, two := open(t, dsn), open(t, dsn)
	ctx := context.Background()
	a := librarytest.Article(librarytest.GuildA, "reefs", "Reefs.\n", 0)
	if err := one.Add(ctx, a, 0); err != nil {
		t.Fatal(err)
	}
	if e, err := two.Current(ctx, librarytest.GuildA); err != nil || e.ID != a.ID {
		t.Errorf("the other store's Current = %+v, %v; want %s", e, err, a.ID)
	}
	if _, _, _, err := two.Remove(ctx, librarytest.GuildA, "reefs"); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Entry(ctx, librarytest.GuildA, a.ID); err == nil {
		t.Errorf("the first store still has the article the other removed")
	}
}

// TestOpenErrors: a DSN that does not parse is refused without repeating
// its password.
func TestOpenErrors(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://user:s3cret@[::1:5432/db")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open of a bad DSN = %v; want an error without the password", err)
	}
}
