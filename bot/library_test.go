package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/library/bolt"
)

// Tests of the library on Discord through the core: a real Library over
// the embedded store in a temporary directory, and a hand-written Fetcher
// (the CDN fetcher has tests of its own, and the end-to-end tests use it).

// Guilds of the tests.
const (
	guildA = discordtest.GuildID
	guildB = "1500000000000000002"
)

// Questions about the project's other articles.
const (
	shippingQuestion = "How much did loading loose cargo cost per ton?"
	volcanoQuestion  = "How do seismometers detect magma?"
)

// fakeFetcher serves attachments from memory and records what it was
// asked for.
type fakeFetcher struct {
	mu    sync.Mutex
	files map[string][]byte
	errs  map[string]error
	calls []string
}

func newFakeFetcher() *fakeFetcher {
	return &fakeFetcher{files: map[string][]byte{}, errs: map[string]error{}}
}

// put makes data downloadable as an attachment named name.
func (f *fakeFetcher) put(name string, data []byte) *discordgo.MessageAttachment {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := fmt.Sprint(1900000000000000000 + len(f.files) + len(f.errs))
	u := "https://cdn.discordapp.com/attachments/" + discordtest.ChannelID + "/" + id + "/" + name
	f.files[u] = data
	return &discordgo.MessageAttachment{ID: id, URL: u, Filename: name, Size: len(data), ContentType: "text/plain; charset=utf-8"}
}

// failing makes the attachment named name fail with err.
func (f *fakeFetcher) failing(name string, size int, err error) *discordgo.MessageAttachment {
	a := f.put(name, nil)
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, a.URL)
	f.errs[a.URL] = err
	a.Size = size
	return a
}

func (f *fakeFetcher) Fetch(ctx context.Context, a *discordgo.MessageAttachment, limit int) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, a.URL)
	if err := f.errs[a.URL]; err != nil {
		return nil, err
	}
	data, ok := f.files[a.URL]
	if !ok {
		return nil, errors.New("404 Not Found")
	}
	if len(data) > limit {
		return nil, ErrAttachmentTooLarge
	}
	return data, nil
}

func (f *fakeFetcher) fetched() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// libTest is a Bot over a library in a temporary directory.
type libTest struct {
	b     *Bot
	lib   *library.Library
	fetch *fakeFetcher
	logs  *logBuffer
}

func newLibTest(tb testing.TB, opts library.Options) *libTest {
	tb.Helper()
	store, err := bolt.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return newLibTestOn(tb, store, opts)
}

func newLibTestOn(tb testing.TB, store library.Store, opts library.Options) *libTest {
	tb.Helper()
	ix, err := testIndex()
	if err != nil {
		tb.Fatal(err)
	}
	logs := &logBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Default, opts.Logger = ix, logger
	lib, err := library.New(store, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("bot log:\n%s", logs.String())
		}
	})
	f := newFakeFetcher()
	return &libTest{b: NewWithLibrary(lib, f, logger), lib: lib, fetch: f, logs: logs}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// in returns i as used in guild ("" for a DM).
func in(guild string, i *discordgo.Interaction) *discordgo.Interaction {
	if guild == "" {
		return discordtest.InDM(i)
	}
	return discordtest.InGuild(i, guild)
}

func addCommand(guild string, a *discordgo.MessageAttachment, name string) *discordgo.Interaction {
	return in(guild, withID(discordtest.LibraryAdd(a, name)))
}

func libraryCommand(guild, sub, name string) *discordgo.Interaction {
	return in(guild, withID(discordtest.LibraryCommand(sub, discordtest.StringOption(optName, name))))
}

func askArticle(guild, question, article string) *discordgo.Interaction {
	i := askCommand(question, false)
	if article != "" {
		data := i.Data.(discordgo.ApplicationCommandInteractionData)
		data.Options = append(data.Options, discordtest.StringOption(optArticle, article))
		i.Data = data
	}
	return in(guild, i)
}

// add adds an article to guild through /library add and returns the
// reply.
func (lt *libTest) add(tb testing.TB, guild, file string, data []byte, name string) Reply {
	tb.Helper()
	r := lt.b.Handle(context.Background(), addCommand(guild, lt.fetch.put(file, data), name))
	checkReply(tb, "/library add "+file, r)
	return r
}

// footerOf returns the footer of a reply's first embed.
func footerOf(r *discordgo.InteractionResponse) string {
	if r.Data == nil || len(r.Data.Embeds) == 0 || r.Data.Embeds[0].Footer == nil {
		return ""
	}
	return r.Data.Embeds[0].Footer.Text
}

func TestLibraryAddThenAsk(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	ctx := context.Background()
	r := lt.add(t, guildA, "shipping.txt", readFile(t, "../testdata/eval/second-article.txt"), "containers")
	d := r.Response.Data
	if r.Outcome != OutcomeAnswered || ephemeral(r.Response) || len(d.Embeds) != 1 || !strings.HasPrefix(d.Embeds[0].Title, "📚 Added: ") {
		t.Fatalf("/library add = %v %+v; want a public announcement", r.Outcome, d)
	}
	e := d.Embeds[0]
	for _, want := range []string{"**containers** is now this server's current article", "passages", "key takeaways"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("announcement %q lacks %q", e.Description, want)
		}
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Name)
	}
	if strings.Join(fields, ",") != "💡 Key takeaways,📖 Passages" {
		t.Errorf("announcement fields %q; want the takeaways and the passages", fields)
	}
	if !strings.HasSuffix(footerOf(r.Response), "· containers") {
		t.Errorf("announcement footer %q does not name the article", footerOf(r.Response))
	}

	// Guild A's /ask answers from its current article, naming it, and its
	// buttons carry the article's ID.
	ans := lt.b.Handle(ctx, askArticle(guildA, shippingQuestion, ""))
	checkReply(t, "/ask in guild A", ans)
	if ans.Outcome != OutcomeAnswered || !strings.Contains(footerOf(ans.Response), "· containers") {
		t.Fatalf("/ask in guild A = %v, footer %q; want an answer from containers", ans.Outcome, footerOf(ans.Response))
	}
	entry, err := lt.lib.Book(ctx, guildA, library.Ref{Name: "containers"})
	if err != nil {
		t.Fatal(err)
	}
	id := entry.ID
	entry.Release()
	for _, c := range buttonIDs(asMessage(ans.Response)) {
		if !strings.HasSuffix(c, ":"+id) {
			t.Errorf("button %q does not carry the article's ID %s", c, id)
		}
	}
	// Guild B has no library: the default article answers, and the
	// shipping question is not covered by it.
	def := lt.b.Handle(ctx, askArticle(guildB, camerasQuestion, ""))
	checkReply(t, "/ask in guild B", def)
	if !strings.HasPrefix(def.Response.Data.Embeds[0].Fields[0].Name, "📖 Passage 6") || strings.Contains(footerOf(def.Response), "containers") {
		t.Errorf("/ask in guild B: %+v; want the default article's passage 6", def.Response.Data.Embeds[0])
	}
	if r := lt.b.Handle(ctx, askArticle(guildB, shippingQuestion, "")); r.Outcome != OutcomeNotCovered {
		t.Errorf("guild B asking about guild A's article: %v; want not covered", r.Outcome)
	}
	// A DM has no library to name an article from.
	if r := lt.b.Handle(ctx, askArticle("", camerasQuestion, "containers")); r.Outcome != OutcomeRejected || !strings.Contains(r.Response.Data.Content, "in DMs I answer from") {
		t.Errorf("/ask article: in a DM = %v %q; want a notice", r.Outcome, r.Response.Data.Content)
	}
	// A DM answers from the default article too.
	if r := lt.b.Handle(ctx, askArticle("", camerasQuestion, "")); r.Outcome != OutcomeAnswered || strings.Contains(footerOf(r.Response), "containers") {
		t.Errorf("/ask in a DM: %v, footer %q; want the default article", r.Outcome, footerOf(r.Response))
	}
	// Read passage, from guild A's answer, in guild A.
	read := lt.b.Handle(ctx, in(guildA, click(buttonIDs(asMessage(ans.Response))[0], asMessage(ans.Response))))
	checkReply(t, "Read passage", read)
	if !strings.HasPrefix(read.Response.Data.Embeds[0].Title, "📖 Passage 3 of") || !strings.Contains(read.Response.Data.Embeds[0].Description, "5.86") {
		t.Errorf("Read passage = %+v; want passage 3 of the shipping article", read.Response.Data.Embeds[0])
	}
}

func TestLibraryIsolation(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	ctx := context.Background()
	lt.add(t, guildA, "shipping.txt", readFile(t, "../testdata/eval/second-article.txt"), "containers")
	ans := lt.b.Handle(ctx, askArticle(guildA, shippingQuestion, ""))
	msg := asMessage(ans.Response)
	ids := buttonIDs(msg)
	if len(ids) == 0 {
		t.Fatalf("no buttons under %+v", ans.Response.Data)
	}
	quiz := lt.b.Handle(ctx, in(guildA, quizCommand("1300000000000000042", 0)))
	checkReply(t, "/quiz in guild A", quiz)
	qmsg := asMessage(quiz.Response)
	qids := buttonIDs(qmsg)

	// Guild A's buttons, clicked in guild B (or forged there), are refused
	// like a removed article's, and so they are in a DM.
	for _, where := range []string{guildB, ""} {
		for _, c := range append(ids, qids...) {
			m := msg
			if strings.HasPrefix(c, "quiz:") {
				m = qmsg
			}
			r := lt.b.Handle(ctx, in(where, click(c, m)))
			checkReply(t, c, r)
			if r.Outcome != OutcomeRejected || !ephemeral(r.Response) || r.Response.Data.Content != msgArticleGone {
				t.Errorf("%s clicked in %q = %v %q; want the article-gone notice", c, where, r.Outcome, r.Response.Data.Content)
			}
		}
	}
	if !strings.Contains(lt.logs.String(), "article not in this server's library") {
		t.Errorf("no log line for the refused clicks")
	}
	// Guild B cannot name guild A's article either.
	r := lt.b.Handle(ctx, askArticle(guildB, shippingQuestion, "containers"))
	if r.Outcome != OutcomeRejected || !strings.Contains(r.Response.Data.Content, "no article named **containers**") {
		t.Errorf("guild B /ask article: containers = %v %q; want no such article", r.Outcome, r.Response.Data.Content)
	}
	for _, sub := range []string{subUse, subRemove} {
		r := lt.b.Handle(ctx, libraryCommand(guildB, sub, "containers"))
		if r.Outcome != OutcomeRejected || !strings.Contains(r.Response.Data.Content, "no article named") {
			t.Errorf("guild B /library %s containers = %v %q; want no such article", sub, r.Outcome, r.Response.Data.Content)
		}
	}
	// Nor list or autocomplete it.
	list := lt.b.Handle(ctx, in(guildB, command(cmdArticles)))
	checkReply(t, "/articles in guild B", list)
	if d := list.Response.Data.Embeds[0].Description; strings.Contains(d, "containers") || !strings.Contains(d, "empty") {
		t.Errorf("/articles in guild B = %q; want an empty library", d)
	}
	for _, typed := range []string{"", "c", "cont"} {
		ac := lt.b.Handle(ctx, in(guildB, withID(discordtest.Autocomplete(cmdAsk, discordtest.StringOption(optQuestion, "x"), discordtest.FocusedOption(optArticle, typed)))))
		if n := len(ac.Response.Data.Choices); n != 0 {
			t.Errorf("guild B article autocomplete %q offers %d choices; want none", typed, n)
		}
		ac = lt.b.Handle(ctx, in(guildA, withID(discordtest.Autocomplete(cmdAsk, discordtest.StringOption(optQuestion, "x"), discordtest.FocusedOption(optArticle, typed)))))
		if c := ac.Response.Data.Choices; len(c) != 1 || c[0].Value != "containers" {
			t.Errorf("guild A article autocomplete %q = %+v; want containers", typed, c)
		}
	}
	// Guild A still has it all.
	if r := lt.b.Handle(ctx, askArticle(guildA, shippingQuestion, "containers")); r.Outcome != OutcomeAnswered {
		t.Errorf("guild A /ask article: containers = %v", r.Outcome)
	}
}

func TestLibraryRefusals(t *testing.T) {
	lt := newLibTest(t, library.Options{MaxBytes: 64 << 10, Quota: 2})
	ctx := context.Background()
	shipping := readFile(t, "../testdata/eval/second-article.txt")
	lt.add(t, guildA, "shipping.txt", shipping, "containers")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)
	tests := []struct {
		name    string
		i       *discordgo.Interaction
		want    string // in the notice
		reason  string // in the log line
		fetched bool   // the fetcher was asked
	}{
		{"in a DM", addCommand("", lt.fetch.put("a.txt", []byte("Text.\n")), ""), "Libraries belong to servers", "", false},
		{"no attachment", in(guildA, withID(discordtest.LibraryCommand(subAdd))), "Attach the article's file", "no attachment", false},
		{"declared too large", addCommand(guildA, lt.fetch.put("big.txt", make([]byte, 64<<10+1)), ""), "the library takes files up to 64 KB", "attachment too large (declared)", false},
		{"too large as read", addCommand(guildA, lt.fetch.failing("lying.txt", 10, fmt.Errorf("%w: more than 65536 bytes", ErrAttachmentTooLarge)), ""), "is over 64 KB", "attachment too large", true},
		{"not on the CDN", addCommand(guildA, lt.fetch.failing("evil.txt", 10, fmt.Errorf("%w: https://evil.example", ErrAttachmentOrigin)), ""), "attached to the command itself", "attachment not on Discord's CDN", true},
		{"download failed", addCommand(guildA, lt.fetch.failing("gone.txt", 10, errors.New("503 Service Unavailable")), ""), "couldn't download", "download failed", true},
		{"binary", addCommand(guildA, lt.fetch.put("photo.txt", png), ""), "couldn't read an article in **photo.txt**", "no readable text", true},
		{"empty", addCommand(guildA, lt.fetch.put("empty.txt", []byte(" \n\n")), ""), "the file is empty", "no readable text", true},
		{"name taken", addCommand(guildA, lt.fetch.put("volcano.md", readFile(t, "../testdata/eval/third-article.md")), "Containers"), "already has an article named **containers**", "name taken", true},
		{"same text", addCommand(guildA, lt.fetch.put("copy.txt", shipping), "copy"), "already in this server's library as **containers**", "same text", true},
		{"bad name", addCommand(guildA, lt.fetch.put("volcano.md", readFile(t, "../testdata/eval/third-article.md")), "!!!"), "needs at least one letter or digit", "bad name", true},
	}
	for _, tt := range tests {
		before := len(lt.fetch.fetched())
		r := lt.b.Handle(ctx, tt.i)
		checkReply(t, tt.name, r)
		if r.Outcome != OutcomeRejected || !ephemeral(r.Response) || !strings.Contains(r.Response.Data.Content, tt.want) {
			t.Errorf("%s: %v %q (ephemeral %v); want a private notice with %q", tt.name, r.Outcome, r.Response.Data.Content, ephemeral(r.Response), tt.want)
		}
		if tt.reason != "" && !strings.Contains(lt.logs.String(), `reason="`+tt.reason) {
			t.Errorf("%s: no log line with reason %q", tt.name, tt.reason)
		}
		if fetched := len(lt.fetch.fetched()) > before; fetched != tt.fetched {
			t.Errorf("%s: fetched %v; want %v", tt.name, fetched, tt.fetched)
		}
	}
	// Nothing refused was stored.
	shelf, err := lt.lib.List(ctx, guildA)
	if err != nil || len(shelf.Entries) != 1 {
		t.Fatalf("guild A's library = %+v, %v; want containers alone", shelf, err)
	}
	// The quota: the second article fits, the third is refused before
	// it is downloaded.
	lt.add(t, guildA, "volcano.md", readFile(t, "../testdata/eval/third-article.md"), "")
	third := lt.fetch.put("third.txt", []byte("A third article.\n"))
	r := lt.b.Handle(ctx, addCommand(guildA, third, ""))
	if r.Outcome != OutcomeRejected || !strings.Contains(r.Response.Data.Content, "library is full (2 articles)") {
		t.Errorf("add over quota = %v %q; want the library full", r.Outcome, r.Response.Data.Content)
	}
	for _, u := range lt.fetch.fetched() {
		if u == third.URL {
			t.Errorf("the article over quota was downloaded")
		}
	}
	// Another guild has its own quota.
	lt.add(t, guildB, "third.txt", []byte("A third article.\n"), "")
}

func TestLibraryUseAndRemove(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	ctx := context.Background()
	lt.add(t, guildA, "shipping.txt", readFile(t, "../testdata/eval/second-article.txt"), "")
	lt.add(t, guildA, "volcano.md", readFile(t, "../testdata/eval/third-article.md"), "volcanoes")
	shelf, _ := lt.lib.List(ctx, guildA)
	names := []string{}
	for _, e := range shelf.Entries {
		names = append(names, e.Name)
	}
	if strings.Join(names, " ") != "shipping volcanoes" {
		t.Fatalf("names %q; want the one derived from the title and the one given", names)
	}
	// The last added is current.
	if r := lt.b.Handle(ctx, askArticle(guildA, volcanoQuestion, "")); r.Outcome != OutcomeAnswered || !strings.Contains(footerOf(r.Response), "volcanoes") {
		t.Errorf("/ask after two adds = %v, footer %q; want volcanoes", r.Outcome, footerOf(r.Response))
	}
	old := lt.b.Handle(ctx, askArticle(guildA, volcanoQuestion, ""))
	use := lt.b.Handle(ctx, libraryCommand(guildA, subUse, "shipping"))
	checkReply(t, "/library use", use)
	if ephemeral(use.Response) || !strings.HasPrefix(use.Response.Data.Embeds[0].Title, "📖 Now reading: ") {
		t.Errorf("/library use = %+v; want a public notice", use.Response.Data)
	}
	if r := lt.b.Handle(ctx, askArticle(guildA, shippingQuestion, "")); r.Outcome != OutcomeAnswered || !strings.Contains(footerOf(r.Response), "shipping") {
		t.Errorf("/ask after /library use = %v, footer %q; want shipping", r.Outcome, footerOf(r.Response))
	}
	// An article that is not current answers by name, and its old
	// buttons still work.
	if r := lt.b.Handle(ctx, askArticle(guildA, volcanoQuestion, "volcanoes")); r.Outcome != OutcomeAnswered {
		t.Errorf("/ask article: volcanoes = %v", r.Outcome)
	}
	button := buttonIDs(asMessage(old.Response))[0]
	if r := lt.b.Handle(ctx, in(guildA, click(button, asMessage(old.Response)))); r.Outcome != OutcomeAnswered {
		t.Errorf("an old button of a library article = %v %+v", r.Outcome, r.Response.Data)
	}
	list := lt.b.Handle(ctx, in(guildA, command(cmdArticles)))
	checkReply(t, "/articles", list)
	d := list.Response.Data.Embeds[0].Description
	if !ephemeral(list.Response) || !strings.Contains(d, "**shipping** · ✅ current") || !strings.Contains(d, "**volcanoes**\n") || !strings.Contains(d, "added by A Member <t:") {
		t.Errorf("/articles = %q", d)
	}

	rm := lt.b.Handle(ctx, libraryCommand(guildA, subRemove, "volcanoes"))
	checkReply(t, "/library remove", rm)
	if !strings.Contains(rm.Response.Data.Embeds[0].Description, "The current article is **shipping**") {
		t.Errorf("/library remove volcanoes = %q", rm.Response.Data.Embeds[0].Description)
	}
	if r := lt.b.Handle(ctx, in(guildA, click(button, asMessage(old.Response)))); r.Outcome != OutcomeRejected || r.Response.Data.Content != msgArticleGone {
		t.Errorf("a removed article's button = %v %q; want the article-gone notice", r.Outcome, r.Response.Data.Content)
	}
	rm = lt.b.Handle(ctx, libraryCommand(guildA, subRemove, "shipping"))
	if !strings.Contains(rm.Response.Data.Embeds[0].Description, "The library is empty") {
		t.Errorf("removing the last article = %q", rm.Response.Data.Embeds[0].Description)
	}
	if r := lt.b.Handle(ctx, askArticle(guildA, camerasQuestion, "")); r.Outcome != OutcomeAnswered || strings.Contains(footerOf(r.Response), "·") {
		t.Errorf("/ask in an emptied library = %v, footer %q; want the default article", r.Outcome, footerOf(r.Response))
	}
}

func TestLibraryAutocomplete(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	ctx := context.Background()
	lt.add(t, guildA, "shipping.txt", readFile(t, "../testdata/eval/second-article.txt"), "containers")
	lt.add(t, guildA, "volcano.md", readFile(t, "../testdata/eval/third-article.md"), "volcanoes")
	choices := func(i *discordgo.Interaction) []string {
		t.Helper()
		r := lt.b.Handle(ctx, i)
		checkReply(t, "autocomplete", r)
		var out []string
		for _, c := range r.Response.Data.Choices {
			out = append(out, c.Value.(string))
		}
		return out
	}
	use := func(typed string) *discordgo.Interaction {
		return in(guildA, withID(discordtest.Autocomplete(cmdLibrary, &discordgo.ApplicationCommandInteractionDataOption{
			Name: subUse, Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandInteractionDataOption{discordtest.FocusedOption(optName, typed)},
		})))
	}
	for typed, want := range map[string]string{"": "volcanoes containers", "vol": "volcanoes", "CONT": "containers", "ship": "containers", "zzz": ""} {
		if got := strings.Join(choices(use(typed)), " "); got != want {
			t.Errorf("/library use name: %q offers %q; want %q", typed, got, want)
		}
	}
	// /ask's question suggests from the article chosen in article:, or the
	// current one.
	ask := func(typed, article string) *discordgo.Interaction {
		opts := []*discordgo.ApplicationCommandInteractionDataOption{discordtest.FocusedOption(optQuestion, typed)}
		if article != "" {
			opts = append(opts, discordtest.StringOption(optArticle, article))
		}
		return in(guildA, withID(discordtest.Autocomplete(cmdAsk, opts...)))
	}
	vol := strings.ToLower(strings.Join(choices(ask("seism", "")), "|"))
	ship := strings.ToLower(strings.Join(choices(ask("contain", "containers")), "|"))
	if !strings.Contains(vol, "seismometer") || !strings.Contains(ship, "container") {
		t.Errorf("suggestions: current %q, containers %q; want each article's terms", vol, ship)
	}
	if got := choices(ask("contain", "nosuch")); len(got) != 1 || got[0] != "contain" {
		t.Errorf("suggestions for an unknown article = %q; want what was typed alone", got)
	}
}

// TestLibraryReplies: every library reply keeps to Discord's limits, with
// an article that takes them all to the edge.
func TestLibraryReplies(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("# " + strings.Repeat("The **Title** @everyone <@1> _of_ ", 40) + "\n\n")
	for p := 1; p <= 40; p++ {
		fmt.Fprintf(&b, "Passage %d says China has surveillance cameras @everyone <@%d> and ~~more~~ %s.\n\n", p, p, strings.Repeat("words ", 300))
	}
	b.WriteString("Key Takeaways\n")
	for k := 1; k <= 40; k++ {
		fmt.Fprintf(&b, "- Takeaway %d: %s\n", k, strings.Repeat("China's cameras **matter** @here. ", 14))
	}
	r := lt.add(t, guildA, strings.Repeat("n", 200)+".txt", []byte(b.String()), strings.Repeat("long-name-", 10))
	if r.Outcome != OutcomeAnswered {
		t.Fatalf("add of the big article = %v %+v", r.Outcome, r.Response.Data)
	}
	for k := 0; k < 30; k++ {
		lt.add(t, guildA, fmt.Sprintf("a%d.txt", k), []byte(fmt.Sprintf("# %s %d\n\nArticle %d @everyone.\n", strings.Repeat("Long title ", 30), k, k)), "")
	}
	for _, i := range []*discordgo.Interaction{
		in(guildA, command(cmdArticles)), in(guildA, command(cmdHelp)), in(guildA, command(cmdTakeaways)),
		askArticle(guildA, camerasQuestion, strings.Repeat("long-name-", 10)),
		libraryCommand(guildA, subUse, strings.Repeat("long-name-", 10)), libraryCommand(guildA, subRemove, strings.Repeat("long-name-", 10)),
		in(guildA, withID(discordtest.Autocomplete(cmdAsk, discordtest.FocusedOption(optArticle, "")))),
	} {
		checkReply(t, fmt.Sprintf("%v", i.Data), lt.b.Handle(ctx, i))
	}
}

// brokenText is a store whose texts no longer parse, as a stored article
// might after a change to the parser.
type brokenText struct{ library.Store }

func (brokenText) Text(context.Context, string, string) ([]byte, error) {
	return []byte("\x00\x01\x02 not an article"), nil
}

// TestLibraryUnreadableArticle: a stored article that can no longer be
// parsed is skipped with an error log and a notice, not a crash, and the
// rest of the bot goes on.
func TestLibraryUnreadableArticle(t *testing.T) {
	store, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	// Add through a working library, answer through one whose store
	// returns broken text.
	writer := newLibTestOn(t, store, library.Options{})
	writer.add(t, guildA, "shipping.txt", readFile(t, "../testdata/eval/second-article.txt"), "containers")
	lt := newLibTestOn(t, brokenText{store}, library.Options{})
	for range 3 {
		r := lt.b.Handle(ctx, askArticle(guildA, shippingQuestion, ""))
		checkReply(t, "/ask on a broken article", r)
		if r.Outcome != OutcomeRejected || r.Response.Data.Content != msgUnreadable {
			t.Fatalf("/ask on a broken article = %v %q; want the unreadable notice", r.Outcome, r.Response.Data.Content)
		}
	}
	if n := strings.Count(lt.logs.String(), "a stored article can no longer be read"); n != 1 {
		t.Errorf("%d error logs for the broken article; want 1 (it is remembered)", n)
	}
	if r := lt.b.Handle(ctx, askArticle(guildB, camerasQuestion, "")); r.Outcome != OutcomeAnswered {
		t.Errorf("another guild after the broken article: %v", r.Outcome)
	}
	if r := lt.b.Handle(ctx, in(guildA, command(cmdArticles))); r.Outcome != OutcomeAnswered {
		t.Errorf("/articles with a broken article: %v", r.Outcome)
	}
}

// TestLibraryDeferral: /library add is deferred at once, privately (a
// refusal stays private, and the article added is posted for everyone).
func TestLibraryDeferral(t *testing.T) {
	lt := newLibTest(t, library.Options{})
	i := addCommand(guildA, lt.fetch.put("a.txt", []byte("An article.\n")), "")
	if !lt.b.Slow(i) {
		t.Errorf("Slow(/library add) = false; want true")
	}
	if d := lt.b.Deferral(i); d == nil || d.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !ephemeral(d) {
		t.Errorf("Deferral(/library add) = %+v; want a private deferred message", d)
	}
	for _, other := range []*discordgo.Interaction{askArticle(guildA, camerasQuestion, ""), libraryCommand(guildA, subUse, "x"), in(guildA, command(cmdArticles))} {
		if lt.b.Slow(other) {
			t.Errorf("Slow(%v) = true; want false", other.Data)
		}
	}
}
