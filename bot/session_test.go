package bot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

const secret = "MTEx.very-secret.token"

func TestParseToken(t *testing.T) {
	tests := []struct {
		in      string
		want    string // the secret, "" when an error is expected
		wantErr bool
	}{
		{in: secret, want: secret},
		{in: "Bot " + secret, want: secret},
		{in: "bot " + secret, want: secret},
		{in: "  Bot   " + secret + "\n", want: secret},
		{in: "", wantErr: true},
		{in: "Bot ", wantErr: true},
		{in: "two words", wantErr: true},
		{in: "tok\x00en", wantErr: true},
		{in: "tøken", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseToken(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseToken(%q) error = %v; want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			if in := strings.TrimSpace(tt.in); in != "" && strings.Contains(err.Error(), in) {
				t.Errorf("ParseToken(%q) error %q contains the token", tt.in, err)
			}
			continue
		}
		if got.secret != tt.want {
			t.Errorf("ParseToken(%q) = %q; want %q", tt.in, got.secret, tt.want)
		}
		if got.authorization() != "Bot "+tt.want {
			t.Errorf("authorization() = %q; want %q", got.authorization(), "Bot "+tt.want)
		}
	}
}

func TestTokenIsRedacted(t *testing.T) {
	tok, err := ParseToken(secret)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, format := range []string{"%v", "%s", "%+v", "%#v", "%q", "%x"} {
		fmt.Fprintf(&buf, format+"\n", tok)
	}
	fmt.Fprintf(&buf, "%v %+v\n", Config{Token: tok}, ServeConfig{Config: Config{Token: tok}})
	slog.New(slog.NewTextHandler(&buf, nil)).Info("text", "token", tok, "config", Config{Token: tok})
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("json", "token", tok, "config", Config{Token: tok})
	if strings.Contains(buf.String(), "very-secret") {
		t.Errorf("token leaked into output:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "[redacted]") {
		t.Errorf("output does not say [redacted]:\n%s", buf.String())
	}
}

func TestParseAPIURL(t *testing.T) {
	tests := []struct {
		in, want string // want "" for an error
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://proxy.example/", "https://proxy.example"},
		{"http://[::1]:9", "http://[::1]:9"},
		{"127.0.0.1:8080", ""},
		{"ftp://host", ""},
		{"http://host/api", ""},
		{"http://host?x=1", ""},
		{"http://user:pw@host", ""},
		{"http://", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := ParseAPIURL(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("ParseAPIURL(%q) = %v; want an error", tt.in, got)
		case tt.want != "" && err != nil:
			t.Errorf("ParseAPIURL(%q) error %v; want %s", tt.in, err, tt.want)
		case tt.want != "" && got.String() != tt.want:
			t.Errorf("ParseAPIURL(%q) = %v; want %s", tt.in, got, tt.want)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	tok, _ := ParseToken(secret)
	tests := []struct {
		name string
		c    Config
		ok   bool
	}{
		{"minimal", Config{Token: tok}, true},
		{"guild and API", Config{Token: tok, GuildID: "123456789012345678", APIURL: "http://127.0.0.1:1"}, true},
		{"no token", Config{}, false},
		{"bad guild", Config{Token: tok, GuildID: "my-server"}, false},
		{"bad API URL", Config{Token: tok, APIURL: "discord.test"}, false},
	}
	for _, tt := range tests {
		if err := tt.c.Check(); (err == nil) != tt.ok {
			t.Errorf("%s: Check() = %v; want ok %v", tt.name, err, tt.ok)
		}
	}
}

// TestOriginTransport checks that discordgo's REST calls to discord.com go
// to the configured origin with path, query, method, headers and body
// intact, that other hosts are left alone, and that the caller's request is
// not modified.
func TestOriginTransport(t *testing.T) {
	type seen struct{ method, uri, auth, body string }
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.RequestURI, r.Header.Get("Authorization"), string(b)}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	client, err := newHTTPClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	endpoint := discordgo.EndpointApplicationGuildCommands("1", "2") + "?with_localizations=true"
	req, _ := http.NewRequest(http.MethodPut, endpoint, strings.NewReader(`[{"name":"ask"}]`))
	req.Header.Set("Authorization", "Bot x")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	want := seen{"PUT", "/api/v9/applications/1/guilds/2/commands?with_localizations=true", "Bot x", `[{"name":"ask"}]`}
	if s := <-got; s != want {
		t.Errorf("request arrived as %+v; want %+v", s, want)
	}
	if req.URL.String() != endpoint {
		t.Errorf("caller's request URL changed to %s", req.URL)
	}

	// Another origin passes through unchanged: here it fails to resolve.
	rt := client.Transport.(*originTransport)
	other, _ := url.Parse("http://other.invalid/x")
	_, err = rt.RoundTrip(&http.Request{Method: "GET", URL: other, Header: http.Header{}})
	if err == nil {
		t.Errorf("request to another origin reached the test server")
	}
	select {
	case s := <-got:
		t.Errorf("request to another origin was rewritten: %+v", s)
	default:
	}
}

func TestRedactURL(t *testing.T) {
	inner := errors.New("connection refused")
	err := redactURL(&url.Error{Op: "Post", URL: "https://discord.com/api/v9/interactions/1/SECRET/callback", Err: inner})
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("redactURL kept the URL: %v", err)
	}
	if !errors.Is(err, inner) {
		t.Errorf("redactURL lost the cause: %v", err)
	}
}

func TestCustomID(t *testing.T) {
	for _, c := range []customID{
		{action: actionMore, n: 3}, {action: actionRead, n: 6}, {action: actionPage}, {action: actionPage, n: maxCustomIDArg},
		{action: actionShare}, {action: actionTakeaway, n: 26},
		{action: actionQuiz, quiz: quizRef{seed: 4294967295, takeaway: 5, choice: 3}}, {action: actionQuiz},
		{action: actionRead, n: 6, article: "k3j4h5g6f7d2"}, {action: actionShare, article: "aaaaaaaaaaaa"},
		{action: actionQuiz, quiz: quizRef{seed: 4294967295, takeaway: 99999, choice: 3}, article: "zzzzzzzzzzzz"},
	} {
		s := c.String()
		if len(s) > maxCustomID {
			t.Errorf("%v: custom_id %q longer than %d", c, s, maxCustomID)
		}
		got, err := parseCustomID(s)
		if err != nil || got != c {
			t.Errorf("parseCustomID(%q) = %v, %v; want %v", s, got, err, c)
		}
	}
	for _, s := range []string{"", "more", "more:", "more:x", "more:-1", "more:+1", "more:01", "more:1:2", "quiz:1",
		"read:100000", "page:99999999999999999999", "READ:1", strings.Repeat("read:1", 30),
		"quiz:1:2", "quiz:1:0:4", "quiz:4294967296:0:0", "quiz:01:0:0", "quiz:1:0:0:0", "quiz::0:0", "share:", "takeaway:x",
		"read:6:K3J4H5G6F7D8", "read:6:k3j4h5g6f7d", "read:6:k3j4h5g6f7d29", "read:k3j4h5g6f7d2", "read:6:k3j4h5g6f7d2:k3j4h5g6f7d2",
		"quiz:1:0:0:k3j4h5g6f7d2:1", "read:6:k3j4h5g6f7d1"} {
		if got, err := parseCustomID(s); err == nil {
			t.Errorf("parseCustomID(%q) = %v; want an error", s, got)
		}
	}
}

func FuzzParseCustomID(f *testing.F) {
	f.Add("more:3")
	f.Add("page:0")
	f.Add("quiz:123:0:3")
	f.Add("share:0")
	f.Add("read:6:k3j4h5g6f7d2")
	f.Add("quiz:123:0:3:k3j4h5g6f7d2")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCustomID(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("parseCustomID(%q) = %v, which formats as %q", s, c, c.String())
		}
	})
}
