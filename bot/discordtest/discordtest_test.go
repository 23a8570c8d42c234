package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// dial opens a gateway connection and reads HELLO.
func dial(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.URL(), "http")+"/gateway/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	var hello gatewayPayload
	if err := ws.ReadJSON(&hello); err != nil || hello.Op != opHello {
		t.Fatalf("first message %+v, %v; want HELLO", hello, err)
	}
	return ws
}

func send(t *testing.T, ws *websocket.Conn, op int, d any) gatewayPayload {
	t.Helper()
	raw, _ := json.Marshal(d)
	if err := ws.WriteJSON(gatewayPayload{Op: op, D: raw}); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var p gatewayPayload
	if err := ws.ReadJSON(&p); err != nil {
		t.Fatalf("after op %d: %v", op, err)
	}
	return p
}

func TestGatewayHandshake(t *testing.T) {
	s := New(t, Options{})
	ws := dial(t, s)
	if p := send(t, ws, opHeartbeat, 0); p.Op != opHeartbeatACK {
		t.Errorf("heartbeat answered with op %d; want ACK", p.Op)
	}
	ready := send(t, ws, opIdentify, map[string]any{"token": "Bot " + s.Token(), "intents": 0})
	var r struct {
		SessionID   string `json:"session_id"`
		Application struct {
			ID string `json:"id"`
		} `json:"application"`
	}
	json.Unmarshal(ready.D, &r)
	if ready.T != "READY" || ready.S != 1 || r.SessionID == "" || r.Application.ID != s.ApplicationID() {
		t.Fatalf("IDENTIFY answered with %s %d %s; want READY with seq 1, a session and the application", ready.T, ready.S, ready.D)
	}
	if err := s.WaitConnected(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	i := &discordgo.Interaction{Type: discordgo.InteractionPing}
	if err := s.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	var ev gatewayPayload
	if err := ws.ReadJSON(&ev); err != nil || ev.T != "INTERACTION_CREATE" || ev.S != 2 || !strings.Contains(string(ev.D), i.ID) {
		t.Fatalf("pushed %s %d %s, %v; want INTERACTION_CREATE seq 2 with ID %s", ev.T, ev.S, ev.D, err, i.ID)
	}

	// A second connection resumes the session; an unknown session cannot.
	ws2 := dial(t, s)
	if p := send(t, ws2, opResume, map[string]any{"token": "Bot " + s.Token(), "session_id": r.SessionID, "seq": 2}); p.T != "RESUMED" || p.S != 3 {
		t.Errorf("RESUME answered with op %d %s seq %d; want RESUMED seq 3", p.Op, p.T, p.S)
	}
	ws3 := dial(t, s)
	if p := send(t, ws3, opResume, map[string]any{"token": "Bot " + s.Token(), "session_id": "nope", "seq": 2}); p.Op != opInvalidSession {
		t.Errorf("RESUME of an unknown session answered with op %d; want INVALID_SESSION", p.Op)
	}
	if st := s.Stats(); st.Ready != 1 || st.Resumed != 1 || st.Invalid != 1 || st.Heartbeats != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestGatewayRejectsWrongToken(t *testing.T) {
	s := New(t, Options{})
	ws := dial(t, s)
	raw, _ := json.Marshal(map[string]any{"token": "Bot wrong"})
	ws.WriteJSON(gatewayPayload{Op: opIdentify, D: raw})
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _, err := ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Errorf("IDENTIFY with a wrong token: %v; want close 4004", err)
	}
	if err := s.PushInteraction(&discordgo.Interaction{}); !errors.Is(err, ErrNotConnected) {
		t.Errorf("push with no session: %v; want ErrNotConnected", err)
	}
}

func TestRESTRules(t *testing.T) {
	s := New(t, Options{})
	ws := dial(t, s)
	send(t, ws, opIdentify, map[string]any{"token": "Bot " + s.Token()})
	if err := s.WaitConnected(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "help"}}
	if err := s.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	api := s.URL() + "/api/v9"
	message := `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}`
	tests := []struct {
		name, method, path, auth, body string
		status                         int
	}{
		{"unknown interaction", "POST", "/interactions/1/x/callback", "", message, 404},
		{"wrong interaction token", "POST", "/interactions/" + i.ID + "/wrong/callback", "", message, 401},
		{"unknown response type", "POST", "/interactions/" + i.ID + "/" + i.Token + "/callback", "", `{"type":42}`, 400},
		{"message without data", "POST", "/interactions/" + i.ID + "/" + i.Token + "/callback", "", `{"type":4}`, 400},
		{"callback", "POST", "/interactions/" + i.ID + "/" + i.Token + "/callback", "", message, 204},
		{"second callback", "POST", "/interactions/" + i.ID + "/" + i.Token + "/callback", "", message, 400},
		{"edit original", "PATCH", "/webhooks/" + s.ApplicationID() + "/" + i.Token + "/messages/@original", "", `{"content":"edited"}`, 200},
		{"follow-up", "POST", "/webhooks/" + s.ApplicationID() + "/" + i.Token, "", `{"content":"more"}`, 204},
		{"webhook of an unknown token", "POST", "/webhooks/" + s.ApplicationID() + "/nope", "", `{"content":"x"}`, 404},
		{"commands without authorization", "PUT", "/applications/" + s.ApplicationID() + "/commands", "", `[]`, 401},
		{"commands of another application", "PUT", "/applications/42/commands", "Bot " + s.Token(), `[]`, 403},
		{"commands", "PUT", "/applications/" + s.ApplicationID() + "/commands", "Bot " + s.Token(), `[{"name":"help","description":"d"}]`, 200},
		{"gateway", "GET", "/gateway", "", "", 200},
		{"application without authorization", "GET", "/applications/@me", "", "", 401},
		{"unknown route", "GET", "/channels/1/messages", "Bot " + s.Token(), "", 404},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, api+tt.path, strings.NewReader(tt.body))
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("%s: %s %s = %d; want %d", tt.name, tt.method, tt.path, res.StatusCode, tt.status)
		}
	}
	cb, ok := s.Callback(i.ID)
	if !ok || cb.Message == nil || cb.Message.Content != "hi" || cb.AllowedMentions == nil || cb.Latency() <= 0 {
		t.Errorf("recorded callback %+v", cb)
	}
	if hooks := s.Webhooks(); len(hooks) != 2 || hooks[0].Method != "PATCH" || hooks[0].MessageID != "@original" || hooks[1].Message.Content != "more" {
		t.Errorf("recorded webhooks %+v", hooks)
	}
	if cmds, ok := s.Commands(""); !ok || len(cmds) != 1 || cmds[0].ID == "" {
		t.Errorf("recorded commands %+v", cmds)
	}
	if n := len(s.Requests()); n != len(tests) {
		t.Errorf("recorded %d requests; want %d", n, len(tests))
	}
}

// TestWaitAnsweredAndLatencies waits for three pushed interactions, as
// latencies and decoded, while they are answered last first.
func TestWaitAnsweredAndLatencies(t *testing.T) {
	s := New(t, Options{})
	ws := dial(t, s)
	send(t, ws, opIdentify, map[string]any{"token": "Bot " + s.Token()})
	if err := s.WaitConnected(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	var pushed []*discordgo.Interaction
	var ids []string
	for range 3 {
		i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "help"}}
		if err := s.PushInteraction(i); err != nil {
			t.Fatal(err)
		}
		pushed, ids = append(pushed, i), append(ids, i.ID)
	}
	type result struct {
		lat []time.Duration
		cbs []Callback
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if r.lat, r.err = s.WaitLatencies(waitCtx(t), ids...); r.err == nil {
			r.cbs, r.err = s.WaitAnswered(waitCtx(t), ids...)
		}
		done <- r
	}()
	for _, i := range slices.Backward(pushed) {
		body := `{"type":4,"data":{"content":"answer ` + i.ID + `","allowed_mentions":{"parse":[]}}}`
		res, err := http.Post(s.URL()+"/api/v9/interactions/"+i.ID+"/"+i.Token+"/callback", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	for k, id := range ids {
		if r.lat[k] <= 0 || r.lat[k] != r.cbs[k].Latency() {
			t.Errorf("interaction %d: latency %v, its callback's %v", k, r.lat[k], r.cbs[k].Latency())
		}
		if m := r.cbs[k].Message; r.cbs[k].InteractionID != id || m == nil || m.Content != "answer "+id {
			t.Errorf("interaction %d: callback %+v", k, r.cbs[k])
		}
	}
}
