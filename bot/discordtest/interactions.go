package discordtest

import "github.com/bwmarrin/discordgo"

// IDs of the guild, channel and member that the interactions built here
// come from.
const (
	GuildID   = "1500000000000000001"
	ChannelID = "1200000000000000001"
	MemberID  = "1400000000000000001"
)

// member is the guild member who uses the commands.
func member() *discordgo.Member {
	return &discordgo.Member{User: &discordgo.User{ID: MemberID, Username: "member", GlobalName: "A Member"}}
}

// AsMember returns i as used by another guild member, with the given user
// ID and name: for tests in which several members click the same button.
func AsMember(i *discordgo.Interaction, userID, name string) *discordgo.Interaction {
	i.Member = &discordgo.Member{User: &discordgo.User{ID: userID, Username: name, GlobalName: name}}
	return i
}

// Autocomplete returns the interaction Discord sends while a member types
// in an option of /name that declares autocomplete: the options typed so
// far, one of them focused (see FocusedOption).
func Autocomplete(name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := SlashCommand(name, options...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// FocusedOption is the string option a member is typing in, as an
// autocomplete interaction carries it.
func FocusedOption(name, typed string) *discordgo.ApplicationCommandInteractionDataOption {
	o := StringOption(name, typed)
	o.Focused = true
	return o
}

// MessageCommand returns the interaction of a member using the message
// command name (right-click a message → Apps) on target, as Discord sends
// it: the target's ID and the message itself in the resolved data. A
// target without an ID gets one.
func MessageCommand(name string, target *discordgo.Message) *discordgo.Interaction {
	if target.ID == "" {
		target.ID = "1800000000000000001"
	}
	if target.ChannelID == "" {
		target.ChannelID = ChannelID
	}
	return &discordgo.Interaction{
		Type:      discordgo.InteractionApplicationCommand,
		GuildID:   GuildID,
		ChannelID: ChannelID,
		Member:    member(),
		Locale:    discordgo.EnglishUS,
		Data: discordgo.ApplicationCommandInteractionData{
			ID:          "1600000000000000002",
			Name:        name,
			CommandType: discordgo.MessageApplicationCommand,
			TargetID:    target.ID,
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{
				Messages: map[string]*discordgo.Message{target.ID: target},
			},
		},
	}
}

// MenuChoice returns the interaction of a member choosing values in the
// string select menu with customID on message, as Discord sends it.
func MenuChoice(customID string, message *discordgo.Message, values ...string) *discordgo.Interaction {
	i := ButtonClick(customID, message)
	i.Data = discordgo.MessageComponentInteractionData{
		CustomID:      customID,
		ComponentType: discordgo.SelectMenuComponent,
		Values:        values,
	}
	return i
}

// SlashCommand returns the interaction of a member using /name with the
// given options in a guild channel, as Discord sends it. The ID and token
// are left empty for PushInteraction to fill in.
func SlashCommand(name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		Type:      discordgo.InteractionApplicationCommand,
		GuildID:   GuildID,
		ChannelID: ChannelID,
		Member:    member(),
		Locale:    discordgo.EnglishUS,
		Data: discordgo.ApplicationCommandInteractionData{
			ID:          "1600000000000000001",
			Name:        name,
			CommandType: discordgo.ChatApplicationCommand,
			Options:     options,
		},
	}
}

// StringOption is a string option value.
func StringOption(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

// IntegerOption is an integer option value, held as a float64 as it is
// after decoding JSON.
func IntegerOption(name string, value int) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(value)}
}

// BooleanOption is a boolean option value.
func BooleanOption(name string, value bool) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: value}
}

// ButtonClick returns the interaction of a member clicking the button with
// customID on message (the message as Discord holds it: its embeds and
// components), as Discord sends it.
func ButtonClick(customID string, message *discordgo.Message) *discordgo.Interaction {
	return &discordgo.Interaction{
		Type:      discordgo.InteractionMessageComponent,
		GuildID:   GuildID,
		ChannelID: ChannelID,
		Member:    member(),
		Locale:    discordgo.EnglishUS,
		Message:   message,
		Data: discordgo.MessageComponentInteractionData{
			CustomID:      customID,
			ComponentType: discordgo.ButtonComponent,
		},
	}
}

// Buttons returns the buttons of a message's action rows, in order, as
// decoded (pointers) or as built (values).
func Buttons(m *discordgo.Message) []discordgo.Button {
	return components[discordgo.Button](m)
}

// SelectMenus returns the select menus of a message's action rows, in
// order, as decoded (pointers) or as built (values).
func SelectMenus(m *discordgo.Message) []discordgo.SelectMenu {
	return components[discordgo.SelectMenu](m)
}

// components returns the components of type T in a message's action rows,
// in order, whether decoded (pointers) or as built (values).
func components[T any](m *discordgo.Message) []T {
	if m == nil {
		return nil
	}
	var out []T
	for _, c := range m.Components {
		var row *discordgo.ActionsRow
		switch r := c.(type) {
		case *discordgo.ActionsRow:
			row = r
		case discordgo.ActionsRow:
			row = &r
		}
		if row == nil {
			continue
		}
		for _, c := range row.Components {
			switch c := any(c).(type) {
			case *T:
				out = append(out, *c)
			case T:
				out = append(out, c)
			}
		}
	}
	return out
}
