// Command libraryload measures articlebot with a large library, on
// loopback only: it stores 1,000 articles of about 20 KB (in a new
// embedded store, or in PostgreSQL with --database), starts the built
// binary as "articlebot serve-http" over them, and reports how long it
// takes to be ready to serve, its memory (RSS), the latency of questions
// on articles whose index is not cached and on one that is (next to the
// bundled article's, as without a library), and how long an add of a
// 200 KB article takes to be acknowledged. With --database it also starts
// a second replica on the same database and measures how long after an
// add through one the other answers from it.
//
//	go build -o articlebot . && go run ./internal/libraryload --bin ./articlebot
//	go run ./internal/libraryload --bin ./articlebot --database "$ARTICLEBOT_TEST_DATABASE"
//
// It plays Discord itself: it signs the interactions with a key pair of
// its own, serves the attachments from a fake CDN (DISCORD_CDN_URL) and
// receives the late answers (DISCORD_API_URL), all on 127.0.0.1. The
// database, when given, must be a throwaway one: the program adds 1,000
// articles to it, in guilds of its own, and removes nothing.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/bolt"
	"github.com/articlebot/articlebot/library/postgres"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "libraryload:", err)
		os.Exit(1)
	}
}

type config struct {
	bin      string
	database string
	articles int
	guilds   int
	size     int
	uncached int
	cached   int
	addSize  int
	adds     int
	rounds   int
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("libraryload", flag.ContinueOnError)
	fs.StringVar(&c.bin, "bin", "./articlebot", "the articlebot binary to run")
	fs.StringVar(&c.database, "database", "", "store the library in this throwaway PostgreSQL database (and measure two replicas) instead of a new embedded store")
	fs.IntVar(&c.articles, "articles", 1000, "articles to store")
	fs.IntVar(&c.guilds, "guilds", 100, "servers to spread them over")
	fs.IntVar(&c.size, "size", 20000, "bytes of each article")
	fs.IntVar(&c.uncached, "uncached", 200, "questions on articles whose index is not cached, each on another article")
	fs.IntVar(&c.cached, "cached", 2000, "questions on one cached article")
	fs.IntVar(&c.addSize, "add-size", 200000, "bytes of the articles added through /library add")
	fs.IntVar(&c.adds, "adds", 5, "articles added through /library add")
	fs.IntVar(&c.rounds, "rounds", 20, "with --database: adds through one replica answered by the other")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return err
	}
	gen, err := newGenerator()
	if err != nil {
		return err
	}
	d := &discord{priv: priv, files: map[string][]byte{}, late: map[string]chan []byte{}}
	if err := d.start(); err != nil {
		return err
	}
	defer d.close()

	// Store the library.
	dir, err := os.MkdirTemp("", "libraryload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	if err := fill(ctx, c, dir, gen); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stored %d articles of %d bytes in %d servers in %v\n", c.articles, c.size, c.guilds, time.Since(t0).Round(time.Millisecond))

	// Start the bot and wait until it serves.
	p, ready, err := startBot(ctx, c, dir, pub, d)
	if err != nil {
		return err
	}
	defer p.stop()
	fmt.Fprintf(stdout, "ready to serve (process start to GET /healthz 200): %v\n", ready.Round(time.Millisecond))

	// Questions on articles whose index is not cached.
	var uncached []time.Duration
	for k := range c.uncached {
		n := (k * 7919) % c.articles // spread over the library
		lat, body, err := p.ask(ctx, d, guildOf(n, c), gen.question(n), nameOf(n))
		if err != nil {
			return err
		}
		if !gen.answered(body, n) || !strings.Contains(body, "· "+nameOf(n)) {
			return fmt.Errorf("question on article %d not answered from it: %s", n, body)
		}
		uncached = append(uncached, lat)
	}
	report(stdout, "question, article not cached", uncached)
	rss, hwm := p.memory()
	fmt.Fprintf(stdout, "RSS after the uncached questions: %d MB (peak %d MB)\n", rss>>10, hwm>>10)

	// One article, cached, and the bundled article as without a library.
	last := ((c.uncached - 1) * 7919) % c.articles
	var cached, bundled []time.Duration
	for range c.cached {
		lat, _, err := p.ask(ctx, d, guildOf(last, c), gen.question(last), nameOf(last))
		if err != nil {
			return err
		}
		cached = append(cached, lat)
		lat, _, err = p.ask(ctx, d, "", "How many surveillance cameras does China have?", "")
		if err != nil {
			return err
		}
		bundled = append(bundled, lat)
	}
	report(stdout, "question, article cached", cached)
	report(stdout, "question, bundled article (DM)", bundled)

	// Adds of big articles, acknowledged when the answer arrives.
	var adds []time.Duration
	for k := range c.adds {
		n := c.articles + k
		lat, body, err := p.add(ctx, d, guildOf(n, c), fmt.Sprintf("big-%d.txt", k), gen.article(n, c.addSize))
		if err != nil {
			return err
		}
		if !strings.Contains(body, "📚 Added") {
			return fmt.Errorf("add %d: %s", k, body)
		}
		adds = append(adds, lat)
	}
	report(stdout, fmt.Sprintf("add of a %d KB article, to acknowledged", c.addSize>>10), adds)
	rss, hwm = p.memory()
	fmt.Fprintf(stdout, "RSS at the end: %d MB (peak %d MB)\n", rss>>10, hwm>>10)

	if c.database == "" {
		return nil
	}
	// A second replica: how long after an add through one the other one
	// answers from it.
	p2, _, err := startBot(ctx, c, dir, pub, d)
	if err != nil {
		return err
	}
	defer p2.stop()
	var gaps []time.Duration
	firstTry := 0
	for k := range c.rounds {
		n := c.articles + c.adds + k
		guild := "1600000000000" + fmt.Sprintf("%06d", k)
		if _, body, err := p.add(ctx, d, guild, fmt.Sprintf("round-%d.txt", k), gen.article(n, c.size)); err != nil || !strings.Contains(body, "📚 Added") {
			return fmt.Errorf("round %d: add: %v %s", k, err, body)
		}
		acked := time.Now()
		for try := 1; ; try++ {
			_, body, err := p2.ask(ctx, d, guild, gen.question(n), "")
			if err != nil {
				return err
			}
			if gen.answered(body, n) {
				gaps = append(gaps, time.Since(acked))
				if try == 1 {
					firstTry++
				}
				break
			}
			if time.Since(acked) > 5*time.Second {
				return fmt.Errorf("round %d: the other replica does not answer from the article added", k)
			}
		}
	}
	report(stdout, "add acknowledged by one replica to answered by the other", gaps)
	fmt.Fprintf(stdout, "the other replica answered from the new article at its first request in %d of %d rounds\n", firstTry, c.rounds)
	return nil
}

// report prints the percentiles of latencies.
func report(w io.Writer, what string, lat []time.Duration) {
	s := slices.Clone(lat)
	slices.Sort(s)
	pct := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))] }
	fmt.Fprintf(w, "%s (%d): p50 %v, p99 %v, max %v\n", what, len(s), ms(pct(0.5)), ms(pct(0.99)), ms(s[len(s)-1]))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func guildOf(n int, c config) string { return "1500000000000" + fmt.Sprintf("%06d", n%c.guilds) }

func nameOf(n int) string { return "article-" + strconv.Itoa(n) }

// generator writes distinct articles of a given size from the project's
// own texts, each with one fact of its own to ask about.
type generator struct {
	paragraphs []string
}

func newGenerator() (*generator, error) {
	a, err := corpus.Default()
	if err != nil {
		return nil, err
	}
	g := &generator{}
	for _, p := range a.Passages {
		g.paragraphs = append(g.paragraphs, p.Text)
	}
	for _, f := range []string{"testdata/eval/second-article.txt", "testdata/eval/third-article.md"} {
		a, err := corpus.Load(f)
		if err != nil {
			return nil, fmt.Errorf("run from the repository's root: %w", err)
		}
		for _, p := range a.Passages {
			g.paragraphs = append(g.paragraphs, p.Text)
		}
	}
	return g, nil
}

// word is a made-up word unique to n.
func word(n int) string {
	var b strings.Builder
	b.WriteString("Quel")
	for n++; n > 0; n /= 26 {
		b.WriteByte(byte('a' + n%26))
	}
	return b.String()
}

func (g *generator) fact(n int) string {
	return fmt.Sprintf("the %s expedition found %d new species of beetle", word(n), 10+n%89)
}

// answered reports whether a reply quotes article n's fact.
func (g *generator) answered(body string, n int) bool {
	return strings.Contains(body, word(n)) && strings.Contains(body, fmt.Sprintf(" %d new species", 10+n%89))
}

func (g *generator) question(n int) string {
	return fmt.Sprintf("What did the %s expedition find?", word(n))
}

// article returns article n, of about size bytes.
func (g *generator) article(n, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Field notes %d: the %s expedition\n\n", n, word(n))
	fmt.Fprintf(&b, "In %d, %s in the upper valley, a discovery that surprised its sponsors.\n\n", 1950+n%70, strings.ToUpper(g.fact(n)[:1])+g.fact(n)[1:])
	for k := 0; b.Len() < size-600; k++ {
		fmt.Fprintf(&b, "%s\n\n", g.paragraphs[(n*31+k)%len(g.paragraphs)])
	}
	fmt.Fprintf(&b, "## Key Takeaways\n- The %s expedition changed what was known of the valley.\n- Surveys like it are cheap next to what they find.\n- Its notes are number %d of the series.\n", word(n), n)
	return b.Bytes()
}

// fill stores the articles straight into the store, as adds would have.
func fill(ctx context.Context, c config, dir string, gen *generator) error {
	var (
		s   library.Store
		err error
	)
	if c.database != "" {
		s, err = postgres.Open(ctx, c.database)
	} else {
		s, err = bolt.Open(dir)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	now := time.Now().UTC().Truncate(time.Microsecond)
	for n := range c.articles {
		text := gen.article(n, c.size)
		a, err := corpus.Parse(nameOf(n)+".txt", text)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(text)
		err = s.Add(ctx, library.Stored{
			Entry: library.Entry{ID: library.NewID(), Guild: guildOf(n, c), Name: nameOf(n), Title: a.Title, Source: nameOf(n) + ".txt",
				Size: len(text), Hash: hex.EncodeToString(sum[:]), AddedByName: "libraryload", AddedAt: now},
			Text: text,
		}, 0)
		if err != nil {
			return err
		}
	}
	return nil
}

// discord is the program's Discord: it signs interactions, serves
// attachments (the CDN) and receives late answers (the webhooks).
type discord struct {
	priv           ed25519.PrivateKey
	cdn            *http.Server
	api            *http.Server
	cdnURL, apiURL string

	mu     sync.Mutex
	nextID int
	files  map[string][]byte
	late   map[string]chan []byte // interaction token → its late answer
}

func listen() (net.Listener, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	return ln, "http://" + ln.Addr().String(), nil
}

func (d *discord) start() error {
	cdnLn, cdnURL, err := listen()
	if err != nil {
		return err
	}
	apiLn, apiURL, err := listen()
	if err != nil {
		return err
	}
	d.cdnURL, d.apiURL = cdnURL, apiURL
	d.cdn = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		data, ok := d.files[r.URL.Path]
		d.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data)
	})}
	d.api = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// /api/v9/webhooks/{app}/{token}[/messages/@original]
		parts := strings.Split(r.URL.Path, "/")
		body, _ := io.ReadAll(r.Body)
		if len(parts) >= 6 && parts[3] == "webhooks" && r.Method != http.MethodDelete {
			d.mu.Lock()
			ch := d.late[parts[5]]
			d.mu.Unlock()
			if ch != nil {
				select {
				case ch <- body:
				default:
				}
			}
		}
		if r.Method == http.MethodDelete || (r.Method == http.MethodPost && r.URL.Query().Get("wait") != "true") {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1700000000000000009","channel_id":"1200000000000000001"}`)
	})}
	go d.cdn.Serve(cdnLn)
	go d.api.Serve(apiLn)
	return nil
}

func (d *discord) close() {
	d.cdn.Close()
	d.api.Close()
}

// put serves data and returns its attachment.
func (d *discord) put(name string, data []byte) *discordgo.MessageAttachment {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.nextID++
	id := strconv.Itoa(1900000000000000000 + d.nextID)
	path := "/attachments/1200000000000000001/" + id + "/" + name
	d.files[path] = data
	return &discordgo.MessageAttachment{ID: id, URL: d.cdnURL + path, Filename: name, Size: len(data)}
}

// interaction returns a new interaction's ID and token.
func (d *discord) interaction() (id, token string, late chan []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.nextID++
	id = strconv.Itoa(1300000000000000000 + d.nextID)
	token = "token-" + id
	late = make(chan []byte, 1)
	d.late[token] = late
	return id, token, late
}

// bot is a running "articlebot serve-http".
type bot struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

func startBot(ctx context.Context, c config, dir string, pub ed25519.PublicKey, d *discord) (*bot, time.Duration, error) {
	args := []string{"serve-http", "--addr", "127.0.0.1:0", "--log-format", "json"}
	if c.database != "" {
		args = append(args, "--database", c.database)
	} else {
		args = append(args, "--data", dir)
	}
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = append(os.Environ(), "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "DISCORD_API_URL="+d.apiURL, "DISCORD_CDN_URL="+d.cdnURL)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	b := &bot{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "articlebot serve-http listening" {
				addr <- rec.Addr
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	go func() { b.done <- cmd.Wait() }()
	select {
	case a := <-addr:
		b.base = "http://" + a
	case err := <-b.done:
		return nil, 0, fmt.Errorf("articlebot exited: %v", err)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		return nil, 0, fmt.Errorf("articlebot did not start listening")
	}
	for {
		res, err := http.Get(b.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return b, time.Since(start), nil
			}
		}
		if time.Since(start) > 30*time.Second {
			b.stop()
			return nil, 0, fmt.Errorf("GET /healthz: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
}

func (b *bot) stop() {
	b.cmd.Process.Signal(os.Interrupt)
	select {
	case <-b.done:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill()
	}
}

// memory returns the process's resident set and its peak, in KB.
func (b *bot) memory() (rss, hwm int) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(b.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss, _ = strconv.Atoi(f[1])
		}
		if len(f) >= 2 && f[0] == "VmHWM:" {
			hwm, _ = strconv.Atoi(f[1])
		}
	}
	return rss, hwm
}

// post sends a signed interaction and returns the time to the answer a
// member sees (the late one after a deferral) and its body.
func (b *bot) post(ctx context.Context, d *discord, i *discordgo.Interaction) (time.Duration, string, error) {
	id, token, late := d.interaction()
	i.ID, i.Token, i.AppID, i.Version = id, token, "1100000000000000001", 1
	body, err := json.Marshal(i)
	if err != nil {
		return 0, "", err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/interactions", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(d.priv, append([]byte(ts), body...))))
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	out, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		return 0, "", fmt.Errorf("POST /interactions: %d %s %v", res.StatusCode, out, err)
	}
	if !bytes.HasPrefix(out, []byte(`{"type":5`)) {
		return time.Since(start), string(out), nil
	}
	select {
	case answer := <-late:
		return time.Since(start), string(answer), nil
	case <-time.After(60 * time.Second):
		return 0, "", fmt.Errorf("no late answer")
	}
}

func (b *bot) ask(ctx context.Context, d *discord, guild, question, article string) (time.Duration, string, error) {
	opts := []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question}}
	if article != "" {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: "article", Type: discordgo.ApplicationCommandOptionString, Value: article})
	}
	return b.post(ctx, d, interaction(guild, "ask", opts))
}

func (b *bot) add(ctx context.Context, d *discord, guild, name string, data []byte) (time.Duration, string, error) {
	a := d.put(name, data)
	i := interaction(guild, "library", []*discordgo.ApplicationCommandInteractionDataOption{{
		Name: "add", Type: discordgo.ApplicationCommandOptionSubCommand,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "file", Type: discordgo.ApplicationCommandOptionAttachment, Value: a.ID}},
	}})
	data2 := i.Data.(discordgo.ApplicationCommandInteractionData)
	data2.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Attachments: map[string]*discordgo.MessageAttachment{a.ID: a}}
	i.Data = data2
	return b.post(ctx, d, i)
}

// interaction is a slash command in guild ("" for a DM).
func interaction(guild, name string, opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	user := &discordgo.User{ID: "1400000000000000001", Username: "member"}
	i := &discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand, GuildID: guild, ChannelID: "1200000000000000001",
		Data: discordgo.ApplicationCommandInteractionData{ID: "1600000000000000001", Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
	if guild == "" {
		i.User = user
	} else {
		i.Member = &discordgo.Member{User: user}
	}
	return i
}
