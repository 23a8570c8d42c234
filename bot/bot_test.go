package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

func TestCommands(t *testing.T) {
	b := newTestBot(t)
	cmds := b.Commands()
	if err := validateCommands(cmds); err != nil {
		t.Fatalf("validateCommands: %v", err)
	}
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	for _, name := range []string{cmdAsk, cmdTakeaways, cmdPassage, cmdQuiz, cmdHelp, cmdArticles, cmdLibrary, cmdAskMessage} {
		if byName[name] == nil {
			t.Errorf("no /%s command in %v", name, cmds)
		}
	}
	if len(cmds) != 8 {
		t.Errorf("got %d commands; want 8", len(cmds))
	}
	q := byName[cmdAsk].Options[0]
	if q.Name != optQuestion || q.Type != discordgo.ApplicationCommandOptionString || !q.Required || q.MaxLength != maxQuestion || !q.Autocomplete {
		t.Errorf("/ask first option = %+v; want required, autocompleted string %q with max_length %d", q, optQuestion, maxQuestion)
	}
	if m := byName[cmdAskMessage]; m.Type != discordgo.MessageApplicationCommand || m.Description != "" || len(m.Options) != 0 {
		t.Errorf("%q = %+v; want a message command (type 3) with no description or options", cmdAskMessage, m)
	}
	// A server's articles differ in length: numbers are checked by the
	// bot, not declared.
	tk := byName[cmdQuiz].Options
	if len(tk) != 2 || tk[0].Name != optTakeaway || tk[0].Required || tk[0].MinValue == nil || *tk[0].MinValue != 1 {
		t.Errorf("/quiz options = %+v; want an optional takeaway from 1, then the article", tk)
	}
	for _, name := range []string{cmdAsk, cmdTakeaways, cmdPassage, cmdQuiz} {
		opts := byName[name].Options
		if a := opts[len(opts)-1]; a.Name != optArticle || a.Type != discordgo.ApplicationCommandOptionString || a.Required || !a.Autocomplete {
			t.Errorf("/%s last option = %+v; want an optional, autocompleted string %q", name, a, optArticle)
		}
	}
	lib := byName[cmdLibrary]
	if lib.DefaultMemberPermissions == nil || *lib.DefaultMemberPermissions != discordgo.PermissionManageGuild ||
		lib.DMPermission == nil || *lib.DMPermission || lib.Contexts == nil || !slices.Equal(*lib.Contexts, []discordgo.InteractionContextType{discordgo.InteractionContextGuild}) {
		t.Errorf("/library = %+v; want Manage Server by default, in servers only", lib)
	}
	var subs []string
	for _, o := range lib.Options {
		if o.Type != discordgo.ApplicationCommandOptionSubCommand {
			t.Errorf("/library option %q is type %d; want a subcommand", o.Name, o.Type)
		}
		subs = append(subs, o.Name)
	}
	if !slices.Equal(subs, []string{subAdd, subUse, subRemove}) {
		t.Errorf("/library subcommands %q; want add, use, remove", subs)
	}
	if f := lib.Options[0].Options[0]; f.Name != optFile || f.Type != discordgo.ApplicationCommandOptionAttachment || !f.Required {
		t.Errorf("/library add's first option = %+v; want a required attachment %q", f, optFile)
	}
	if p := byName[cmdAsk].Options[1]; p.Name != optPrivate || p.Type != discordgo.ApplicationCommandOptionBoolean || p.Required {
		t.Errorf("/ask second option = %+v; want optional boolean %q", p, optPrivate)
	}
	n := byName[cmdPassage].Options[0]
	if n.Name != optNumber || n.Type != discordgo.ApplicationCommandOptionInteger || !n.Required ||
		n.MinValue == nil || *n.MinValue != 1 {
		t.Errorf("/passage option = %+v; want required integer %q from 1", n, optNumber)
	}
}

func TestAsk(t *testing.T) {
	b := newTestBot(t)
	for _, private := range []bool{false, true} {
		r := b.Handle(context.Background(), askCommand(camerasQuestion, private))
		checkReply(t, "ask", r)
		if r.Outcome != OutcomeAnswered || r.Command != "/ask" {
			t.Fatalf("Handle(/ask %q) = %v %s; want answered /ask", camerasQuestion, r.Outcome, r.Command)
		}
		if got := ephemeral(r.Response); got != private {
			t.Errorf("private=%v: ephemeral = %v", private, got)
		}
		ans, err := b.def.ix.Answer(context.Background(), camerasQuestion, pageSize+1)
		if err != nil {
			t.Fatal(err)
		}
		e := r.Response.Data.Embeds[0]
		if e.Title != camerasQuestion {
			t.Errorf("title = %q; want the question %q", e.Title, camerasQuestion)
		}
		shown := min(len(ans.Excerpts), pageSize)
		for k, x := range ans.Excerpts[:shown] {
			if want := fmt.Sprintf("📖 Passage %d", x.Passage); e.Fields[k].Name != want {
				t.Errorf("field %d name = %q; want %q", k, e.Fields[k].Name, want)
			}
			if strings.Contains(x.Text, "cameras") && !strings.Contains(e.Fields[k].Value, "**") {
				t.Errorf("field %d value %q has no bold matched words", k, e.Fields[k].Value)
			}
		}
		if ans.Excerpts[0].Passage != 6 {
			t.Errorf("index's top passage is %d; the article answers this in passage 6", ans.Excerpts[0].Passage)
		}
		if ans.Takeaway == nil {
			t.Fatalf("index chose no takeaway")
		}
		tk := e.Fields[shown]
		if want := fmt.Sprintf("💡 Key takeaway %d", ans.Takeaway.Number); tk.Name != want || !strings.Contains(tk.Value, escape(ans.Takeaway.Text, 1000)) {
			t.Errorf("takeaway field = %+v; want %q with %q", tk, want, ans.Takeaway.Text)
		}
		if !strings.Contains(e.Footer.Text, b.def.article.Title) {
			t.Errorf("footer %q does not name the article %q", e.Footer.Text, b.def.article.Title)
		}
		var wantIDs []string
		for _, x := range ans.Excerpts[:shown] {
			wantIDs = append(wantIDs, fmt.Sprintf("read:%d", x.Passage))
		}
		if len(ans.Excerpts) > pageSize {
			wantIDs = append(wantIDs, "more:3")
		}
		if private {
			wantIDs = append(wantIDs, "share:0")
		}
		if got := buttonIDs(asMessage(r.Response)); !slices.Equal(got, wantIDs) {
			t.Errorf("buttons = %v; want %v", got, wantIDs)
		}
	}
}

func TestAskNotCovered(t *testing.T) {
	b := newTestBot(t)
	r := b.Handle(context.Background(), askCommand(pizzaQuestion, false))
	checkReply(t, "not covered", r)
	if r.Outcome != OutcomeNotCovered {
		t.Fatalf("outcome = %v; want not_covered", r.Outcome)
	}
	e := r.Response.Data.Embeds[0]
	if e.Title != pizzaQuestion || !strings.Contains(e.Description, "doesn't seem to cover") || !strings.Contains(e.Description, "/takeaways") {
		t.Errorf("embed = %q / %q; want the question and a pointer to /takeaways", e.Title, e.Description)
	}
	ans, _ := b.def.ix.Answer(context.Background(), pizzaQuestion, 3)
	for _, s := range ans.Suggestions[:min(len(ans.Suggestions), maxTopics)] {
		if !strings.Contains(e.Description, "**"+escape(s, 1000)+"**") {
			t.Errorf("description %q does not suggest %q", e.Description, s)
		}
	}
	if len(r.Response.Data.Components) != 0 || ephemeral(r.Response) {
		t.Errorf("not-covered reply has buttons or is ephemeral: %+v", r.Response.Data)
	}
}

// TestAskNotCoveredNearest checks a declined question that uses words of
// the article: the reply says the article doesn't seem to cover it and
// quotes the nearest passages, the words in bold, each with a button to
// read it.
func TestAskNotCoveredNearest(t *testing.T) {
	b := newTestBot(t)
	r := b.Handle(context.Background(), askCommand(nearestQuestion, false))
	checkReply(t, "not covered, nearest", r)
	if r.Outcome != OutcomeNotCovered {
		t.Fatalf("outcome = %v; want not_covered", r.Outcome)
	}
	ans, _ := b.def.ix.Answer(context.Background(), nearestQuestion, pageSize)
	if ans.Answered || len(ans.Excerpts) == 0 {
		t.Fatalf("Answer(%q): answered %v, %d excerpts; want declined with nearest passages", nearestQuestion, ans.Answered, len(ans.Excerpts))
	}
	e := r.Response.Data.Embeds[0]
	if !strings.Contains(e.Description, "doesn't seem to cover") || !strings.Contains(e.Description, "nearest") {
		t.Errorf("description %q; want it to say the article doesn't cover it and what comes nearest", e.Description)
	}
	var want []string
	for k, x := range ans.Excerpts {
		want = append(want, fmt.Sprintf("read:%d", x.Passage))
		if k >= len(e.Fields) || !strings.Contains(e.Fields[k].Name, fmt.Sprintf("Passage %d", x.Passage)) || !strings.Contains(e.Fields[k].Value, "**") {
			t.Errorf("field %d does not quote passage %d with its words in bold: %+v", k, x.Passage, e.Fields)
		}
	}
	if got := buttonIDs(asMessage(r.Response)); !slices.Equal(got, want) {
		t.Errorf("buttons = %v; want %v", got, want)
	}
}

// TestNotices checks the friendly ephemeral replies to what cannot be
// answered.
func TestNotices(t *testing.T) {
	b := newTestBot(t)
	last := len(b.def.article.Passages)
	askReply := b.Respond(context.Background(), askCommand(camerasQuestion, false))
	noTitle := asMessage(askReply)
	noTitle.Embeds = nil
	noneOption := discordtest.SlashCommand(cmdAsk, nil, discordtest.StringOption("other", "x"))
	wrongType := discordtest.SlashCommand(cmdPassage, discordtest.StringOption(optNumber, "6"))
	fraction := discordtest.SlashCommand(cmdPassage, &discordgo.ApplicationCommandInteractionDataOption{Name: optNumber, Type: 4, Value: 2.5})
	tests := []struct {
		name    string
		i       *discordgo.Interaction
		command string
		want    string // in the content
	}{
		{"empty question", askCommand("", false), "/ask", "Type a question"},
		{"blank question", askCommand(" \n\t ", true), "/ask", "Type a question"},
		{"no question option", withID(noneOption), "/ask", "Type a question"},
		{"passage 0", passageCommand(0), "/passage", "There's no passage 0. This article has passages 1 to 7"},
		{"passage too big", passageCommand(last + 1), "/passage", fmt.Sprintf("no passage %d", last+1)},
		{"passage missing", command(cmdPassage), "/passage", "passages 1 to 7"},
		{"passage as string", withID(wrongType), "/passage", "passages 1 to 7"},
		{"passage fraction", withID(fraction), "/passage", "passages 1 to 7"},
		{"unknown command", command("nonsense"), "unknown command", "I don't know that command"},
		{"unknown button", click("quiz:1:2", nil), "button", "no longer works"},
		{"garbage custom_id", click("\x00<@1>", nil), "button", "no longer works"},
		{"more without message", click("more:3", nil), "button:more", "no longer works"},
		{"more without embed", click("more:3", noTitle), "button:more", "no longer works"},
		{"more from zero", click("more:0", asMessage(askReply)), "button:more", "no longer works"},
		{"more past the end", click("more:90", asMessage(askReply)), "button:more", "no more excerpts"},
		{"read out of range", click(fmt.Sprintf("read:%d", last+1), nil), "button:read", "no passage 8 any more"},
		{"page out of range", click("page:0", nil), "button:page", "no passage 0 any more"},
		{"nil interaction", nil, "unknown", "can't answer that kind"},
		{"modal submit", withID(&discordgo.Interaction{Type: discordgo.InteractionModalSubmit}), "interaction type 5", "can't answer that kind"},
		{"command without data", withID(&discordgo.Interaction{Type: discordgo.InteractionApplicationCommand}), "unknown", "can't answer that kind"},
		{"button without data", withID(&discordgo.Interaction{Type: discordgo.InteractionMessageComponent}), "button", "no longer works"},
	}
	for _, tt := range tests {
		r := b.Handle(context.Background(), tt.i)
		checkReply(t, tt.name, r)
		d := r.Response.Data
		if r.Command != tt.command || !strings.Contains(d.Content, tt.want) || !ephemeral(r.Response) || len(d.Embeds) != 0 {
			t.Errorf("%s: Handle = %s %q (ephemeral %v); want %s with an ephemeral %q",
				tt.name, r.Command, d.Content, ephemeral(r.Response), tt.command, tt.want)
		}
	}
}

func TestButtons(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	q := questionWithMore(t, b.def.ix)
	first := b.Respond(ctx, askCommand(q, false))
	ans, _ := b.def.ix.Answer(ctx, q, 2*pageSize+1)

	t.Run("more excerpts", func(t *testing.T) {
		r := b.Handle(ctx, click("more:3", asMessage(first)))
		checkReply(t, "more", r)
		e := r.Response.Data.Embeds[0]
		if !ephemeral(r.Response) || e.Title != escape(q, maxEmbedTitle) {
			t.Errorf("more: ephemeral %v, title %q; want ephemeral with the question", ephemeral(r.Response), e.Title)
		}
		next := ans.Excerpts[pageSize:min(len(ans.Excerpts), 2*pageSize)]
		for k, x := range next {
			if want := fmt.Sprintf("📖 Passage %d", x.Passage); k >= len(e.Fields) || e.Fields[k].Name != want {
				t.Errorf("more: field %d; want %q in %+v", k, want, e.Fields)
			}
		}
		if len(e.Fields) != len(next) {
			t.Errorf("more: %d fields; want %d excerpts and no takeaway", len(e.Fields), len(next))
		}
	})

	t.Run("read passage", func(t *testing.T) {
		r := b.Handle(ctx, click("read:6", asMessage(first)))
		checkReply(t, "read", r)
		e := r.Response.Data.Embeds[0]
		p, _ := b.def.article.Passage(6)
		if r.Response.Type != discordgo.InteractionResponseChannelMessageWithSource || !ephemeral(r.Response) ||
			e.Title != "📖 Passage 6 of 7" || unescape(e.Description) != p.Text {
			t.Errorf("read:6 = type %d ephemeral %v %q; want an ephemeral new message with passage 6", r.Response.Type, ephemeral(r.Response), e.Title)
		}
		if got := buttonIDs(asMessage(r.Response)); !slices.Equal(got, []string{"page:5", "page:7"}) {
			t.Errorf("read:6 buttons = %v; want [page:5 page:7]", got)
		}
	})

	t.Run("next", func(t *testing.T) {
		r := b.Handle(ctx, click("page:7", asMessage(b.Respond(ctx, passageCommand(6)))))
		checkReply(t, "page", r)
		if r.Response.Type != discordgo.InteractionResponseUpdateMessage || r.Response.Data.Embeds[0].Title != "📖 Passage 7 of 7" {
			t.Errorf("page:7 = type %d %q; want an update to passage 7", r.Response.Type, r.Response.Data.Embeds[0].Title)
		}
	})
}

func TestPassages(t *testing.T) {
	b := newTestBot(t)
	last := len(b.def.article.Passages)
	for _, p := range b.def.article.Passages {
		r := b.Handle(context.Background(), passageCommand(p.Number))
		checkReply(t, fmt.Sprintf("passage %d", p.Number), r)
		e := r.Response.Data.Embeds[0]
		if want := fmt.Sprintf("📖 Passage %d of %d", p.Number, last); e.Title != want || unescape(e.Description) != p.Text {
			t.Errorf("/passage %d: %q %q; want %q with the passage's text", p.Number, e.Title, e.Description, want)
		}
		if ephemeral(r.Response) {
			t.Errorf("/passage %d is ephemeral", p.Number)
		}
		buttons := discordtest.Buttons(asMessage(r.Response))
		if len(buttons) != 2 || buttons[0].Disabled != (p.Number == 1) || buttons[1].Disabled != (p.Number == last) {
			t.Errorf("/passage %d buttons = %+v; want Previous and Next, disabled at the ends", p.Number, buttons)
		}
		for _, tk := range b.def.article.Takeaways {
			supports := slices.Contains(b.def.ix.TakeawayPassages(tk.Number), p.Number)
			if shown := len(e.Fields) > 0 && strings.Contains(e.Fields[0].Value, fmt.Sprintf("**%d.**", tk.Number)); shown != supports {
				t.Errorf("/passage %d: takeaway %d shown %v; supports %v", p.Number, tk.Number, shown, supports)
			}
		}
	}
}

func TestTakeaways(t *testing.T) {
	b := newTestBot(t)
	r := b.Handle(context.Background(), command(cmdTakeaways))
	checkReply(t, "takeaways", r)
	desc := r.Response.Data.Embeds[0].Description
	for _, tk := range b.def.article.Takeaways {
		entry := fmt.Sprintf("**%d.** %s\n*%s*", tk.Number, escape(tk.Text, 1000), supportNote(b.def.ix.TakeawayPassages(tk.Number)))
		if !strings.Contains(desc, entry) {
			t.Errorf("takeaways do not list %q in:\n%s", entry, desc)
		}
	}
	if ephemeral(r.Response) {
		t.Errorf("/takeaways is ephemeral")
	}
}

func TestHelp(t *testing.T) {
	b := newTestBot(t)
	r := b.Handle(context.Background(), command(cmdHelp))
	checkReply(t, "help", r)
	e := r.Response.Data.Embeds[0]
	for _, want := range []string{"7 passages · 5 key takeaways", escape(b.def.article.Title, 1000)} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("help description %q lacks %q", e.Description, want)
		}
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, strings.Fields(f.Name)[0])
	}
	if want := []string{"/ask", "/takeaways", "/passage", "/quiz", "Apps", "/help"}; !slices.Equal(names, want) {
		t.Errorf("help fields %v; want %v", names, want)
	}
	if !ephemeral(r.Response) {
		t.Errorf("/help is not ephemeral")
	}
}

func TestPingAndAutocomplete(t *testing.T) {
	b := newTestBot(t)
	if r := b.Respond(context.Background(), withID(&discordgo.Interaction{Type: discordgo.InteractionPing})); r.Type != discordgo.InteractionResponsePong {
		t.Errorf("PING answered with type %d; want PONG", r.Type)
	}
	ac := withID(discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, "chi")))
	ac.Type = discordgo.InteractionApplicationCommandAutocomplete
	if r := b.Respond(context.Background(), ac); r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Errorf("autocomplete answered with type %d; want 8", r.Type)
	}
}

// TestFailures checks that a panic or an error becomes a short ephemeral
// reply and an error log line with the detail.
func TestFailures(t *testing.T) {
	var logs logBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	broken := &Bot{def: &view{article: ix.Article(), footerText: footerText(ix.Article().Title)}, log: logger} // no index: /ask panics
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		b    *Bot
		ctx  context.Context
		log  string
	}{
		{"panic", broken, context.Background(), "panic: runtime error"},
		{"search error", New(ix, logger), canceled, "context canceled"},
	}
	for _, tt := range tests {
		r := tt.b.Handle(tt.ctx, askCommand(camerasQuestion, false))
		if r.Outcome != OutcomeFailed || r.Err == nil || r.Response.Data.Content != msgFailed || !ephemeral(r.Response) {
			t.Errorf("%s: Handle = %v %v %q; want failed with an ephemeral %q", tt.name, r.Outcome, r.Err, r.Response.Data.Content, msgFailed)
		}
		if err := validateResponse(r.Response); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, tt.log) || !strings.Contains(out, "command=/ask") {
			t.Errorf("%s: log lacks the detail %q:\n%s", tt.name, tt.log, out)
		}
	}
	// The Bot keeps serving after a failure.
	if r := broken.Handle(context.Background(), command(cmdHelp)); r.Outcome != OutcomeAnswered {
		t.Errorf("after a panic, /help = %v; want answered", r.Outcome)
	}
}

// TestDeferralMatchesResponse checks that a deferral promises the kind of
// response that comes: ephemeral or not, a new message or an update.
func TestDeferralMatchesResponse(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	first := asMessage(b.Respond(ctx, askCommand(camerasQuestion, false)))
	private := asMessage(b.Respond(ctx, askCommand(camerasQuestion, true)))
	quizMsg := asMessage(b.Respond(ctx, quizCommand("1300000000000000042", 0)))
	takeaways := asMessage(b.Respond(ctx, command(cmdTakeaways)))
	for _, i := range []*discordgo.Interaction{
		askCommand(camerasQuestion, false), askCommand(camerasQuestion, true), askCommand(pizzaQuestion, true),
		askCommand("", false), command(cmdTakeaways), command(cmdHelp), passageCommand(3), passageCommand(99),
		command("nope"), click("more:3", first), click("read:2", first), click("page:2", first), click("page:99", first),
		quizCommand("1300000000000000042", 0), quizCommand("1", 9), click(buttonIDs(quizMsg)[0], quizMsg),
		click("share:0", private), askMessage(camerasQuestion), askMessage(""), menuChoice("takeaway:1", takeaways, "2"),
	} {
		d := b.Deferral(i)
		r := b.Respond(ctx, i)
		what := fmt.Sprintf("%s %v", i.Type, i.Data)
		switch r.Type {
		case discordgo.InteractionResponseUpdateMessage:
			if d.Type != discordgo.InteractionResponseDeferredMessageUpdate {
				t.Errorf("%s: deferral type %d for an update", what, d.Type)
			}
		case discordgo.InteractionResponseChannelMessageWithSource:
			if d.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || ephemeral(d) != ephemeral(r) {
				t.Errorf("%s: deferral type %d ephemeral %v; response ephemeral %v", what, d.Type, ephemeral(d), ephemeral(r))
			}
		default:
			t.Errorf("%s: unexpected response type %d", what, r.Type)
		}
	}
	if d := b.Deferral(autocompleteAsk("chi")); d != nil {
		t.Errorf("autocomplete deferral = %+v; want nil", d)
	}
	if d := b.Deferral(withID(&discordgo.Interaction{Type: discordgo.InteractionPing})); d != nil {
		t.Errorf("PING deferral = %+v; want nil", d)
	}
}

// TestRepliesRespectLimits renders replies for many questions, on the
// bundled article and on one built to overflow every limit, and checks each
// against Discord's limits and the mention rules.
func TestRepliesRespectLimits(t *testing.T) {
	t.Parallel()
	bundled := newTestBot(t)
	big := New(bigArticle(t), testLogger(t))
	ctx := context.Background()
	for _, b := range []*Bot{bundled, big} {
		questions := append([]string{camerasQuestion, pizzaQuestion, "DeepSeek", "China", "the"}, hostileQuestions...)
		// Every sentence and takeaway of the bundled article; a sample of
		// the big one's (their shape, not their number, tests the limits).
		every := max(1, len(b.def.article.Passages)/5)
		for _, p := range b.def.article.Passages {
			if p.Number%every == 0 {
				questions = append(questions, p.Sentences[:min(len(p.Sentences), 2*every)]...)
			}
		}
		for _, tk := range b.def.article.Takeaways {
			if tk.Number%every == 0 {
				questions = append(questions, tk.Text)
			}
		}
		for k, q := range questions {
			checkReply(t, fmt.Sprintf("private /ask %.40q", q), b.Handle(ctx, askCommand(q, true)))
			r := b.Handle(ctx, askCommand(q, false))
			checkReply(t, fmt.Sprintf("/ask %.40q", q), r)
			// Follow every button of the answer, and of the pages after
			// for the first few questions.
			pages := 1
			if k < 5 {
				pages = 5
			}
			for m, depth := asMessage(r.Response), 0; m != nil && depth < pages; depth++ {
				var next *discordgo.Message
				for _, id := range buttonIDs(m) {
					br := b.Handle(ctx, click(id, m))
					checkReply(t, fmt.Sprintf("%s on /ask %.40q", id, q), br)
					if strings.HasPrefix(id, "more:") {
						next = asMessage(br.Response)
					}
				}
				m = next
			}
		}
		for _, p := range b.def.article.Passages {
			checkReply(t, fmt.Sprintf("/passage %d", p.Number), b.Handle(ctx, passageCommand(p.Number)))
		}
		tr := b.Handle(ctx, command(cmdTakeaways))
		checkReply(t, "/takeaways", tr)
		checkReply(t, "/help", b.Handle(ctx, command(cmdHelp)))
		checkStudyReplies(t, b, questions, asMessage(tr.Response))
	}
	// The big article really does reach the limits.
	tk := big.Respond(ctx, command(cmdTakeaways)).Data.Embeds[0].Description
	if !strings.Contains(tk, "more takeaways*") {
		t.Errorf("the big article's 40 takeaways all fit; the test does not reach the limit")
	}
	if title := big.Respond(ctx, passageCommand(1)).Data.Embeds[0]; !strings.HasSuffix(title.Description, ellipsis) {
		t.Errorf("the big article's passage 1 was not cut")
	}
	if menus := discordtest.SelectMenus(asMessage(big.Respond(ctx, command(cmdTakeaways)))); len(menus) != 2 {
		t.Errorf("the big article's 40 takeaways have %d menus; want 2 (25 and 15)", len(menus))
	}
}

// checkStudyReplies checks the replies of the study-group features against
// Discord's limits: quizzes (every takeaway, many seeds) and every answer to
// them, "Ask the article" on every question and its "Post in channel",
// autocomplete of every question and of its beginnings, and the /takeaways
// menu's every takeaway.
func checkStudyReplies(t *testing.T, b *Bot, questions []string, takeaways *discordgo.Message) {
	t.Helper()
	ctx := context.Background()
	for n := range 60 {
		id := fmt.Sprintf("13%017d", n*7919)
		takeaway := 0
		if len(b.def.article.Takeaways) > 0 {
			takeaway = n % (len(b.def.article.Takeaways) + 1)
		}
		r := b.Handle(ctx, quizCommand(id, takeaway))
		checkReply(t, fmt.Sprintf("/quiz %s takeaway:%d", id, takeaway), r)
		m := asMessage(r.Response)
		for _, cid := range buttonIDs(m) {
			checkReply(t, fmt.Sprintf("%s on /quiz %s", cid, id), b.Handle(ctx, click(cid, m)))
		}
	}
	for _, q := range questions {
		r := b.Handle(ctx, askMessage(q))
		checkReply(t, fmt.Sprintf("Ask the article %.40q", q), r)
		if m := asMessage(r.Response); slices.Contains(buttonIDs(m), "share:0") {
			checkReply(t, fmt.Sprintf("share:0 on %.40q", q), b.Handle(ctx, click("share:0", m)))
		}
		for _, n := range []int{1, 3, 8, len(q)} {
			typed := q[:min(n, len(q))]
			checkReply(t, fmt.Sprintf("autocomplete %.40q", typed), b.Handle(ctx, autocompleteAsk(typed)))
		}
	}
	for _, menu := range discordtest.SelectMenus(takeaways) {
		for _, opt := range menu.Options {
			checkReply(t, "takeaway "+opt.Value, b.Handle(ctx, menuChoice(menu.CustomID, takeaways, opt.Value)))
		}
	}
}

func FuzzHandleAsk(f *testing.F) {
	for _, q := range append([]string{camerasQuestion, pizzaQuestion}, hostileQuestions...) {
		f.Add(q, false)
	}
	b := newTestBot(f)
	b.log = slog.New(slog.DiscardHandler)
	f.Fuzz(func(t *testing.T, q string, private bool) {
		r := b.Handle(context.Background(), askCommand(q, private))
		checkReply(t, "ask", r)
		if strings.TrimSpace(cleanText(q)) != "" && r.Response.Data.Embeds[0].Title == "" {
			t.Fatalf("no title for question %q", q)
		}
	})
}

func FuzzHandleButton(f *testing.F) {
	f.Add("more:3", camerasQuestion)
	f.Add("read:6", "")
	f.Add("page:99", "x")
	f.Add("more:1", `\*\*@`+"\u200b"+`everyone`)
	f.Add("quiz:815511033:0:2", "")
	f.Add("share:0", camerasQuestion)
	f.Add("takeaway:1", "")
	b := newTestBot(f)
	b.log = slog.New(slog.DiscardHandler)
	f.Fuzz(func(t *testing.T, customID, title string) {
		m := &discordgo.Message{Embeds: []*discordgo.MessageEmbed{{Title: title}}}
		checkReply(t, "button", b.Handle(context.Background(), click(customID, m)))
	})
}

func FuzzAutocomplete(f *testing.F) {
	for _, q := range append([]string{"how many cam", "survelance", "chin"}, hostileQuestions...) {
		f.Add(q)
	}
	b := newTestBot(f)
	b.log = slog.New(slog.DiscardHandler)
	f.Fuzz(func(t *testing.T, typed string) {
		checkReply(t, "autocomplete", b.Handle(context.Background(), autocompleteAsk(typed)))
	})
}

func FuzzAskMessage(f *testing.F) {
	for _, q := range append([]string{camerasQuestion, pizzaQuestion}, hostileQuestions...) {
		f.Add(q)
	}
	b := newTestBot(f)
	b.log = slog.New(slog.DiscardHandler)
	f.Fuzz(func(t *testing.T, text string) {
		r := b.Handle(context.Background(), askMessage(text))
		checkReply(t, "Ask the article", r)
		if m := asMessage(r.Response); slices.Contains(buttonIDs(m), "share:0") {
			checkReply(t, "share", b.Handle(context.Background(), click("share:0", m)))
		}
	})
}
