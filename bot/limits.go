package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits on what a bot sends, from the API reference (message
// resource, embed limits, message components, application commands). Every
// reply the core builds is checked against them by validateResponse before it
// leaves the core, and by tests over many questions.
const (
	maxContent          = 2000 // message content
	maxEmbeds           = 10   // embeds in one message
	maxEmbedTitle       = 256  // embed title
	maxEmbedDescription = 4096 // embed description
	maxEmbedFields      = 25   // fields in one embed
	maxFieldName        = 256  // embed field name
	maxFieldValue       = 1024 // embed field value
	maxFooterText       = 2048 // embed footer text
	maxAuthorName       = 256  // embed author name
	maxEmbedsTotal      = 6000 // title, description, field names and values, footer and author of all embeds together
	maxActionRows       = 5    // action rows in one message
	maxRowComponents    = 5    // buttons in one action row
	maxButtonLabel      = 80   // button label
	maxCustomID         = 100  // component custom_id
	maxMenuOptions      = 25   // options of a select menu
	maxMenuOptionText   = 100  // a menu option's label, value and description
	maxMenuPlaceholder  = 150  // a select menu's placeholder

	maxCommandName        = 32   // application command and option names
	maxCommandDescription = 100  // application command and option descriptions
	maxCommandOptions     = 25   // options of one command
	maxStringOption       = 6000 // max_length of a string option
	maxChoices            = 25   // autocomplete choices
	maxChoiceName         = 100  // an autocomplete choice's name
	maxChoiceValue        = 100  // an autocomplete choice's string value
)

// textLen is the length of s as Discord counts it against its limits.
// Discord's documentation says "characters"; its API counts Unicode code
// points and its clients count UTF-16 code units. Counting UTF-16 code units
// is the stricter of the two (a rune outside the Basic Multilingual Plane is
// two), so a text within a limit by this count is within it by both.
func textLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD, one unit, as it is sent
		i += size
	}
	return n
}

// errLimit is wrapped by every limit violation validateResponse reports.
var errLimit = errors.New("exceeds a Discord limit")

// validateResponse checks a response against Discord's limits and the
// house rules every reply follows (allowed_mentions with an empty parse
// list). It returns the first violation.
func validateResponse(r *discordgo.InteractionResponse) error {
	if r == nil {
		return errors.New("nil response")
	}
	d := r.Data
	switch r.Type {
	case discordgo.InteractionResponsePong, discordgo.InteractionResponseDeferredMessageUpdate:
		return nil
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if d == nil {
			return errors.New("autocomplete result without data")
		}
		return checkChoices(d.Choices)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		return nil
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
	default:
		return fmt.Errorf("unexpected response type %d", r.Type)
	}
	if d == nil {
		return errors.New("message response without data")
	}
	return validateMessage(d.Content, d.Embeds, d.Components, d.AllowedMentions)
}

// validateMessage checks the parts of a message against Discord's limits.
func validateMessage(content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent, am *discordgo.MessageAllowedMentions) error {
	if am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Users) != 0 || len(am.Roles) != 0 || am.RepliedUser {
		return errors.New("allowed_mentions must be set with an empty parse list")
	}
	if content == "" && len(embeds) == 0 {
		return errors.New("message has neither content nor embeds")
	}
	if err := checkLen("content", content, maxContent); err != nil {
		return err
	}
	if len(embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds %w of %d", len(embeds), errLimit, maxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		if e == nil {
			return fmt.Errorf("embed %d is nil", i)
		}
		n, err := checkEmbed(e)
		if err != nil {
			return fmt.Errorf("embed %d: %w", i, err)
		}
		total += n
	}
	if total > maxEmbedsTotal {
		return fmt.Errorf("embeds total %d %w of %d", total, errLimit, maxEmbedsTotal)
	}
	return checkComponents(components)
}

// checkEmbed checks one embed and returns the length it counts towards
// maxEmbedsTotal.
func checkEmbed(e *discordgo.MessageEmbed) (int, error) {
	total := 0
	// field is the field's index, or -1 for the embed's own texts; the
	// field's label is only formatted for an error.
	add := func(what string, field int, s string, limit int) error {
		n, err := measure(s, limit)
		total += n
		switch {
		case err == nil:
			return nil
		case field >= 0:
			return fmt.Errorf("field %d %s %w", field, what, err)
		}
		return fmt.Errorf("%s %w", what, err)
	}
	if err := add("title", -1, e.Title, maxEmbedTitle); err != nil {
		return 0, err
	}
	if err := add("description", -1, e.Description, maxEmbedDescription); err != nil {
		return 0, err
	}
	if len(e.Fields) > maxEmbedFields {
		return 0, fmt.Errorf("%d fields %w of %d", len(e.Fields), errLimit, maxEmbedFields)
	}
	for i, f := range e.Fields {
		if f == nil || f.Name == "" || f.Value == "" {
			return 0, fmt.Errorf("field %d needs a name and a value", i)
		}
		if err := add("name", i, f.Name, maxFieldName); err != nil {
			return 0, err
		}
		if err := add("value", i, f.Value, maxFieldValue); err != nil {
			return 0, err
		}
	}
	if e.Footer != nil {
		if err := add("footer", -1, e.Footer.Text, maxFooterText); err != nil {
			return 0, err
		}
	}
	if e.Author != nil {
		if err := add("author", -1, e.Author.Name, maxAuthorName); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// embedLen is the length an embed counts towards maxEmbedsTotal.
func embedLen(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

// checkChoices checks autocomplete choices: at most maxChoices, each with
// a name and a string value of 1 to 100 characters, no value twice.
func checkChoices(choices []*discordgo.ApplicationCommandOptionChoice) error {
	if choices == nil {
		return errors.New("autocomplete choices must be a list, not null")
	}
	if len(choices) > maxChoices {
		return fmt.Errorf("%d choices %w of %d", len(choices), errLimit, maxChoices)
	}
	seen := map[string]bool{}
	for i, c := range choices {
		if c == nil {
			return fmt.Errorf("choice %d is nil", i)
		}
		v, ok := c.Value.(string)
		if !ok {
			return fmt.Errorf("choice %d value is %T, not a string", i, c.Value)
		}
		if c.Name == "" || v == "" {
			return fmt.Errorf("choice %d needs a name and a value", i)
		}
		if _, err := measure(c.Name, maxChoiceName); err != nil {
			return fmt.Errorf("choice %d name %w", i, err)
		}
		if _, err := measure(v, maxChoiceValue); err != nil {
			return fmt.Errorf("choice %d value %w", i, err)
		}
		if seen[v] {
			return fmt.Errorf("choice value %q offered twice", v)
		}
		seen[v] = true
	}
	return nil
}

func checkComponents(rows []discordgo.MessageComponent) error {
	if len(rows) > maxActionRows {
		return fmt.Errorf("%d action rows %w of %d", len(rows), errLimit, maxActionRows)
	}
	seen := map[string]bool{}
	for i, c := range rows {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			if p, isPtr := c.(*discordgo.ActionsRow); isPtr && p != nil {
				row, ok = *p, true
			}
		}
		if !ok {
			return fmt.Errorf("component %d is %T, not an action row", i, c)
		}
		if len(row.Components) == 0 || len(row.Components) > maxRowComponents {
			return fmt.Errorf("action row %d has %d components, want 1 to %d", i, len(row.Components), maxRowComponents)
		}
		if menu, ok := asSelectMenu(row.Components[0]); ok {
			if len(row.Components) != 1 {
				return fmt.Errorf("action row %d has a select menu and %d other components", i, len(row.Components)-1)
			}
			if err := checkSelectMenu(menu, seen); err != nil {
				return fmt.Errorf("action row %d: %w", i, err)
			}
			continue
		}
		for j, c := range row.Components {
			b, ok := c.(discordgo.Button)
			if p, isPtr := c.(*discordgo.Button); isPtr && p != nil {
				b, ok = *p, true
			}
			if !ok {
				return fmt.Errorf("row %d component %d is %T, not a button", i, j, c)
			}
			if b.Label == "" && b.Emoji == nil {
				return fmt.Errorf("row %d button %d has neither label nor emoji", i, j)
			}
			if err := checkLen("button label", b.Label, maxButtonLabel); err != nil {
				return err
			}
			if b.Style == discordgo.LinkButton {
				continue
			}
			if b.CustomID == "" || len(b.CustomID) > maxCustomID {
				// custom_id is ASCII by construction; bytes are characters.
				return fmt.Errorf("button %q custom_id %q: length %d, want 1 to %d", b.Label, b.CustomID, len(b.CustomID), maxCustomID)
			}
			if seen[b.CustomID] {
				return fmt.Errorf("custom_id %q used twice in one message", b.CustomID)
			}
			seen[b.CustomID] = true
		}
	}
	return nil
}

// asSelectMenu returns c as a select menu, built (a value) or decoded (a
// pointer).
func asSelectMenu(c discordgo.MessageComponent) (discordgo.SelectMenu, bool) {
	switch m := c.(type) {
	case discordgo.SelectMenu:
		return m, true
	case *discordgo.SelectMenu:
		if m != nil {
			return *m, true
		}
	}
	return discordgo.SelectMenu{}, false
}

// checkSelectMenu checks a string select menu: its custom_id (unique in the
// message), placeholder, and 1 to 25 options with distinct values.
func checkSelectMenu(m discordgo.SelectMenu, seen map[string]bool) error {
	if m.CustomID == "" || len(m.CustomID) > maxCustomID {
		return fmt.Errorf("select menu custom_id %q: length %d, want 1 to %d", m.CustomID, len(m.CustomID), maxCustomID)
	}
	if seen[m.CustomID] {
		return fmt.Errorf("custom_id %q used twice in one message", m.CustomID)
	}
	seen[m.CustomID] = true
	if err := checkLen("select menu placeholder", m.Placeholder, maxMenuPlaceholder); err != nil {
		return err
	}
	if len(m.Options) == 0 || len(m.Options) > maxMenuOptions {
		return fmt.Errorf("select menu %q has %d options, want 1 to %d", m.CustomID, len(m.Options), maxMenuOptions)
	}
	if m.MaxValues > len(m.Options) {
		return fmt.Errorf("select menu %q max_values %d exceeds its %d options", m.CustomID, m.MaxValues, len(m.Options))
	}
	values := map[string]bool{}
	for k, o := range m.Options {
		if o.Label == "" || o.Value == "" {
			return fmt.Errorf("select menu %q option %d needs a label and a value", m.CustomID, k)
		}
		for _, t := range [...]struct{ what, s string }{{"label", o.Label}, {"value", o.Value}, {"description", o.Description}} {
			if _, err := measure(t.s, maxMenuOptionText); err != nil {
				return fmt.Errorf("select menu %q option %d %s %w", m.CustomID, k, t.what, err)
			}
		}
		if values[o.Value] {
			return fmt.Errorf("select menu %q offers value %q twice", m.CustomID, o.Value)
		}
		values[o.Value] = true
	}
	return nil
}

func checkLen(what, s string, limit int) error {
	if _, err := measure(s, limit); err != nil {
		return fmt.Errorf("%s %w", what, err)
	}
	return nil
}

// measure returns the length of s as Discord counts it, and an error, to
// follow the text's name, when s is not valid UTF-8 or is longer than limit.
func measure(s string, limit int) (int, error) {
	n := textLen(s)
	if !utf8.ValidString(s) {
		return n, errors.New("is not valid UTF-8")
	}
	if n > limit {
		return n, fmt.Errorf("length %d %w of %d", n, errLimit, limit)
	}
	return n, nil
}

// commandName is what Discord accepts as a command or option name (lower
// case for chat-input commands).
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// validateCommands checks command definitions against Discord's rules: for
// chat-input commands (type 1, or 0 for the default), a lower-case name, a
// description and valid options; for user and message commands (types 2 and
// 3), a name of 1 to 32 characters, which may have capitals and spaces, and
// neither description nor options.
func validateCommands(cmds []*discordgo.ApplicationCommand) error {
	names := map[string]bool{}
	for _, c := range cmds {
		key := fmt.Sprintf("%d/%s", max(c.Type, discordgo.ChatApplicationCommand), c.Name)
		if names[key] {
			return fmt.Errorf("command %q defined twice", c.Name)
		}
		names[key] = true
		switch c.Type {
		case 0, discordgo.ChatApplicationCommand:
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			if n := textLen(c.Name); n < 1 || n > maxCommandName || strings.TrimSpace(c.Name) != c.Name {
				return fmt.Errorf("command name %q is not valid", c.Name)
			}
			if c.Description != "" || len(c.Options) > 0 {
				return fmt.Errorf("command %q: a user or message command has no description or options", c.Name)
			}
			continue
		default:
			return fmt.Errorf("command %q has unknown type %d", c.Name, c.Type)
		}
		if !commandName.MatchString(c.Name) || textLen(c.Name) > maxCommandName {
			return fmt.Errorf("command name %q is not valid", c.Name)
		}
		if n := textLen(c.Description); n < 1 || n > maxCommandDescription {
			return fmt.Errorf("command %q description length %d, want 1 to %d", c.Name, n, maxCommandDescription)
		}
		if err := checkOptions(c.Name, c.Options); err != nil {
			return err
		}
	}
	return nil
}

// checkOptions checks the options of a command, or of one of its
// subcommands: names, descriptions, required before optional, lengths and
// ranges; a subcommand's own options are checked the same way, and a
// command with subcommands has nothing else.
func checkOptions(cmd string, opts []*discordgo.ApplicationCommandOption) error {
	if len(opts) > maxCommandOptions {
		return fmt.Errorf("command %q has %d options %w of %d", cmd, len(opts), errLimit, maxCommandOptions)
	}
	optional, subs := false, 0
	for _, o := range opts {
		if !commandName.MatchString(o.Name) {
			return fmt.Errorf("command %q option name %q is not valid", cmd, o.Name)
		}
		if n := textLen(o.Description); n < 1 || n > maxCommandDescription {
			return fmt.Errorf("command %q option %q description length %d, want 1 to %d", cmd, o.Name, n, maxCommandDescription)
		}
		if o.Type == discordgo.ApplicationCommandOptionSubCommand {
			subs++
			if o.Required {
				return fmt.Errorf("command %q: subcommand %q cannot be required", cmd, o.Name)
			}
			if err := checkOptions(cmd+" "+o.Name, o.Options); err != nil {
				return err
			}
			continue
		}
		if o.Required && optional {
			return fmt.Errorf("command %q: required option %q after an optional one", cmd, o.Name)
		}
		optional = optional || !o.Required
		if o.MaxLength > maxStringOption {
			return fmt.Errorf("command %q option %q max_length %d %w of %d", cmd, o.Name, o.MaxLength, errLimit, maxStringOption)
		}
		if o.MinValue != nil && o.MaxValue < *o.MinValue {
			return fmt.Errorf("command %q option %q: max_value %v below min_value %v", cmd, o.Name, o.MaxValue, *o.MinValue)
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			return fmt.Errorf("command %q option %q: autocomplete with fixed choices", cmd, o.Name)
		}
	}
	if subs > 0 && subs != len(opts) {
		return fmt.Errorf("command %q mixes subcommands and options", cmd)
	}
	return nil
}
