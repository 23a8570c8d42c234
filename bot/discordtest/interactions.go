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
	if m == nil {
		return nil
	}
	var out []discordgo.Button
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
		for _, b := range row.Components {
			switch b := b.(type) {
			case *discordgo.Button:
				out = append(out, *b)
			case discordgo.Button:
				out = append(out, b)
			}
		}
	}
	return out
}
