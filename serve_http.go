package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/articlebot/articlebot/bot"
)

// envPublicKey holds the application's public key, which Discord signs
// the requests to the interactions endpoint with.
const envPublicKey = "DISCORD_PUBLIC_KEY"

const httpEnvHelp = `Environment:
  DISCORD_PUBLIC_KEY  the application's public key (General Information → Public Key in the
                      developer portal; required): every request must carry its signature
  DISCORD_API_URL     send the REST calls that deliver a late answer (an edit of a deferred
                      response) to this origin instead of https://discord.com
No bot token is needed: a late answer is authorized by the interaction's own token.
`

// runServeHTTP answers Discord's HTTP interactions endpoint until ctx ends
// (SIGINT or SIGTERM), then finishes the requests in flight and returns nil.
func runServeHTTP(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve-http", "Usage: articlebot serve-http [--addr HOST:PORT] [--article FILE] [--synonyms FILE] [--log-level LEVEL] [--log-format FORMAT]\n\n"+
		"Answers Discord's interactions over HTTP until interrupted (SIGINT or SIGTERM): set the application's\n"+
		"Interactions Endpoint URL to https://YOUR-HOST/interactions. Also serves GET /healthz and GET /metrics.\n"+
		"It registers no commands: run \"articlebot register\" once for that.\n\n", httpEnvHelp, stderr)
	var (
		af   articleFlags
		lf   logFlags
		addr = fs.String("addr", ":8080", "listen on `HOST:PORT`")
	)
	af.register(fs)
	lf.register(fs)
	logger, err := parseDiscordFlags(fs, args, &lf, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	rawKey := getenv(envPublicKey)
	if strings.TrimSpace(rawKey) == "" {
		return fmt.Errorf("%s is not set: copy the Public Key from the General Information page of the application in the Discord developer portal", envPublicKey)
	}
	key, err := bot.ParsePublicKey(rawKey)
	if err != nil {
		return fmt.Errorf("%s: %w", envPublicKey, err)
	}
	apiURL := strings.TrimSpace(getenv(envAPIURL))
	if apiURL != "" {
		if _, err := bot.ParseAPIURL(apiURL); err != nil {
			return fmt.Errorf("%s: %w", envAPIURL, err)
		}
	}
	b, ix, err := af.newBot(ctx, getenv, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	e, err := bot.NewEndpoint(b, bot.EndpointConfig{PublicKey: key, APIURL: apiURL, Metrics: bot.NewMetrics(), Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	a := ix.Article()
	logger.LogAttrs(ctx, slog.LevelInfo, "articlebot serve-http listening",
		slog.String("addr", ln.Addr().String()), slog.String("article", a.Title), slog.String("source", a.Source),
		slog.Int("passages", len(a.Passages)), slog.Int("takeaways", len(a.Takeaways)))
	return bot.RunHTTP(ctx, ln, e, logger)
}
