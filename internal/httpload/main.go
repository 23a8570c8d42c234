// Command httpload drives articlebot's HTTP interactions endpoint with
// signed /ask requests over concurrent keep-alive connections, on loopback
// only, and reports the throughput, the latency percentiles and the errors.
//
// It signs with a key pair of its own. By default it starts the endpoint in
// its own process, over the bundled article, with that public key; with
// --url it drives a running "articlebot serve-http" on loopback instead,
// which must have been started with the public key that --print-public-key
// prints for the same --key-seed:
//
//	go run ./internal/httpload
//	go run ./internal/httpload --requests 100000 --duration 30s --conns 32
//
//	seed=$(openssl rand -hex 32)
//	DISCORD_PUBLIC_KEY=$(go run ./internal/httpload --key-seed $seed --print-public-key) \
//	    articlebot serve-http --addr 127.0.0.1:8080 --log-level warn &
//	go run ./internal/httpload --key-seed $seed --url http://127.0.0.1:8080
//
// The requests are signed before the clock starts, as Discord signs them
// on its side: the measurement is the endpoint's work (and, in process, the
// client's), not the signing. The default client writes the pre-encoded
// requests on plain keep-alive connections and reads the answers with
// http.ReadResponse, so that on one machine most of the CPU goes to the
// endpoint; --client nethttp uses net/http's Client instead. A run is
// bounded by --requests and by --duration, whichever comes first. It
// reports how busy the machine was meanwhile: on a shared machine the
// figures depend on it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/index/synonyms"
)

// The bar the endpoint is measured against (issue 4).
const (
	barRate = 5000                  // signed /ask per second, at least
	barP99  = 20 * time.Millisecond // p99 latency, under
)

// Upper bounds on a run, whatever the flags say.
const (
	maxRequests = 2_000_000
	maxDuration = 5 * time.Minute
	maxConns    = 256
)

// questions are what the load asks: most of them the article answers, a
// few it does not, as members ask.
var questions = []string{
	"How many surveillance cameras does China have?",
	"What is DeepSeek?",
	"Why is it called a Sputnik moment?",
	"What did DeepSeek claim about its costs?",
	"How did the US react to DeepSeek?",
	"What data resources do Chinese AI companies have?",
	"Who are China's AI giants?",
	"What does the article say about chips and export controls?",
	"Is the Sputnik analogy accurate?",
	"How fast could an AI conflict unfold?",
	"What are the implications for US-China relations?",
	"How cheap is DeepSeek's model?",
	"What does the article say about Baidu, Alibaba and Tencent?",
	"Did DeepSeek really spend so little on training?",
	"What is the global AI landscape like?",
	"Why does cost-effective production matter?",
	"What happened during the Cold War?",
	"How many people live in China?",
	"What are the doubts about DeepSeek's assertions?",
	"What should the US do now?",
	"Who makes the best pizza in Naples?",
	"What is the capital of Australia?",
	"How do I bake sourdough bread?",
	"What is the weather tomorrow?",
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "httpload:", err)
		}
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	url        string
	requests   int
	warmup     int
	duration   time.Duration
	conns      int
	keySeed    string
	printKey   bool
	logMode    string
	cpuProfile string
	client     string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("httpload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "", "drive the endpoint at this loopback `URL` (e.g. http://127.0.0.1:8080) instead of one started in process")
	fs.IntVar(&o.requests, "requests", 100_000, "measured requests, at most")
	fs.IntVar(&o.warmup, "warmup", 5_000, "requests sent before the measurement starts")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "measure for at most this long")
	fs.IntVar(&o.conns, "conns", 32, "concurrent connections, each sending its requests one after the other")
	fs.StringVar(&o.keySeed, "key-seed", "", "derive the key pair from this 64-hex-digit `SEED` (default: a random key)")
	fs.BoolVar(&o.printKey, "print-public-key", false, "print the public key (hex, for DISCORD_PUBLIC_KEY) and exit")
	fs.StringVar(&o.logMode, "log", "discard", "in process, the endpoint's info log: discard (formatted, then dropped), stderr, or off")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phase to `FILE` (in process: server and client together)")
	fs.StringVar(&o.client, "client", "raw", "the client: raw (pre-encoded HTTP/1.1 requests on plain keep-alive connections, the least CPU) or nethttp (net/http's Client)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.requests < 1 || o.requests > maxRequests:
		return fmt.Errorf("--requests %d: want 1 to %d", o.requests, maxRequests)
	case o.warmup < 0 || o.warmup > maxRequests:
		return fmt.Errorf("--warmup %d: want 0 to %d", o.warmup, maxRequests)
	case o.duration <= 0 || o.duration > maxDuration:
		return fmt.Errorf("--duration %v: want more than 0 and at most %v", o.duration, maxDuration)
	case o.conns < 1 || o.conns > maxConns:
		return fmt.Errorf("--conns %d: want 1 to %d", o.conns, maxConns)
	case o.client != "raw" && o.client != "nethttp":
		return fmt.Errorf("--client %q: want raw or nethttp", o.client)
	}

	priv, err := privateKey(o.keySeed)
	if err != nil {
		return err
	}
	pub := priv.Public().(ed25519.PublicKey)
	if o.printKey {
		fmt.Fprintln(stdout, hex.EncodeToString(pub))
		return nil
	}

	target := o.url
	if target == "" {
		u, stop, err := startEndpoint(ctx, pub, o.logMode, stderr)
		if err != nil {
			return err
		}
		defer stop()
		target = u
	} else if err := checkLoopback(target); err != nil {
		return err
	}
	tu, err := url.Parse(target)
	if err != nil {
		return err
	}
	reqs, err := signedRequests(priv, 512, tu.Host)
	if err != nil {
		return err
	}
	target += "/interactions"
	var newSender func() sender
	if o.client == "raw" {
		newSender = func() sender { return &rawSender{addr: tu.Host} }
	} else {
		client := &http.Client{
			Timeout: requestTimeout,
			Transport: &http.Transport{
				DialContext:         dialLoopback,
				MaxConnsPerHost:     o.conns,
				MaxIdleConnsPerHost: o.conns,
				DisableCompression:  true,
			},
		}
		defer client.CloseIdleConnections()
		newSender = func() sender { return &clientSender{client: client, url: target} }
	}

	fmt.Fprintf(stdout, "target %s, %d connections, %s client, %d CPUs, GOGC=%d\n", target, o.conns, o.client, runtime.GOMAXPROCS(0), gcPercent())
	if o.warmup > 0 {
		w := drive(ctx, newSender, reqs, o.conns, o.warmup, maxDuration)
		if w.errors > 0 {
			return fmt.Errorf("warm-up: %d errors, the first: %v", w.errors, w.firstErr)
		}
	}
	runtime.GC()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpu0, gc0, m0 := cpuTime(), gcCount(), readMachineCPU()
	r := drive(ctx, newSender, reqs, o.conns, o.requests, o.duration)
	cpu, gcs, m1 := cpuTime()-cpu0, gcCount()-gc0, readMachineCPU()
	r.report(stdout, cpu, gcs, o.url == "")
	if busy, ok := m1.busyCores(m0); ok {
		// What else ran meanwhile: on a shared machine the figures depend
		// on it.
		fmt.Fprintf(stdout, "machine during the run: %.2f of %d cores busy, %.2f of them this process\n",
			busy, runtime.NumCPU(), cpu.Seconds()/r.elapsed.Seconds())
	}
	if r.errors > 0 {
		return fmt.Errorf("%d errors", r.errors)
	}
	return nil
}

// privateKey derives the key from a hex seed, or makes a random one.
func privateKey(seedHex string) (ed25519.PrivateKey, error) {
	if seedHex == "" {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		return priv, err
	}
	seed, err := hex.DecodeString(seedHex)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("--key-seed: want %d hexadecimal digits", 2*ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// checkLoopback accepts only an http URL on a loopback address.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("--url: %w", err)
	}
	if u.Scheme != "http" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("--url %q: want http://HOST:PORT", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("--url %q: only loopback addresses (127.0.0.0/8, ::1, localhost) may be driven", raw)
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dialLoopback dials like net.Dialer, refusing any address that is not
// loopback once resolved.
func dialLoopback(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		c.Close()
		return nil, fmt.Errorf("refusing to drive %s: not a loopback address", c.RemoteAddr())
	}
	return c, nil
}

// startEndpoint starts articlebot's endpoint in process, as serve-http
// runs it, on a loopback port, and returns its URL.
func startEndpoint(ctx context.Context, pub ed25519.PublicKey, logMode string, stderr io.Writer) (string, func(), error) {
	var logger *slog.Logger
	switch logMode {
	case "discard":
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	case "stderr":
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	case "off":
		logger = slog.New(slog.DiscardHandler)
	default:
		return "", nil, fmt.Errorf("--log %q: want discard, stderr or off", logMode)
	}
	a, err := corpus.Default()
	if err != nil {
		return "", nil, err
	}
	syn, err := synonyms.Parse("bundled synonyms", bytes.NewReader(corpus.DefaultSynonyms()))
	if err != nil {
		return "", nil, err
	}
	ix, err := index.New(ctx, a, index.Options{Synonyms: syn})
	if err != nil {
		return "", nil, err
	}
	if os.Getenv("GOGC") == "" { // as articlebot serve-http runs
		debug.SetGCPercent(bot.GCPercent)
	}
	e, err := bot.NewEndpoint(bot.New(ix, logger), bot.EndpointConfig{PublicKey: pub, Metrics: bot.NewMetrics(), Logger: logger})
	if err != nil {
		ix.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ix.Close()
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- bot.RunHTTP(ctx, ln, e, logger) }()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintln(stderr, "httpload: endpoint:", err)
		}
		ix.Close()
	}, nil
}

// signedRequest is a request body and its signature headers.
type signedRequest struct {
	body      []byte
	signature string
	timestamp string
	// wire is the whole HTTP/1.1 request, for the raw client.
	wire []byte
}

// signedRequests returns n /ask interactions as Discord sends them to
// host, each signed with priv.
func signedRequests(priv ed25519.PrivateKey, n int, host string) ([]signedRequest, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	out := make([]signedRequest, n)
	for k := range out {
		body, err := askInteraction(k, questions[k%len(questions)])
		if err != nil {
			return nil, err
		}
		sr := signedRequest{
			body:      body,
			timestamp: ts,
			signature: hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))),
		}
		sr.wire = fmt.Appendf(nil, "POST /interactions HTTP/1.1\r\nHost: %s\r\nUser-Agent: Discord-Interactions/1.0 (+https://discord.com)\r\n"+
			"Content-Type: application/json\r\nX-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %s\r\nContent-Length: %d\r\n\r\n%s",
			host, sr.signature, sr.timestamp, len(body), body)
		out[k] = sr
	}
	return out, nil
}

// askInteraction returns the JSON of an /ask interaction shaped like the
// ones Discord sends: a guild member with roles and permissions, the
// channel, locales, entitlements and a long interaction token (about 1.8
// KB in all).
func askInteraction(k int, question string) ([]byte, error) {
	tok := make([]byte, 140)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	id := strconv.FormatInt(1300000000000000000+int64(k), 10)
	const (
		app     = "1100000000000000001"
		guild   = "1500000000000000001"
		channel = "1200000000000000001"
	)
	user := map[string]any{
		"id": strconv.FormatInt(1400000000000000000+int64(k%97), 10), "username": "member" + strconv.Itoa(k%97),
		"global_name": "A Member", "avatar": "a_0123456789abcdef0123456789abcdef", "discriminator": "0",
		"public_flags": 0, "flags": 0, "banner": nil, "accent_color": nil, "avatar_decoration_data": nil,
		"clan": nil, "primary_guild": nil, "collectibles": nil,
	}
	m := map[string]any{
		"id": id, "application_id": app, "type": 2, "version": 1,
		"token":                          "aW50ZXJhY3Rpb246" + base64.RawURLEncoding.EncodeToString(tok),
		"guild_id":                       guild,
		"channel_id":                     channel,
		"locale":                         "en-US",
		"guild_locale":                   "en-US",
		"app_permissions":                "562949953601536",
		"entitlements":                   []any{},
		"entitlement_sku_ids":            []any{},
		"authorizing_integration_owners": map[string]any{"0": guild},
		"context":                        0,
		"attachment_size_limit":          10485760,
		"guild":                          map[string]any{"id": guild, "locale": "en-US", "features": []any{"COMMUNITY", "NEWS"}},
		"channel": map[string]any{
			"id": channel, "type": 0, "guild_id": guild, "name": "study-group", "position": 3, "flags": 0,
			"parent_id": "1200000000000000000", "last_message_id": "1700000000000000001", "rate_limit_per_user": 0,
			"topic": "Questions about the article", "nsfw": false, "permissions": "2248473465835073",
		},
		"member": map[string]any{
			"user": user, "roles": []any{"1500000000000000002", "1500000000000000003", "1500000000000000004"},
			"premium_since": nil, "permissions": "2248473465835073", "pending": false, "nick": nil, "mute": false,
			"joined_at": "2024-05-01T12:00:00.000000+00:00", "is_pending": false, "flags": 0, "deaf": false,
			"communication_disabled_until": nil, "unusual_dm_activity_until": nil, "banner": nil, "avatar": nil,
		},
		"data": map[string]any{
			"id": "1600000000000000001", "name": "ask", "type": 1, "guild_id": guild,
			"options": []any{map[string]any{"name": "question", "type": 3, "value": question}},
		},
	}
	return json.Marshal(m)
}

// result is what one drive measured.
type result struct {
	latencies []time.Duration
	elapsed   time.Duration
	errors    int
	firstErr  error
}

// requestTimeout bounds one request.
const requestTimeout = 10 * time.Second

// sender sends requests one after the other on one connection.
type sender interface {
	// send sends one request and checks that it was answered with a
	// message (type 4).
	send(ctx context.Context, sr signedRequest) error
	close()
}

// drive sends up to n requests over conns connections, each connection
// sending its next request when the last one is answered, for at most d
// (or until ctx ends), and measures every request.
func drive(ctx context.Context, newSender func() sender, reqs []signedRequest, conns, n int, d time.Duration) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex
		all      = make([]time.Duration, 0, n)
		errs     int
		firstErr error
		wg       sync.WaitGroup
	)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSender()
			defer s.close()
			lat := make([]time.Duration, 0, n/conns+1)
			var (
				nerr  int
				first error
			)
			for ctx.Err() == nil {
				k := next.Add(1) - 1
				if k >= int64(n) {
					break
				}
				t0 := time.Now()
				if err := s.send(ctx, reqs[k%int64(len(reqs))]); err != nil {
					if ctx.Err() != nil { // the run ended, not the request
						break
					}
					nerr++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += nerr
			if firstErr == nil {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return result{latencies: all, elapsed: time.Since(start), errors: errs, firstErr: firstErr}
}

// checkAnswer checks a response: 200 with a message (type 4).
func checkAnswer(status int, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", status, bytes.TrimSpace(body))
	}
	if !bytes.HasPrefix(body, []byte(`{"type":4,`)) {
		return fmt.Errorf("not a message response: %.80s", body)
	}
	return nil
}

// rawSender writes pre-encoded requests on one keep-alive connection and
// reads the responses with http.ReadResponse: a client that costs little
// CPU, so that on one machine the endpoint gets most of it.
type rawSender struct {
	addr string
	conn net.Conn
	r    *bufio.Reader
	body []byte
}

func (s *rawSender) send(ctx context.Context, sr signedRequest) error {
	if s.conn == nil {
		c, err := dialLoopback(ctx, "tcp", s.addr)
		if err != nil {
			return err
		}
		s.conn, s.r = c, bufio.NewReaderSize(c, 16<<10)
	}
	if err := s.conn.SetDeadline(time.Now().Add(requestTimeout)); err != nil {
		s.close()
		return err
	}
	if _, err := s.conn.Write(sr.wire); err != nil {
		s.close()
		return err
	}
	res, err := http.ReadResponse(s.r, nil)
	if err != nil {
		s.close()
		return err
	}
	b := bytes.NewBuffer(s.body[:0])
	_, err = b.ReadFrom(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	s.body = b.Bytes()
	if err != nil || res.Close {
		s.close()
	}
	if err != nil {
		return err
	}
	return checkAnswer(res.StatusCode, s.body)
}

func (s *rawSender) close() {
	if s.conn != nil {
		s.conn.Close()
		s.conn, s.r = nil, nil
	}
}

// clientSender sends with net/http's Client.
type clientSender struct {
	client *http.Client
	url    string
	body   []byte
}

func (s *clientSender) send(ctx context.Context, sr signedRequest) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(sr.body))
	if err != nil {
		return err
	}
	req.Header["Content-Type"] = []string{"application/json"}
	req.Header["X-Signature-Ed25519"] = []string{sr.signature}
	req.Header["X-Signature-Timestamp"] = []string{sr.timestamp}
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b := bytes.NewBuffer(s.body[:0])
	_, err = b.ReadFrom(io.LimitReader(res.Body, 1<<20))
	s.body = b.Bytes()
	if err != nil {
		return err
	}
	return checkAnswer(res.StatusCode, s.body)
}

func (s *clientSender) close() {}

// report prints the figures and whether they meet the bar.
func (r result) report(w io.Writer, cpu time.Duration, gcs uint32, inProcess bool) {
	n := len(r.latencies)
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if n == 0 {
			return 0
		}
		return r.latencies[min(n-1, int(float64(n)*p))]
	}
	rate := float64(n) / r.elapsed.Seconds()
	fmt.Fprintf(w, "requests %d in %.2fs: %.0f/s, errors %d\n", n, r.elapsed.Seconds(), rate, r.errors)
	fmt.Fprintf(w, "latency p50 %s, p90 %s, p99 %s, max %s\n", ms(pct(.50)), ms(pct(.90)), ms(pct(.99)), ms(pct(1)))
	who := "this process"
	if inProcess {
		who = "endpoint and client together"
	}
	if n > 0 {
		fmt.Fprintf(w, "CPU %.0f µs a request (%s), %d GCs\n", float64(cpu.Microseconds())/float64(n), who, gcs)
	}
	if r.firstErr != nil {
		fmt.Fprintf(w, "first error: %v\n", r.firstErr)
	}
	verdict := "met"
	if rate < barRate || pct(.99) >= barP99 || r.errors > 0 || n == 0 {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "bar (at least %d/s, p99 under %s, no errors): %s\n", barRate, ms(barP99), verdict)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineCPU is the machine's CPU time from /proc/stat, in clock ticks.
type machineCPU struct {
	busy, total uint64
	ok          bool
}

// readMachineCPU reads the first line of /proc/stat; ok is false where
// there is none.
func readMachineCPU() machineCPU {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}
	}
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	fields := bytes.Fields(line)
	if len(fields) < 8 || string(fields[0]) != "cpu" {
		return machineCPU{}
	}
	var m machineCPU
	for k, f := range fields[1:] {
		v, err := strconv.ParseUint(string(f), 10, 64)
		if err != nil {
			return machineCPU{}
		}
		if k >= 8 { // guest time is already counted in user time
			break
		}
		m.total += v
		if k != 3 && k != 4 && k != 7 { // idle, iowait, steal
			m.busy += v
		}
	}
	m.ok = true
	return m
}

// busyCores returns how many cores were busy on average since m0.
func (m machineCPU) busyCores(m0 machineCPU) (float64, bool) {
	if !m.ok || !m0.ok || m.total <= m0.total {
		return 0, false
	}
	return float64(m.busy-m0.busy) / float64(m.total-m0.total) * float64(runtime.NumCPU()), true
}

func gcCount() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC
}

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
