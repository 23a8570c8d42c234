package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/index"
)

// This file renders the bot's replies: embeds for answers, passages,
// takeaways and help; short ephemeral text for notices.

// pageSize is how many excerpts an /ask answer or a "More excerpts" page
// shows.
const pageSize = 3

// maxTopics is how many topics a "not covered" reply suggests.
const maxTopics = 6

// maxFooterTitle caps the article's title in footers, well below
// maxFooterText, so that a long title leaves room for the rest of an embed.
const maxFooterTitle = 200

// maxListedTakeaway caps one takeaway's text in a list, so that one long
// takeaway cannot crowd out the others.
const maxListedTakeaway = 600

// Embed colours.
const (
	colorAnswer     = 0x5865F2 // Discord blurple: an answer
	colorNotCovered = 0xFEE75C // yellow: the article doesn't cover it
	colorArticle    = 0x57F287 // green: the article itself (passages, takeaways, help)
)

// Texts of the short notices.
const (
	msgFailed         = "⚠️ Something went wrong while answering that. Please try again in a moment."
	msgUnsupported    = "I can't answer that kind of interaction. Type `/` to see my commands, or try `/help`."
	msgUnknownCommand = "I don't know that command; it may be from an older version of me. Type `/` to see my commands, or try `/help`."
	msgStaleButton    = "This button no longer works (it may be from an older version of me). Run the command again to get a fresh one."
	msgEmptyQuestion  = "Type a question after `/ask`, for example `/ask question: What is the article's main claim?`"
	msgNoMore         = "That's everything: the article has no more excerpts for this question."
)

// ask answers /ask and "More excerpts": excerpts offset to offset+pageSize,
// the key takeaway on the first page, and buttons to read each passage and
// to see more.
func (v *view) ask(ctx context.Context, rq request) Reply {
	ans, err := v.ix.Answer(ctx, rq.question, rq.offset+pageSize+1)
	if err != nil {
		return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("answer %q: %w", cutRunes(rq.question, 80), err)}
	}
	if !ans.Answered {
		return Reply{Response: v.notCovered(rq, ans), Outcome: OutcomeNotCovered}
	}
	if rq.offset >= len(ans.Excerpts) {
		return Reply{Response: notice(msgNoMore), Outcome: OutcomeAnswered}
	}
	page := ans.Excerpts[rq.offset:]
	more := len(page) > pageSize
	page = page[:min(len(page), pageSize)]

	e := &discordgo.MessageEmbed{
		Title:  escape(rq.question, maxEmbedTitle),
		Color:  colorAnswer,
		Footer: v.footer(),
	}
	if rq.offset > 0 {
		e.Description = fmt.Sprintf("More from the article: excerpts %d to %d.", rq.offset+1, rq.offset+len(page))
	}
	if rq.kind == kindShare && rq.sharer != "" {
		// Who posted a private answer in the channel (an author name shows
		// as plain text: no markdown, no mention).
		e.Author = &discordgo.MessageEmbedAuthor{Name: clip("📣 Shared by "+rq.sharer, maxAuthorName)}
	}
	buttons := make([]discordgo.MessageComponent, 0, pageSize+2)
	for _, x := range page {
		e.Fields = append(e.Fields, v.excerptField(x, maxFieldValue))
		buttons = append(buttons, v.readButton(x.Passage))
	}
	if t := ans.Takeaway; t != nil && rq.offset == 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  fmt.Sprintf("💡 Key takeaway %d", t.Number),
			Value: withNote(t.Text, supportNote(t.Passages), maxFieldValue),
		})
	}
	if more {
		buttons = append(buttons, discordgo.Button{
			Label:    "More excerpts",
			Style:    discordgo.PrimaryButton,
			CustomID: v.buttonID(actionMore, rq.offset+len(page)),
		})
	}
	if rq.ephemeral() {
		// Only the asker sees this answer: let them post it.
		buttons = append(buttons, v.shareButton(rq.offset))
	}
	return Reply{
		Response: message(rq.ephemeral(), "", []*discordgo.MessageEmbed{e}, row(buttons...)),
		Outcome:  OutcomeAnswered,
	}
}

// notCovered is the friendly reply to a question the article doesn't
// cover: it says so, names topics it does cover, and points to /takeaways.
// When some passages use words of the question, it quotes the nearest of
// them, as not an answer, with buttons to read them: the question may be
// one the article answers in other words.
func (v *view) notCovered(rq request, ans index.Answer) *discordgo.InteractionResponse {
	var desc strings.Builder
	desc.WriteString("🤔 The article doesn't seem to cover that.")
	if len(ans.Suggestions) > 0 {
		pieces := []piece{{text: " It does talk about "}}
		shown := ans.Suggestions[:min(len(ans.Suggestions), maxTopics)]
		for k, s := range shown {
			if k > 0 {
				sep := ", "
				if k == len(shown)-1 {
					sep = " and "
				}
				pieces = append(pieces, piece{text: sep})
			}
			pieces = append(pieces, piece{text: cleanText(s), bold: true})
		}
		pieces = append(pieces, piece{text: ": try asking about one of those."})
		desc.WriteString(formatText(maxEmbedDescription/2, pieces...))
	}
	desc.WriteString("\n\nSee `/takeaways` for the article's key points, or `/passage number: 1` to read it from the start.")
	nearest := ans.Excerpts[:min(len(ans.Excerpts), pageSize)]
	if len(nearest) > 0 {
		desc.WriteString("\n\nThe nearest it comes, in passages that use some of your words (in bold), in case it says it in other words:")
	}
	e := &discordgo.MessageEmbed{
		Title:       escape(rq.question, maxEmbedTitle),
		Description: desc.String(),
		Color:       colorNotCovered,
		Footer:      v.footer(),
	}
	var buttons []discordgo.MessageComponent
	for _, x := range nearest {
		e.Fields = append(e.Fields, v.excerptField(x, maxNearestValue))
		buttons = append(buttons, v.readButton(x.Passage))
	}
	return message(rq.ephemeral(), "", []*discordgo.MessageEmbed{e}, row(buttons...))
}

// maxNearestValue caps an excerpt quoted as the nearest to a question the
// article doesn't cover: short enough that the topics, the three excerpts
// and the title always fit an embed's 6,000 characters.
const maxNearestValue = maxFieldValue / 2

// excerptField quotes an excerpt, its matched words in bold, in at most
// limit characters, under its passage's number and section.
func (v *view) excerptField(x index.Excerpt, limit int) *discordgo.MessageEmbedField {
	return &discordgo.MessageEmbedField{
		Name:  v.withSection(fmt.Sprintf("📖 Passage %d", x.Passage), x.Passage),
		Value: "> " + highlight(x, limit-len("> ")),
	}
}

// readButton opens a passage in full.
func (v *view) readButton(passage int) discordgo.Button {
	return discordgo.Button{
		Label:    fmt.Sprintf("Read passage %d", passage),
		Style:    discordgo.SecondaryButton,
		CustomID: v.buttonID(actionRead, passage),
	}
}

// takeaways lists the article's key takeaways, numbered, each with the
// passages that support it, and a menu to open the passages behind any of
// them.
func (v *view) takeaways() *discordgo.InteractionResponse {
	e := &discordgo.MessageEmbed{Title: "💡 Key takeaways", Color: colorArticle, Footer: v.footer()}
	if len(v.article.Takeaways) == 0 {
		e.Description = "This article has no list of key takeaways. Ask about it with `/ask`, or read it with `/passage number: 1`."
		return message(false, "", []*discordgo.MessageEmbed{e}, nil)
	}
	entries := make([]string, len(v.article.Takeaways))
	for k, t := range v.article.Takeaways {
		entries[k] = fmt.Sprintf("**%d.** %s", t.Number, withNote(t.Text, supportNote(v.ix.TakeawayPassages(t.Number)), maxListedTakeaway))
	}
	e.Description = joinEntries(entries, "\n\n", maxEmbedDescription, "takeaway")
	return message(false, "", []*discordgo.MessageEmbed{e}, v.takeawayMenus())
}

// takeawayMenus are the menus under /takeaways, one action row each: the
// takeaways 25 at a time (a menu's limit), as many as fit in the rows.
func (v *view) takeawayMenus() []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	all := v.article.Takeaways
	for start := 0; start < len(all) && len(rows) < maxActionRows; start += maxMenuOptions {
		chunk := all[start:min(len(all), start+maxMenuOptions)]
		placeholder := "📖 Open the passages behind a takeaway…"
		if len(all) > maxMenuOptions {
			placeholder = fmt.Sprintf("📖 Takeaways %d to %d: open the passages behind one…", chunk[0].Number, chunk[len(chunk)-1].Number)
		}
		menu := discordgo.SelectMenu{
			MenuType:    discordgo.StringSelectMenu,
			CustomID:    v.buttonID(actionTakeaway, chunk[0].Number),
			Placeholder: placeholder,
			MaxValues:   1,
		}
		for _, t := range chunk {
			opt := discordgo.SelectMenuOption{
				Label: clip(fmt.Sprintf("%d. %s", t.Number, cleanText(t.Text)), maxMenuOptionText),
				Value: strconv.Itoa(t.Number),
			}
			if note := supportNote(v.ix.TakeawayPassages(t.Number)); note != "" {
				opt.Description = clip(note, maxMenuOptionText)
			}
			menu.Options = append(menu.Options, opt)
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{menu}})
	}
	return rows
}

// chosenTakeaway reads the takeaway number chosen in a takeaway menu.
func chosenTakeaway(values []string) (int, bool) {
	if len(values) != 1 {
		return 0, false
	}
	n, ok := parseArg(values[0], maxCustomIDArg)
	return int(n), ok
}

// maxTakeawayPassages caps the passages shown under one takeaway (one row
// of "Read passage" buttons).
const maxTakeawayPassages = maxRowComponents

// takeaway opens one takeaway, for the member who chose it: its text and
// the passages behind it, in reading order, each cut to share the embed's
// room, with buttons to read each in full.
func (v *view) takeaway(rq request) *discordgo.InteractionResponse {
	t, _ := v.article.Takeaway(rq.number) // route checked the range
	e := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("💡 Key takeaway %d of %d", t.Number, len(v.article.Takeaways)),
		Description: escape(cleanText(t.Text), maxListedTakeaway),
		Color:       colorArticle,
		Footer:      v.footer(),
	}
	support := v.ix.TakeawayPassages(t.Number)
	support = support[:min(len(support), maxTakeawayPassages)] // the best ones
	slices.Sort(support)                                       // in reading order
	if len(support) == 0 {
		e.Description += "\n\n*No passage supports it closely. Ask about it with `/ask`.*"
		return message(true, "", []*discordgo.MessageEmbed{e}, nil)
	}
	var buttons []discordgo.MessageComponent
	for k, n := range support {
		p, _ := v.article.Passage(n)
		name := v.withSection(fmt.Sprintf("📖 Passage %d", n), n)
		// What is left, shared among the passages still to come.
		room := (maxEmbedsTotal - embedLen(e) - (len(support)-k)*textLen(name)) / (len(support) - k)
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: escape(p.Text, min(maxFieldValue, room))})
		buttons = append(buttons, discordgo.Button{Label: fmt.Sprintf("Read passage %d", n), Style: discordgo.SecondaryButton, CustomID: v.buttonID(actionRead, n)})
	}
	return message(true, "", []*discordgo.MessageEmbed{e}, row(buttons...))
}

// maxSectionName bounds the section named after a passage's number, so
// that the heading stays on one line.
const maxSectionName = 80

// withSection adds to a passage's heading the section passage n sits
// under, when it has one: "📖 Passage 4 · What trees do".
func (v *view) withSection(heading string, n int) string {
	if p, ok := v.article.Passage(n); ok && p.Section != "" {
		return heading + " · " + escape(p.Section, maxSectionName)
	}
	return heading
}

// passage shows one passage in full with Previous and Next buttons: a new
// message for /passage (public) and "Read passage N" (ephemeral), or the
// button's own message updated in place for Previous and Next.
func (v *view) passage(rq request) *discordgo.InteractionResponse {
	p, _ := v.article.Passage(rq.number) // route checked the range
	n, last := p.Number, len(v.article.Passages)
	e := &discordgo.MessageEmbed{
		Title:  v.withSection(fmt.Sprintf("📖 Passage %d of %d", n, last), n),
		Color:  colorArticle,
		Footer: v.footer(),
	}
	var supported []string
	for _, t := range v.article.Takeaways {
		for _, sp := range v.ix.TakeawayPassages(t.Number) {
			if sp == n {
				supported = append(supported, fmt.Sprintf("**%d.** %s", t.Number, escape(t.Text, maxListedTakeaway)))
				break
			}
		}
	}
	if len(supported) > 0 {
		name := "💡 Supports key takeaway"
		if len(supported) > 1 {
			name += "s"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: joinEntries(supported, "\n", maxFieldValue, "takeaway")})
	}
	// The passage gets the room the rest leaves, up to the description's limit.
	e.Description = escape(p.Text, min(maxEmbedDescription, maxEmbedsTotal-embedLen(e)))
	buttons := row(
		discordgo.Button{Label: "◀ Previous", Style: discordgo.SecondaryButton, CustomID: v.buttonID(actionPage, n-1), Disabled: n <= 1},
		discordgo.Button{Label: "Next ▶", Style: discordgo.SecondaryButton, CustomID: v.buttonID(actionPage, n+1), Disabled: n >= last},
	)
	if rq.update() {
		r := message(false, "", []*discordgo.MessageEmbed{e}, buttons)
		r.Type = discordgo.InteractionResponseUpdateMessage
		return r
	}
	return message(rq.ephemeral(), "", []*discordgo.MessageEmbed{e}, buttons)
}

// help explains the bot, its commands and the article it answers from, to
// the member alone; withLibrary adds the library's commands.
func (v *view) help(withLibrary bool) *discordgo.InteractionResponse {
	a := v.article
	title := escape(cleanText(a.Title), 1000)
	if v.name != "" {
		title += " (" + escape(v.name, 50) + ")"
	}
	e := &discordgo.MessageEmbed{
		Title: "📚 Ask the article",
		Description: "I answer questions about one article by quoting the passages that answer them, " +
			"so your group can check every answer against the text.\n\n" +
			"**Article:** " + title + "\n" + counts(a),
		Color: colorArticle,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "/ask question: … private: …", Value: "Ask anything about the article; suggestions appear as you type. I quote the best-matching passages with the matching words in **bold**, " +
				"and add the key takeaway that fits. Buttons open a passage in full or show more excerpts. " +
				"`private: True` shows the answer only to you, with a **Post in channel** button to share it."},
			{Name: "/takeaways", Value: "The article's key takeaways, each with the passages that support it; the menu opens them."},
			{Name: fmt.Sprintf("/passage number: 1–%d", len(a.Passages)), Value: "Read one passage in full, with Previous and Next buttons."},
			{Name: "/quiz takeaway: …", Value: "A fill-in-the-blank question from the article with four answers, for everyone in the channel. " +
				"Each click gets its own verdict, seen only by whoever clicked, with the passage that has the answer. " +
				"`takeaway:` asks about the passages behind one key takeaway."},
			{Name: "Apps → " + cmdAskMessage, Value: "Right-click (or long-press) any message, choose **Apps → " + cmdAskMessage + "**: " +
				"I answer its text as a question, only to you, with a **Post in channel** button to share the answer."},
			{Name: "/help", Value: "This message, shown only to you."},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Nothing typed in a question can ping anyone."},
	}
	if withLibrary {
		last := e.Fields[len(e.Fields)-1] // /help stays last
		e.Fields = append(e.Fields[:len(e.Fields)-1:len(e.Fields)-1],
			&discordgo.MessageEmbedField{Name: "/articles · article: …", Value: "Each server keeps a library of articles. `/articles` lists it; " +
				"`article:` on `/ask`, `/takeaways`, `/passage` and `/quiz` picks one (the current one otherwise)."},
			&discordgo.MessageEmbedField{Name: "/library add · use · remove", Value: "For moderators: add an article from a file (it becomes the current one), " +
				"choose the current article, or take one out."},
			last)
	}
	return message(true, "", []*discordgo.MessageEmbed{e}, nil)
}

// footer names the article.
func (v *view) footer() *discordgo.MessageEmbedFooter {
	return &discordgo.MessageEmbedFooter{Text: v.footerText}
}

// footerText is the footer's text for an article.
func footerText(title string) string {
	return "From “" + clip(cleanText(title), maxFooterTitle) + "”"
}

// passageRange is the notice for a passage number that doesn't exist.
func (v *view) passageRange(prefix string) string {
	last := len(v.article.Passages)
	return fmt.Sprintf("%sThis article has passages 1 to %d: try `/passage number: 1`, or `/takeaways` for an overview.", prefix, last)
}

// highlight renders an excerpt with its matched words in bold. Spans that
// are out of order, out of range or not on rune boundaries are ignored.
func highlight(x index.Excerpt, limit int) string {
	text := cleanSpacing(x.Text)
	var pieces []piece
	last := 0
	if len(text) == len(x.Text) {
		for _, s := range x.Highlights {
			if s.Start < last || s.End <= s.Start || s.End > len(text) ||
				!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
				continue
			}
			gap := text[last:s.Start]
			if n := len(pieces); n > 0 && strings.Trim(gap, " ") == "" && len(gap) <= 2 {
				// Adjacent matched words read better as one bold phrase.
				pieces[n-1].text = text[s.Start-len(gap)-len(pieces[n-1].text) : s.End]
			} else {
				pieces = append(pieces, piece{text: gap}, piece{text: text[s.Start:s.End], bold: true})
			}
			last = s.End
		}
	}
	pieces = append(pieces, piece{text: text[last:]})
	return formatText(limit, pieces...)
}

// cleanSpacing is cleanText for text whose byte offsets matter: it replaces
// white space and control characters one for one with spaces (and invalid
// UTF-8 with U+FFFD), so highlights still line up when the length is kept.
func cleanSpacing(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// withNote renders text escaped with an italic note on the line below, the
// whole at most limit long.
func withNote(text, note string, limit int) string {
	if note == "" {
		return escape(cleanText(text), limit)
	}
	note = "\n*" + note + "*"
	return escape(cleanText(text), limit-textLen(note)) + note
}

// supportNote says which passages support a takeaway, in reading order:
// "Passage 6", "Passages 5 and 6", "Passages 1, 4 and 5".
func supportNote(passages []int) string {
	switch len(passages) {
	case 0:
		return ""
	case 1:
		return "Passage " + strconv.Itoa(passages[0])
	}
	sorted := slices.Sorted(slices.Values(passages)) // in reading order
	nums := make([]string, len(sorted))
	for k, p := range sorted {
		nums[k] = strconv.Itoa(p)
	}
	return "Passages " + strings.Join(nums[:len(nums)-1], ", ") + " and " + nums[len(nums)-1]
}

// joinEntries joins whole entries with sep, at most limit long; entries
// that do not fit are counted in a last line ("…and 3 more takeaways").
func joinEntries(entries []string, sep string, limit int, noun string) string {
	rest := func(n int) string { return fmt.Sprintf("*…and %d more %s*", n, pluralNoun(n, noun)) }
	var b strings.Builder
	used := 0
	for k, e := range entries {
		if k > 0 {
			e = sep + e
		}
		// Room for this entry and, if more follow, for the line counting them.
		need := used + textLen(e)
		if left := len(entries) - k - 1; left > 0 {
			need += textLen(sep + rest(left))
		}
		if need > limit {
			if k > 0 {
				b.WriteString(sep)
			}
			b.WriteString(rest(len(entries) - k))
			return b.String()
		}
		b.WriteString(e)
		used += textLen(e)
	}
	return b.String()
}

func pluralNoun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

func plural(n int, noun string) string {
	return strconv.Itoa(n) + " " + pluralNoun(n, noun)
}

// notice is a short ephemeral text reply.
func notice(text string) *discordgo.InteractionResponse {
	return message(true, clip(text, maxContent), nil, nil)
}

// message is a reply with a new message; mentions are never parsed.
func message(ephemeral bool, content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) *discordgo.InteractionResponse {
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         content,
			Embeds:          embeds,
			Components:      components,
			AllowedMentions: noMentions(),
			Flags:           flags(ephemeral),
		},
	}
}

// row puts buttons in one action row; no buttons, no row.
func row(buttons ...discordgo.MessageComponent) []discordgo.MessageComponent {
	if len(buttons) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

func flags(ephemeral bool) discordgo.MessageFlags {
	if ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// noMentions is allowed_mentions with an empty parse list: nothing in the
// message pings anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
