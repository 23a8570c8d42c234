package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bwmarrin/discordgo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenQuizID is the interaction ID of the golden files' /quiz, which
// seeds its question.
const goldenQuizID = "1300000000000000042"

// TestGolden compares the rendered responses of a handful of interactions
// with testdata/*.golden. Run "go test ./bot -run TestGolden -update" to
// rewrite them after an intended change, and review the diff.
func TestGolden(t *testing.T) {
	b := newTestBot(t)
	ctx := context.Background()
	moreQuestion := "AI"
	tests := []struct {
		name string
		i    *discordgo.Interaction
	}{
		{"ask_cameras", askCommand(camerasQuestion, false)},
		{"ask_private", askCommand("What did DeepSeek claim about its AI model?", true)},
		{"ask_not_covered", askCommand(pizzaQuestion, false)},
		{"ask_not_covered_nearest", askCommand(nearestQuestion, false)},
		{"ask_hostile", askCommand("@everyone **how many** <@123> surveillance `cameras` does [China](https://x.test) have?", false)},
		{"ask_empty", askCommand("  ", false)},
		{"more_excerpts", click("more:3", asMessage(b.Respond(ctx, askCommand(moreQuestion, false))))},
		{"read_passage", click("read:6", nil)},
		{"passage", passageCommand(1)},
		{"passage_out_of_range", passageCommand(42)},
		{"passage_next", click("page:2", asMessage(b.Respond(ctx, passageCommand(1))))},
		{"takeaways", command(cmdTakeaways)},
		{"help", command(cmdHelp)},
		{"unknown_command", command("nonsense")},
		{"takeaway_menu", menuChoice("takeaway:1", asMessage(b.Respond(ctx, command(cmdTakeaways))), "4")},
		{"quiz", quizCommand(goldenQuizID, 0)},
		{"quiz_takeaway", quizCommand(goldenQuizID, 2)},
		{"quiz_right", click(quizButton(t, b, goldenQuizID, true), asMessage(b.Respond(ctx, quizCommand(goldenQuizID, 0))))},
		{"quiz_wrong", click(quizButton(t, b, goldenQuizID, false), asMessage(b.Respond(ctx, quizCommand(goldenQuizID, 0))))},
		{"ask_message", askMessage("@everyone how many cameras does China have??")},
		{"share", click("share:0", asMessage(b.Respond(ctx, askMessage(camerasQuestion))))},
		{"autocomplete_empty", autocompleteAsk("")},
		{"autocomplete_typing", autocompleteAsk("how many cam")},
		{"autocomplete_typo", autocompleteAsk("survelance")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(ctx, tt.i)
			if r.Outcome == OutcomeFailed {
				t.Fatalf("failed: %v", r.Err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(r.Response); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("response differs from %s (run with -update if the change is intended):\ngot:\n%s\nwant:\n%s", path, buf.Bytes(), want)
			}
		})
	}
}
