package bot

import (
	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/library"
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

// Commands returns the commands, as registered by bulk overwrite: the
// slash commands /ask (whose question autocompletes), /takeaways, /passage,
// /quiz (with an optional takeaway) and /help, each of the first four with
// an optional article (a name from the server's library, autocompleted);
// /articles; /library with its subcommands add, use and remove, which
// Discord shows to members with the Manage Server permission (or whom the
// server's admins grant it to) and in servers only; and the message command
// "Ask the article". a is the default article; since a server's articles
// differ in length, /passage and /quiz declare no upper bound (the bot
// answers a number out of range with the article's range). Each call
// returns new values.
func Commands(a *corpus.Article) []*discordgo.ApplicationCommand {
	one := 1.0
	minQuestion, minName := 1, 1
	article := func() *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type:         discordgo.ApplicationCommandOptionString,
			Name:         optArticle,
			Description:  "Which article of this server's library (default: the current one, see /articles)",
			MaxLength:    library.MaxNameLen,
			Autocomplete: true,
		}
	}
	name := func(what string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type:         discordgo.ApplicationCommandOptionString,
			Name:         optName,
			Description:  what,
			Required:     true,
			MinLength:    &minName,
			MaxLength:    library.MaxNameLen,
			Autocomplete: true,
		}
	}
	manageServer := int64(discordgo.PermissionManageGuild)
	noDM := false
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
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
				article(),
			},
		},
		{
			Name:        cmdTakeaways,
			Description: "The article's key takeaways, with the passages behind each",
			Options:     []*discordgo.ApplicationCommandOption{article()},
		},
		{
			Name:        cmdPassage,
			Description: "Read one passage of the article in full",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionInteger,
					Name:        optNumber,
					Description: "Passage number, from 1 (/help says how many the article has)",
					Required:    true,
					MinValue:    &one,
					MaxValue:    maxCustomIDArg,
				},
				article(),
			},
		},
		{
			Name:        cmdQuiz,
			Description: "A multiple-choice question on the article, for everyone in the channel to answer",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionInteger,
					Name:        optTakeaway,
					Description: "Ask about the passages behind one key takeaway (see /takeaways)",
					MinValue:    &one,
					MaxValue:    maxCustomIDArg,
				},
				article(),
			},
		},
		{
			Name:        cmdHelp,
			Description: "What this bot does and how to use it",
		},
		{
			Name:        cmdArticles,
			Description: "The articles in this server's library, the current one marked",
		},
		{
			Name:                     cmdLibrary,
			Description:              "Manage this server's reading list (moderators)",
			DefaultMemberPermissions: &manageServer,
			DMPermission:             &noDM,
			Contexts:                 &guildOnly,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subAdd,
					Description: "Add an article from a file and make it the current one",
					Options: []*discordgo.ApplicationCommandOption{
						{
							Type:        discordgo.ApplicationCommandOptionAttachment,
							Name:        optFile,
							Description: "The article: a text, Markdown or saved web page file",
							Required:    true,
						},
						{
							Type:        discordgo.ApplicationCommandOptionString,
							Name:        optName,
							Description: "A short name to pick it by (default: from its title)",
							MinLength:   &minName,
							MaxLength:   library.MaxNameLen,
						},
					},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subUse,
					Description: "Make an article of the library the current one",
					Options:     []*discordgo.ApplicationCommandOption{name("The article's name (see /articles)")},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subRemove,
					Description: "Take an article out of the library",
					Options:     []*discordgo.ApplicationCommandOption{name("The article's name (see /articles)")},
				},
			},
		},
		{
			Type: discordgo.MessageApplicationCommand,
			Name: cmdAskMessage,
		},
	}
}
