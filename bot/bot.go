// Package bot puts articles in front of Discord members: slash commands
// (/ask with autocomplete, /takeaways, /passage, /quiz, /help, /articles
// and, for moderators, /library add, use and remove), the message command
// "Ask the article", their buttons and menus, and the rendering of answers
// into Discord messages.
//
// The bot is one function from an interaction to its response (Bot.Handle,
// or Bot.Respond for the response alone) that does no I/O of its own: it
// asks package index for answers and never touches bleve, and it reaches
// each server's reading list and the attachments moderators add only
// through the Library and Fetcher it is given. Transports are thin adapters
// around it: Serve runs it on Discord's gateway, and an HTTP interactions
// endpoint can run the same core. Register installs the slash commands.
// Package discordtest is a fake Discord for testing all of this end to end.
package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/library"
)

// Bot is the core of the Discord bot: it turns interactions into responses
// from each server's articles. It keeps no state between interactions
// (buttons carry the article they refer to, and the Library asks its store
// on every interaction), so a button works after a restart and on any
// instance. A Bot is safe for concurrent use.
type Bot struct {
	def   *view   // the default article: DMs, empty libraries, buttons from before libraries
	lib   Library // nil: the default article alone, and no /library
	fetch Fetcher
	log   *slog.Logger
}

// New returns a Bot answering from ix alone, without libraries: /library
// and /articles say there are none. It prepares the article's quiz
// questions and autocomplete suggestions, which takes a few milliseconds.
// The Bot logs failures (with the detail members are not shown) to logger; a
// nil logger discards them. The caller keeps ownership of ix and closes it
// after the Bot's last use.
func New(ix *index.Index, logger *slog.Logger) *Bot {
	return newBot(library.NewBook(ix), nil, nil, logger)
}

// NewWithLibrary returns a Bot answering from each server's library in lib
// (and from lib's default article in DMs and servers with an empty one),
// which downloads the attachments of /library add with fetch. It logs as
// New does. The caller keeps ownership of lib.
func NewWithLibrary(lib Library, fetch Fetcher, logger *slog.Logger) *Bot {
	return newBot(lib.Default(), lib, fetch, logger)
}

func newBot(def *library.Book, lib Library, fetch Fetcher, logger *slog.Logger) *Bot {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	v := newView(def)
	v.quiz() // the default article's questions are ready before the first /quiz
	return &Bot{def: v, lib: lib, fetch: fetch, log: logger}
}

// Commands returns the bot's slash command definitions; see the
// package-level Commands.
func (b *Bot) Commands() []*discordgo.ApplicationCommand { return Commands(b.def.article) }

// Outcome says how an interaction went, for logs and metrics.
type Outcome int

// The outcomes of an interaction.
const (
	// OutcomeAnswered: the member got what they asked for.
	OutcomeAnswered Outcome = iota + 1
	// OutcomeNotCovered: /ask about something the article does not cover.
	OutcomeNotCovered
	// OutcomeRejected: a friendly notice instead of an answer (an empty
	// question, a passage out of range, an unknown command, a stale button).
	OutcomeRejected
	// OutcomeFailed: an error or a panic; the member was told something went
	// wrong and the detail was logged.
	OutcomeFailed
)

// String returns the outcome's name as logged: "answered", "not_covered",
// "rejected" or "error".
func (o Outcome) String() string {
	switch o {
	case OutcomeAnswered:
		return "answered"
	case OutcomeNotCovered:
		return "not_covered"
	case OutcomeRejected:
		return "rejected"
	case OutcomeFailed:
		return "error"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Reply is the core's answer to one interaction.
type Reply struct {
	// Response is what to send back to Discord; never nil.
	Response *discordgo.InteractionResponse
	// Command names what was used, for logs: "/ask", "button:more", ...
	Command string
	// Outcome is how it went.
	Outcome Outcome
	// Err is the failure behind OutcomeFailed, already logged by the Bot;
	// nil otherwise.
	Err error
}

// Respond returns the response to an interaction. It is Handle without the
// bookkeeping.
func (b *Bot) Respond(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	return b.Handle(ctx, i).Response
}

// Handle answers one interaction. It does no I/O of its own (the library
// and the downloads of /library add go through the Library and Fetcher the
// Bot was given) and never panics:
// a panic or error becomes a short ephemeral "something went wrong" response
// (OutcomeFailed) and an error log line with the detail. Every response
// carries allowed_mentions with an empty parse list and respects Discord's
// limits. ctx bounds the search.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction) (reply Reply) {
	rq := request{command: "unknown"}
	defer func() {
		if v := recover(); v != nil {
			reply = b.failure(ctx, i, rq.command, fmt.Errorf("panic: %v", v), slog.String("stack", string(debug.Stack())))
		}
	}()
	rq = b.route(i)
	reply = b.reply(ctx, i, rq)
	if reply.Outcome == OutcomeFailed {
		return b.failure(ctx, i, rq.command, reply.Err)
	}
	reply.Command = rq.command
	if err := validateResponse(reply.Response); err != nil {
		return b.failure(ctx, i, rq.command, fmt.Errorf("invalid response: %w", err))
	}
	return reply
}

// Deferral returns the response that acknowledges an interaction now and
// promises the answer later, for a transport whose Handle call is taking
// too long for Discord's 3-second window: "thinking…" in a message that will
// be as ephemeral as the answer, or a deferred update for buttons that edit
// their message. It returns nil when the interaction cannot be deferred
// (PING, autocomplete). The answer then goes out as an edit of the original
// response.
func (b *Bot) Deferral(i *discordgo.Interaction) *discordgo.InteractionResponse {
	rq := b.route(i)
	switch {
	case rq.kind == kindPing || rq.kind == kindAutocomplete:
		return nil
	case rq.update():
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(rq.ephemeral()), AllowedMentions: noMentions()},
	}
}

// Slow reports whether answering i takes long enough to defer at once,
// rather than after a wait: /library add, which downloads, parses and
// indexes a file. Both transports ask it.
func (b *Bot) Slow(i *discordgo.Interaction) bool { return b.route(i).kind == kindLibraryAdd }

// failure logs err with the interaction's detail and returns the reply the
// member sees.
func (b *Bot) failure(ctx context.Context, i *discordgo.Interaction, command string, err error, attrs ...slog.Attr) Reply {
	if err == nil {
		err = fmt.Errorf("%s failed without an error", command)
	}
	attrs = append([]slog.Attr{slog.String("command", command), slog.String("interaction_id", interactionID(i)), slog.Any("error", err)}, attrs...)
	b.log.LogAttrs(ctx, slog.LevelError, "interaction failed", attrs...)
	return Reply{Response: notice(msgFailed), Command: command, Outcome: OutcomeFailed, Err: err}
}

func interactionID(i *discordgo.Interaction) string {
	if i == nil {
		return ""
	}
	return i.ID
}

// requestKind is what an interaction asks for.
type requestKind int

const (
	kindNotice        requestKind = iota // tell the member something (request.notice)
	kindPing                             // HTTP endpoint PING
	kindAutocomplete                     // autocomplete of /ask's question (or of nothing)
	kindAsk                              // /ask, and the message command "Ask the article"
	kindMore                             // "More excerpts"
	kindShare                            // "Post in channel" under a private answer
	kindTakeaways                        // /takeaways
	kindTakeaway                         // a takeaway chosen in the /takeaways menu
	kindPassage                          // /passage
	kindRead                             // "Read passage N"
	kindPage                             // "Previous"/"Next" under a passage
	kindQuiz                             // /quiz
	kindQuizAnswer                       // an answer button under a quiz
	kindHelp                             // /help
	kindArticles                         // /articles
	kindLibraryAdd                       // /library add
	kindLibraryUse                       // /library use
	kindLibraryRemove                    // /library remove
)

// request is an interaction parsed and checked: everything the core needs
// to answer it.
type request struct {
	command  string // for the log
	kind     requestKind
	question string  // kindAsk, kindMore, kindShare: cleaned and cut to maxQuestion
	private  bool    // kindAsk
	offset   int     // kindMore, kindShare: excerpts already shown
	number   int     // kindPassage, kindRead, kindPage, kindTakeaway
	notice   string  // kindNotice
	typed    string  // kindAutocomplete: the text typed so far
	suggest  bool    // kindAutocomplete: typed is /ask's question
	quiz     quizRef // kindQuiz: seed and takeaway; kindQuizAnswer: and the choice clicked
	shown    string  // kindQuizAnswer: the quiz as the message shows it
	sharer   string  // kindShare, kindLibraryAdd: the name of the member

	guild string                       // the server the interaction comes from; "" in a DM
	ref   library.Ref                  // which article the kinds that answer from one mean
	names bool                         // kindAutocomplete: typed is an article's name
	user  string                       // kindLibraryAdd: the member's user ID
	name  string                       // kindLibraryAdd (optional), kindLibraryUse, kindLibraryRemove: the article's name
	file  *discordgo.MessageAttachment // kindLibraryAdd: the attachment, from the resolved data
}

// ephemeral reports whether the response is seen only by the member who
// used the command or button.
func (rq request) ephemeral() bool {
	switch rq.kind {
	case kindAsk:
		return rq.private
	case kindMore, kindRead, kindHelp, kindNotice, kindTakeaway, kindQuizAnswer, kindArticles:
		return true
	case kindLibraryAdd:
		// Deferred "thinking…" shows to the moderator alone: a refusal
		// stays theirs, and the article added is posted for everyone.
		return true
	}
	return false
}

// update reports whether the response edits the message a button is on
// rather than sending a new one.
func (rq request) update() bool { return rq.kind == kindPage }

// route parses and checks an interaction. It never fails: what cannot be
// answered becomes a kindNotice with the friendly text to show.
func (b *Bot) route(i *discordgo.Interaction) request {
	if i == nil {
		return request{command: "unknown", kind: kindNotice, notice: msgUnsupported}
	}
	rq := b.routeKind(i)
	rq.guild = i.GuildID
	if b.lib == nil || rq.ref.Default || (rq.guild == "" && rq.ref == library.Ref{}) {
		// The article is known without asking the library: numbers out of
		// its range are refused now, so that a deferral is as private as
		// the notice that follows it.
		rq = b.def.check(rq)
	}
	return rq
}

func (b *Bot) routeKind(i *discordgo.Interaction) request {
	switch i.Type {
	case discordgo.InteractionPing:
		return request{command: "ping", kind: kindPing}
	case discordgo.InteractionApplicationCommandAutocomplete:
		data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		return routeAutocomplete(data)
	case discordgo.InteractionApplicationCommand:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return request{command: "unknown", kind: kindNotice, notice: msgUnsupported}
		}
		if data.CommandType == discordgo.MessageApplicationCommand {
			return routeMessageCommand(data)
		}
		if data.Name == cmdLibrary {
			return routeLibrary(data, i)
		}
		return b.routeCommand(data, i.ID)
	case discordgo.InteractionMessageComponent:
		data, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			return request{command: "button", kind: kindNotice, notice: msgStaleButton}
		}
		rq := b.routeButton(data, i.Message)
		if rq.kind == kindShare {
			rq.sharer = memberName(i)
		}
		return rq
	}
	return request{command: fmt.Sprintf("interaction type %d", int(i.Type)), kind: kindNotice, notice: msgUnsupported}
}

func (b *Bot) routeCommand(data discordgo.ApplicationCommandInteractionData, interactionID string) request {
	rq := request{command: "/" + clip(cleanText(data.Name), maxCommandName)}
	rq.ref.Name = cleanText(stringOption(data.Options, optArticle))
	switch data.Name {
	case cmdAsk:
		rq.question = cutRunes(cleanText(stringOption(data.Options, optQuestion)), maxQuestion)
		rq.private = boolOption(data.Options, optPrivate)
		if rq.question == "" {
			return rq.withNotice(msgEmptyQuestion)
		}
		rq.kind = kindAsk
	case cmdTakeaways:
		rq.kind = kindTakeaways
	case cmdPassage:
		// A missing or malformed number is -1, which the reply answers
		// with the article's range.
		n, ok := intOption(data.Options, optNumber)
		if !ok {
			n = -1
		}
		rq.kind, rq.number = kindPassage, n
	case cmdQuiz:
		if option(data.Options, optTakeaway) != nil {
			n, ok := intOption(data.Options, optTakeaway)
			if !ok || n < 1 {
				n = -1 // no such takeaway: the reply says which there are
			}
			rq.quiz.takeaway = n
		}
		rq.kind, rq.quiz.seed = kindQuiz, quizSeed(interactionID)
	case cmdHelp:
		rq.kind = kindHelp
	case cmdArticles:
		rq.kind = kindArticles
	default:
		rq.command = "unknown command"
		return rq.withNotice(msgUnknownCommand)
	}
	return rq
}

func (b *Bot) routeButton(data discordgo.MessageComponentInteractionData, msg *discordgo.Message) request {
	id, err := parseCustomID(data.CustomID)
	if err != nil {
		return request{command: "button", kind: kindNotice, notice: msgStaleButton}
	}
	rq := request{command: "button:" + id.action, ref: library.Ref{ID: id.article, Default: id.article == ""}}
	switch id.action {
	case actionMore:
		q := questionFromMessage(msg)
		if q == "" || id.n < 1 {
			return rq.withNotice(msgStaleButton)
		}
		rq.kind, rq.question, rq.offset = kindMore, q, id.n
	case actionRead, actionPage:
		rq.kind, rq.number = kindRead, id.n
		if id.action == actionPage {
			rq.kind = kindPage
		}
	case actionShare:
		q := questionFromMessage(msg)
		if q == "" {
			return rq.withNotice(msgStaleButton)
		}
		rq.kind, rq.question, rq.offset = kindShare, q, id.n
	case actionTakeaway:
		n, ok := chosenTakeaway(data.Values)
		if !ok {
			return rq.withNotice(msgStaleButton)
		}
		rq.kind, rq.number = kindTakeaway, n
	case actionQuiz:
		rq.kind, rq.quiz = kindQuizAnswer, id.quiz
		if msg != nil && len(msg.Embeds) > 0 && msg.Embeds[0] != nil {
			rq.shown = msg.Embeds[0].Description
		}
	}
	return rq
}

// memberName is the name the member who used an interaction shows under:
// their server nickname, their display name or their username, cleaned;
// "" when the interaction names no one.
func memberName(i *discordgo.Interaction) string {
	u := i.User
	if i.Member != nil {
		if n := cleanText(i.Member.Nick); n != "" {
			return n
		}
		u = i.Member.User
	}
	if u == nil {
		return ""
	}
	if n := cleanText(u.GlobalName); n != "" {
		return n
	}
	return cleanText(u.Username)
}

func (rq request) withNotice(text string) request {
	rq.kind, rq.notice = kindNotice, text
	return rq
}

// questionFromMessage reads the question back from the title of the /ask
// answer a button is attached to.
func questionFromMessage(msg *discordgo.Message) string {
	if msg == nil || len(msg.Embeds) == 0 || msg.Embeds[0] == nil {
		return ""
	}
	q := strings.TrimSuffix(unescape(msg.Embeds[0].Title), ellipsis)
	return cutRunes(cleanText(q), maxQuestion)
}

// reply builds the reply for a routed request. A failure is returned as
// OutcomeFailed with Err set and no Response; Handle turns it into the
// member's message.
func (b *Bot) reply(ctx context.Context, i *discordgo.Interaction, rq request) Reply {
	switch rq.kind {
	case kindPing:
		return Reply{Response: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, Outcome: OutcomeAnswered}
	case kindNotice:
		return Reply{Response: notice(rq.notice), Outcome: OutcomeRejected}
	case kindAutocomplete:
		return Reply{Response: b.autocomplete(ctx, rq), Outcome: OutcomeAnswered}
	case kindArticles:
		return b.articles(ctx, rq)
	case kindLibraryAdd:
		return b.libraryAdd(ctx, rq)
	case kindLibraryUse:
		return b.libraryUse(ctx, rq)
	case kindLibraryRemove:
		return b.libraryRemove(ctx, rq)
	}
	v, done, refused := b.open(ctx, rq)
	if refused != nil {
		return *refused
	}
	defer done()
	if rq = v.check(rq); rq.kind == kindNotice {
		return Reply{Response: notice(rq.notice), Outcome: OutcomeRejected}
	}
	switch rq.kind {
	case kindAsk, kindMore, kindShare:
		return v.ask(ctx, rq)
	case kindTakeaways:
		return Reply{Response: v.takeaways(), Outcome: OutcomeAnswered}
	case kindTakeaway:
		return Reply{Response: v.takeaway(rq), Outcome: OutcomeAnswered}
	case kindQuiz:
		return v.quizQuestion(rq)
	case kindQuizAnswer:
		return v.quizVerdict(rq)
	case kindPassage, kindRead, kindPage:
		return Reply{Response: v.passage(rq), Outcome: OutcomeAnswered}
	case kindHelp:
		return Reply{Response: v.help(b.lib != nil), Outcome: OutcomeAnswered}
	}
	return Reply{Response: notice(rq.notice), Outcome: OutcomeRejected}
}

// check refuses the numbers of rq that are out of v's article's range: a
// passage, a takeaway, a quiz's takeaway. It returns rq, or rq as a
// kindNotice saying what the article has.
func (v *view) check(rq request) request {
	switch rq.kind {
	case kindTakeaway:
		if _, ok := v.article.Takeaway(rq.number); !ok {
			return rq.withNotice(msgStaleButton)
		}
	case kindQuiz:
		if _, ok := v.article.Takeaway(rq.quiz.takeaway); rq.quiz.takeaway != 0 && !ok {
			return rq.withNotice(v.takeawayRange())
		}
	case kindQuizAnswer:
		if _, ok := v.article.Takeaway(rq.quiz.takeaway); rq.quiz.takeaway != 0 && !ok {
			return rq.withNotice(msgStaleQuiz)
		}
	case kindPassage, kindRead, kindPage:
		if _, ok := v.article.Passage(rq.number); !ok {
			prefix := ""
			switch {
			case rq.kind != kindPassage:
				prefix = fmt.Sprintf("There's no passage %d any more. ", rq.number)
			case rq.number >= 0:
				prefix = fmt.Sprintf("There's no passage %d. ", rq.number)
			}
			return rq.withNotice(v.passageRange(prefix))
		}
	}
	return rq
}

// option returns the named option, or nil.
func option(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Name == name {
			return o
		}
	}
	return nil
}

// stringOption returns the named string option, or "" when it is missing or
// not a string.
func stringOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	if o := option(opts, name); o != nil {
		s, _ := o.Value.(string)
		return s
	}
	return ""
}

// boolOption returns the named boolean option, false when it is missing or
// not a boolean.
func boolOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	if o := option(opts, name); o != nil {
		v, _ := o.Value.(bool)
		return v
	}
	return false
}

// intOption returns the named integer option. Decoded from JSON it is a
// float64; anything that is not a whole number in int range is not ok.
func intOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) (int, bool) {
	o := option(opts, name)
	if o == nil {
		return 0, false
	}
	var f float64
	switch v := o.Value.(type) {
	case float64:
		f = v
	case int:
		return v, true
	case int64:
		f = float64(v)
	case json.Number:
		var err error
		if f, err = v.Float64(); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, false
	}
	return int(f), true
}

// cutRunes cuts s to at most n runes, for search rather than display (no
// ellipsis).
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimRight(s[:k], " ")
		}
		i++
	}
	return s
}
