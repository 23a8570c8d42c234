package bolt_test

import (
	"errors"
	"testing"

	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/bolt"
	"github.com/articlebot/articlebot/library/librarytest"
)

func open(t *testing.T, dir string) *bolt.Store {
	t.Helper()
	s, err := bolt.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	librarytest.Run(t, func(t *testing.T) (library.Store, librarytest.Reopen) {
		dir := t.TempDir()
		return open(t, dir), func(t *testing.T, s library.Store) library.Store {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, dir)
		}
	})
}

// TestLocked: a second Open of the same directory waits, then says the
// file is in use.
func TestLocked(t *testing.T) {
	dir := t.TempDir()
	open(t, dir)
	if s, err := bolt.Open(dir); !errors.Is(err, bolt.ErrLocked) {
		if s != nil {
			s.Close()
		}
		t.Errorf("second Open = %v; want ErrLocked", err)
	}
}
