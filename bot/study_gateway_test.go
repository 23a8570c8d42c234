package bot

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// TestGatewayStudy runs the study-group features end to end: the real
// discordgo client, driven by Serve, against the fake Discord.
func TestGatewayStudy(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	hs := startGateway(t, b, ServeConfig{Commands: b.Commands()})

	t.Run("message command registered", func(t *testing.T) {
		cmds, err := hs.fake.WaitCommands(waitCtx(t), "")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(cmds, func(c *discordgo.ApplicationCommand) bool { return c.Name == cmdAskMessage })
		if i < 0 || cmds[i].Type != discordgo.MessageApplicationCommand || cmds[i].Description != "" {
			t.Fatalf("registered %+v; want %q as a message command (type 3)", cmds, cmdAskMessage)
		}
		j := slices.IndexFunc(cmds, func(c *discordgo.ApplicationCommand) bool { return c.Name == cmdAsk })
		if j < 0 || !cmds[j].Options[0].Autocomplete {
			t.Errorf("/ask's question does not declare autocomplete: %+v", cmds[j])
		}
	})

	t.Run("quiz judged for each member", func(t *testing.T) {
		ask := quizCommand("", 0)
		cb := hs.roundTrip(t, ask)
		checkCallback(t, "/quiz", cb)
		if cbEphemeral(cb) || len(cb.Message.Embeds) != 1 {
			t.Fatalf("/quiz: ephemeral %v, %d embeds; want one public question", cbEphemeral(cb), len(cb.Message.Embeds))
		}
		buttons := discordtest.Buttons(cb.Message)
		if len(buttons) != quizChoices {
			t.Fatalf("/quiz has %d buttons; want %d: %s", len(buttons), quizChoices, cb.Raw)
		}
		q, err := b.def.quiz().Question(quizSeed(ask.ID), 0) // the seed comes from the interaction's ID
		if err != nil {
			t.Fatal(err)
		}
		// Four members click the four buttons, twice over in reverse: each
		// is told whether they were right, and only one choice is.
		var rights []int
		for round := range 2 {
			for k := range buttons {
				if round == 1 {
					k = len(buttons) - 1 - k
				}
				member := fmt.Sprintf("14000000000000001%02d", k)
				v := hs.roundTrip(t, discordtest.AsMember(click(buttons[k].CustomID, cb.Message), member, "member"+member[len(member)-2:]))
				checkCallback(t, "quiz answer", v)
				if !cbEphemeral(v) || v.Type != discordgo.InteractionResponseChannelMessageWithSource {
					t.Errorf("answer %d: type %d ephemeral %v; want a verdict only the clicker sees", k, v.Type, cbEphemeral(v))
				}
				e := v.Message.Embeds[0]
				right := strings.HasPrefix(e.Title, "✅")
				if right != (k == q.Answer) {
					t.Errorf("answer %d (%q) judged %q; the right one is %d (%q)", k, q.Choices[k], e.Title, q.Answer, q.Choices[q.Answer])
				}
				if right && round == 0 {
					rights = append(rights, k)
				}
				if want := fmt.Sprintf("📖 Passage %d", q.Passage); len(e.Fields) == 0 || e.Fields[0].Name != want {
					t.Errorf("answer %d: verdict %+v does not cite %q", k, e.Fields, want)
				}
			}
		}
		if len(rights) != 1 {
			t.Errorf("%d choices judged right (%v); want exactly one", len(rights), rights)
		}
	})

	t.Run("ask the article", func(t *testing.T) {
		cb := hs.roundTrip(t, askMessage("@everyone "+camerasQuestion))
		checkCallback(t, "Ask the article", cb)
		e := cb.Message.Embeds[0]
		if !cbEphemeral(cb) || e.Fields[0].Name != "📖 Passage 6" {
			t.Fatalf("Ask the article: ephemeral %v, first excerpt %q; want a private answer from passage 6", cbEphemeral(cb), e.Fields[0].Name)
		}
		if strings.Contains(e.Title, "@everyone") {
			t.Errorf("title %q is not escaped", e.Title)
		}
		ids := buttonIDs(cb.Message)
		if len(ids) == 0 || ids[len(ids)-1] != "share:0" {
			t.Fatalf("buttons %v; want Post in channel", ids)
		}
		post := hs.roundTrip(t, click("share:0", cb.Message))
		checkCallback(t, "Post in channel", post)
		if cbEphemeral(post) || post.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("Post in channel: type %d ephemeral %v; want a public message", post.Type, cbEphemeral(post))
		}
		if post.Message.Embeds[0].Title != e.Title || post.Message.Embeds[0].Fields[0].Value != e.Fields[0].Value {
			t.Errorf("Post in channel posted %+v; want the same answer as %+v", post.Message.Embeds[0], e)
		}
		if am := post.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 {
			t.Errorf("Post in channel allowed_mentions %+v; want an empty parse list", am)
		}
	})

	t.Run("private ask shared", func(t *testing.T) {
		cb := hs.roundTrip(t, askCommand("@everyone What did DeepSeek claim about its AI model?", true))
		checkCallback(t, "/ask private", cb)
		if !cbEphemeral(cb) || !slices.Contains(buttonIDs(cb.Message), "share:0") {
			t.Fatalf("private /ask: ephemeral %v, buttons %v; want share:0", cbEphemeral(cb), buttonIDs(cb.Message))
		}
		post := hs.roundTrip(t, click("share:0", cb.Message))
		checkCallback(t, "Post in channel", post)
		if cbEphemeral(post) || !strings.Contains(string(post.Raw), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("Post in channel: ephemeral %v: %s", cbEphemeral(post), post.Raw)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		for _, typed := range []string{"how many cam", "", "survelance", strings.Repeat("é", 150), "@everyone"} {
			cb := hs.roundTrip(t, autocompleteAsk(typed))
			if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("autocomplete %q: callback type %d; want 8: %s", typed, cb.Type, cb.Raw)
			}
			if err := checkChoices(cb.Choices); err != nil || len(cb.Choices) == 0 {
				t.Errorf("autocomplete %q: %v: %s", typed, err, cb.Raw)
			}
			if want := cutUnits(typed, maxChoiceValue); typed != "" && cb.Choices[0].Value != want {
				t.Errorf("autocomplete %q: first choice %+v; want what was typed", typed, cb.Choices[0])
			}
		}
	})

	t.Run("takeaways menu", func(t *testing.T) {
		cb := hs.roundTrip(t, command(cmdTakeaways))
		checkCallback(t, "/takeaways", cb)
		menus := discordtest.SelectMenus(cb.Message)
		if len(menus) != 1 || len(menus[0].Options) != len(b.def.article.Takeaways) {
			t.Fatalf("/takeaways menus: %s", cb.Raw)
		}
		open := hs.roundTrip(t, menuChoice(menus[0].CustomID, cb.Message, menus[0].Options[3].Value))
		checkCallback(t, "takeaway 4", open)
		if !cbEphemeral(open) || open.Message.Embeds[0].Title != "💡 Key takeaway 4 of 5" || len(open.Message.Embeds[0].Fields) == 0 {
			t.Errorf("takeaway 4: %s", open.Raw)
		}
	})
}
