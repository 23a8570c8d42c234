package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
	"github.com/articlebot/articlebot/quiz"
)

// Unit tests of the core for the study-group features: /quiz and its
// answers, autocomplete, "Ask the article", "Post in channel" and the
// /takeaways menu.

// quizButton returns the custom_id of the right (or of a wrong) answer of
// the /quiz with interaction ID id.
func quizButton(tb testing.TB, b *Bot, id string, right bool) string {
	tb.Helper()
	q, err := b.def.quiz().Question(quizSeed(id), 0)
	if err != nil {
		tb.Fatal(err)
	}
	choice := q.Answer
	if !right {
		choice = (q.Answer + 1) % quizChoices
	}
	return customID{action: actionQuiz, quiz: quizRef{seed: q.Seed, choice: choice}}.String()
}

func TestQuiz(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	for n := range 40 {
		id := strconv.Itoa(1300000000000000000 + n)
		for _, takeaway := range []int{0, 1 + n%len(b.def.article.Takeaways)} {
			r := b.Handle(ctx, quizCommand(id, takeaway))
			checkReply(t, "/quiz", r)
			if r.Outcome != OutcomeAnswered || r.Command != "/quiz" || ephemeral(r.Response) {
				t.Fatalf("/quiz %s: %v %s ephemeral %v; want a public question", id, r.Outcome, r.Command, ephemeral(r.Response))
			}
			q, err := b.def.quiz().Question(quizSeed(id), takeaway)
			if err != nil {
				t.Fatal(err)
			}
			m := asMessage(r.Response)
			buttons := discordtest.Buttons(m)
			if len(buttons) != quizChoices {
				t.Fatalf("/quiz %s: %d buttons; want %d", id, len(buttons), quizChoices)
			}
			// The right answer is nowhere in the message's text or custom_ids:
			// the buttons differ only in their position.
			for k, bt := range buttons {
				want := customID{action: actionQuiz, quiz: quizRef{seed: q.Seed, takeaway: takeaway, choice: k}}.String()
				if bt.CustomID != want {
					t.Errorf("/quiz %s button %d custom_id %q; want %q", id, k, bt.CustomID, want)
				}
				if !strings.Contains(bt.Label, escape(q.Choices[k], 1000)) && !strings.Contains(bt.Label, q.Choices[k]) {
					t.Errorf("/quiz %s button %d label %q lacks choice %q", id, k, bt.Label, q.Choices[k])
				}
			}
			if d := m.Embeds[0].Description; regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(q.Choices[q.Answer]) + `\b`).MatchString(unescape(d)) {
				t.Errorf("/quiz %s: the question %q gives the answer %q away", id, d, q.Choices[q.Answer])
			}
			// Every click is judged for the member who clicked.
			for k, bt := range buttons {
				v := b.Handle(ctx, click(bt.CustomID, m))
				checkReply(t, "quiz answer", v)
				e := v.Response.Data.Embeds[0]
				right := k == q.Answer
				if !ephemeral(v.Response) || v.Outcome != OutcomeAnswered || strings.HasPrefix(e.Title, "✅") != right {
					t.Errorf("/quiz %s choice %d (answer %d): %q ephemeral %v %v", id, k, q.Answer, e.Title, ephemeral(v.Response), v.Outcome)
				}
				if !strings.Contains(e.Description, "**"+escape(q.Choices[q.Answer], 1000)+"**") {
					t.Errorf("/quiz %s choice %d: verdict %q does not name the answer %q", id, k, e.Description, q.Choices[q.Answer])
				}
				if want := fmt.Sprintf("📖 Passage %d", q.Passage); e.Fields[0].Name != want || !strings.Contains(e.Fields[0].Value, "**") {
					t.Errorf("/quiz %s: verdict field %+v; want %q with the answer in bold", id, e.Fields[0], want)
				}
				if takeaway != 0 && !slices.Contains(b.def.ix.TakeawayPassages(takeaway), q.Passage) {
					t.Errorf("/quiz takeaway:%d asked about passage %d, which is not behind it", takeaway, q.Passage)
				}
			}
		}
	}
}

func TestQuizNotices(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	m := asMessage(b.Respond(ctx, quizCommand("1300000000000000042", 0)))
	other := asMessage(b.Respond(ctx, quizCommand("1300000000000000043", 0)))
	stale := quizButton(t, b, "1300000000000000042", true)
	tests := []struct {
		name string
		i    *discordgo.Interaction
		want string
	}{
		{"takeaway 0", quizCommand("1", -1), "key takeaways 1 to 5"},
		{"takeaway too big", quizCommand("1", 6), "key takeaways 1 to 5"},
		{"button of another quiz", click(stale, other), "older version"},
		{"unknown takeaway in button", click("quiz:1:9:0", m), "older version"},
		{"bad choice", click("quiz:1:0:4", m), "no longer works"},
	}
	for _, tt := range tests {
		r := b.Handle(ctx, tt.i)
		checkReply(t, tt.name, r)
		if !ephemeral(r.Response) || !strings.Contains(r.Response.Data.Content, tt.want) {
			t.Errorf("%s: %q ephemeral %v; want an ephemeral %q", tt.name, r.Response.Data.Content, ephemeral(r.Response), tt.want)
		}
	}
	// Without the message (it is always there from Discord), the button is
	// judged on its custom_id alone.
	if r := b.Handle(ctx, click(stale, nil)); !strings.HasPrefix(r.Response.Data.Embeds[0].Title, "✅") {
		t.Errorf("right answer without a message: %+v", r.Response.Data)
	}
}

// TestQuizArticleWithoutTakeaways checks /quiz on an article with no
// takeaways list: a takeaway is refused saying there are none, and
// without one there is still a question.
func TestQuizArticleWithoutTakeaways(t *testing.T) {
	b := New(articleIndex(t, "../testdata/eval/third-article.md", true), testLogger(t))
	r := b.Handle(context.Background(), quizCommand("1300000000000000007", 1))
	if !ephemeral(r.Response) || !strings.Contains(r.Response.Data.Content, "no key takeaways") {
		t.Errorf("/quiz takeaway: 1 on an article without takeaways = %+v; want a notice that it has none", r.Response.Data)
	}
	r = b.Handle(context.Background(), quizCommand("1300000000000000007", 0))
	checkReply(t, "/quiz", r)
	if len(discordtest.Buttons(asMessage(r.Response))) != quizChoices {
		t.Errorf("/quiz on an article without takeaways: %+v", r.Response.Data)
	}
}

func TestAutocomplete(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	long := strings.Repeat("surveillance ", 20)
	for _, typed := range append([]string{"", "how many cam", "survelance camras", "chin", "sancti", "What does the", long, "🤖" + long, "@everyone"}, hostileQuestions...) {
		r := b.Handle(ctx, autocompleteAsk(typed))
		checkReply(t, fmt.Sprintf("autocomplete %.40q", typed), r)
		cs := r.Response.Data.Choices
		if r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult || r.Outcome != OutcomeAnswered {
			t.Fatalf("autocomplete %.40q: type %d %v", typed, r.Response.Type, r.Outcome)
		}
		if len(cs) > maxChoices {
			t.Errorf("autocomplete %.40q: %d choices", typed, len(cs))
		}
		clean := cutUnits(cleanText(typed), maxChoiceValue)
		switch {
		case clean == "" && len(cs) > 0 && cs[0].Name == "":
			t.Errorf("autocomplete %.40q: empty first choice", typed)
		case clean != "" && (len(cs) == 0 || cs[0].Value != clean):
			t.Errorf("autocomplete %.40q: first choice %+v; want what was typed, %q", typed, cs, clean)
		}
	}
	for _, tt := range []struct{ typed, want string }{
		{"how many cam", "How many surveillance cameras?"},
		{"survelance", "surveillance"},
		{"nvid", "Nvidia"},
	} {
		cs := b.Respond(ctx, autocompleteAsk(tt.typed)).Data.Choices
		if !slices.ContainsFunc(cs, func(c *discordgo.ApplicationCommandOptionChoice) bool { return strings.Contains(c.Name, tt.want) }) {
			t.Errorf("autocomplete %q: no choice with %q in %v", tt.typed, tt.want, choiceNames(cs))
		}
	}
	if cs := b.Respond(ctx, autocompleteAsk("")).Data.Choices; len(cs) < 10 {
		t.Errorf("autocomplete with nothing typed: %v; want suggestions", choiceNames(cs))
	}
	// Other commands and options have no suggestions.
	other := withID(discordtest.Autocomplete(cmdPassage, discordtest.FocusedOption(optNumber, "3")))
	if r := b.Handle(ctx, other); len(r.Response.Data.Choices) != 0 || validateResponse(r.Response) != nil {
		t.Errorf("autocomplete of /passage: %+v", r.Response.Data)
	}
	if d := b.Deferral(autocompleteAsk("x")); d != nil {
		t.Errorf("autocomplete deferral = %+v; want nil", d)
	}
}

func choiceNames(cs []*discordgo.ApplicationCommandOptionChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestAskMessage(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	r := b.Handle(ctx, askMessage("hey, "+camerasQuestion+" <@123>"))
	checkReply(t, "Ask the article", r)
	if r.Command != "app:"+cmdAskMessage || r.Outcome != OutcomeAnswered || !ephemeral(r.Response) {
		t.Fatalf("Ask the article = %s %v ephemeral %v; want a private answer", r.Command, r.Outcome, ephemeral(r.Response))
	}
	e := r.Response.Data.Embeds[0]
	if e.Fields[0].Name != "📖 Passage 6" || !strings.Contains(e.Title, "surveillance cameras") {
		t.Errorf("Ask the article: %q first %q; want the question answered from passage 6", e.Title, e.Fields[0].Name)
	}
	ids := buttonIDs(asMessage(r.Response))
	if len(ids) == 0 || ids[len(ids)-1] != "share:0" {
		t.Errorf("Ask the article buttons %v; want Post in channel last", ids)
	}
	if d := b.Deferral(askMessage(camerasQuestion)); !ephemeral(d) {
		t.Errorf("Ask the article deferral is not ephemeral")
	}

	embedOnly := withID(discordtest.MessageCommand(cmdAskMessage, &discordgo.Message{
		Embeds: []*discordgo.MessageEmbed{{Title: "Cameras", Description: camerasQuestion}},
	}))
	noTarget := askMessage("x")
	noTarget.Data = discordgo.ApplicationCommandInteractionData{Name: cmdAskMessage, CommandType: discordgo.MessageApplicationCommand, TargetID: "1"}
	otherCommand := withID(discordtest.MessageCommand("Translate", &discordgo.Message{Content: "x"}))
	for _, tt := range []struct {
		name string
		i    *discordgo.Interaction
		want string // in the content; "" for an answer
	}{
		{"embed only", embedOnly, ""},
		{"empty message", askMessage("  "), "no text"},
		{"mentions only", askMessage("<@123>"), ""},
		{"no resolved message", noTarget, "no text"},
		{"unknown message command", otherCommand, "don't know that command"},
	} {
		r := b.Handle(ctx, tt.i)
		checkReply(t, tt.name, r)
		if tt.want != "" && !strings.Contains(r.Response.Data.Content, tt.want) {
			t.Errorf("%s: %q; want %q", tt.name, r.Response.Data.Content, tt.want)
		}
		if tt.want == "" && len(r.Response.Data.Embeds) == 0 {
			t.Errorf("%s: %q; want an answer or a not-covered reply", tt.name, r.Response.Data.Content)
		}
		if !ephemeral(r.Response) {
			t.Errorf("%s: reply is public", tt.name)
		}
	}
}

func TestShare(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	q := questionWithMore(t, b.def.ix)
	private := b.Respond(ctx, askCommand(q, true))
	ids := buttonIDs(asMessage(private))
	if ids[len(ids)-1] != "share:0" || len(ids) > maxRowComponents {
		t.Fatalf("private /ask buttons %v; want Post in channel last, at most %d", ids, maxRowComponents)
	}
	shared := b.Handle(ctx, click("share:0", asMessage(private)))
	checkReply(t, "share", shared)
	pub := b.Respond(ctx, askCommand(q, false))
	if ephemeral(shared.Response) || shared.Command != "button:share" || shared.Response.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("Post in channel: type %d ephemeral %v %s; want a public message", shared.Response.Type, ephemeral(shared.Response), shared.Command)
	}
	if got, want := shared.Response.Data.Embeds[0], pub.Data.Embeds[0]; got.Title != want.Title || len(got.Fields) != len(want.Fields) || got.Fields[0].Value != want.Fields[0].Value {
		t.Errorf("Post in channel posted %+v; want the public answer %+v", got, want)
	}
	if slices.Contains(buttonIDs(asMessage(shared.Response)), "share:0") {
		t.Errorf("the public post has a Post in channel button")
	}
	// "More excerpts" pages are private too, and can be shared.
	more := b.Respond(ctx, click("more:3", asMessage(pub)))
	if ids := buttonIDs(asMessage(more)); !slices.Contains(ids, "share:3") {
		t.Errorf("More excerpts buttons %v; want share:3", ids)
	}
	sharedMore := b.Respond(ctx, click("share:3", asMessage(more)))
	if ephemeral(sharedMore) || sharedMore.Data.Embeds[0].Fields[0].Name != more.Data.Embeds[0].Fields[0].Name {
		t.Errorf("sharing More excerpts: %+v", sharedMore.Data.Embeds[0])
	}
	// A public answer has nothing to share.
	if slices.Contains(buttonIDs(asMessage(pub)), "share:0") {
		t.Errorf("public /ask has a Post in channel button")
	}
	noTitle := asMessage(private)
	noTitle.Embeds = nil
	if r := b.Handle(ctx, click("share:0", noTitle)); !strings.Contains(r.Response.Data.Content, "no longer works") {
		t.Errorf("share without the answer: %q", r.Response.Data.Content)
	}
}

// TestShareNamesTheSharer checks the "Shared by" line of a shared answer:
// the member's server nickname first, then their display name, then their
// username; cleaned, cut to Discord's limit, and plain text.
func TestShareNamesTheSharer(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	private := asMessage(b.Respond(ctx, askCommand(camerasQuestion, true)))
	long := strings.Repeat("Ü", 300)
	tests := []struct {
		name   string
		member *discordgo.Member
		user   *discordgo.User // a direct message has a user and no member
		want   string
	}{
		{"nickname", &discordgo.Member{Nick: "Nick", User: &discordgo.User{Username: "user", GlobalName: "Global"}}, nil, "📣 Shared by Nick"},
		{"display name", &discordgo.Member{User: &discordgo.User{Username: "user", GlobalName: "Global"}}, nil, "📣 Shared by Global"},
		{"username", &discordgo.Member{User: &discordgo.User{Username: "user"}}, nil, "📣 Shared by user"},
		{"direct message", nil, &discordgo.User{Username: "dm_user"}, "📣 Shared by dm_user"},
		{"hostile name", &discordgo.Member{Nick: "@everyone **bold**\n\x00<@123>"}, nil, "📣 Shared by @everyone **bold** <@123>"},
		{"long name", &discordgo.Member{Nick: long}, nil, clip("📣 Shared by "+long, maxAuthorName)},
		{"nobody", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := click("share:0", private)
			i.Member, i.User = tt.member, tt.user
			r := b.Handle(ctx, i)
			checkReply(t, tt.name, r)
			e := r.Response.Data.Embeds[0]
			switch {
			case tt.want == "" && e.Author != nil:
				t.Errorf("author %q; want none", e.Author.Name)
			case tt.want != "" && (e.Author == nil || e.Author.Name != tt.want):
				t.Errorf("author %+v; want %q", e.Author, tt.want)
			}
			if e.Author != nil && textLen(e.Author.Name) > maxAuthorName {
				t.Errorf("author name of %d units; the limit is %d", textLen(e.Author.Name), maxAuthorName)
			}
		})
	}
	// Only a shared answer names anyone.
	if e := b.Respond(ctx, askCommand(camerasQuestion, false)).Data.Embeds[0]; e.Author != nil {
		t.Errorf("/ask has an author %q", e.Author.Name)
	}
}

func TestTakeawayMenu(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	m := asMessage(b.Respond(ctx, command(cmdTakeaways)))
	menus := discordtest.SelectMenus(m)
	if len(menus) != 1 || len(menus[0].Options) != len(b.def.article.Takeaways) || menus[0].CustomID != "takeaway:1" {
		t.Fatalf("/takeaways menus %+v; want one with every takeaway", menus)
	}
	for _, tk := range b.def.article.Takeaways {
		opt := menus[0].Options[tk.Number-1]
		if opt.Value != strconv.Itoa(tk.Number) || !strings.HasPrefix(opt.Label, strconv.Itoa(tk.Number)+". ") {
			t.Errorf("menu option %+v for takeaway %d", opt, tk.Number)
		}
		r := b.Handle(ctx, menuChoice("takeaway:1", m, opt.Value))
		checkReply(t, "takeaway menu", r)
		e := r.Response.Data.Embeds[0]
		if !ephemeral(r.Response) || e.Title != fmt.Sprintf("💡 Key takeaway %d of %d", tk.Number, len(b.def.article.Takeaways)) {
			t.Errorf("takeaway %d: %q ephemeral %v", tk.Number, e.Title, ephemeral(r.Response))
		}
		support := b.def.ix.TakeawayPassages(tk.Number)
		var wantIDs []string
		for _, p := range slices.Sorted(slices.Values(support)) {
			wantIDs = append(wantIDs, fmt.Sprintf("read:%d", p))
		}
		if got := buttonIDs(asMessage(r.Response)); !slices.Equal(got, wantIDs) || len(e.Fields) != len(support) {
			t.Errorf("takeaway %d: buttons %v, %d fields; want %v", tk.Number, got, len(e.Fields), wantIDs)
		}
	}
	for _, values := range [][]string{nil, {"0"}, {"6"}, {"1", "2"}, {"x"}, {"01"}} {
		r := b.Handle(ctx, menuChoice("takeaway:1", m, values...))
		checkReply(t, "bad menu choice", r)
		if !strings.Contains(r.Response.Data.Content, "no longer works") {
			t.Errorf("menu values %q: %q; want a stale notice", values, r.Response.Data.Content)
		}
	}
}

// TestQuizMakerIsShared checks that the Bot's quiz questions are those of
// package quiz for the same article: a quiz made on one instance is judged
// the same on another.
func TestQuizMakerIsShared(t *testing.T) {
	b1, b2 := newTestBot(t), New(articleIndex(t, "", false), testLogger(t))
	for seed := range uint32(50) {
		q1, err1 := b1.def.quiz().Question(seed*2654435761, 0)
		q2, err2 := b2.def.quiz().Question(seed*2654435761, 0)
		if err1 != nil || err2 != nil || !slices.Equal(q1.Choices, q2.Choices) || q1.Answer != q2.Answer || q1.Prompt() != q2.Prompt() {
			t.Fatalf("seed %d: %+v, %v and %+v, %v differ between two bots", seed, q1, err1, q2, err2)
		}
	}
	_ = quiz.NumChoices
}
