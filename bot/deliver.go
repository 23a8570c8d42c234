package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
)

// This file holds what both transports do around the core: calling it
// safely, and delivering an answer that came too late for the interaction's
// response.

// handleSafely calls h.Handle, turning a panic or a missing response into a
// failure reply, logged.
func handleSafely(ctx context.Context, h Handler, i *discordgo.Interaction, log *slog.Logger) (reply Reply) {
	defer func() {
		if v := recover(); v != nil {
			log.LogAttrs(ctx, slog.LevelError, "interaction failed", slog.String("interaction_id", interactionID(i)),
				slog.Any("error", fmt.Errorf("panic: %v", v)), slog.String("stack", string(debug.Stack())))
			reply = Reply{Response: notice(msgFailed), Command: "unknown", Outcome: OutcomeFailed}
		}
	}()
	reply = h.Handle(ctx, i)
	if reply.Response == nil {
		log.LogAttrs(ctx, slog.LevelError, "interaction failed", slog.String("interaction_id", interactionID(i)),
			slog.String("error", "handler returned no response"))
		reply = Reply{Response: notice(msgFailed), Command: reply.Command, Outcome: OutcomeFailed}
	}
	return reply
}

// deferAfter is how long a transport lets h work on i before it sends the
// deferral: at once when h says the interaction is slow (Bot.Slow: a
// download, a parse and an index build, which may take longer than
// Discord's 3 seconds), after wait otherwise.
func deferAfter(h Handler, i *discordgo.Interaction, wait time.Duration) time.Duration {
	if s, ok := h.(interface {
		Slow(*discordgo.Interaction) bool
	}); ok && slowSafely(s, i) {
		return 0
	}
	return wait
}

// slowSafely asks s.Slow, taking a panic for no.
func slowSafely(s interface {
	Slow(*discordgo.Interaction) bool
}, i *discordgo.Interaction) (slow bool) {
	defer func() {
		if recover() != nil {
			slow = false
		}
	}()
	return s.Slow(i)
}

// deferralSafely calls h.Deferral, turning a panic into an error.
func deferralSafely(h Handler, i *discordgo.Interaction) (d *discordgo.InteractionResponse, err error) {
	defer func() {
		if v := recover(); v != nil {
			d, err = nil, fmt.Errorf("panic in deferral: %v", v)
		}
	}()
	return h.Deferral(i), nil
}

// newWebhookSession returns a discordgo session for the interaction
// webhooks alone (editing a deferred response, follow-ups): those endpoints
// are authorized by the interaction's token, so the session has no bot
// token. apiURL is as Config.APIURL.
func newWebhookSession(apiURL string) (*discordgo.Session, error) {
	client, err := newHTTPClient(apiURL)
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("")
	if err != nil {
		return nil, fmt.Errorf("new discord session: %w", err)
	}
	s.Client = client
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError
	return s, nil
}

// deliverLate sends the answer to an interaction acknowledged with
// deferral, through s: an edit of the original response, or, when the
// answer's visibility differs from the deferral's (an error, which is
// ephemeral, after a public "thinking…"), a follow-up message and the
// deletion of the original. The webhook endpoints it uses are authorized by
// the interaction's token and need i.AppID.
func deliverLate(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, deferral, resp *discordgo.InteractionResponse) error {
	d := resp.Data
	if d == nil {
		return fmt.Errorf("late %d response has no message to deliver", resp.Type)
	}
	if i.AppID == "" || i.Token == "" {
		return fmt.Errorf("late response: the interaction has no application ID or token to deliver it with")
	}
	opts := discordgo.WithContext(ctx)
	ephemeral := d.Flags&discordgo.MessageFlagsEphemeral != 0
	deferredEphemeral := deferral.Data != nil && deferral.Data.Flags&discordgo.MessageFlagsEphemeral != 0
	if deferral.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource && ephemeral != deferredEphemeral {
		_, err := s.FollowupMessageCreate(i, false, &discordgo.WebhookParams{
			Content:         d.Content,
			Embeds:          d.Embeds,
			Components:      d.Components,
			AllowedMentions: d.AllowedMentions,
			Flags:           d.Flags,
		}, opts)
		if err != nil {
			return fmt.Errorf("follow-up message: %w", redactURL(err))
		}
		if err := s.InteractionResponseDelete(i, opts); err != nil {
			return fmt.Errorf("delete deferred response: %w", redactURL(err))
		}
		return nil
	}
	content, embeds, components := d.Content, d.Embeds, d.Components
	_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &components,
		AllowedMentions: d.AllowedMentions,
	}, opts)
	if err != nil {
		return fmt.Errorf("edit deferred response: %w", redactURL(err))
	}
	return nil
}
