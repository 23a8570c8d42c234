package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/index"
)

// The Discord settings come from the environment only, so that the token
// never appears in a command line or a shell history.
const (
	envToken   = "DISCORD_TOKEN"
	envGuildID = "DISCORD_GUILD_ID"
	envAPIURL  = "DISCORD_API_URL"
)

const discordEnvHelp = `Environment:
  DISCORD_TOKEN      the bot's token from the developer portal (required), with or without "Bot "
  DISCORD_GUILD_ID   register the commands in this one server, where changes show at once,
                     instead of globally
  DISCORD_API_URL    send every REST call to this origin (e.g. http://127.0.0.1:8080) instead of
                     https://discord.com, for a REST proxy or a test; the gateway is what its
                     GET /api/v9/gateway returns
  DISCORD_CDN_URL    also download attachments from this origin, besides https://cdn.discordapp.com
                     and https://media.discordapp.net (a CDN proxy, or a test)
  ARTICLEBOT_DATABASE the default of --database (keeps a password off the command line)
`

// runServe runs the bot on Discord's gateway until ctx ends (SIGINT or
// SIGTERM), then finishes the interactions in flight and returns nil.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "Usage: articlebot serve [--no-register] [--metrics-addr HOST:PORT] [--shard-id ID --shard-count NUMBER]\n"+
		"                        [--data DIR | --database URL] [--max-article-bytes BYTES] [--library-quota N] [--index-cache N]\n"+
		"                        [--article FILE] [--synonyms FILE] [--log-level LEVEL] [--log-format FORMAT]\n\n"+
		"Runs the Discord bot on the gateway until interrupted (SIGINT or SIGTERM). At start it registers\n"+
		"its slash commands by bulk overwrite, unless --no-register or it is a shard other than 0.\n"+
		"Each server's library is kept in --data (or --database); --article is the default article,\n"+
		"answered in DMs and in servers with an empty library.\n\n", discordEnvHelp, stderr)
	var (
		af          articleFlags
		libf        libraryFlags
		lf          logFlags
		noRegister  = fs.Bool("no-register", false, "do not register the slash commands at start (run \"articlebot register\" instead)")
		metricsAddr = fs.String("metrics-addr", "", "serve GET /metrics and GET /healthz on `HOST:PORT` (default: not served)")
		shardID     = fs.Int("shard-id", 0, "this process's shard `ID`, 0 to shard-count-1; only shard 0 registers the commands")
		shardCount  = fs.Int("shard-count", 1, "the `NUMBER` of shards the bot runs as (Discord requires sharding past 2,500 servers)")
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
		fmt.Fprintf(stderr, "articlebot serve: %v\n", err)
		return errUsage
	}
	if err := bot.CheckShard(*shardID, *shardCount); err != nil || *shardCount < 1 {
		fmt.Fprintf(stderr, "articlebot serve: --shard-id %d --shard-count %d: want 0 <= shard-id < shard-count\n", *shardID, *shardCount)
		return errUsage
	}
	cfg, err := discordConfig(getenv, logger)
	if err != nil {
		return err
	}
	b, ix, closeLib, storeAttrs, err := newBot(ctx, &af, &libf, getenv, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	defer closeLib()
	sc := bot.ServeConfig{Config: cfg, ShardID: *shardID, ShardCount: *shardCount, Metrics: bot.NewMetrics()}
	// Every shard would install the same commands: shard 0 does it.
	register := !*noRegister && *shardID == 0
	if register {
		sc.Commands = b.Commands()
	}
	if *metricsAddr != "" {
		stop, err := serveOps(ctx, *metricsAddr, bot.OpsHandler(sc.Metrics, b), logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	a := ix.Article()
	logger.LogAttrs(ctx, slog.LevelInfo, "articlebot serve starting", append([]slog.Attr{
		slog.String("article", a.Title), slog.String("source", a.Source),
		slog.Int("passages", len(a.Passages)), slog.Int("takeaways", len(a.Takeaways)),
		slog.Bool("register", register), slog.Int("shard_id", *shardID), slog.Int("shard_count", *shardCount)}, storeAttrs...)...)
	return bot.Serve(ctx, b, sc)
}

// serveOps serves h (metrics and health) on addr until ctx ends or stop is
// called; stop waits for the server to finish.
func serveOps(ctx context.Context, addr string, h http.Handler, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "serving metrics and health", slog.String("addr", ln.Addr().String()))
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := bot.RunHTTP(ctx, ln, h, logger); err != nil {
			logger.LogAttrs(ctx, slog.LevelError, "metrics server failed", slog.Any("error", err))
		}
	}()
	return func() {
		cancel()
		<-done
	}, nil
}

// runRegister registers the slash commands by bulk overwrite and exits, for
// deployments that do not run the gateway (the HTTP interactions endpoint).
func runRegister(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("register", "Usage: articlebot register [--article FILE] [--log-level LEVEL] [--log-format FORMAT]\n\n"+
		"Registers the commands (/ask, /takeaways, /passage, /quiz, /help, \"Ask the article\") by bulk overwrite, globally or in\n"+
		"DISCORD_GUILD_ID, and exits. /passage declares the article's passage range, so register again\n"+
		"with the same --article after changing the article.\n\n", discordEnvHelp, stderr)
	var lf logFlags
	article := fs.String("article", "", "declare the passage range of the article in `FILE` instead of the bundled one")
	lf.register(fs)
	logger, err := parseDiscordFlags(fs, args, &lf, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg, err := discordConfig(getenv, logger)
	if err != nil {
		return err
	}
	a, err := loadArticle(*article)
	if err != nil {
		return err
	}
	cmds, err := bot.Register(ctx, cfg, bot.Commands(a))
	if err != nil {
		return err
	}
	names := make([]string, len(cmds))
	for k, c := range cmds {
		names[k] = bot.CommandLabel(c)
	}
	scope := "globally (Discord clients can take a while to show changes)"
	if cfg.GuildID != "" {
		scope = "in server " + cfg.GuildID
	}
	fmt.Fprintf(stdout, "Registered %d commands %s: %s\n", len(cmds), scope, strings.Join(names, ", "))
	return nil
}

// parseDiscordFlags parses a Discord subcommand's flags and returns its
// logger; flag.ErrHelp after --help; or errUsage after saying what is wrong.
func parseDiscordFlags(fs *flag.FlagSet, args []string, lf *logFlags, stderr io.Writer) (*slog.Logger, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "articlebot %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return nil, errUsage
	}
	logger, err := lf.logger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "articlebot %s: %v\n", fs.Name(), err)
		return nil, errUsage
	}
	// discordgo reports its own errors through the standard log package;
	// making this logger the default routes them through it too.
	slog.SetDefault(logger)
	return logger, nil
}

// discordConfig reads the Discord settings from the environment.
func discordConfig(getenv func(string) string, logger *slog.Logger) (bot.Config, error) {
	raw := getenv(envToken)
	if strings.TrimSpace(raw) == "" {
		return bot.Config{}, fmt.Errorf("%s is not set: copy the bot's token from the Bot page of the application in the Discord developer portal", envToken)
	}
	tok, err := bot.ParseToken(raw)
	if err != nil {
		return bot.Config{}, fmt.Errorf("%s: %w", envToken, err)
	}
	c := bot.Config{
		Token:   tok,
		GuildID: strings.TrimSpace(getenv(envGuildID)),
		APIURL:  strings.TrimSpace(getenv(envAPIURL)),
		Logger:  logger,
	}
	if err := c.Check(); err != nil {
		return bot.Config{}, fmt.Errorf("check %s and %s: %w", envGuildID, envAPIURL, err)
	}
	return c, nil
}

// defaultMemoryLimit is the Go runtime's soft memory limit (GOMEMLIMIT)
// that serve and serve-http set unless GOMEMLIMIT is set: the garbage
// collector works harder as the heap nears it. A library of 20 KB
// articles keeps about 50 MB live with the default --index-cache; raise
// it with GOMEMLIMIT for a bigger cache or bigger articles.
const defaultMemoryLimit = 128 << 20

// newBot builds the index of the default article, opens the library and
// returns the bot core over it for a long-running subcommand; the caller
// closes the index and calls closeLib after the bot's last use. Unless
// GOGC is set, it lets the heap grow to bot.GCPercent: the live heap is
// small, and fewer collections shorten bursts.
func newBot(ctx context.Context, af *articleFlags, lf *libraryFlags, getenv func(string) string, logger *slog.Logger) (b *bot.Bot, ix *index.Index, closeLib func(), attrs []slog.Attr, err error) {
	fetcher, err := bot.NewCDNFetcher(bot.FetcherConfig{CDNURL: strings.TrimSpace(getenv(envCDNURL))})
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s: %w", envCDNURL, err)
	}
	if ix, err = af.open(ctx); err != nil {
		return nil, nil, nil, nil, err
	}
	lib, store, attrs, err := lf.open(ctx, ix, logger)
	if err != nil {
		ix.Close()
		return nil, nil, nil, nil, err
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(bot.GCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		// GOGC=400 lets the heap grow to five times what is live: with a
		// library's cached indexes live, a soft limit keeps it in bounds.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	attrs = append(attrs, slog.Int("max_article_bytes", lib.MaxBytes()), slog.Int("library_quota", lib.Quota()), slog.Int("index_cache", lf.cacheSize))
	return bot.NewWithLibrary(lib, fetcher, logger), ix, func() { store.Close() }, attrs, nil
}

// logFlags are the logging flags of the long-running subcommands.
type logFlags struct {
	level  string
	format string
}

func (f *logFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.level, "log-level", "info", "log `LEVEL`: debug, info, warn or error")
	fs.StringVar(&f.format, "log-format", "text", "log `FORMAT`: text or json")
}

// logger returns the logger the flags describe, writing to w.
func (f *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(f.format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", f.format)
}
