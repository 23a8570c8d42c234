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
  DISCORD_CDN_URL     also download attachments from this origin, besides https://cdn.discordapp.com
                      and https://media.discordapp.net (a CDN proxy, or a test)
  ARTICLEBOT_DATABASE the default of --database (keeps a password off the command line)
No bot token is needed: a late answer is authorized by the interaction's own token.
`

// runServeHTTP answers Discord's HTTP interactions endpoint until ctx ends
// (SIGINT or SIGTERM), then finishes the requests in flight and returns nil.
func runServeHTTP(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve-http", "Usage: articlebot serve-http [--addr HOST:PORT] [--data DIR | --database URL] [--max-article-bytes BYTES]\n"+
		"                             [--library-quota N] [--index-cache N] [--article FILE] [--synonyms FILE]\n"+
		"                             [--log-level LEVEL] [--log-format FORMAT]\n\n"+
		"Answers Discord's interactions over HTTP until interrupted (SIGINT or SIGTERM): set the application's\n"+
		"Interactions Endpoint URL to https://YOUR-HOST/interactions. Also serves GET /healthz and GET /metrics.\n"+
		"It registers no commands: run \"articlebot register\" once for that. Replicas behind a load balancer\n"+
		"share one library with --database postgres://….\n\n", httpEnvHelp, stderr)
	var (
		af   articleFlags
		libf libraryFlags
		lf   logFlags
		addr = fs.String("addr", ":8080", "listen on `HOST:PORT`")
	)
	af.register(fs)
	libf.register(fs, getenv)
	lf.register(fs)
	logger, err := parseDiscordFlags(fs, args, &lf, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := libf.check(); err != nil {
		fmt.Fprintf(stderr, "articlebot serve-http: %v\n", err)
		return errUsage
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
	b, ix, closeLib, storeAttrs, err := newBot(ctx, &af, &libf, getenv, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	defer closeLib()
	e, err := bot.NewEndpoint(b, bot.EndpointConfig{PublicKey: key, APIURL: apiURL, Metrics: bot.NewMetrics(), Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	a := ix.Article()
	logger.LogAttrs(ctx, slog.LevelInfo, "articlebot serve-http listening", append([]slog.Attr{
		slog.String("addr", ln.Addr().String()), slog.String("article", a.Title), slog.String("source", a.Source),
		slog.Int("passages", len(a.Passages)), slog.Int("takeaways", len(a.Takeaways))}, storeAttrs...)...)
	return bot.RunHTTP(ctx, ln, e, logger)
}
