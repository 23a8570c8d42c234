package bot

import (
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"
)

// This file answers autocomplete for /ask's question: what the member has
// typed, then questions and topics from the article that fit it
// (index.Suggest).

// routeAutocomplete parses an autocomplete interaction. Only /ask's
// question autocompletes; anything else gets no choices.
func routeAutocomplete(data discordgo.ApplicationCommandInteractionData) request {
	rq := request{command: "autocomplete", kind: kindAutocomplete}
	if data.Name != cmdAsk {
		return rq
	}
	rq.command = "autocomplete:/" + cmdAsk
	for _, o := range data.Options {
		if o != nil && o.Focused && o.Name == optQuestion {
			rq.typed, _ = o.Value.(string)
			rq.suggest = true
		}
	}
	return rq
}

// autocomplete returns up to maxChoices choices for /ask's question: what
// was typed first (cut to maxChoiceValue; left out when empty), then the
// article's suggestions, each at most maxChoiceValue long.
func (b *Bot) autocomplete(rq request) *discordgo.InteractionResponse {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if rq.suggest {
		seen := map[string]bool{}
		add := func(s string) {
			key := strings.ToLower(s)
			if s == "" || seen[key] || len(choices) == maxChoices {
				return
			}
			seen[key] = true
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		}
		typed := cutUnits(cleanText(rq.typed), min(maxChoiceValue, maxQuestion))
		add(typed)
		for _, s := range b.ix.Suggest(typed, maxChoices) {
			if s = cleanText(s); textLen(s) <= maxChoiceValue {
				add(s)
			}
		}
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
