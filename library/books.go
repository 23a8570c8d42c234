package library

import (
	"container/list"
	"sync"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/quiz"
)

// Book is an article ready to answer from: its entry, its index and, made
// when first asked for, its quiz questions. The default article's Book has
// an empty ID and Name. A Book is safe for concurrent use; whoever got it
// from the Library calls Release once when done with it, after which its
// index may be closed.
type Book struct {
	Entry
	// Index answers questions about the article.
	Index *index.Index

	quiz    func() *quiz.Maker
	cache   *cache // nil for the default article, which is never released
	key     string
	refs    int  // guarded by cache.mu
	evicted bool // guarded by cache.mu: out of the cache, closed at the last Release
}

// NewBook returns a Book of an index the caller owns (and closes after the
// Book's last use), never released: the default article's.
func NewBook(ix *index.Index) *Book {
	a := ix.Article()
	return newBook(Entry{Title: a.Title, Source: a.Source}, ix)
}

func newBook(e Entry, ix *index.Index) *Book {
	return &Book{Entry: e, Index: ix, quiz: sync.OnceValue(func() *quiz.Maker { return quiz.New(ix) })}
}

// Article returns the parsed article.
func (b *Book) Article() *corpus.Article { return b.Index.Article() }

// IsDefault reports whether this is the default article (the bundled one,
// or the operator's --article), which DMs and servers with an empty
// library answer from.
func (b *Book) IsDefault() bool { return b.ID == "" }

// Quiz returns the article's quiz maker, built on first use.
func (b *Book) Quiz() *quiz.Maker { return b.quiz() }

// Release says the caller is done with the Book. It must be called once
// for each Book the Library returned (and not after), and is a no-op for
// the default article.
func (b *Book) Release() {
	if b == nil || b.cache == nil {
		return
	}
	b.cache.release(b)
}

// cache keeps the Books of the articles asked about most recently, at most
// size of them (a least-recently-used list). A Book in use when it is
// evicted is closed by its last Release. It also remembers articles that
// could not be read, so that a broken article is not parsed again on every
// question. Concurrent misses of one article build it once.
type cache struct {
	size int
	// closeIndex closes an index no one uses any more: Index.Close, or a
	// test's hook.
	closeIndex func(*index.Index)

	mu       sync.Mutex
	order    *list.List               // of *cacheItem, most recent first
	items    map[string]*list.Element // key → element of order
	building map[string]*flight
}

type cacheItem struct {
	key  string
	book *Book // nil when err is set
	err  error
}

// flight is a build in progress that others wait for.
type flight struct {
	done    chan struct{}
	waiters int // guarded by cache.mu
	book    *Book
	err     error
}

func newCache(size int) *cache {
	return &cache{size: max(size, 1), order: list.New(), items: map[string]*list.Element{}, building: map[string]*flight{},
		closeIndex: func(ix *index.Index) { ix.Close() }}
}

// get returns the Book for key, held for the caller, building it with
// build when it is not cached. An error of build is cached too when
// remember says so.
func (c *cache) get(key string, build func() (*Book, error), remember func(error) bool) (*Book, error) {
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		it := el.Value.(*cacheItem)
		if it.err != nil {
			c.mu.Unlock()
			return nil, it.err
		}
		it.book.refs++
		c.mu.Unlock()
		return it.book, nil
	}
	if f, ok := c.building[key]; ok {
		f.waiters++
		c.mu.Unlock()
		<-f.done
		return f.book, f.err
	}
	f := &flight{done: make(chan struct{})}
	c.building[key] = f
	c.mu.Unlock()

	b, err := build()

	c.mu.Lock()
	delete(c.building, key)
	var closing []*Book
	switch {
	case err == nil:
		b.cache, b.key, b.refs = c, key, 1+f.waiters
		closing = c.insertLocked(&cacheItem{key: key, book: b})
	case remember(err):
		closing = c.insertLocked(&cacheItem{key: key, err: err})
	}
	f.book, f.err = b, err
	close(f.done)
	c.mu.Unlock()
	c.closeBooks(closing)
	return b, err
}

// put caches a Book just built (by an add), held for the caller.
func (c *cache) put(key string, b *Book) {
	c.mu.Lock()
	b.cache, b.key, b.refs = c, key, 1
	var closing []*Book
	if el, ok := c.items[key]; ok {
		closing = c.removeLocked(el)
	}
	closing = append(closing, c.insertLocked(&cacheItem{key: key, book: b})...)
	c.mu.Unlock()
	c.closeBooks(closing)
}

// drop forgets key (an article removed), closing its Book when no one
// holds it.
func (c *cache) drop(key string) {
	c.mu.Lock()
	var closing []*Book
	if el, ok := c.items[key]; ok {
		closing = c.removeLocked(el)
	}
	c.mu.Unlock()
	c.closeBooks(closing)
}

// insertLocked adds it at the front and evicts the least recently used
// items past the size; it returns the Books to close.
func (c *cache) insertLocked(it *cacheItem) []*Book {
	c.items[it.key] = c.order.PushFront(it)
	var closing []*Book
	for c.order.Len() > c.size {
		closing = append(closing, c.removeLocked(c.order.Back())...)
	}
	return closing
}

// removeLocked takes an element out of the cache and returns its Book
// when it is to be closed now (no one holds it).
func (c *cache) removeLocked(el *list.Element) []*Book {
	it := c.order.Remove(el).(*cacheItem)
	delete(c.items, it.key)
	if it.book == nil {
		return nil
	}
	it.book.evicted = true
	if it.book.refs == 0 {
		return []*Book{it.book}
	}
	return nil
}

func (c *cache) release(b *Book) {
	c.mu.Lock()
	b.refs--
	done := b.refs == 0 && b.evicted
	if b.refs < 0 {
		c.mu.Unlock()
		panic("library: Book released more often than it was returned")
	}
	c.mu.Unlock()
	if done {
		c.closeIndex(b.Index)
	}
}

// len returns the number of cached items (Books and remembered errors).
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *cache) closeBooks(books []*Book) {
	for _, b := range books {
		c.closeIndex(b.Index)
	}
}
