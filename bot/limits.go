package bot

import (
	"errors"
	"fmt"
	"regexp"
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

	maxCommandName        = 32   // application command and option names
	maxCommandDescription = 100  // application command and option descriptions
	maxCommandOptions     = 25   // options of one command
	maxStringOption       = 6000 // max_length of a string option
	maxChoices            = 25   // autocomplete choices
)

// textLen is the length of s as Discord counts it against its limits.
// Discord's documentation says "characters"; its API counts Unicode code
// points and its clients count UTF-16 code units. Counting UTF-16 code units
// is the stricter of the two (a rune outside the Basic Multilingual Plane is
// two), so a text within a limit by this count is within it by both.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD, one unit, as it is sent
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
		if d != nil && len(d.Choices) > maxChoices {
			return fmt.Errorf("%d choices %w of %d", len(d.Choices), errLimit, maxChoices)
		}
		return nil
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
	add := func(what, s string, limit int) error {
		total += textLen(s)
		return checkLen(what, s, limit)
	}
	if err := add("title", e.Title, maxEmbedTitle); err != nil {
		return 0, err
	}
	if err := add("description", e.Description, maxEmbedDescription); err != nil {
		return 0, err
	}
	if len(e.Fields) > maxEmbedFields {
		return 0, fmt.Errorf("%d fields %w of %d", len(e.Fields), errLimit, maxEmbedFields)
	}
	for i, f := range e.Fields {
		if f == nil || f.Name == "" || f.Value == "" {
			return 0, fmt.Errorf("field %d needs a name and a value", i)
		}
		if err := add(fmt.Sprintf("field %d name", i), f.Name, maxFieldName); err != nil {
			return 0, err
		}
		if err := add(fmt.Sprintf("field %d value", i), f.Value, maxFieldValue); err != nil {
			return 0, err
		}
	}
	if e.Footer != nil {
		if err := add("footer", e.Footer.Text, maxFooterText); err != nil {
			return 0, err
		}
	}
	if e.Author != nil {
		if err := add("author", e.Author.Name, maxAuthorName); err != nil {
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

func checkLen(what, s string, limit int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", what)
	}
	if n := textLen(s); n > limit {
		return fmt.Errorf("%s length %d %w of %d", what, n, errLimit, limit)
	}
	return nil
}

// commandName is what Discord accepts as a command or option name (lower
// case for chat-input commands).
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// validateCommands checks command definitions against Discord's rules for
// chat-input commands.
func validateCommands(cmds []*discordgo.ApplicationCommand) error {
	names := map[string]bool{}
	for _, c := range cmds {
		if !commandName.MatchString(c.Name) || textLen(c.Name) > maxCommandName {
			return fmt.Errorf("command name %q is not valid", c.Name)
		}
		if names[c.Name] {
			return fmt.Errorf("command %q defined twice", c.Name)
		}
		names[c.Name] = true
		if n := textLen(c.Description); n < 1 || n > maxCommandDescription {
			return fmt.Errorf("command %q description length %d, want 1 to %d", c.Name, n, maxCommandDescription)
		}
		if len(c.Options) > maxCommandOptions {
			return fmt.Errorf("command %q has %d options %w of %d", c.Name, len(c.Options), errLimit, maxCommandOptions)
		}
		optional := false
		for _, o := range c.Options {
			if !commandName.MatchString(o.Name) {
				return fmt.Errorf("command %q option name %q is not valid", c.Name, o.Name)
			}
			if n := textLen(o.Description); n < 1 || n > maxCommandDescription {
				return fmt.Errorf("command %q option %q description length %d, want 1 to %d", c.Name, o.Name, n, maxCommandDescription)
			}
			if o.Required && optional {
				return fmt.Errorf("command %q: required option %q after an optional one", c.Name, o.Name)
			}
			optional = optional || !o.Required
			if o.MaxLength > maxStringOption {
				return fmt.Errorf("command %q option %q max_length %d %w of %d", c.Name, o.Name, o.MaxLength, errLimit, maxStringOption)
			}
			if o.MinValue != nil && o.MaxValue < *o.MinValue {
				return fmt.Errorf("command %q option %q: max_value %v below min_value %v", c.Name, o.Name, o.MaxValue, *o.MinValue)
			}
		}
	}
	return nil
}
