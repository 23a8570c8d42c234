package bot

import (
	"github.com/bwmarrin/discordgo"
)

// This file is the message command "Ask the article" and the "Post in
// channel" button. The command answers a message's text as a question, for
// the member who used it alone; the button, on any answer only its asker
// sees, posts the same answer in the channel. The button needs no state:
// the question is the title of the message it is on, as for "More
// excerpts".

// Texts of the message command's notices.
const (
	msgNoMessageText = "That message has no text I can ask the article about. Try `/ask` with your own words."
)

// routeMessageCommand parses a message command: "Ask the article" asks the
// target message's text, privately.
func routeMessageCommand(data discordgo.ApplicationCommandInteractionData) request {
	rq := request{command: "app:" + clip(cleanText(data.Name), maxCommandName)}
	if data.Name != cmdAskMessage {
		rq.command = "unknown command"
		return rq.withNotice(msgUnknownCommand)
	}
	var target *discordgo.Message
	if data.Resolved != nil {
		target = data.Resolved.Messages[data.TargetID]
	}
	rq.question = cutRunes(cleanText(messageText(target)), maxQuestion)
	if rq.question == "" {
		return rq.withNotice(msgNoMessageText)
	}
	rq.kind, rq.private = kindAsk, true
	return rq
}

// messageText is the text of a message to ask about: its content, or for a
// message of embeds alone (another bot's), the first embed's title and
// description.
func messageText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	if cleanText(m.Content) != "" || len(m.Embeds) == 0 || m.Embeds[0] == nil {
		return m.Content
	}
	return m.Embeds[0].Title + " " + m.Embeds[0].Description
}

// shareButton is "Post in channel" under an answer only its asker sees,
// whose excerpts start after offset.
func (v *view) shareButton(offset int) discordgo.Button {
	return discordgo.Button{
		Label:    "Post in channel",
		Style:    discordgo.SuccessButton,
		CustomID: v.buttonID(actionShare, offset),
		Emoji:    &discordgo.ComponentEmoji{Name: "📣"},
	}
}
