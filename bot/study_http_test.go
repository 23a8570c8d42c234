package bot

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/discordtest"
)

// TestStudyOverHTTP runs the study-group features through the HTTP
// interactions endpoint: the same core answers them as on the gateway.
func TestStudyOverHTTP(t *testing.T) {
	t.Parallel()
	b := newTestBot(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEndpoint(b, EndpointConfig{PublicKey: pub, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	// post sends i as Discord would and returns the response's type and
	// data, decoded as a message.
	post := func(i *discordgo.Interaction) (discordgo.InteractionResponseType, *discordgo.Message, []byte) {
		t.Helper()
		i.AppID, i.Version = discordtest.DefaultApplicationID, 1
		body, err := json.Marshal(i)
		if err != nil {
			t.Fatal(err)
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Signature-Timestamp", ts)
		r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("POST /interactions: %d %s", w.Code, w.Body)
		}
		var resp struct {
			Type discordgo.InteractionResponseType `json:"type"`
			Data json.RawMessage                   `json:"data"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("response %s: %v", w.Body, err)
		}
		var m discordgo.Message
		if err := json.Unmarshal(resp.Data, &m); err != nil {
			t.Fatalf("response data %s: %v", resp.Data, err)
		}
		return resp.Type, &m, w.Body.Bytes()
	}

	ask := quizCommand("1300000000000000077", 0)
	_, quizMsg, raw := post(ask)
	buttons := discordtest.Buttons(quizMsg)
	if len(buttons) != quizChoices {
		t.Fatalf("/quiz over HTTP: %s", raw)
	}
	q, _ := b.def.quiz().Question(quizSeed(ask.ID), 0)
	for k, bt := range buttons {
		_, v, raw := post(discordtest.AsMember(click(bt.CustomID, quizMsg), "14000000000000009"+strconv.Itoa(k), "m"))
		if len(v.Embeds) == 0 || strings.HasPrefix(v.Embeds[0].Title, "✅") != (k == q.Answer) || v.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("quiz answer %d over HTTP (right: %d): %s", k, q.Answer, raw)
		}
	}

	typ, _, raw := post(autocompleteAsk("how many cam"))
	var ac struct {
		Data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &ac); err != nil || typ != discordgo.InteractionApplicationCommandAutocompleteResult || checkChoices(ac.Data.Choices) != nil || len(ac.Data.Choices) < 2 {
		t.Errorf("autocomplete over HTTP: %s", raw)
	}

	_, private, raw := post(askMessage(camerasQuestion))
	if private.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(string(raw), `"custom_id":"share:0"`) {
		t.Fatalf("Ask the article over HTTP: %s", raw)
	}
	_, shared, raw := post(click("share:0", private))
	if shared.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(string(raw), `"allowed_mentions":{"parse":[]`) || len(shared.Embeds) == 0 {
		t.Errorf("Post in channel over HTTP: %s", raw)
	}
}
