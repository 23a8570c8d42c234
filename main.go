// Command articlebot answers questions about an article: on the terminal
// (ask), as a Discord bot on the gateway (serve) or as a Discord HTTP
// interactions endpoint (serve-http); inspect shows how it reads an
// article file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "articlebot:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errUsage reports a command line that could not be understood; the usage
// text has already been printed.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

const usage = `articlebot answers questions about an article, on the terminal or on Discord.

Usage:
  articlebot ask [--json] [--top N] [--article FILE] [--synonyms FILE] [--guild ID [--article-name NAME]] [QUESTION...]
  articlebot inspect [--json] FILE   show how the bot reads an article file
  articlebot serve       run the Discord bot on the gateway (needs DISCORD_TOKEN)
  articlebot register    register the slash commands and exit (needs DISCORD_TOKEN)
  articlebot serve-http  answer Discord's HTTP interactions endpoint (needs DISCORD_PUBLIC_KEY)
  articlebot library add|list|use|remove --guild ID ...   manage a server's library

Run "articlebot COMMAND --help" for a command's flags.
`

// run is the whole program: it parses the subcommand and runs it until it
// finishes or ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "ask":
		return runAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "inspect":
		return runInspect(args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "register":
		return runRegister(ctx, args[1:], getenv, stdout, stderr)
	case "serve-http":
		return runServeHTTP(ctx, args[1:], getenv, stdout, stderr)
	case "library":
		return runLibrary(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "articlebot: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}
