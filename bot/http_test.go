package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// Tests of the HTTP interactions endpoint, signed with a key generated for
// the test.

// testKey is a key pair the tests sign with, as Discord signs with its own.
type testKey struct {
	public  ed25519.PublicKey
	private ed25519.PrivateKey
}

func newTestKey(tb testing.TB) testKey {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return testKey{pub, priv}
}

// testTimestamp is the X-Signature-Timestamp of the tests' requests.
const testTimestamp = "1700000000"

// sign returns the hex signature of timestamp+body.
func (k testKey) sign(timestamp string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(k.private, append([]byte(timestamp), body...)))
}

// request returns a POST /interactions of body signed with k.
func (k testKey) request(body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set(headerTimestamp, testTimestamp)
	r.Header.Set(headerSignature, k.sign(testTimestamp, body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// endpointHarness is an Endpoint with what the tests look at.
type endpointHarness struct {
	*Endpoint
	key     testKey
	metrics *Metrics
	logs    *logBuffer
}

// newTestEndpoint returns an Endpoint over the bundled article, or over h
// when it is not nil.
func newTestEndpoint(tb testing.TB, h Handler, c EndpointConfig) *endpointHarness {
	tb.Helper()
	if h == nil {
		h = newTestBot(tb)
	}
	k := newTestKey(tb)
	logs := &logBuffer{}
	c.PublicKey = k.public
	if c.Metrics == nil {
		c.Metrics = NewMetrics()
	}
	c.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, err := NewEndpoint(h, c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("endpoint log:\n%s", logs.String())
		}
	})
	return &endpointHarness{Endpoint: e, key: k, metrics: c.Metrics, logs: logs}
}

// serve runs r through the endpoint and returns the recorded response.
func (e *endpointHarness) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

// encode returns an interaction's JSON as Discord sends it.
func encode(tb testing.TB, i *discordgo.Interaction) []byte {
	tb.Helper()
	if i.AppID == "" {
		i.AppID = discordtest.DefaultApplicationID
	}
	i.Version = 1
	raw, err := json.Marshal(i)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// httpResponse is an interaction response as read back from the reply.
type httpResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *struct {
		Content         string                            `json:"content"`
		Flags           discordgo.MessageFlags            `json:"flags"`
		Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
		Choices         []json.RawMessage                 `json:"choices"`
		AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	} `json:"data"`
}

func decodeResponse(tb testing.TB, body []byte) httpResponse {
	tb.Helper()
	var r httpResponse
	if err := json.Unmarshal(body, &r); err != nil {
		tb.Fatalf("response %q is not JSON: %v", body, err)
	}
	return r
}

// countingReader yields n bytes of JSON-looking filler and counts what was
// read.
type countingReader struct {
	n, read int
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	k := min(len(p), r.n-r.read)
	for j := range k {
		p[j] = ' '
	}
	r.read += k
	return k, nil
}

func TestParsePublicKey(t *testing.T) {
	k := newTestKey(t)
	good := hex.EncodeToString(k.public)
	tests := []struct {
		in      string
		wantErr string // "" for success
	}{
		{good, ""},
		{"  " + strings.ToUpper(good) + "\n", ""},
		{"", "empty"},
		{"   ", "empty"},
		{good[:62], "62 characters; want 64"},
		{good + "00", "66 characters"},
		{strings.Repeat("zz", 32), "not hexadecimal"},
	}
	for _, tt := range tests {
		got, err := ParsePublicKey(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ParsePublicKey(%q) = %v; want the key", tt.in, err)
		case tt.wantErr == "" && !bytes.Equal(got, k.public):
			t.Errorf("ParsePublicKey(%q) = %x; want %x", tt.in, got, k.public)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParsePublicKey(%q) = %v; want an error with %q", tt.in, err, tt.wantErr)
		case err != nil && len(tt.in) >= 16 && strings.Contains(err.Error(), strings.TrimSpace(tt.in)[:16]):
			t.Errorf("ParsePublicKey(%q): the error %q repeats the key", tt.in, err)
		}
	}
	if _, err := NewEndpoint(newTestBot(t), EndpointConfig{PublicKey: k.public[:31]}); err == nil {
		t.Errorf("NewEndpoint with a 31-byte key succeeded; want an error")
	}
}

// TestEndpoint sends every kind of request, good and bad, through the
// endpoint and checks the status and the response.
func TestEndpoint(t *testing.T) {
	t.Parallel()
	e := newTestEndpoint(t, nil, EndpointConfig{})
	b := newTestBot(t)
	ctx := context.Background()
	k := e.key
	other := newTestKey(t)

	ask := encode(t, askCommand(camerasQuestion, false))
	askMessage := asMessage(b.Respond(ctx, askCommand(camerasQuestion, false)))
	autocomplete := askCommand("chi", false)
	autocomplete.Type = discordgo.InteractionApplicationCommandAutocomplete

	signedWith := func(key testKey, ts string, body []byte) func() *http.Request {
		return func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
			r.Header.Set(headerTimestamp, ts)
			r.Header.Set(headerSignature, key.sign(ts, body))
			return r
		}
	}
	signed := func(body []byte) func() *http.Request { return signedWith(k, testTimestamp, body) }
	withHeaders := func(body []byte, sig, ts string) func() *http.Request {
		return func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
			if sig != "" {
				r.Header.Set(headerSignature, sig)
			}
			if ts != "" {
				r.Header.Set(headerTimestamp, ts)
			}
			return r
		}
	}
	get := func(method, path string) func() *http.Request {
		return func() *http.Request { return httptest.NewRequest(method, path, nil) }
	}
	signedElsewhere := func() *http.Request {
		r := signed(ask)()
		r.URL.Path = "/interactions/extra"
		return r
	}
	tampered := bytes.Replace(ask, []byte("cameras"), []byte("Cameras"), 1)
	goodSig := k.sign(testTimestamp, ask)

	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		check  func(t *testing.T, body []byte) // for 200 interaction answers
	}{
		{"ping", signed([]byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`)), 200, func(t *testing.T, body []byte) {
			if string(body) != `{"type":1}` {
				t.Errorf("PING answered %s; want {\"type\":1}", body)
			}
		}},
		{"/ask", signed(ask), 200, func(t *testing.T, body []byte) {
			r := decodeResponse(t, body)
			if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data == nil || len(r.Data.Embeds) == 0 ||
				len(r.Data.Embeds[0].Fields) == 0 || !strings.HasPrefix(r.Data.Embeds[0].Fields[0].Name, "📖 Passage 6") {
				t.Errorf("/ask answered %s; want an embed quoting passage 6 first", body)
			}
			if r.Data != nil && (r.Data.AllowedMentions == nil || r.Data.AllowedMentions.Parse == nil || len(r.Data.AllowedMentions.Parse) != 0) {
				t.Errorf("/ask: allowed_mentions is not an empty parse list: %s", body)
			}
			if bytes.Contains(body, []byte(`\u003c`)) || bytes.Contains(body, []byte(`\u0026`)) {
				t.Errorf("/ask: the response escapes HTML characters: %s", body)
			}
		}},
		{"/ask not covered", signed(encode(t, askCommand(pizzaQuestion, false))), 200, func(t *testing.T, body []byte) {
			if r := decodeResponse(t, body); r.Data == nil || len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Description, "doesn't seem to cover") {
				t.Errorf("/ask pizza answered %s; want the not-covered reply", body)
			}
		}},
		{"/takeaways", signed(encode(t, command(cmdTakeaways))), 200, func(t *testing.T, body []byte) {
			if r := decodeResponse(t, body); r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data == nil || len(r.Data.Embeds) == 0 ||
				!strings.Contains(r.Data.Embeds[0].Title, "takeaways") {
				t.Errorf("/takeaways answered %s; want the takeaways embed", body)
			}
		}},
		{"/passage", signed(encode(t, passageCommand(3))), 200, func(t *testing.T, body []byte) {
			if r := decodeResponse(t, body); r.Data == nil || len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Title, "Passage 3") {
				t.Errorf("/passage 3 answered %s; want passage 3", body)
			}
		}},
		{"button read:6", signed(encode(t, click("read:6", askMessage))), 200, func(t *testing.T, body []byte) {
			if r := decodeResponse(t, body); r.Data == nil || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
				len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Title, "Passage 6") {
				t.Errorf("read:6 answered %s; want passage 6, ephemeral", body)
			}
		}},
		{"autocomplete", signed(encode(t, autocomplete)), 200, func(t *testing.T, body []byte) {
			// The choices are the core's business (and discordgo omits an
			// empty list): the transport's is the type.
			if r := decodeResponse(t, body); r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Errorf("autocomplete answered %s; want type 8", body)
			}
		}},
		{"modal submit", signed([]byte(`{"id":"1","application_id":"2","type":5,"token":"t","data":{"custom_id":"x"}}`)), 200, func(t *testing.T, body []byte) {
			if r := decodeResponse(t, body); r.Data == nil || r.Data.Content != msgUnsupported {
				t.Errorf("modal submit answered %s; want the unsupported notice", body)
			}
		}},

		{"wrong key", signedWith(other, testTimestamp, ask), 401, nil},
		{"tampered body", withHeaders(tampered, goodSig, testTimestamp), 401, nil},
		{"tampered timestamp", withHeaders(ask, goodSig, "1700000001"), 401, nil},
		{"no signature", withHeaders(ask, "", testTimestamp), 401, nil},
		{"no timestamp", withHeaders(ask, goodSig, ""), 401, nil},
		{"no headers", withHeaders(ask, "", ""), 401, nil},
		{"signature not hex", withHeaders(ask, strings.Repeat("zz", 64), testTimestamp), 401, nil},
		{"signature too short", withHeaders(ask, goodSig[:126], testTimestamp), 401, nil},
		{"signature of another body", withHeaders(ask, k.sign(testTimestamp, []byte("{}")), testTimestamp), 401, nil},
		{"timestamp too long", signedWith(k, strings.Repeat("1", maxSignatureTimestamp+1), ask), 401, nil},
		{"empty body, unsigned", withHeaders(nil, goodSig, testTimestamp), 401, nil},
		{"empty body, signed", signed(nil), 400, nil},
		{"invalid JSON", signed([]byte(`{"type":2,`)), 400, nil},
		{"JSON array", signed([]byte(`[1,2]`)), 400, nil},
		{"null", signed([]byte(`null`)), 400, nil},
		{"command without data", signed([]byte(`{"id":"1","type":2,"token":"t"}`)), 400, nil},
		{"unknown type", signed([]byte(`{"id":"1","type":99,"token":"t"}`)), 400, nil},
		{"type zero", signed([]byte(`{"id":"1","token":"t"}`)), 400, nil},
		{"oversize body", signed(bytes.Repeat([]byte(" "), maxInteractionBody+1)), 413, nil},
		{"body at the limit", signed(append([]byte(`{"type":1}`), bytes.Repeat([]byte(" "), maxInteractionBody-10)...)), 200, nil},
		{"GET /interactions", get(http.MethodGet, "/interactions"), 405, nil},
		{"PUT /interactions", get(http.MethodPut, "/interactions"), 405, nil},
		{"POST /healthz", get(http.MethodPost, "/healthz"), 405, nil},
		{"unknown path", get(http.MethodGet, "/nope"), 404, nil},
		{"POST to an unknown path", signedElsewhere, 404, nil},
		{"GET /healthz", get(http.MethodGet, "/healthz"), 200, nil},
		{"HEAD /healthz", get(http.MethodHead, "/healthz"), 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := e.serve(tt.req())
			if w.Code != tt.status {
				t.Fatalf("status %d (%q); want %d", w.Code, w.Body.String(), tt.status)
			}
			if tt.status == 200 && tt.check != nil {
				if ct := w.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q; want application/json", ct)
				}
				if cl, err := strconv.Atoi(w.Header().Get("Content-Length")); err != nil || cl != w.Body.Len() {
					t.Errorf("Content-Length %q for a body of %d bytes", w.Header().Get("Content-Length"), w.Body.Len())
				}
				tt.check(t, w.Body.Bytes())
			}
			if tt.status == 405 && w.Header().Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
		})
	}
}

// TestEndpointOversizeNotRead checks that a body over the limit is refused
// without being read whole: at once when Content-Length says so, and after
// the limit when the length is not announced.
func TestEndpointOversizeNotRead(t *testing.T) {
	t.Parallel()
	e := newTestEndpoint(t, nil, EndpointConfig{})
	const size = 8 << 20
	for _, announced := range []bool{true, false} {
		body := &countingReader{n: size}
		r := httptest.NewRequest(http.MethodPost, "/interactions", body)
		r.ContentLength = -1
		if announced {
			r.ContentLength = size
		}
		r.Header.Set(headerTimestamp, testTimestamp)
		r.Header.Set(headerSignature, strings.Repeat("00", ed25519.SignatureSize))
		w := e.serve(r)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("announced %v: status %d; want 413", announced, w.Code)
		}
		limit := 0
		if !announced {
			limit = maxInteractionBody + 1 + 32<<10 // the limit and one read's worth
		}
		if body.read > limit {
			t.Errorf("announced %v: read %d bytes of a %d-byte body; want at most %d", announced, body.read, size, limit)
		}
	}
}

// TestEndpointMetrics checks that GET /metrics shows what the test's
// interactions produced, and that a question the article does not cover is
// logged.
func TestEndpointMetrics(t *testing.T) {
	t.Parallel()
	e := newTestEndpoint(t, nil, EndpointConfig{})
	k := e.key
	send := func(body []byte, n int) {
		t.Helper()
		for range n {
			if w := e.serve(k.request(body)); w.Code != http.StatusOK {
				t.Fatalf("status %d for %s", w.Code, body)
			}
		}
	}
	send(encode(t, askCommand(camerasQuestion, false)), 3)
	send(encode(t, askCommand(pizzaQuestion, false)), 2)
	send(encode(t, askCommand(" ", false)), 1)
	send(encode(t, command(cmdTakeaways)), 1)
	send(encode(t, passageCommand(99)), 1)
	send([]byte(`{"type":1}`), 1) // PING is not counted
	bad := k.request(encode(t, command(cmdHelp)))
	bad.Header.Set(headerTimestamp, "1")
	e.serve(bad)
	e.serve(k.request([]byte("{")))

	w := e.serve(httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	text := w.Body.String()
	for _, want := range []string{
		`articlebot_interactions_total{command="/ask",outcome="answered"} 3`,
		`articlebot_interactions_total{command="/ask",outcome="not_covered"} 2`,
		`articlebot_interactions_total{command="/ask",outcome="rejected"} 1`,
		`articlebot_interactions_total{command="/takeaways",outcome="answered"} 1`,
		`articlebot_interactions_total{command="/passage",outcome="rejected"} 1`,
		`articlebot_interaction_duration_seconds_count{command="/ask"} 6`,
		`articlebot_interaction_duration_seconds_bucket{command="/ask",le="+Inf"} 6`,
		`articlebot_http_rejected_total{code="401"} 1`,
		`articlebot_http_rejected_total{code="400"} 1`,
		`articlebot_interactions_deferred_total 0`,
		`articlebot_interactions_undelivered_total 0`,
		`articlebot_build_info{go_version="go`,
		"go_goroutines ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, `command="ping"`) {
		t.Errorf("PING was counted as an interaction")
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}

	logs := e.logs.String()
	if got := strings.Count(logs, `msg="question not covered"`); got != 2 {
		t.Errorf("%d not-covered log lines; want 2", got)
	}
	if !strings.Contains(logs, `msg="question not covered" command=/ask question="`+pizzaQuestion+`"`) {
		t.Errorf("the not-covered question is not logged:\n%s", logs)
	}
	if got := strings.Count(logs, `msg=interaction `); got != 8 {
		t.Errorf("%d interaction log lines; want 8", got)
	}
}

// TestEndpointHealth checks GET /healthz for a Bot, and for a handler
// whose index is not loaded.
func TestEndpointHealth(t *testing.T) {
	t.Parallel()
	e := newTestEndpoint(t, nil, EndpointConfig{})
	if w := e.serve(httptest.NewRequest(http.MethodGet, "/healthz", nil)); w.Code != http.StatusOK || w.Body.String() != "ok\n" {
		t.Errorf("GET /healthz = %d %q; want 200 ok", w.Code, w.Body.String())
	}
	unloaded := newTestEndpoint(t, &Bot{}, EndpointConfig{})
	if w := unloaded.serve(httptest.NewRequest(http.MethodGet, "/healthz", nil)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz without an index = %d %q; want 503", w.Code, w.Body.String())
	}
	ops := OpsHandler(NewMetrics(), newTestBot(t))
	for path, want := range map[string]int{"/healthz": 200, "/metrics": 200, "/interactions": 404} {
		w := httptest.NewRecorder()
		ops.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != want {
			t.Errorf("OpsHandler GET %s = %d; want %d", path, w.Code, want)
		}
	}
}

// webhookRecorder is a stand-in for Discord's REST API that records the
// webhook requests that deliver late answers.
type webhookRecorder struct {
	srv   *httptest.Server
	calls chan webhookCall
}

type webhookCall struct {
	method, path string
	body         []byte
}

func newWebhookRecorder(tb testing.TB) *webhookRecorder {
	tb.Helper()
	wr := &webhookRecorder{calls: make(chan webhookCall, 16)}
	wr.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		wr.calls <- webhookCall{r.Method, r.URL.Path, body}
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1700000000000000009","channel_id":"1200000000000000001"}`)
	}))
	tb.Cleanup(wr.srv.Close)
	return wr
}

func (wr *webhookRecorder) next(tb testing.TB) webhookCall {
	tb.Helper()
	select {
	case c := <-wr.calls:
		return c
	case <-waitCtx(tb).Done():
		tb.Fatal("no webhook request")
		return webhookCall{}
	}
}

// startHTTP runs RunHTTP with h on a loopback port and returns its URL and
// a stop function that returns RunHTTP's error.
func startHTTP(tb testing.TB, h http.Handler) (string, func() error) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	stop := runUntilCanceled("RunHTTP", func(ctx context.Context) error { return RunHTTP(ctx, ln, h, testLogger(tb)) })
	tb.Cleanup(func() {
		if err := stop(); err != nil {
			tb.Error(err)
		}
	})
	return "http://" + ln.Addr().String(), stop
}

// post sends a signed interaction to url and returns the status and body.
func post(tb testing.TB, client *http.Client, url string, k testKey, body []byte) (int, []byte) {
	tb.Helper()
	status, out, _ := postResponse(tb, client, url, k, body)
	return status, out
}

// postResponse is post that also returns whether the server closes the
// connection.
func postResponse(tb testing.TB, client *http.Client, url string, k testKey, body []byte) (int, []byte, bool) {
	tb.Helper()
	req, err := http.NewRequestWithContext(waitCtx(tb), http.MethodPost, url+"/interactions", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set(headerTimestamp, testTimestamp)
	req.Header.Set(headerSignature, k.sign(testTimestamp, body))
	res, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res.StatusCode, out, res.Close
}

// TestEndpointDefers checks the slow path over a real connection: when the
// core takes longer than DeferAfter the reply is the deferral, and the
// answer is delivered by a webhook request authorized by the interaction's
// token alone.
func TestEndpointDefers(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	failing := func(context.Context, *discordgo.Interaction) Reply {
		return Reply{Response: notice(msgFailed), Command: "/ask", Outcome: OutcomeFailed}
	}
	autocomplete := askCommand("chi", false)
	autocomplete.Type = discordgo.InteractionApplicationCommandAutocomplete
	tests := []struct {
		name     string
		i        *discordgo.Interaction
		reply    func(context.Context, *discordgo.Interaction) Reply
		deferral discordgo.InteractionResponseType // 0: the answer itself, late
		webhooks []string                          // "METHOD path-suffix"
	}{
		{"public answer", askCommand(camerasQuestion, false), nil,
			discordgo.InteractionResponseDeferredChannelMessageWithSource, []string{"PATCH /messages/@original"}},
		{"button update", click("page:2", asMessage(b.Respond(context.Background(), passageCommand(1)))), nil,
			discordgo.InteractionResponseDeferredMessageUpdate, []string{"PATCH /messages/@original"}},
		{"failure after a public deferral", askCommand(camerasQuestion, false), failing,
			discordgo.InteractionResponseDeferredChannelMessageWithSource, []string{"POST /token", "DELETE /messages/@original"}},
		{"autocomplete cannot be deferred", autocomplete, nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hooks := newWebhookRecorder(t)
			h := newBlockingHandler(b)
			h.reply = tt.reply
			e := newTestEndpoint(t, h, EndpointConfig{DeferAfter: time.Millisecond, APIURL: hooks.srv.URL})
			url, stop := startHTTP(t, e)
			tt.i.Token = "token"
			body := encode(t, tt.i)

			type result struct {
				status int
				body   []byte
				closes bool
			}
			got := make(chan result, 1)
			go func() {
				status, body, closes := postResponse(t, http.DefaultClient, url, e.key, body)
				got <- result{status, body, closes}
			}()
			h.waitEntered(t)
			if tt.deferral != 0 {
				// Handle is blocked, so the reply can only be the deferral.
				var r result
				select {
				case r = <-got:
				case <-waitCtx(t).Done():
					t.Fatal("no deferral while the core is busy")
				}
				if d := decodeResponse(t, r.body); r.status != 200 || d.Type != tt.deferral {
					t.Errorf("deferral = %d %s; want type %d", r.status, r.body, tt.deferral)
				}
				if !r.closes {
					t.Errorf("the deferral keeps the connection open while the handler goes on")
				}
			}
			close(h.release)
			if tt.deferral == 0 {
				r := <-got
				if d := decodeResponse(t, r.body); r.status != 200 || d.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
					t.Errorf("late autocomplete = %d %s; want type 8", r.status, r.body)
				}
			}
			for _, want := range tt.webhooks {
				c := hooks.next(t)
				method, suffix, _ := strings.Cut(want, " ")
				prefix := "/api/v" + discordgo.APIVersion + "/webhooks/" + discordtest.DefaultApplicationID + "/token"
				if c.method != method || !strings.HasPrefix(c.path, prefix) || !strings.HasSuffix(c.path, suffix) {
					t.Errorf("webhook %s %s; want %s %s…%s", c.method, c.path, method, prefix, suffix)
				}
				if method != http.MethodDelete && !bytes.Contains(c.body, []byte(`"allowed_mentions":{"parse":[]`)) {
					t.Errorf("webhook %s without allowed_mentions: %s", c.method, c.body)
				}
			}
			if err := stop(); err != nil { // waits for the late delivery to finish
				t.Fatal(err)
			}
			text := scrape(t, e)
			wantDeferred := "articlebot_interactions_deferred_total 0"
			if tt.deferral != 0 {
				wantDeferred = "articlebot_interactions_deferred_total 1"
			}
			for _, want := range []string{wantDeferred, "articlebot_interactions_undelivered_total 0"} {
				if !strings.Contains(text, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})
	}
}

// TestEndpointLateWithoutToken checks that a late answer that cannot be
// delivered (the interaction has no token) is logged and counted.
func TestEndpointLateWithoutToken(t *testing.T) {
	t.Parallel()
	hooks := newWebhookRecorder(t)
	h := newBlockingHandler(newTestBot(t))
	e := newTestEndpoint(t, h, EndpointConfig{DeferAfter: time.Millisecond, APIURL: hooks.srv.URL})
	url, stop := startHTTP(t, e)
	i := askCommand(camerasQuestion, false)
	i.Token = ""
	status, body := post(t, http.DefaultClient, url, e.key, encode(t, i)) // returns with the deferral, Handle still blocked
	if d := decodeResponse(t, body); status != 200 || d.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("reply %d %s; want the deferral", status, body)
	}
	close(h.release)
	if err := stop(); err != nil { // waits for the handler to finish
		t.Fatal(err)
	}
	if !strings.Contains(scrape(t, e), "articlebot_interactions_undelivered_total 1") {
		t.Errorf("the undelivered answer is not counted")
	}
	if logs := e.logs.String(); !strings.Contains(logs, "level=WARN msg=interaction") || !strings.Contains(logs, "no application ID or token") {
		t.Errorf("the undelivered answer is not logged:\n%s", logs)
	}
	select {
	case c := <-hooks.calls:
		t.Errorf("webhook %s %s without a token", c.method, c.path)
	default:
	}
}

// scrape returns the endpoint's metrics text.
func scrape(tb testing.TB, h http.Handler) string {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK {
		tb.Fatalf("GET /metrics: %d", w.Code)
	}
	return w.Body.String()
}

// TestRunHTTP checks the server over a real connection: it answers, and
// when its context ends it finishes the request in flight, refuses new
// connections and returns nil.
func TestRunHTTP(t *testing.T) {
	t.Parallel()
	h := newBlockingHandler(newTestBot(t))
	e := newTestEndpoint(t, h, EndpointConfig{DeferAfter: time.Hour})
	url, stop := startHTTP(t, e)

	if status, body := post(t, http.DefaultClient, url, e.key, []byte(`{"type":1}`)); status != 200 || string(body) != `{"type":1}` {
		t.Fatalf("PING over HTTP = %d %s", status, body)
	}
	res, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /healthz = %d; want 200", res.StatusCode)
	}

	got := make(chan int, 1)
	go func() {
		status, _ := post(t, http.DefaultClient, url, e.key, encode(t, askCommand(camerasQuestion, false)))
		got <- status
	}()
	h.waitEntered(t)
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	close(h.release)
	select {
	case status := <-got:
		if status != 200 {
			t.Errorf("the request in flight at shutdown got %d; want 200", status)
		}
	case <-waitCtx(t).Done():
		t.Fatal("the request in flight at shutdown was not answered")
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Errorf("the server still accepts connections after it stopped")
	}
}

// TestRunHTTPListenerFails checks that RunHTTP reports a listener that
// fails.
func TestRunHTTPListenerFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := RunHTTP(context.Background(), ln, http.NotFoundHandler(), nil); err == nil {
		t.Errorf("RunHTTP on a closed listener = nil; want an error")
	}
}

// FuzzHTTPInteractions signs arbitrary bodies and checks that the endpoint
// never panics and always answers 200 with a JSON interaction response, or
// 400 or 413.
func FuzzHTTPInteractions(f *testing.F) {
	ix, err := testIndex()
	if err != nil {
		f.Fatal(err)
	}
	b := New(ix, nil)
	ctx := context.Background()
	seeds := []*discordgo.Interaction{
		askCommand(camerasQuestion, false),
		askCommand(pizzaQuestion, true),
		command(cmdTakeaways),
		command(cmdHelp),
		passageCommand(2),
		passageCommand(-7),
		click("more:3", asMessage(b.Respond(ctx, askCommand("AI", false)))),
		click("read:6", nil),
		click("page:999999", nil),
	}
	for _, i := range seeds {
		f.Add(encode(f, i))
	}
	for _, s := range []string{``, `{}`, `{"type":1}`, `{"type":2}`, `{"type":2,"data":null}`, `{"type":3,"data":{}}`,
		`{"type":4,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"chi","focused":true}]}}`,
		`{"type":5,"data":{"custom_id":"x","components":[]}}`, `{"type":2,"data":{"name":"passage","options":[{"name":"number","type":4,"value":1e308}]}}`,
		`{"type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":{"x":1}}]}}`, `[]`, `"x"`, `{"type":-1}`} {
		f.Add([]byte(s))
	}
	k := newTestKey(f)
	e, err := NewEndpoint(b, EndpointConfig{PublicKey: k.public, DeferAfter: time.Hour})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, k.request(body))
		switch w.Code {
		case http.StatusOK:
			var r struct {
				Type *int `json:"type"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Type == nil {
				t.Fatalf("200 with %q: not an interaction response (%v)", w.Body.Bytes(), err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
	})
}
