package bot

import (
	"context"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"
)

// This file answers autocomplete: for /ask's question, what the member
// has typed, then questions and topics from the article that fit it
// (index.Suggest); for an article's name (the article option of /ask,
// /takeaways, /passage and /quiz, and /library use and remove), the names
// in the server's library that fit what is typed.

// routeAutocomplete parses an autocomplete interaction. Anything but /ask's
// question and an article's name gets no choices.
func routeAutocomplete(data discordgo.ApplicationCommandInteractionData) request {
	rq := request{command: "autocomplete", kind: kindAutocomplete}
	opts := data.Options
	switch data.Name {
	case cmdAsk, cmdTakeaways, cmdPassage, cmdQuiz:
		rq.command = "autocomplete:/" + data.Name
	case cmdLibrary:
		if len(opts) != 1 || opts[0] == nil || opts[0].Type != discordgo.ApplicationCommandOptionSubCommand {
			return rq
		}
		switch opts[0].Name {
		case subUse, subRemove:
			rq.command = "autocomplete:/" + cmdLibrary + " " + opts[0].Name
		default:
			return rq
		}
		opts = opts[0].Options
	default:
		return rq
	}
	for _, o := range opts {
		if o == nil || !o.Focused {
			continue
		}
		typed, _ := o.Value.(string)
		switch {
		case data.Name == cmdAsk && o.Name == optQuestion:
			rq.typed, rq.suggest = typed, true
			// The questions suggested are about the article chosen, if one is.
			rq.ref.Name = cleanText(stringOption(opts, optArticle))
		case (data.Name == cmdLibrary && o.Name == optName) || (data.Name != cmdLibrary && o.Name == optArticle):
			rq.typed, rq.names = typed, true
		}
	}
	return rq
}

// autocomplete answers an autocomplete: suggested questions from the
// article meant, or names from the server's library. When the article
// cannot be opened, what was typed is the only choice.
func (b *Bot) autocomplete(ctx context.Context, rq request) *discordgo.InteractionResponse {
	switch {
	case rq.names:
		return b.nameChoices(ctx, rq)
	case rq.suggest:
		v, done, refused := b.open(ctx, rq)
		if refused != nil {
			return b.def.choices(rq.typed, nil)
		}
		defer done()
		return v.autocomplete(rq)
	}
	return choicesResponse(nil)
}

// autocomplete returns up to maxChoices choices for /ask's question: what
// was typed first (cut to maxChoiceValue; left out when empty), then the
// article's suggestions, each at most maxChoiceValue long.
func (v *view) autocomplete(rq request) *discordgo.InteractionResponse {
	typed := cutUnits(cleanText(rq.typed), min(maxChoiceValue, maxQuestion))
	return v.choices(typed, v.ix.Suggest(typed, maxChoices))
}

// choices returns typed (unless empty) and then the suggestions, each once
// and at most maxChoiceValue long, at most maxChoices in all.
func (v *view) choices(typed string, suggestions []string) *discordgo.InteractionResponse {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	add := func(s string) {
		key := strings.ToLower(s)
		if s == "" || seen[key] || len(choices) == maxChoices {
			return
		}
		seen[key] = true
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
	}
	add(cutUnits(cleanText(typed), min(maxChoiceValue, maxQuestion)))
	for _, s := range suggestions {
		if s = cleanText(s); textLen(s) <= maxChoiceValue {
			add(s)
		}
	}
	return choicesResponse(choices)
}

// choicesResponse is an autocomplete result; no choices is an empty list.
func choicesResponse(choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// cutUnits cuts s to at most n UTF-16 code units (textLen), on a rune
// boundary, without an ellipsis: a choice's value is what gets asked.
func cutUnits(s string, n int) string {
	used := 0
	for i, r := range s {
		if used += utf16.RuneLen(r); used > n {
			return strings.TrimRight(s[:i], " ")
		}
	}
	return s
}
