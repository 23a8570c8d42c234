// Package postgres is the library.Store in PostgreSQL, for several
// articlebot processes (HTTP replicas behind a load balancer) sharing one
// set of libraries. It uses pgx (github.com/jackc/pgx/v5) and a pool of
// connections.
//
// Open creates the two tables it needs when they do not exist (under an
// advisory lock, so replicas starting together do not race):
//
//	articlebot_articles  one row an article: guild, id, name, title,
//	                     source, size, sha256, added_by, added_by_name,
//	                     added_at, and the text in body (bytea); unique
//	                     (guild, id), (guild, name) and (guild, sha256)
//	articlebot_guilds    one row a guild: guild, current_id
//
// Every change is one transaction, committed before it returns: an
// acknowledged add is as durable as the server's commits (with the default
// synchronous_commit, on disk), and an interrupted one leaves nothing. The
// changes to one guild's library take its articlebot_guilds row's lock
// first, so that the checks of names, texts and the quota hold when adds
// race on any number of processes. Nothing is cached: every read sees every
// replica's committed changes.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/articlebot/articlebot/library"
)

// schema creates the tables; it is safe to run again.
const schema = `
SELECT pg_advisory_xact_lock(7218309427);
CREATE TABLE IF NOT EXISTS articlebot_articles (
	guild         text        NOT NULL,
	id            text        NOT NULL,
	name          text        NOT NULL,
	title         text        NOT NULL,
	source        text        NOT NULL,
	size          integer     NOT NULL,
	sha256        text        NOT NULL,
	added_by      text        NOT NULL DEFAULT '',
	added_by_name text        NOT NULL DEFAULT '',
	added_at      timestamptz NOT NULL,
	body          bytea       NOT NULL,
	PRIMARY KEY (guild, id),
	CONSTRAINT articlebot_articles_name_key UNIQUE (guild, name),
	CONSTRAINT articlebot_articles_sha256_key UNIQUE (guild, sha256)
);
CREATE TABLE IF NOT EXISTS articlebot_guilds (
	guild      text PRIMARY KEY,
	current_id text
);
`

// entryColumns are the columns of an Entry, in scanEntry's order.
const entryColumns = `guild, id, name, title, source, size, sha256, added_by, added_by_name, added_at`

// Store is a library.Store in PostgreSQL. It is safe for concurrent use,
// by any number of processes.
type Store struct {
	pool *pgxpool.Pool
}

var _ library.Store = (*Store)(nil)

// connectTimeout bounds Open's first connection and its schema check.
const connectTimeout = 10 * time.Second

// Open connects to the database dsn names (a postgres:// URL or a
// key=value string, as libpq takes; the password may also come from
// PGPASSWORD or ~/.pgpass) and creates the tables when they do not exist.
// Errors do not repeat the password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse the database URL: %w", redact(err))
	}
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	if _, err := pool.Exec(ctx, "BEGIN;"+schema+"COMMIT;"); err != nil {
		pool.Close()
		return nil, fmt.Errorf("create the library tables: %w", err)
	}
	return &Store{pool: pool}, nil
}

// redact drops the text of a DSN parse error, which may quote the DSN.
func redact(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return errors.New("it is not a valid postgres:// URL or key=value string")
	}
	return err
}

// Close closes the pool's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

func scanEntry(row pgx.Row) (library.Entry, error) {
	var e library.Entry
	err := row.Scan(&e.Guild, &e.ID, &e.Name, &e.Title, &e.Source, &e.Size, &e.Hash, &e.AddedBy, &e.AddedByName, &e.AddedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return library.Entry{}, library.ErrNotFound
	}
	e.AddedAt = e.AddedAt.UTC()
	return e, err
}

// lockGuild takes the lock of guild's row, creating the row when create
// says so; without create, a guild with no row is ErrNotFound.
func lockGuild(ctx context.Context, tx pgx.Tx, guild string, create bool) (current string, err error) {
	if create {
		if _, err := tx.Exec(ctx, `INSERT INTO articlebot_guilds (guild) VALUES ($1) ON CONFLICT (guild) DO NOTHING`, guild); err != nil {
			return "", err
		}
	}
	var cur *string
	err = tx.QueryRow(ctx, `SELECT current_id FROM articlebot_guilds WHERE guild = $1 FOR UPDATE`, guild).Scan(&cur)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", library.ErrNotFound
	}
	if cur != nil {
		current = *cur
	}
	return current, err
}

// Add implements library.Store.
func (s *Store) Add(ctx context.Context, a library.Stored, quota int) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := lockGuild(ctx, tx, a.Guild, true); err != nil {
			return err
		}
		e, err := scanEntry(tx.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 AND sha256 = $2`, a.Guild, a.Hash))
		switch {
		case err == nil:
			return &library.DuplicateError{Existing: e}
		case !errors.Is(err, library.ErrNotFound):
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articlebot_articles WHERE guild = $1 AND name = $2)`, a.Guild, a.Name).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return library.ErrNameTaken
		}
		if quota > 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM articlebot_articles WHERE guild = $1`, a.Guild).Scan(&n); err != nil {
				return err
			}
			if n >= quota {
				return library.ErrQuotaFull
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO articlebot_articles (`+entryColumns+`, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			a.Guild, a.ID, a.Name, a.Title, a.Source, a.Size, a.Hash, a.AddedBy, a.AddedByName, a.AddedAt.UTC(), a.Text)
		if err != nil {
			return uniqueViolation(err)
		}
		_, err = tx.Exec(ctx, `UPDATE articlebot_guilds SET current_id = $2 WHERE guild = $1`, a.Guild, a.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("add %s to guild %s: %w", a.Name, a.Guild, err)
	}
	return nil
}

// uniqueViolation turns a unique violation that the checks before the
// insert should have prevented into the library's error for it.
func uniqueViolation(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		return err
	}
	switch pe.ConstraintName {
	case "articlebot_articles_name_key":
		return library.ErrNameTaken
	case "articlebot_articles_sha256_key":
		return fmt.Errorf("%w: %w", library.ErrDuplicate, err)
	}
	return err
}

// Entry implements library.Store.
func (s *Store) Entry(ctx context.Context, guild, id string) (library.Entry, error) {
	return scanEntry(s.pool.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 AND id = $2`, guild, id))
}

// EntryByName implements library.Store.
func (s *Store) EntryByName(ctx context.Context, guild, name string) (library.Entry, error) {
	return scanEntry(s.pool.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 AND name = $2`, guild, name))
}

// Current implements library.Store.
func (s *Store) Current(ctx context.Context, guild string) (library.Entry, error) {
	return scanEntry(s.pool.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles a
		WHERE a.guild = $1 AND a.id = (SELECT current_id FROM articlebot_guilds WHERE guild = $1)`, guild))
}

// Text implements library.Store.
func (s *Store) Text(ctx context.Context, guild, id string) ([]byte, error) {
	var text []byte
	err := s.pool.QueryRow(ctx, `SELECT body FROM articlebot_articles WHERE guild = $1 AND id = $2`, guild, id).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, library.ErrNotFound
	}
	return text, err
}

// List implements library.Store.
func (s *Store) List(ctx context.Context, guild string) (library.Shelf, error) {
	var shelf library.Shelf
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 ORDER BY name COLLATE "C"`, guild)
		if err != nil {
			return err
		}
		shelf.Entries, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (library.Entry, error) { return scanEntry(r) })
		if err != nil {
			return err
		}
		var cur *string
		err = tx.QueryRow(ctx, `SELECT current_id FROM articlebot_guilds WHERE guild = $1`, guild).Scan(&cur)
		if err == nil && cur != nil {
			shelf.Current = *cur
		}
		if errors.Is(err, pgx.ErrNoRows) {
			err = nil
		}
		return err
	})
	if err != nil {
		return library.Shelf{}, fmt.Errorf("list guild %s: %w", guild, err)
	}
	return shelf, nil
}

// SetCurrent implements library.Store.
func (s *Store) SetCurrent(ctx context.Context, guild, name string) (library.Entry, error) {
	var e library.Entry
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := lockGuild(ctx, tx, guild, false); err != nil {
			return err
		}
		var err error
		if e, err = scanEntry(tx.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 AND name = $2`, guild, name)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE articlebot_guilds SET current_id = $2 WHERE guild = $1`, guild, e.ID)
		return err
	})
	return e, err
}

// Remove implements library.Store.
func (s *Store) Remove(ctx context.Context, guild, name string) (removed, current library.Entry, ok bool, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := lockGuild(ctx, tx, guild, false)
		if err != nil {
			return err
		}
		removed, err = scanEntry(tx.QueryRow(ctx, `DELETE FROM articlebot_articles WHERE guild = $1 AND name = $2 RETURNING `+entryColumns, guild, name))
		if err != nil {
			return err
		}
		if cur != removed.ID {
			current, err = s.entryTx(ctx, tx, guild, cur)
			ok = err == nil
			return err
		}
		current, err = scanEntry(tx.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1
			ORDER BY added_at DESC, id COLLATE "C" DESC LIMIT 1`, guild))
		switch {
		case err == nil:
			ok = true
			_, err = tx.Exec(ctx, `UPDATE articlebot_guilds SET current_id = $2 WHERE guild = $1`, guild, current.ID)
		case errors.Is(err, library.ErrNotFound):
			_, err = tx.Exec(ctx, `UPDATE articlebot_guilds SET current_id = NULL WHERE guild = $1`, guild)
		}
		return err
	})
	if err != nil {
		return library.Entry{}, library.Entry{}, false, err
	}
	return removed, current, ok, nil
}

func (s *Store) entryTx(ctx context.Context, tx pgx.Tx, guild, id string) (library.Entry, error) {
	return scanEntry(tx.QueryRow(ctx, `SELECT `+entryColumns+` FROM articlebot_articles WHERE guild = $1 AND id = $2`, guild, id))
}

// Count returns how many articles the database holds and in how many
// guilds, for the start-up log.
func (s *Store) Count(ctx context.Context) (articles, guilds int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT guild) FROM articlebot_articles`).Scan(&articles, &guilds)
	return articles, guilds, err
}
