package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/library"
	"github.com/articlebot/articlebot/quiz"
)

// This file is each server's reading list on Discord: which article an
// interaction means (the article option, a button's article ID, or the
// server's current article), /library add, use and remove for moderators,
// /articles for everyone, and the names autocomplete offers.

// Library is the reading lists the bot answers from, one per server;
// *library.Library implements it. Every method is scoped by the guild it
// is given; it is the core's only way to the stored articles.
type Library interface {
	// Default returns the default article, answered in DMs and in servers
	// with an empty library.
	Default() *library.Book
	// Book opens the article of guild that ref means; the caller releases
	// it.
	Book(ctx context.Context, guild string, ref library.Ref) (*library.Book, error)
	// Add checks, stores and indexes an article, making it current, and
	// returns its Book (to release) and warnings about how it was read.
	Add(ctx context.Context, r library.AddRequest) (*library.Book, []string, error)
	// Use makes the article named name guild's current one.
	Use(ctx context.Context, guild, name string) (library.Entry, error)
	// Remove deletes the article named name from guild's library and
	// returns it and the current article after it (ok false when none).
	Remove(ctx context.Context, guild, name string) (removed, current library.Entry, ok bool, err error)
	// List returns guild's library.
	List(ctx context.Context, guild string) (library.Shelf, error)
	// MaxBytes is the largest file Add accepts, and Quota how many
	// articles a guild holds.
	MaxBytes() int
	Quota() int
}

// Fetcher downloads the file a moderator attached to /library add. It is
// the bot's only way to the network besides its transport; CDNFetcher is
// the one that talks to Discord's CDN.
type Fetcher interface {
	// Fetch returns the content of the attachment, at most limit bytes,
	// or an error wrapping ErrAttachmentOrigin (its URL is not on an
	// origin the fetcher trusts, which it then never contacts),
	// ErrAttachmentTooLarge, or another reason it could not be
	// downloaded.
	Fetch(ctx context.Context, a *discordgo.MessageAttachment, limit int) ([]byte, error)
}

// Errors of a Fetcher that the core tells members apart.
var (
	// ErrAttachmentOrigin: the attachment's URL, or a redirect from it, is
	// not on Discord's CDN.
	ErrAttachmentOrigin = errors.New("the attachment is not on Discord's CDN")
	// ErrAttachmentTooLarge: the attachment is over the size limit, as
	// declared or as read.
	ErrAttachmentTooLarge = errors.New("the attachment is over the size limit")
)

// view is one article as the bot renders it: its Book, its index and
// parsed text, the footer that names it, and the ID its components carry
// ("" for the default article).
type view struct {
	book       *library.Book
	ix         *index.Index
	article    *corpus.Article
	quiz       func() *quiz.Maker
	footerText string
	id         string
	name       string
}

func newView(bk *library.Book) *view {
	v := &view{book: bk, ix: bk.Index, article: bk.Article(), id: bk.ID, name: bk.Name, footerText: footerText(bk.Article().Title)}
	if bk.ID != "" {
		v.footerText = clip(v.footerText+" · "+bk.Name, maxFooterText)
	}
	v.quiz = bk.Quiz
	return v
}

// buttonID returns the custom_id "action:n" of a component about v's
// article.
func (v *view) buttonID(action string, n int) string {
	return customID{action: action, n: n, article: v.id}.String()
}

// Command, subcommand and option names of the library.
const (
	cmdLibrary  = "library"
	cmdArticles = "articles"
	subAdd      = "add"
	subUse      = "use"
	subRemove   = "remove"
	optFile     = "file"
	optName     = "name"
	optArticle  = "article"
)

// Texts of the library's notices.
const (
	msgNoLibrary      = "This bot runs without a library: it answers from one article, chosen by whoever runs it."
	msgGuildOnly      = "Libraries belong to servers: use `/library` in a server. In DMs I answer from “%s”."
	msgNoFile         = "Attach the article's file to `/library add file:` (plain text, Markdown or a saved web page)."
	msgArticleGone    = "This button is about an article that isn't in this server's library (it may have been removed). Run the command again for the current article, or see `/articles`."
	msgUnreadable     = "This server's article can no longer be read, so I can't answer from it: a moderator can pick another with `/library use` or take it out with `/library remove`."
	msgDownload       = "I couldn't download that file from Discord just now. Please try again in a moment."
	msgNotFromCDN     = "I only download files attached to the command itself, from Discord. Attach the file to `/library add file:`."
	maxListedReason   = 300
	maxPassagePeek    = 120
	maxPeekedPassages = 5
)

// open resolves the article rq means and returns its view and the
// function that releases it, or the reply that says why it cannot be
// answered from.
func (b *Bot) open(ctx context.Context, rq request) (*view, func(), *Reply) {
	if b.lib == nil {
		switch {
		case rq.ref.ID != "":
			return nil, nil, &Reply{Response: notice(msgArticleGone), Outcome: OutcomeRejected}
		case rq.ref.Name != "":
			return nil, nil, &Reply{Response: notice(msgNoLibrary), Outcome: OutcomeRejected}
		}
		return b.def, func() {}, nil
	}
	bk, err := b.lib.Book(ctx, rq.guild, rq.ref)
	if err != nil {
		return nil, nil, b.bookError(ctx, rq, err)
	}
	if bk.IsDefault() {
		return b.def, bk.Release, nil
	}
	return newView(bk), bk.Release, nil
}

// bookError is the reply to an article that could not be opened.
func (b *Bot) bookError(ctx context.Context, rq request, err error) *Reply {
	var r Reply
	switch {
	case errors.Is(err, library.ErrNotFound) && rq.guild == "" && rq.ref.Name != "":
		r = b.refuse(ctx, rq, "article option in a DM", err, fmt.Sprintf("Libraries belong to servers: in DMs I answer from “%s”, without `article:`.", escape(cleanText(b.def.article.Title), maxFooterTitle)))
	case errors.Is(err, library.ErrNotFound) && rq.ref.Name != "":
		r = b.refuse(ctx, rq, "no article of that name", err, fmt.Sprintf("There's no article named **%s** in this server's library: `/articles` lists them.", escape(rq.ref.Name, library.MaxNameLen+10)))
	case errors.Is(err, library.ErrNotFound):
		// A removed article's button, or a custom_id naming another
		// server's article.
		r = b.refuse(ctx, rq, "article not in this server's library", err, msgArticleGone)
	case errors.Is(err, library.ErrUnreadable):
		r = b.refuse(ctx, rq, "stored article unreadable", err, msgUnreadable)
	default:
		r = Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("open the article: %w", err)}
	}
	return &r
}

// refuse logs why a request was turned down and returns the member's
// private notice.
func (b *Bot) refuse(ctx context.Context, rq request, reason string, err error, msg string) Reply {
	attrs := []slog.Attr{slog.String("command", rq.command), slog.String("guild", rq.guild), slog.String("reason", reason)}
	if err != nil {
		attrs = append(attrs, slog.Any("error", err))
	}
	b.log.LogAttrs(ctx, slog.LevelInfo, "request refused", attrs...)
	return Reply{Response: notice(msg), Outcome: OutcomeRejected}
}

// routeLibrary parses /library and its subcommands.
func routeLibrary(data discordgo.ApplicationCommandInteractionData, i *discordgo.Interaction) request {
	rq := request{command: "/" + cmdLibrary}
	if len(data.Options) != 1 || data.Options[0] == nil || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return rq.withNotice(msgUnknownCommand)
	}
	sub := data.Options[0]
	switch sub.Name {
	case subAdd:
		rq.kind = kindLibraryAdd
		if id := stringOption(sub.Options, optFile); id != "" && data.Resolved != nil {
			rq.file = data.Resolved.Attachments[id]
		}
		rq.user, rq.sharer = memberID(i), memberName(i)
	case subUse:
		rq.kind = kindLibraryUse
	case subRemove:
		rq.kind = kindLibraryRemove
	default:
		return rq.withNotice(msgUnknownCommand)
	}
	rq.command += " " + sub.Name
	rq.name = cleanText(stringOption(sub.Options, optName))
	return rq
}

// memberID is the user ID of whoever used an interaction.
func memberID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// libraryAvailable returns the notice for a library command that cannot
// be used here, or "".
func (b *Bot) libraryAvailable(rq request) string {
	switch {
	case b.lib == nil:
		return msgNoLibrary
	case rq.guild == "":
		return fmt.Sprintf(msgGuildOnly, escape(cleanText(b.def.article.Title), maxFooterTitle))
	}
	return ""
}

// libraryAdd downloads the attached file, adds it to the server's library
// and shows how it was read, for everyone in the channel.
func (b *Bot) libraryAdd(ctx context.Context, rq request) Reply {
	if msg := b.libraryAvailable(rq); msg != "" {
		return Reply{Response: notice(msg), Outcome: OutcomeRejected}
	}
	if rq.file == nil || rq.file.URL == "" {
		return b.refuse(ctx, rq, "no attachment in the resolved data", nil, msgNoFile)
	}
	file := escape(cleanText(rq.file.Filename), 100)
	limit := b.lib.MaxBytes()
	if rq.file.Size > limit {
		return b.refuse(ctx, rq, "attachment too large (declared)", fmt.Errorf("%d bytes declared, limit %d", rq.file.Size, limit),
			fmt.Sprintf("**%s** is %s; the library takes files up to %s.", file, formatBytes(rq.file.Size), formatBytes(limit)))
	}
	if shelf, err := b.lib.List(ctx, rq.guild); err == nil && len(shelf.Entries) >= b.lib.Quota() {
		return b.refuse(ctx, rq, "library full", library.ErrQuotaFull, b.quotaMessage())
	}
	if b.fetch == nil {
		return Reply{Outcome: OutcomeFailed, Err: errors.New("no fetcher to download attachments with")}
	}
	data, err := b.fetch.Fetch(ctx, rq.file, limit)
	switch {
	case errors.Is(err, ErrAttachmentTooLarge):
		return b.refuse(ctx, rq, "attachment too large", err, fmt.Sprintf("**%s** is over %s, the largest file the library takes.", file, formatBytes(limit)))
	case errors.Is(err, ErrAttachmentOrigin):
		return b.refuse(ctx, rq, "attachment not on Discord's CDN", err, msgNotFromCDN)
	case err != nil:
		return b.refuse(ctx, rq, "download failed", err, msgDownload)
	}
	bk, warnings, err := b.lib.Add(ctx, library.AddRequest{
		Guild: rq.guild, Name: rq.name, Filename: rq.file.Filename, Data: data, AddedBy: rq.user, AddedByName: rq.sharer,
	})
	if err != nil {
		return b.addRefused(ctx, rq, file, err)
	}
	defer bk.Release()
	return Reply{Response: newView(bk).added(warnings), Outcome: OutcomeAnswered}
}

// addRefused is the reply to an add the library refused.
func (b *Bot) addRefused(ctx context.Context, rq request, file string, err error) Reply {
	var dup *library.DuplicateError
	switch {
	case errors.As(err, &dup):
		name := escape(dup.Existing.Name, library.MaxNameLen)
		return b.refuse(ctx, rq, "same text already in the library", err, fmt.Sprintf("That file is already in this server's library as **%s**: `/library use name: %s` makes it the current article.", name, name))
	case errors.Is(err, library.ErrNameTaken):
		name := escape(library.NormalizeName(rq.name), library.MaxNameLen)
		return b.refuse(ctx, rq, "name taken", err, fmt.Sprintf("This server's library already has an article named **%s**: pick another `name:`, or take that one out first with `/library remove name: %s`.", name, name))
	case errors.Is(err, library.ErrBadName):
		return b.refuse(ctx, rq, "bad name", err, "A name needs at least one letter or digit, for example `name: week-3`.")
	case errors.Is(err, library.ErrQuotaFull):
		return b.refuse(ctx, rq, "library full", err, b.quotaMessage())
	case errors.Is(err, library.ErrTooLarge):
		return b.refuse(ctx, rq, "file too large", err, fmt.Sprintf("**%s** is over %s, the largest file the library takes.", file, formatBytes(b.lib.MaxBytes())))
	case errors.Is(err, library.ErrUnreadable):
		reason := strings.TrimPrefix(err.Error(), library.ErrUnreadable.Error()+": ")
		return b.refuse(ctx, rq, "no readable text", err, fmt.Sprintf("I couldn't read an article in **%s**: %s.\n\nI read text files (UTF-8): plain text with one paragraph a line or blank lines between paragraphs, Markdown, and web pages saved from a browser.",
			file, escape(strings.TrimSuffix(reason, "."), maxListedReason)))
	}
	return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("add %s: %w", rq.file.Filename, err)}
}

func (b *Bot) quotaMessage() string {
	return fmt.Sprintf("This server's library is full (%d articles): take one out with `/library remove` before adding another.", b.lib.Quota())
}

// counts says how big an article is: "12 passages · 5 key takeaways".
func counts(a *corpus.Article) string {
	s := plural(len(a.Passages), "passage")
	if len(a.Takeaways) > 0 {
		s += " · " + plural(len(a.Takeaways), "key takeaway")
	}
	return s
}

// added is the announcement of an article just added: its title, name and
// size, its takeaways, how its first passages read, and the warnings.
func (v *view) added(warnings []string) *discordgo.InteractionResponse {
	a, e := v.article, v.book.Entry
	name := escape(e.Name, library.MaxNameLen)
	em := &discordgo.MessageEmbed{
		Title: "📚 Added: " + escape(cleanText(a.Title), maxEmbedTitle-len("📚 Added: ")),
		Description: fmt.Sprintf("**%s** is now this server's current article: `/ask`, `/takeaways`, `/passage` and `/quiz` answer from it "+
			"(or from any article in `/articles`, with `article:`).\n\n%s · %s", name, counts(a), formatBytes(e.Size)),
		Color:  colorArticle,
		Footer: v.footer(),
	}
	if len(a.Takeaways) > 0 {
		entries := make([]string, len(a.Takeaways))
		for k, t := range a.Takeaways {
			entries[k] = fmt.Sprintf("**%d.** %s", t.Number, escape(cleanText(t.Text), maxListedTakeaway/2))
		}
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: "💡 Key takeaways", Value: joinEntries(entries, "\n", maxFieldValue, "takeaway")})
	}
	peek := make([]string, 0, maxPeekedPassages)
	for _, p := range a.Passages[:min(len(a.Passages), maxPeekedPassages)] {
		peek = append(peek, fmt.Sprintf("**%d.** %s", p.Number, escape(p.Text, maxPassagePeek)))
	}
	if rest := len(a.Passages) - len(peek); rest > 0 {
		peek = append(peek, fmt.Sprintf("*…and %d more %s*", rest, pluralNoun(rest, "passage")))
	}
	em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: "📖 Passages", Value: joinEntries(peek, "\n", maxFieldValue, "passage")})
	if len(warnings) > 0 {
		lines := make([]string, len(warnings))
		for k, w := range warnings {
			lines[k] = "• " + escape(w, maxListedReason)
		}
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: "⚠️ Worth checking", Value: joinEntries(lines, "\n", maxFieldValue, "warning")})
	}
	return message(false, "", []*discordgo.MessageEmbed{em}, nil)
}

// libraryUse makes an article the server's current one, for everyone.
func (b *Bot) libraryUse(ctx context.Context, rq request) Reply {
	if msg := b.libraryAvailable(rq); msg != "" {
		return Reply{Response: notice(msg), Outcome: OutcomeRejected}
	}
	e, err := b.lib.Use(ctx, rq.guild, rq.name)
	if errors.Is(err, library.ErrNotFound) {
		return b.refuse(ctx, rq, "no article of that name", err, fmt.Sprintf("There's no article named **%s** in this server's library: `/articles` lists them.", escape(rq.name, library.MaxNameLen+10)))
	}
	if err != nil {
		return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("use %s: %w", rq.name, err)}
	}
	em := &discordgo.MessageEmbed{
		Title: "📖 Now reading: " + escape(cleanText(e.Title), maxEmbedTitle-len("📖 Now reading: ")),
		Description: fmt.Sprintf("**%s** is now this server's current article: `/ask`, `/takeaways`, `/passage` and `/quiz` answer from it.",
			escape(e.Name, library.MaxNameLen)),
		Color: colorArticle,
	}
	bk, err := b.lib.Book(ctx, rq.guild, library.Ref{ID: e.ID})
	if err != nil {
		em.Description += "\n\n⚠️ " + msgUnreadable
		em.Footer = &discordgo.MessageEmbedFooter{Text: footerText(e.Title)}
	} else {
		defer bk.Release()
		v := newView(bk)
		em.Description += "\n\n" + counts(v.article)
		em.Footer = v.footer()
	}
	return Reply{Response: message(false, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
}

// libraryRemove takes an article out of the server's library, for
// everyone.
func (b *Bot) libraryRemove(ctx context.Context, rq request) Reply {
	if msg := b.libraryAvailable(rq); msg != "" {
		return Reply{Response: notice(msg), Outcome: OutcomeRejected}
	}
	removed, cur, ok, err := b.lib.Remove(ctx, rq.guild, rq.name)
	if errors.Is(err, library.ErrNotFound) {
		return b.refuse(ctx, rq, "no article of that name", err, fmt.Sprintf("There's no article named **%s** in this server's library: `/articles` lists them.", escape(rq.name, library.MaxNameLen+10)))
	}
	if err != nil {
		return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("remove %s: %w", rq.name, err)}
	}
	desc := fmt.Sprintf("**%s** is no longer in this server's library; its buttons no longer work.", escape(removed.Name, library.MaxNameLen))
	if ok {
		desc += fmt.Sprintf("\n\nThe current article is **%s**, “%s”.", escape(cur.Name, library.MaxNameLen), escape(cleanText(cur.Title), maxFooterTitle))
	} else {
		desc += fmt.Sprintf("\n\nThe library is empty: I answer from “%s” until a moderator adds an article with `/library add`.", escape(cleanText(b.def.article.Title), maxFooterTitle))
	}
	em := &discordgo.MessageEmbed{
		Title:       "🗑️ Removed: " + escape(cleanText(removed.Title), maxEmbedTitle-len("🗑️ Removed: ")),
		Description: desc,
		Color:       colorArticle,
	}
	return Reply{Response: message(false, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
}

// articles lists the server's library for the member alone: each
// article's name, title, size and who added it when, the current one
// marked.
func (b *Bot) articles(ctx context.Context, rq request) Reply {
	def := escape(cleanText(b.def.article.Title), maxFooterTitle)
	em := &discordgo.MessageEmbed{Title: "📚 This server's library", Color: colorArticle}
	switch {
	case b.lib == nil:
		em.Title, em.Description = "📚 The article", fmt.Sprintf("I answer from one article, “%s”.", def)
		return Reply{Response: message(true, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
	case rq.guild == "":
		em.Title, em.Description = "📚 The article", fmt.Sprintf("In DMs I answer from “%s”. In a server, moderators build a library with `/library add`.", def)
		return Reply{Response: message(true, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
	}
	shelf, err := b.lib.List(ctx, rq.guild)
	if err != nil {
		return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("list the library: %w", err)}
	}
	if len(shelf.Entries) == 0 {
		em.Description = fmt.Sprintf("The library is empty, so I answer from “%s”. Moderators add articles with `/library add file:`.", def)
		return Reply{Response: message(true, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
	}
	entries := make([]string, 0, len(shelf.Entries))
	for _, e := range shelf.Entries {
		line := "**" + escape(e.Name, library.MaxNameLen) + "**"
		if e.ID == shelf.Current {
			line += " · ✅ current"
		}
		by := "the operator"
		if n := cleanText(e.AddedByName); n != "" {
			by = escape(n, 80)
		}
		line += fmt.Sprintf("\n%s\n*%s · added by %s <t:%d:d>*", escape(cleanText(e.Title), 150), formatBytes(e.Size), by, e.AddedAt.Unix())
		entries = append(entries, line)
	}
	em.Description = joinEntries(entries, "\n\n", maxEmbedDescription, "article")
	em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%s of %d · /ask article: picks one · moderators: /library use changes the current one",
		plural(len(shelf.Entries), "article"), b.lib.Quota())}
	return Reply{Response: message(true, "", []*discordgo.MessageEmbed{em}, nil), Outcome: OutcomeAnswered}
}

// nameChoices offers the names of the server's library that fit what is
// typed: names that start with it first, then names and titles that
// contain it; with nothing typed, every name (the current one first).
func (b *Bot) nameChoices(ctx context.Context, rq request) *discordgo.InteractionResponse {
	if b.lib == nil || rq.guild == "" {
		return choicesResponse(nil)
	}
	shelf, err := b.lib.List(ctx, rq.guild)
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelWarn, "autocomplete: list the library", slog.String("guild", rq.guild), slog.Any("error", err))
		return choicesResponse(nil)
	}
	typed := strings.ToLower(cleanText(rq.typed))
	slug := library.NormalizeName(typed)
	type ranked struct {
		e    library.Entry
		tier int
	}
	var fit []ranked
	for _, e := range shelf.Entries {
		tier := -1
		switch {
		case typed == "" && e.ID == shelf.Current:
			tier = 0
		case typed == "":
			tier = 1
		case slug != "" && strings.HasPrefix(e.Name, slug):
			tier = 0
		case slug != "" && strings.Contains(e.Name, slug), strings.Contains(strings.ToLower(e.Title), typed):
			tier = 1
		}
		if tier >= 0 {
			fit = append(fit, ranked{e, tier})
		}
	}
	slices.SortStableFunc(fit, func(x, y ranked) int { return cmp.Compare(x.tier, y.tier) })
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, r := range fit[:min(len(fit), maxChoices)] {
		label := clip(r.e.Name+" · "+cleanText(r.e.Title), maxChoiceName)
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: r.e.Name})
	}
	return choicesResponse(choices)
}

// formatBytes writes a size for people: "640 bytes", "20 KB", "1.5 MB".
func formatBytes(n int) string {
	switch {
	case n < 1<<10:
		return plural(n, "byte")
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".0 ", " ", 1)
}
