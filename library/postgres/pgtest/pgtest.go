// Package pgtest gives tests a PostgreSQL database of their own: a new
// schema in the database that ARTICLEBOT_TEST_DATABASE names, dropped when
// the test ends.
//
// Without ARTICLEBOT_TEST_DATABASE the tests that need it skip, saying how
// to run them (". .ci/postgres.sh" starts a throwaway cluster and sets it),
// except in CI (CI=true), where they fail: CI never skips them silently.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDatabase names the test database: a postgres:// URL or a key=value
// string.
const EnvDatabase = "ARTICLEBOT_TEST_DATABASE"

// DSN returns a DSN for a new, empty schema in the test database, which
// the test may create tables in; the schema is dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabase)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run sources .ci/postgres.sh for that)", EnvDatabase)
		}
		t.Skipf("%s is not set: run \". .ci/postgres.sh\" first to test against a throwaway PostgreSQL cluster (see README)", EnvDatabase)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "articlebot_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvDatabase, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSearchPath(base, schema)
}

// WithSearchPath returns dsn with its search_path set to schema.
func WithSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
