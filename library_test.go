package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
	"github.com/articlebot/articlebot/library/bolt"
	"github.com/articlebot/articlebot/library/postgres/pgtest"
)

// envRunMain makes the test binary run main() instead of the tests: the
// tests that kill the process start it that way.
const envRunMain = "ARTICLEBOT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

const (
	shippingFile     = "testdata/eval/second-article.txt"
	volcanoFile      = "testdata/eval/third-article.md"
	shippingQuestion = "How much did loading loose cargo cost per ton?"
)

// runCmd runs "articlebot args..." and returns its output and error.
func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr syncBuffer
	err := run(context.Background(), args, envOf(env), strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestLibraryCommand(t *testing.T) {
	dir := t.TempDir()
	const guild = "1500000000000000001"
	data := []string{"--data", dir}
	out, errOut, err := runCmd(t, nil, append([]string{"library", "add", "--guild", guild}, append(data, shippingFile, volcanoFile)...)...)
	if err != nil || !strings.Contains(out, "Added second-article:") || !strings.Contains(out, "Added third-article:") {
		t.Fatalf("library add = %v\n%s%s", err, out, errOut)
	}
	out, _, err = runCmd(t, nil, append([]string{"library", "list", "--guild", guild}, data...)...)
	if err != nil || !strings.Contains(out, "second-article") || !strings.Contains(out, "*  third-article") {
		t.Errorf("library list = %v\n%s", err, out)
	}
	// ask --guild answers from the current article, or the one named.
	out, _, err = runCmd(t, nil, append([]string{"ask", "--guild", guild, "--article-name", "second-article"}, append(data, shippingQuestion)...)...)
	if err != nil || !strings.HasPrefix(out, "Passage 3:") {
		t.Errorf("ask --article-name second-article = %v %q; want passage 3", err, out)
	}
	out, _, err = runCmd(t, nil, append([]string{"ask", "--guild", guild}, append(data, shippingQuestion)...)...)
	if err != nil || strings.HasPrefix(out, "Passage 3:") {
		t.Errorf("ask --guild (current: the volcano article) = %v %q; want it not covered", err, out)
	}
	if out, _, err = runCmd(t, nil, append([]string{"library", "use", "--guild", guild}, append(data, "second-article")...)...); err != nil {
		t.Errorf("library use = %v %s", err, out)
	}
	out, _, _ = runCmd(t, nil, append([]string{"ask", "--guild", guild}, append(data, shippingQuestion)...)...)
	if !strings.HasPrefix(out, "Passage 3:") {
		t.Errorf("ask --guild after library use = %q; want passage 3", out)
	}
	// Another server has nothing of it: the default article answers.
	out, _, _ = runCmd(t, nil, append([]string{"ask", "--guild", "1500000000000000002"}, append(data, "How many surveillance cameras does China have?")...)...)
	if !strings.HasPrefix(out, "Passage 6:") {
		t.Errorf("ask in another server = %q; want the bundled article's passage 6", out)
	}

	// Refusals, each naming the file, the others still added.
	bin := filepath.Join(t.TempDir(), "photo.txt")
	os.WriteFile(bin, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...), 0o600)
	big := filepath.Join(t.TempDir(), "big.txt")
	os.WriteFile(big, bytes.Repeat([]byte("Words words. "), 1000), 0o600)
	_, errOut, err = runCmd(t, nil, append([]string{"library", "add", "--guild", guild, "--max-article-bytes", "5000"}, append(data, bin, big, shippingFile)...)...)
	for _, want := range []string{"photo.txt: no readable article text", "big.txt: the file is too large", "second-article.txt: already in the library as second-article"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("library add of bad files: stderr lacks %q:\n%s", want, errOut)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "3 of 3 files not added") {
		t.Errorf("library add of bad files = %v; want 3 of 3 not added", err)
	}
	if out, errOut, err = runCmd(t, nil, append([]string{"library", "remove", "--guild", guild}, append(data, "second-article", "nosuch")...)...); err == nil ||
		!strings.Contains(out, "Removed second-article") || !strings.Contains(errOut, "nosuch: no such article") {
		t.Errorf("library remove = %v\n%s%s", err, out, errOut)
	}
	for _, args := range [][]string{
		{"library"}, {"library", "frob"}, {"library", "add", "--guild", "x", shippingFile}, {"library", "add", "--guild", guild},
		{"library", "add", "--guild", guild, "--name", "a", shippingFile, volcanoFile}, {"library", "use", "--guild", guild},
		{"library", "list", "--guild", guild, "--library-quota", "0"}, {"ask", "--article-name", "x", "q"}, {"ask", "--guild", "abc", "q"},
	} {
		if _, _, err := runCmd(t, nil, append(args, data...)...); !errors.Is(err, errUsage) {
			t.Errorf("%q = %v; want a usage error", args, err)
		}
	}
}

// cdnEnv is the environment of a bot that talks to fake and downloads
// from cdn.
func cdnEnv(fake *discordtest.Server, cdn *discordtest.CDN) map[string]string {
	return map[string]string{envToken: fake.Token(), envAPIURL: fake.URL(), envCDNURL: cdn.URL()}
}

// lateMessage waits for the follow-up or edit with token, and returns it.
func lateMessage(ctx context.Context, t *testing.T, fake *discordtest.Server, token string) *discordgo.Message {
	t.Helper()
	for n := 1; ; {
		hooks, err := fake.WaitWebhooks(ctx, n)
		if err != nil {
			t.Fatalf("no late answer: %v", err)
		}
		for _, h := range hooks {
			if h.Token == token && h.Method != http.MethodDelete {
				return h.Message
			}
		}
		n = len(hooks) + 1
	}
}

func embedTitle(m *discordgo.Message) string {
	if m == nil || len(m.Embeds) == 0 {
		return ""
	}
	return m.Embeds[0].Title
}

func footer(m *discordgo.Message) string {
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0].Footer == nil {
		return ""
	}
	return m.Embeds[0].Footer.Text
}

// TestKillAfterAcknowledgedAdd runs "articlebot serve", and "articlebot
// serve-http", as a process of its own, adds an article through the fake
// Discord, kills the process with SIGKILL as soon as the add is
// acknowledged, and checks that the reopened store has it all and that a
// restarted bot answers from it.
func TestKillAfterAcknowledgedAdd(t *testing.T) {
	for _, mode := range []string{"serve", "serve-http"} {
		t.Run(mode, func(t *testing.T) { testKillAfterAdd(t, mode) })
	}
}

func testKillAfterAdd(t *testing.T, mode string) {
	fake := discordtest.New(t, discordtest.Options{})
	cdn := discordtest.NewCDN(t)
	dir := t.TempDir()
	env := cdnEnv(fake, cdn)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	env[envPublicKey] = hex.EncodeToString(pub)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	args := []string{mode, "--data", dir, "--log-format", "json"}
	if mode == "serve" {
		args = append(args, "--no-register")
	} else {
		args = append(args, "--addr", "127.0.0.1:0")
	}

	// One request from this process first: the race detector sees the
	// fake's set-up happen before what its handlers do only through this
	// process's own socket writes, not through the child process's.
	if res, err := http.Get(fake.URL() + "/api/v9/gateway"); err == nil {
		res.Body.Close()
	}
	logs := newLogWatcher()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = io.Discard, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	text, err := os.ReadFile(shippingFile)
	if err != nil {
		t.Fatal(err)
	}
	add := discordtest.LibraryAdd(cdn.Put("shipping.txt", text), "containers")
	var m *discordgo.Message
	if mode == "serve" {
		if err := fake.WaitConnected(ctx, 1); err != nil {
			t.Fatalf("%v\n%s", err, logs.String())
		}
		if err := fake.PushInteraction(add); err != nil {
			t.Fatal(err)
		}
		m = lateMessage(ctx, t, fake, add.Token)
	} else {
		r := &replica{base: "http://" + logAddr(ctx, t, logs, "articlebot serve-http listening"), priv: priv, fake: fake}
		m = r.send(ctx, t, add)
	}
	if !strings.HasPrefix(embedTitle(m), "📚 Added: ") {
		t.Fatalf("the add was answered %+v; want it added\n%s", m, logs.String())
	}
	// Acknowledged: kill -9 at once.
	if err := cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Fatalf("the killed process exited cleanly")
	}
	exited <- nil // for the cleanup

	s, err := bolt.Open(dir)
	if err != nil {
		t.Fatalf("reopen the store after kill -9: %v", err)
	}
	e, err := s.EntryByName(ctx, discordtest.GuildID, "containers")
	if err != nil {
		t.Fatalf("the acknowledged article is not in the store after kill -9: %v", err)
	}
	stored, err := s.Text(ctx, discordtest.GuildID, e.ID)
	if err != nil || !bytes.Equal(stored, text) {
		t.Errorf("its text after kill -9: %d bytes, %v; want the %d bytes added", len(stored), err, len(text))
	}
	if cur, err := s.Current(ctx, discordtest.GuildID); err != nil || cur.ID != e.ID {
		t.Errorf("the current article after kill -9 = %+v, %v; want containers", cur, err)
	}
	s.Close()

	// A new process answers from it.
	ask := discordtest.SlashCommand("ask", discordtest.StringOption("question", shippingQuestion))
	logs = newLogWatcher()
	stop := startRun(t, args, env, logs)
	if mode == "serve" {
		if err := fake.WaitConnected(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if err := fake.PushInteraction(ask); err != nil {
			t.Fatal(err)
		}
		cb, err := fake.WaitCallback(ctx, ask.ID)
		if err != nil {
			t.Fatal(err)
		}
		m = cb.Message
	} else {
		r := &replica{base: "http://" + logAddr(ctx, t, logs, "articlebot serve-http listening"), priv: priv, fake: fake}
		m = r.send(ctx, t, ask)
	}
	if !strings.HasSuffix(footer(m), "· containers") {
		t.Errorf("/ask after the restart: %+v", m)
	}
	stop()
}

// TestKillDuringAdds kills "articlebot library add" while it adds a
// stream of articles, right after one is acknowledged: every article it
// acknowledged is in the reopened store, and every article there is whole
// (its text, name and hash agree).
func TestKillDuringAdds(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	base, err := os.ReadFile(volcanoFile)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for k := range 60 {
		p := filepath.Join(files, "article-"+strconv.Itoa(k)+".txt")
		os.WriteFile(p, append([]byte("# Article "+strconv.Itoa(k)+"\n\n"), base...), 0o600)
		paths = append(paths, p)
	}
	const guild = "1500000000000000001"
	cmd := exec.Command(os.Args[0], append([]string{"library", "add", "--guild", guild, "--data", dir}, paths...)...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if name, ok := strings.CutPrefix(lines.Text(), "Added "); ok {
			acked = append(acked, name[:strings.Index(name, ":")])
			if len(acked) == 5 {
				cmd.Process.Signal(os.Kill) // one millisecond later, or less
				break
			}
		}
	}
	for lines.Scan() { // what was printed before the kill
		if name, ok := strings.CutPrefix(lines.Text(), "Added "); ok {
			acked = append(acked, name[:strings.Index(name, ":")])
		}
	}
	cmd.Wait()
	if len(acked) < 5 {
		t.Fatalf("only %d adds were acknowledged before the end", len(acked))
	}

	s, err := bolt.Open(dir)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	shelf, err := s.List(ctx, guild)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range shelf.Entries {
		have[e.Name] = true
		text, err := s.Text(ctx, guild, e.ID)
		sum := sha256.Sum256(text)
		if err != nil || hex.EncodeToString(sum[:]) != e.Hash || len(text) != e.Size {
			t.Errorf("article %s is not whole after kill -9: %d bytes, %v", e.Name, len(text), err)
		}
		if byName, err := s.EntryByName(ctx, guild, e.Name); err != nil || byName.ID != e.ID {
			t.Errorf("article %s: its name leads to %+v, %v", e.Name, byName, err)
		}
	}
	for _, n := range acked {
		if !have[n] {
			t.Errorf("acknowledged article %s is missing after kill -9", n)
		}
	}
	if cur, err := s.Current(ctx, guild); err != nil || !have[cur.Name] {
		t.Errorf("current article after kill -9 = %+v, %v", cur, err)
	}
	t.Logf("%d acknowledged, %d stored, of %d", len(acked), len(shelf.Entries), len(paths))
}

// replica is a running "articlebot serve-http" and how to sign for it.
type replica struct {
	base string
	priv ed25519.PrivateKey
	fake *discordtest.Server
}

func startReplica(t *testing.T, ctx context.Context, dsn string, fake *discordtest.Server, cdn *discordtest.CDN, pub ed25519.PublicKey, priv ed25519.PrivateKey) *replica {
	t.Helper()
	env := cdnEnv(fake, cdn)
	env[envPublicKey] = hex.EncodeToString(pub)
	logs := newLogWatcher()
	stop := startRun(t, []string{"serve-http", "--addr", "127.0.0.1:0", "--database", dsn, "--log-format", "json"}, env, logs)
	t.Cleanup(stop)
	return &replica{base: "http://" + logAddr(ctx, t, logs, "articlebot serve-http listening"), priv: priv, fake: fake}
}

// send posts i to the replica, signed as Discord signs, and returns the
// message a member ends up seeing (after a deferral's late answer).
func (r *replica) send(ctx context.Context, t *testing.T, i *discordgo.Interaction) *discordgo.Message {
	t.Helper()
	body, err := r.fake.Expect(i)
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/interactions", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(r.priv, append([]byte(ts), body...))))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal(raw, &resp) != nil {
		t.Fatalf("POST /interactions = %d %s", res.StatusCode, raw)
	}
	if resp.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
		return lateMessage(ctx, t, r.fake, i.Token)
	}
	var m discordgo.Message
	if err := json.Unmarshal(resp.Data, &m); err != nil {
		t.Fatalf("response %s: %v", raw, err)
	}
	return &m
}

// TestReplicas runs two "articlebot serve-http" replicas on one
// PostgreSQL library: an article added through one is answered by the
// other at its very next request, and so is its removal, although the
// first replica has the article's index in its cache.
func TestReplicas(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	fake := discordtest.New(t, discordtest.Options{})
	cdn := discordtest.NewCDN(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	one := startReplica(t, ctx, dsn, fake, cdn, pub, priv)
	two := startReplica(t, ctx, dsn, fake, cdn, pub, priv)
	ask := func(article string) *discordgo.Interaction {
		opts := []*discordgo.ApplicationCommandInteractionDataOption{discordtest.StringOption("question", shippingQuestion)}
		if article != "" {
			opts = append(opts, discordtest.StringOption("article", article))
		}
		return discordtest.SlashCommand("ask", opts...)
	}

	// Both replicas answer from the default article, and the second one
	// caches nothing of guild A's library yet.
	if m := two.send(ctx, t, ask("")); strings.Contains(footer(m), "containers") {
		t.Fatalf("before the add: %+v", m)
	}
	text, err := os.ReadFile(shippingFile)
	if err != nil {
		t.Fatal(err)
	}
	if m := one.send(ctx, t, discordtest.LibraryAdd(cdn.Put("shipping.txt", text), "containers")); !strings.HasPrefix(embedTitle(m), "📚 Added: ") {
		t.Fatalf("add through replica one: %+v", m)
	}
	m := two.send(ctx, t, ask(""))
	if !strings.HasSuffix(footer(m), "· containers") || !strings.Contains(m.Embeds[0].Fields[0].Value, "5.86") {
		t.Fatalf("replica two right after the add through replica one: %+v", m)
	}
	readButton := m.Components[0].(*discordgo.ActionsRow).Components[0].(*discordgo.Button).CustomID
	// Replica one answers its buttons, and has the article cached.
	if got := one.send(ctx, t, discordtest.ButtonClick(readButton, m)); !strings.HasPrefix(embedTitle(got), "📖 Passage 3") {
		t.Errorf("replica two's button on replica one: %+v", got)
	}
	// Removed through replica two: replica one notices at once.
	if got := two.send(ctx, t, discordtest.LibraryCommand("remove", discordtest.StringOption("name", "containers"))); !strings.HasPrefix(embedTitle(got), "🗑️ Removed: ") {
		t.Fatalf("remove through replica two: %+v", got)
	}
	if got := one.send(ctx, t, ask("")); strings.Contains(footer(got), "containers") {
		t.Errorf("replica one after the removal through replica two: %+v", got)
	}
	if got := one.send(ctx, t, discordtest.ButtonClick(readButton, m)); !strings.Contains(got.Content, "isn't in this server's library") {
		t.Errorf("a removed article's button on replica one: %+v", got)
	}
	if got := one.send(ctx, t, ask("containers")); !strings.Contains(got.Content, "no article named") {
		t.Errorf("naming the removed article on replica one: %+v", got)
	}
}
