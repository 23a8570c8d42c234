package discordtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// CDN is a fake of Discord's CDN for the files members attach to commands:
// an HTTP server on 127.0.0.1 that serves what a test puts on it, for
// DISCORD_CDN_URL. It records every request it receives, so that a test
// can also use one as a server the bot must never contact. Create it with
// NewCDN; it is closed when the test ends. A CDN is safe for concurrent
// use.
type CDN struct {
	http   *httptest.Server
	nextID atomic.Int64

	mu       sync.Mutex
	changed  chan struct{}
	files    map[string]CDNFile // path → file
	requests []CDNRequest
	hold     chan struct{} // while not nil, downloads wait for it to close
}

// CDNFile is a file on the fake CDN.
type CDNFile struct {
	// Name is the file name, as members see it.
	Name string
	// Data is what a download gets.
	Data []byte
	// ContentType is the Content-Type header; empty means
	// "text/plain; charset=utf-8".
	ContentType string
	// Chunked leaves out the Content-Length header, so that only reading
	// tells the size.
	Chunked bool
	// RedirectTo, when set, answers with a redirect (302) to this URL
	// instead of the data.
	RedirectTo string
}

// CDNRequest is a request the fake CDN received.
type CDNRequest struct {
	Method string
	Path   string
	At     time.Time
}

// NewCDN starts a fake CDN on 127.0.0.1, closed when the test ends.
func NewCDN(tb testing.TB) *CDN {
	tb.Helper()
	c := &CDN{changed: make(chan struct{}), files: map[string]CDNFile{}}
	c.nextID.Store(1900000000000000000)
	c.http = httptest.NewServer(http.HandlerFunc(c.serve))
	tb.Cleanup(func() {
		c.Release()
		c.http.Close()
	})
	return c
}

// URL is the CDN's origin, for DISCORD_CDN_URL.
func (c *CDN) URL() string { return c.http.URL }

// Put serves data under name and returns the attachment as Discord
// describes it in an interaction's resolved data (ID, file name, size,
// content type and URL).
func (c *CDN) Put(name string, data []byte) *discordgo.MessageAttachment {
	return c.PutFile(CDNFile{Name: name, Data: data})
}

// PutFile serves f and returns its attachment, as Put does.
func (c *CDN) PutFile(f CDNFile) *discordgo.MessageAttachment {
	id := strconv.FormatInt(c.nextID.Add(1), 10)
	path := "/attachments/" + ChannelID + "/" + id + "/" + url.PathEscape(f.Name)
	if f.ContentType == "" {
		f.ContentType = "text/plain; charset=utf-8"
	}
	c.mu.Lock()
	c.files[path] = f
	c.mu.Unlock()
	return &discordgo.MessageAttachment{
		ID:          id,
		URL:         c.http.URL + path + "?ex=67a1b2c3&is=67a06143&hm=0123456789abcdef",
		ProxyURL:    c.http.URL + path,
		Filename:    f.Name,
		ContentType: f.ContentType,
		Size:        len(f.Data),
	}
}

// Hold makes downloads wait until Release, so that a test can see what
// the bot does while one is in progress.
func (c *CDN) Hold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hold == nil {
		c.hold = make(chan struct{})
	}
}

// Release lets the downloads that Hold stopped go on.
func (c *CDN) Release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hold != nil {
		close(c.hold)
		c.hold = nil
	}
}

// Requests returns the requests received, in order.
func (c *CDN) Requests() []CDNRequest {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]CDNRequest(nil), c.requests...)
}

// WaitRequests waits until n requests have arrived and returns them.
func (c *CDN) WaitRequests(ctx context.Context, n int) ([]CDNRequest, error) {
	for {
		c.mu.Lock()
		if len(c.requests) >= n {
			out := append([]CDNRequest(nil), c.requests...)
			c.mu.Unlock()
			return out, nil
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %d CDN requests: %w", n, ctx.Err())
		}
	}
}

func (c *CDN) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.requests = append(c.requests, CDNRequest{Method: r.Method, Path: r.URL.Path, At: time.Now()})
	close(c.changed)
	c.changed = make(chan struct{})
	f, ok := c.files[r.URL.EscapedPath()]
	if !ok {
		f, ok = c.files[r.URL.Path]
	}
	hold := c.hold
	c.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case !ok:
		http.Error(w, "not found", http.StatusNotFound)
	case f.RedirectTo != "":
		http.Redirect(w, r, f.RedirectTo, http.StatusFound)
	default:
		w.Header().Set("Content-Type", f.ContentType)
		if !f.Chunked {
			w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
		}
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			if f.Chunked {
				// Several writes, flushed, so that net/http chunks them.
				for k := 0; k < len(f.Data); k += 4096 {
					w.Write(f.Data[k:min(len(f.Data), k+4096)])
					http.NewResponseController(w).Flush()
				}
				return
			}
			w.Write(f.Data)
		}
	}
}

// LibraryAdd returns the interaction of a moderator using
// /library add file: with a, named name (none when empty), as Discord
// sends it: the attachment's ID as the option's value and the attachment
// in the resolved data.
func LibraryAdd(a *discordgo.MessageAttachment, name string) *discordgo.Interaction {
	opts := []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "file", Type: discordgo.ApplicationCommandOptionAttachment, Value: a.ID},
	}
	if name != "" {
		opts = append(opts, StringOption("name", name))
	}
	i := LibraryCommand("add", opts...)
	data := i.Data.(discordgo.ApplicationCommandInteractionData)
	data.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{
		Attachments: map[string]*discordgo.MessageAttachment{a.ID: a},
	}
	i.Data = data
	return i
}

// LibraryCommand returns the interaction of /library sub with options, as
// Discord sends a subcommand: one option of type subcommand holding them.
func LibraryCommand(sub string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return SlashCommand("library", &discordgo.ApplicationCommandInteractionDataOption{
		Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: options,
	})
}

// InGuild returns i as used in the guild guildID.
func InGuild(i *discordgo.Interaction, guildID string) *discordgo.Interaction {
	i.GuildID = guildID
	return i
}

// InDM returns i as used in a DM with the bot: no guild, and the user
// instead of a member.
func InDM(i *discordgo.Interaction) *discordgo.Interaction {
	i.GuildID = ""
	if i.Member != nil {
		i.User = i.Member.User
	}
	i.Member = nil
	i.Context = discordgo.InteractionContextBotDM
	return i
}

// Expect fills in i as PushInteraction does and returns its JSON, without
// sending it on the gateway: for an interaction a test delivers to the
// bot's HTTP endpoint itself. The fake then accepts the callback and the
// webhook requests (the edit of a deferred response, follow-ups) for it,
// as for a pushed one.
func (s *Server) Expect(i *discordgo.Interaction) ([]byte, error) {
	raw, err := s.EncodeInteraction(i)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.pushed[i.ID] = pushed{token: i.Token, at: time.Now()}
	s.mu.Unlock()
	return raw, nil
}
