package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// waitTimeout bounds every wait of these tests.
const waitTimeout = 20 * time.Second

// logWatcher collects log output and lets a test wait for a line.
type logWatcher struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newLogWatcher() *logWatcher { return &logWatcher{changed: make(chan struct{})} }

func (w *logWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.changed)
	w.changed = make(chan struct{})
	return w.buf.Write(p)
}

func (w *logWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitLine waits for a log line containing all of subs and returns it.
func (w *logWatcher) waitLine(ctx context.Context, subs ...string) (string, error) {
	for {
		w.mu.Lock()
		changed := w.changed
		for _, line := range strings.Split(w.buf.String(), "\n") {
			if containsAll(line, subs) {
				w.mu.Unlock()
				return line, nil
			}
		}
		w.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return "", fmt.Errorf("no log line with %q: %w", subs, ctx.Err())
		}
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// logAddr waits for the JSON log line with msg and returns its addr.
func logAddr(ctx context.Context, tb testing.TB, logs *logWatcher, msg string) string {
	tb.Helper()
	line, err := logs.waitLine(ctx, `"msg":"`+msg+`"`)
	if err != nil {
		tb.Fatalf("%v\n%s", err, logs.String())
	}
	var rec struct {
		Addr string `json:"addr"`
	}
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Addr == "" {
		tb.Fatalf("no addr in %s (%v)", line, err)
	}
	return rec.Addr
}

func TestServeHTTPStartupErrors(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key := hex.EncodeToString(pub)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	notHex := strings.Repeat("zq", 32)
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr error  // nil: any non-nil error
		inErr   string // in the error, or in stderr for usage errors
	}{
		{"no key", nil, nil, nil, "DISCORD_PUBLIC_KEY is not set"},
		{"blank key", nil, map[string]string{envPublicKey: "  "}, nil, "DISCORD_PUBLIC_KEY is not set"},
		{"key not hex", nil, map[string]string{envPublicKey: notHex}, nil, "DISCORD_PUBLIC_KEY: public key is not hexadecimal"},
		{"key too short", nil, map[string]string{envPublicKey: key[:40]}, nil, "DISCORD_PUBLIC_KEY: public key has 40 characters; want 64"},
		{"key too long", nil, map[string]string{envPublicKey: key + "ab"}, nil, "has 66 characters"},
		{"bad API URL", nil, map[string]string{envPublicKey: key, envAPIURL: "discord.com"}, nil, "DISCORD_API_URL"},
		{"bad address", []string{"--addr", "127.0.0.1:notaport"}, map[string]string{envPublicKey: key}, nil, "--addr"},
		{"address in use", []string{"--addr", busy.Addr().String()}, map[string]string{envPublicKey: key}, nil, "address already in use"},
		{"no article", []string{"--article", "/nonexistent/article.txt"}, map[string]string{envPublicKey: key}, nil, "nonexistent"},
		{"bad log level", []string{"--log-level", "loud"}, map[string]string{envPublicKey: key}, errUsage, "--log-level"},
		{"extra argument", []string{"extra"}, map[string]string{envPublicKey: key}, errUsage, "unexpected argument"},
		{"unknown flag", []string{"--port", "80"}, map[string]string{envPublicKey: key}, errUsage, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			args := append([]string{"serve-http", "--data", t.TempDir()}, tt.args...)
			err := run(context.Background(), args, envOf(tt.env), strings.NewReader(""), &stdout, &stderr)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("run(%q) = %v; want %v", args, err, tt.wantErr)
			}
			if !strings.Contains(err.Error()+stderr.String(), tt.inErr) {
				t.Errorf("run(%q) = %v, stderr %q; want %q in them", args, err, stderr.String(), tt.inErr)
			}
			if k := tt.env[envPublicKey]; len(k) > 16 && strings.Contains(err.Error()+stderr.String(), strings.TrimSpace(k)[:16]) {
				t.Errorf("the key is repeated in %v", err)
			}
		})
	}
	var stdout, stderr syncBuffer
	if err := run(context.Background(), []string{"serve-http", "--help"}, envOf(nil), strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Errorf("serve-http --help = %v; want nil", err)
	}
	for _, want := range []string{"DISCORD_PUBLIC_KEY", "--addr", "/interactions", "/healthz", "/metrics"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("serve-http --help does not mention %s:\n%s", want, stderr.String())
		}
	}
	stdout, stderr = syncBuffer{}, syncBuffer{}
	if err := run(context.Background(), []string{"help"}, envOf(nil), strings.NewReader(""), &stdout, &stderr); err != nil || !strings.Contains(stdout.String(), "serve-http") {
		t.Errorf("articlebot help = %v and does not list serve-http:\n%s", err, stdout.String())
	}
}

// TestServeHTTP runs "articlebot serve-http" on a loopback port: it
// answers a signed PING and /ask, serves /healthz and /metrics, and returns
// nil when its context ends.
func TestServeHTTP(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{envPublicKey: hex.EncodeToString(pub)}
	logs := newLogWatcher()
	stop := startRun(t, []string{"serve-http", "--addr", "127.0.0.1:0", "--log-format", "json", "--data", t.TempDir()}, env, logs)
	wait, waitCancel := context.WithTimeout(context.Background(), waitTimeout)
	defer waitCancel()
	base := "http://" + logAddr(wait, t, logs, "articlebot serve-http listening")

	post := func(body string) (int, string) {
		t.Helper()
		ts := "1700000000"
		req, err := http.NewRequestWithContext(wait, http.MethodPost, base+"/interactions", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	get := func(path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(wait, http.MethodGet, base+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}

	if status, body := post(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`); status != 200 || body != `{"type":1}` {
		t.Errorf("PING = %d %s; want 200 {\"type\":1}", status, body)
	}
	ask, err := json.Marshal(discordtest.SlashCommand("ask", discordtest.StringOption("question", "How many surveillance cameras does China have?")))
	if err != nil {
		t.Fatal(err)
	}
	if status, body := post(string(ask)); status != 200 || !strings.Contains(body, "📖 Passage 6") {
		t.Errorf("/ask = %d %s; want passage 6", status, body)
	}
	if status, _ := post(strings.Replace(string(ask), "ask", "help", 1) + " "); status != 200 {
		t.Errorf("/help = %d; want 200", status)
	}
	if status, body := get("/healthz"); status != 200 || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q; want 200 ok", status, body)
	}
	if status, body := get("/metrics"); status != 200 || !strings.Contains(body, `articlebot_interactions_total{command="/ask",outcome="answered"} 1`) {
		t.Errorf("GET /metrics = %d; want the /ask counted:\n%s", status, body)
	}

	stop()
	out := logs.String()
	for _, want := range []string{`"msg":"answered Discord's PING"`, `"msg":"interaction"`, `"command":"/ask"`, `"msg":"HTTP server stopped"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

func TestServeShardFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--shard-id", "2", "--shard-count", "2"},
		{"--shard-id", "-1", "--shard-count", "2"},
		{"--shard-count", "0"},
	} {
		var stdout, stderr syncBuffer
		err := run(context.Background(), append([]string{"serve"}, args...), envOf(map[string]string{envToken: "x"}), strings.NewReader(""), &stdout, &stderr)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "shard") {
			t.Errorf("serve %q = %v, stderr %q; want a usage error about shards", args, err, stderr.String())
		}
	}
}

// TestServeMetricsAddr runs "articlebot serve" as shard 1 of 2 with
// --metrics-addr against the fake Discord: it identifies as that shard,
// leaves the registration to shard 0, and serves /healthz and /metrics with
// the interactions it answered.
func TestServeMetricsAddr(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	env := map[string]string{envToken: fake.Token(), envAPIURL: fake.URL()}
	logs := newLogWatcher()
	stop := startRun(t, []string{"serve", "--metrics-addr", "127.0.0.1:0", "--shard-id", "1", "--shard-count", "2", "--log-format", "json", "--data", t.TempDir()}, env, logs)
	wait, waitCancel := context.WithTimeout(context.Background(), waitTimeout)
	defer waitCancel()
	base := "http://" + logAddr(wait, t, logs, "serving metrics and health")
	if err := fake.WaitConnected(wait, 1); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	if ids := fake.Identifies(); len(ids) == 0 || ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 2} {
		t.Errorf("IDENTIFY %+v; want shard [1 2]", ids)
	}

	i := discordtest.SlashCommand("ask", discordtest.StringOption("question", "Who makes the best pizza in Naples?"))
	if err := fake.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitCallback(wait, i.ID); err != nil {
		t.Fatal(err)
	}
	// The interaction is counted before its log line is written.
	if _, err := logs.waitLine(wait, `"msg":"interaction"`, `"interaction_id":"`+i.ID+`"`); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/healthz": "ok\n",
		"/metrics": `articlebot_interactions_total{command="/ask",outcome="not_covered"} 1`,
	} {
		req, _ := http.NewRequestWithContext(wait, http.MethodGet, base+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d; want 200 with %q:\n%s", path, res.StatusCode, want, body)
		}
	}

	stop()
	out := logs.String()
	if _, ok := fake.Commands(""); ok {
		t.Errorf("shard 1 registered the commands; only shard 0 should")
	}
	for _, want := range []string{`"msg":"question not covered"`, `"question":"Who makes the best pizza in Naples?"`, `"shard_id":1`, `"register":false`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, fake.Token()) {
		t.Errorf("the token is in the log")
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		t.Errorf("the metrics server still accepts connections after serve returned")
	}
}
