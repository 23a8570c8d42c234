package bot

import (
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/corpus"
)

// Command and option names are part of the bot's contract with its users
// and with the commands registered on Discord.
const (
	cmdAsk       = "ask"
	cmdTakeaways = "takeaways"
	cmdPassage   = "passage"
	cmdQuiz      = "quiz"
	cmdHelp      = "help"
	// cmdAskMessage is the message command (right-click a message → Apps):
	// it answers the message's text as a question.
	cmdAskMessage = "Ask the article"

	optQuestion = "question"
	optPrivate  = "private"
	optNumber   = "number"
	optTakeaway = "takeaway"
)

// maxQuestion is the longest question /ask declares (Discord enforces it);
// longer text that arrives anyway is cut to this length before it is
// searched. 200 characters is a long question, and short enough that the
// escaped question fits whole in an embed title (maxEmbedTitle) unless it is
// mostly markdown, which matters because "More excerpts" reads the question
// back from that title.
const maxQuestion = 200

// Commands returns the commands for an article, as registered by bulk
// overwrite: the slash commands /ask (whose question autocompletes),
// /takeaways, /passage (whose number option declares the article's passage
// range), /quiz (with an optional takeaway, when the article has takeaways)
// and /help, and the message command "Ask the article". Each call returns
// new values.
func Commands(a *corpus.Article) []*discordgo.ApplicationCommand {
	one := 1.0
	minQuestion := 1
	quiz := &discordgo.ApplicationCommand{
		Name:        cmdQuiz,
		Description: "A multiple-choice question on the article, for everyone in the channel to answer",
	}
	if n := len(a.Takeaways); n > 0 {
		quiz.Options = []*discordgo.ApplicationCommandOption{{
			Type:        discordgo.ApplicationCommandOptionInteger,
			Name:        optTakeaway,
			Description: fmt.Sprintf("Ask about the passages behind one key takeaway, 1 to %d (see /takeaways)", n),
			MinValue:    &one,
			MaxValue:    float64(n),
		}}
	}
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Description: "Ask a question about the article; get the passages that answer it",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optQuestion,
					Description:  "What you want to know, in your own words",
					Required:     true,
					MinLength:    &minQuestion,
					MaxLength:    maxQuestion,
					Autocomplete: true,
				},
				{
					Type:        discordgo.ApplicationCommandOptionBoolean,
					Name:        optPrivate,
					Description: "Show the answer only to you (default: everyone in the channel sees it)",
				},
			},
		},
		{
			Name:        cmdTakeaways,
			Description: "The article's key takeaways, with the passages behind each",
		},
		{
			Name:        cmdPassage,
			Description: "Read one passage of the article in full",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionInteger,
					Name:        optNumber,
					Description: fmt.Sprintf("Passage number, 1 to %d", len(a.Passages)),
					Required:    true,
					MinValue:    &one,
					MaxValue:    float64(len(a.Passages)),
				},
			},
		},
		quiz,
		{
			Name:        cmdHelp,
			Description: "What this bot does and how to use it",
		},
		{
			Type: discordgo.MessageApplicationCommand,
			Name: cmdAskMessage,
		},
	}
}
