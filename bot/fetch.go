package bot

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// This file downloads the files moderators attach to /library add. The
// download is a security boundary: the URL comes from the interaction's
// resolved data, and only Discord's CDN origins (or DISCORD_CDN_URL) are
// ever contacted.

// DiscordCDNOrigins are the origins Discord serves attachments from.
var DiscordCDNOrigins = []string{"https://cdn.discordapp.com", "https://media.discordapp.net"}

// DefaultFetchTimeout bounds one download, from the request to the last
// byte.
const DefaultFetchTimeout = 20 * time.Second

// maxRedirects bounds the redirects a download follows, all within the
// attachment's origin.
const maxRedirects = 3

// FetcherConfig configures a CDNFetcher.
type FetcherConfig struct {
	// CDNURL is one more origin attachments may come from
	// (DISCORD_CDN_URL): a proxy in front of Discord's CDN, or a fake CDN
	// in tests. Empty means Discord's own origins alone.
	CDNURL string
	// Timeout bounds one download; zero means DefaultFetchTimeout.
	Timeout time.Duration
}

// CDNFetcher is the Fetcher that downloads attachments from Discord's CDN.
// It contacts nothing but the allowed origins: a URL on another origin is
// refused before any connection, and so is a redirect to another origin.
// It checks the attachment's declared size before downloading, the
// response's Content-Length before reading, and the limit while reading.
// A CDNFetcher is safe for concurrent use.
type CDNFetcher struct {
	origins map[string]bool
	client  *http.Client
	timeout time.Duration
}

// NewCDNFetcher returns a CDNFetcher; it fails when c.CDNURL is not an
// origin.
func NewCDNFetcher(c FetcherConfig) (*CDNFetcher, error) {
	f := &CDNFetcher{origins: map[string]bool{}, timeout: orDefault(c.Timeout, DefaultFetchTimeout)}
	for _, o := range DiscordCDNOrigins {
		f.origins[o] = true
	}
	if c.CDNURL != "" {
		u, err := ParseAPIURL(c.CDNURL)
		if err != nil {
			return nil, fmt.Errorf("CDN URL: %w", err)
		}
		f.origins[origin(u)] = true
	}
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.Proxy = nil // the origin checked is the one contacted
	base.DialContext = (&net.Dialer{Timeout: 10 * time.Second}).DialContext
	f.client = &http.Client{
		Transport: base,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("%w: more than %d redirects", ErrAttachmentOrigin, maxRedirects)
			}
			if origin(req.URL) != origin(via[0].URL) {
				return fmt.Errorf("%w: redirected to another origin", ErrAttachmentOrigin)
			}
			return nil
		},
	}
	return f, nil
}

// origin is a URL's scheme and host, lower case, with the port only when
// it is not the scheme's default.
func origin(u *url.URL) string {
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host
}

// Allowed reports whether rawURL is on an origin the fetcher downloads
// from.
func (f *CDNFetcher) Allowed(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && u.User == nil && u.Host != "" && f.origins[origin(u)]
}

// Fetch implements Fetcher.
func (f *CDNFetcher) Fetch(ctx context.Context, a *discordgo.MessageAttachment, limit int) ([]byte, error) {
	if a == nil || !f.Allowed(a.URL) {
		return nil, fmt.Errorf("%w: %s", ErrAttachmentOrigin, originOf(a))
	}
	if a.Size > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d", ErrAttachmentTooLarge, a.Size, limit)
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("download attachment: %w", redactURL(err))
	}
	res, err := f.client.Do(req)
	if err != nil {
		// The URL is left out: its query is the CDN's signature.
		return nil, fmt.Errorf("download attachment: %w", redactURL(err))
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download attachment: %s", res.Status)
	}
	if res.ContentLength > int64(limit) {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrAttachmentTooLarge, res.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("download attachment: %w", redactURL(err))
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrAttachmentTooLarge, limit)
	}
	return data, nil
}

// originOf names an attachment's origin for an error, without its path
// and query (which may carry a signature).
func originOf(a *discordgo.MessageAttachment) string {
	if a == nil {
		return "no attachment"
	}
	u, err := url.Parse(a.URL)
	if err != nil || u.Host == "" {
		return "not a URL"
	}
	return origin(u)
}
