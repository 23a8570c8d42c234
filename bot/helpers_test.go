package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
)

// Questions used across the tests.
const (
	camerasQuestion = "How many surveillance cameras does China have?"
	pizzaQuestion   = "Who makes the best pizza in Naples?"
	// nearestQuestion is declined but uses a word of the article ("cost").
	nearestQuestion = "How much does a new iPhone cost?"
)

// hostileQuestions are what a member might type to break the bot.
var hostileQuestions = []string{
	"",
	"   \t\n ",
	strings.Repeat("a", 6000),
	strings.Repeat("China cameras ", 430), // 6,020 characters that match
	"@everyone is DeepSeek cheaper?",
	"@here <@123> <@&456> <#789> </ask:1> <t:1700000000:R> <:emoji:123>",
	"**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block``` China",
	"> quote\n# heading\n- list\n1. item -# sub",
	`+-:*~^"/ \ ( ) [ ] { } AND OR NOT China`,
	`title:DeepSeek passage:6 China^2 cameras~1 "surveillance cameras"`,
	"[click me](https://example.com) China",
	"invalid \xff\xfe utf-8 \xc3\x28 China cameras",
	"\x00\x01 control \u202e right-to-left \u200b China",
	strings.Repeat("🤖", 3000),
	strings.Repeat("*", 6000),
	strings.Repeat(`\`, 6000),
	"DeepSeek " + strings.Repeat("@everyone ", 600),
}

// testIndex is the index of the bundled article, built once for the test
// binary (an Index is read-only and safe for concurrent use).
var testIndex = sync.OnceValues(func() (*index.Index, error) {
	a, err := corpus.Default()
	if err != nil {
		return nil, err
	}
	return index.New(context.Background(), a, index.Options{})
})

// newTestBot returns a Bot over the bundled article that logs to the test.
func newTestBot(tb testing.TB) *Bot {
	tb.Helper()
	ix, err := testIndex()
	if err != nil {
		tb.Fatalf("index the bundled article: %v", err)
	}
	return New(ix, testLogger(tb))
}

// testLogger logs to tb.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// logBuffer collects log output for assertions; it is safe for concurrent
// use.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bigArticle is an article that takes every reply to its limits: a long
// title, long passages and more takeaways than fit, all full of markdown and
// mentions.
func bigArticle(tb testing.TB) *index.Index {
	tb.Helper()
	var b strings.Builder
	b.WriteString("# " + strings.Repeat("The **Title** @everyone <@1> _of_ ", 40) + "\n\n")
	for p := 1; p <= 12; p++ {
		for s := 0; s < 40; s++ {
			fmt.Fprintf(&b, "Sentence %d of passage %d says China has surveillance cameras, DeepSeek *claims* @everyone <@%d> [x](y) ~~z~~ and `code`. ", s, p, s)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("Key Takeaways\n")
	for k := 1; k <= 40; k++ {
		fmt.Fprintf(&b, "- Takeaway %d: %s\n", k, strings.Repeat("China's cameras and DeepSeek's **claims** matter @here. ", 14))
	}
	a, err := corpus.Parse("big.txt", []byte(b.String()))
	if err != nil {
		tb.Fatalf("parse the big article: %v", err)
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		tb.Fatalf("index the big article: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// questionWithMore returns a question whose answer has more excerpts than
// one page shows, so that it gets a "More excerpts" button.
func questionWithMore(tb testing.TB, ix *index.Index) string {
	tb.Helper()
	candidates := []string{"AI", "What does the article say about AI and China?", "DeepSeek AI China US technology", "China"}
	for _, q := range candidates {
		ans, err := ix.Answer(context.Background(), q, pageSize+1)
		if err == nil && len(ans.Excerpts) > pageSize {
			return q
		}
	}
	tb.Fatalf("none of %q has more than %d excerpts: nothing to test \"More excerpts\" with", candidates, pageSize)
	return ""
}

// Interactions as Discord sends them.

func askCommand(question string, private bool) *discordgo.Interaction {
	opts := []*discordgo.ApplicationCommandInteractionDataOption{discordtest.StringOption(optQuestion, question)}
	if private {
		opts = append(opts, discordtest.BooleanOption(optPrivate, true))
	}
	return withID(discordtest.SlashCommand(cmdAsk, opts...))
}

func passageCommand(n int) *discordgo.Interaction {
	return withID(discordtest.SlashCommand(cmdPassage, discordtest.IntegerOption(optNumber, n)))
}

func command(name string) *discordgo.Interaction { return withID(discordtest.SlashCommand(name)) }

// quizCommand is /quiz, limited to a takeaway unless it is 0, with the
// given interaction ID (the quiz's seed comes from it).
func quizCommand(id string, takeaway int) *discordgo.Interaction {
	var opts []*discordgo.ApplicationCommandInteractionDataOption
	if takeaway != 0 {
		opts = append(opts, discordtest.IntegerOption(optTakeaway, takeaway))
	}
	i := withID(discordtest.SlashCommand(cmdQuiz, opts...))
	i.ID = id
	return i
}

// autocompleteAsk is autocomplete for /ask's question with typed so far.
func autocompleteAsk(typed string) *discordgo.Interaction {
	return withID(discordtest.Autocomplete(cmdAsk, discordtest.FocusedOption(optQuestion, typed)))
}

// askMessage is the message command "Ask the article" on a message with
// content text.
func askMessage(text string) *discordgo.Interaction {
	return withID(discordtest.MessageCommand(cmdAskMessage, &discordgo.Message{Content: text}))
}

func menuChoice(customID string, m *discordgo.Message, values ...string) *discordgo.Interaction {
	return withID(discordtest.MenuChoice(customID, m, values...))
}

func click(customID string, m *discordgo.Message) *discordgo.Interaction {
	return withID(discordtest.ButtonClick(customID, m))
}

func withID(i *discordgo.Interaction) *discordgo.Interaction {
	i.ID, i.Token, i.AppID = "1300000000000000001", "token", discordtest.DefaultApplicationID
	return i
}

// asMessage is the message Discord would hold after a response: what a
// button click on it carries.
func asMessage(r *discordgo.InteractionResponse) *discordgo.Message {
	return &discordgo.Message{
		ID:         "1700000000000000001",
		Content:    r.Data.Content,
		Embeds:     r.Data.Embeds,
		Components: r.Data.Components,
		Flags:      r.Data.Flags,
	}
}

// checkReply fails the test unless r is a valid reply that went as
// expected.
func checkReply(tb testing.TB, what string, r Reply) {
	tb.Helper()
	if r.Response == nil {
		tb.Fatalf("%s: no response", what)
	}
	if r.Outcome == OutcomeFailed {
		tb.Errorf("%s: failed: %v", what, r.Err)
	}
	if err := validateResponse(r.Response); err != nil {
		tb.Errorf("%s: %v", what, err)
	}
}

// buttonIDs returns the custom_ids of a message's buttons, in order.
func buttonIDs(m *discordgo.Message) []string {
	var ids []string
	for _, b := range discordtest.Buttons(m) {
		ids = append(ids, b.CustomID)
	}
	return ids
}

func ephemeral(r *discordgo.InteractionResponse) bool {
	return r.Data != nil && r.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}

// articleIndex returns a new index of the article at path ("" for the
// bundled one), closed when the test ends; with stripTakeaways the article
// loses its takeaways list.
func articleIndex(tb testing.TB, path string, stripTakeaways bool) *index.Index {
	tb.Helper()
	var (
		a   *corpus.Article
		err error
	)
	if path == "" {
		a, err = corpus.Default()
	} else {
		a, err = corpus.Load(path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	if stripTakeaways {
		a.Takeaways, a.PassagesBeforeTakeaways = nil, len(a.Passages)
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// runUntilCanceled runs run in the background with a context of its own and
// returns the function that stops it: it cancels the context and returns
// run's error, or an error if run has not returned within waitTimeout. The
// stop function may be called more than once.
func runUntilCanceled(name string, run func(context.Context) error) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	return sync.OnceValue(func() error {
		cancel()
		t := time.NewTimer(waitTimeout)
		defer t.Stop()
		select {
		case err := <-done:
			return err
		case <-t.C:
			return fmt.Errorf("%s did not return after its context was canceled", name)
		}
	})
}
