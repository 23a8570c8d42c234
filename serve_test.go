package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// startRun runs "articlebot args..." in the background with env, its log
// written to stderr, and returns the function that interrupts it (as
// SIGINT does) and checks that it returns nil within waitTimeout.
func startRun(t *testing.T, args []string, env map[string]string, stderr io.Writer) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, envOf(env), strings.NewReader(""), io.Discard, stderr) }()
	return func() {
		t.Helper()
		cancel()
		timer := time.NewTimer(waitTimeout)
		defer timer.Stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s returned %v; want nil", args[0], err)
			}
		case <-timer.C:
			t.Fatalf("%s did not return after its context was canceled", args[0])
		}
	}
}

func TestServeAndRegisterUsage(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		wantErr error  // nil: any non-nil error
		inErr   string // in the error, or in stderr for usage errors
	}{
		{[]string{"serve", "--log-level", "loud"}, map[string]string{envToken: "x"}, errUsage, "--log-level"},
		{[]string{"serve", "--log-format", "xml"}, map[string]string{envToken: "x"}, errUsage, "--log-format"},
		{[]string{"serve", "extra"}, map[string]string{envToken: "x"}, errUsage, "unexpected argument"},
		{[]string{"register", "--bogus"}, nil, errUsage, "flag provided but not defined"},
		{[]string{"serve"}, nil, nil, "DISCORD_TOKEN is not set"},
		{[]string{"register"}, map[string]string{envToken: "Bot "}, nil, "DISCORD_TOKEN"},
		{[]string{"serve"}, map[string]string{envToken: "x", envGuildID: "my server"}, nil, "DISCORD_GUILD_ID"},
		{[]string{"register"}, map[string]string{envToken: "x", envAPIURL: "localhost:80"}, nil, "not an origin"},
		{[]string{"register", "--article", "/nonexistent/article.txt"}, map[string]string{envToken: "x", envAPIURL: "http://127.0.0.1:1"}, nil, "nonexistent"},
	}
	for _, tt := range tests {
		var stdout, stderr syncBuffer
		err := run(context.Background(), tt.args, envOf(tt.env), strings.NewReader(""), &stdout, &stderr)
		if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("run(%q) = %v; want %v", tt.args, err, tt.wantErr)
			continue
		}
		if !strings.Contains(err.Error()+stderr.String(), tt.inErr) {
			t.Errorf("run(%q) = %v, stderr %q; want %q in them", tt.args, err, stderr.String(), tt.inErr)
		}
	}
	for _, cmd := range []string{"serve", "register"} {
		var stdout, stderr syncBuffer
		if err := run(context.Background(), []string{cmd, "--help"}, envOf(nil), strings.NewReader(""), &stdout, &stderr); err != nil {
			t.Errorf("%s --help = %v; want nil", cmd, err)
		}
		if !strings.Contains(stderr.String(), "DISCORD_TOKEN") {
			t.Errorf("%s --help does not document DISCORD_TOKEN:\n%s", cmd, stderr.String())
		}
	}
}

// TestServe runs "articlebot serve" against the fake Discord: it registers
// the commands in the guild, answers /ask, and exits cleanly when its
// context ends, logging JSON and never the token.
func TestServe(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	env := map[string]string{envToken: fake.Token(), envGuildID: discordtest.GuildID, envAPIURL: fake.URL()}
	var stderr syncBuffer
	stop := startRun(t, []string{"serve", "--log-format", "json", "--data", t.TempDir()}, env, &stderr)

	wait, waitCancel := context.WithTimeout(context.Background(), waitTimeout)
	defer waitCancel()
	cmds, err := fake.WaitCommands(wait, discordtest.GuildID)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if len(cmds) != 8 {
		t.Errorf("registered %d commands; want 8", len(cmds))
	}
	i := discordtest.SlashCommand("ask", discordtest.StringOption("question", "How many surveillance cameras does China have?"))
	if err := fake.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	cb, err := fake.WaitCallback(wait, i.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message == nil || len(cb.Message.Embeds) == 0 ||
		!strings.HasPrefix(cb.Message.Embeds[0].Fields[0].Name, "📖 Passage 6") {
		t.Errorf("/ask answered %s; want passage 6 first", cb.Raw)
	}
	// The fake records the commands as the request arrives; the bot logs
	// the registration once it has read the reply. Stopping before then
	// would cut the registration short.
	for !strings.Contains(stderr.String(), `"msg":"registered commands"`) && wait.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}

	stop()
	logs := stderr.String()
	for _, want := range []string{`"msg":"articlebot serve starting"`, `"msg":"registered commands"`, `"command":"/ask"`, `"outcome":"answered"`, `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, fake.Token()) {
		t.Errorf("the token is in the log")
	}
}

func TestRegisterCommand(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	env := map[string]string{envToken: "Bot " + fake.Token(), envAPIURL: fake.URL() + "/"}
	var stdout, stderr syncBuffer
	if err := run(context.Background(), []string{"register"}, envOf(env), strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("register: %v\n%s", err, stderr.String())
	}
	// Seven slash commands and the message command "Ask the article".
	if got, want := stdout.String(), "Registered 8 commands globally (Discord clients can take a while to show changes): /ask, /takeaways, /passage, /quiz, /help, /articles, /library, Ask the article\n"; got != want {
		t.Errorf("stdout %q; want %q", got, want)
	}
	cmds, ok := fake.Commands("")
	if !ok || len(cmds) != 8 {
		t.Errorf("fake holds %d global commands; want 8", len(cmds))
	}
	if fake.Stats().Connections != 0 {
		t.Errorf("register opened a gateway connection")
	}
}
