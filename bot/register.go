package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/bwmarrin/discordgo"
)

// Register installs cmds as the bot's slash commands by bulk overwrite
// (commands not in cmds are removed), in the guild c.GuildID or globally,
// and returns the commands as Discord stored them. It takes the application
// ID from GET /applications/@me: it needs no gateway connection, for
// deployments that answer over HTTP.
func Register(ctx context.Context, c Config, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	s, _, err := newSession(c)
	if err != nil {
		return nil, err
	}
	appID, err := applicationID(ctx, s)
	if err != nil {
		return nil, err
	}
	return register(ctx, s, appID, c.GuildID, cmds, c.logger())
}

// applicationID asks Discord for the bot's application ID.
func applicationID(ctx context.Context, s *discordgo.Session) (string, error) {
	body, err := s.Request("GET", discordgo.EndpointApplications+"/@me", nil, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("get application: %w", redactURL(err))
	}
	var app discordgo.Application
	if err := json.Unmarshal(body, &app); err != nil {
		return "", fmt.Errorf("get application: %w", err)
	}
	if !snowflake.MatchString(app.ID) {
		return "", fmt.Errorf("get application: no valid application ID in the reply")
	}
	return app.ID, nil
}

// register bulk-overwrites the commands of application appID.
func register(ctx context.Context, s *discordgo.Session, appID, guildID string, cmds []*discordgo.ApplicationCommand, log *slog.Logger) ([]*discordgo.ApplicationCommand, error) {
	if err := validateCommands(cmds); err != nil {
		return nil, fmt.Errorf("register commands: %w", err)
	}
	scope := "global"
	if guildID != "" {
		scope = "guild " + guildID
	}
	got, err := s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("register commands (%s): %w", scope, redactURL(err))
	}
	names := make([]string, len(got))
	for k, c := range got {
		names[k] = CommandLabel(c)
	}
	log.LogAttrs(ctx, slog.LevelInfo, "registered commands",
		slog.String("application_id", appID), slog.String("scope", scope), slog.Any("commands", names))
	return got, nil
}

// CommandLabel names a command as members see it: "/ask" for a slash
// command, "Ask the article" for a message command.
func CommandLabel(c *discordgo.ApplicationCommand) string {
	if c.Type == 0 || c.Type == discordgo.ChatApplicationCommand {
		return "/" + c.Name
	}
	return c.Name
}
