package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

func TestCDNFetcher(t *testing.T) {
	cdn := discordtest.NewCDN(t)
	other := discordtest.NewCDN(t) // another origin on the same host
	f, err := NewCDNFetcher(FetcherConfig{CDNURL: cdn.URL()})
	if err != nil {
		t.Fatal(err)
	}
	const limit = 1000
	text := []byte(strings.Repeat("A line of the article.\n", 20))
	big := []byte(strings.Repeat("x", limit+1))
	elsewhere := other.Put("article.txt", text)
	lying := cdn.Put("lying.txt", big)
	lying.Size = 10
	chunked := cdn.PutFile(discordtest.CDNFile{Name: "chunked.txt", Data: big, Chunked: true})
	chunked.Size = 10
	redirectOut := cdn.PutFile(discordtest.CDNFile{Name: "out.txt", RedirectTo: elsewhere.URL})
	target := cdn.Put("target.txt", text)
	redirectIn := cdn.PutFile(discordtest.CDNFile{Name: "in.txt", RedirectTo: target.URL})
	tests := []struct {
		name    string
		a       *discordgo.MessageAttachment
		wantErr error // nil: text
	}{
		{"on the CDN", cdn.Put("ok.txt", text), nil},
		{"exactly the limit", cdn.Put("full.txt", big[:limit]), nil},
		{"another origin", elsewhere, ErrAttachmentOrigin},
		{"Discord's API, not its CDN", &discordgo.MessageAttachment{URL: "https://discord.com/api/v9/attachments/1", Size: 1}, ErrAttachmentOrigin},
		{"a look-alike host", &discordgo.MessageAttachment{URL: "https://cdn.discordapp.com.evil.example/a.txt", Size: 1}, ErrAttachmentOrigin},
		{"user info in the URL", &discordgo.MessageAttachment{URL: "https://x@cdn.discordapp.com/a.txt", Size: 1}, ErrAttachmentOrigin},
		{"plain http to Discord's CDN", &discordgo.MessageAttachment{URL: "http://cdn.discordapp.com/a.txt", Size: 1}, ErrAttachmentOrigin},
		{"not a URL", &discordgo.MessageAttachment{URL: "::", Size: 1}, ErrAttachmentOrigin},
		{"declared too large", cdn.Put("big.txt", big), ErrAttachmentTooLarge},
		{"Content-Length too large", lying, ErrAttachmentTooLarge},
		{"too large as read", chunked, ErrAttachmentTooLarge},
		{"redirect to another origin", redirectOut, ErrAttachmentOrigin},
		{"redirect within the CDN", redirectIn, nil},
	}
	for _, tt := range tests {
		data, err := f.Fetch(context.Background(), tt.a, limit)
		switch {
		case tt.wantErr == nil && err != nil:
			t.Errorf("%s: %v; want the file", tt.name, err)
		case tt.wantErr == nil && len(data) == 0:
			t.Errorf("%s: no data", tt.name)
		case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
			t.Errorf("%s: %v, %d bytes; want %v", tt.name, err, len(data), tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "hm=") {
			t.Errorf("%s: the error repeats the URL's signature: %v", tt.name, err)
		}
	}
	if got := other.Requests(); len(got) != 0 {
		t.Errorf("the other origin got %d requests (%+v); want none", len(got), got)
	}
	// The declared size is checked before anything is downloaded.
	for _, r := range cdn.Requests() {
		if strings.HasSuffix(r.Path, "/big.txt") {
			t.Errorf("a file declared too large was requested")
		}
	}
	if d, err := f.Fetch(context.Background(), target, limit); err != nil || string(d) != string(text) {
		t.Errorf("Fetch = %q, %v; want the text", d, err)
	}
}

func TestCDNFetcherTimeout(t *testing.T) {
	cdn := discordtest.NewCDN(t)
	f, err := NewCDNFetcher(FetcherConfig{CDNURL: cdn.URL(), Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	cdn.Hold() // the download never starts: the timeout ends it
	defer cdn.Release()
	if _, err := f.Fetch(context.Background(), cdn.Put("slow.txt", []byte("Text.\n")), 1000); err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch of a download that hangs = %v; want the deadline", err)
	}
}

func TestNewCDNFetcher(t *testing.T) {
	for _, bad := range []string{"cdn.example", "ftp://cdn.example", "https://cdn.example/path", "https://u@cdn.example"} {
		if _, err := NewCDNFetcher(FetcherConfig{CDNURL: bad}); err == nil {
			t.Errorf("NewCDNFetcher(%q) = nil error; want one", bad)
		}
	}
	f, err := NewCDNFetcher(FetcherConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]bool{
		"https://cdn.discordapp.com/attachments/1/2/a.txt?ex=1": true,
		"https://CDN.discordapp.com:443/attachments/1/2/a.txt":  true,
		"https://media.discordapp.net/attachments/1/2/a.txt":    true,
		"https://cdn.discordapp.com:8443/a.txt":                 false,
		"https://127.0.0.1/a.txt":                               false,
	} {
		if got := f.Allowed(u); got != want {
			t.Errorf("Allowed(%q) = %v; want %v", u, got, want)
		}
	}
}
