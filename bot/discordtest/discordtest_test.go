package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// identify opens a connection and identifies; it returns the connection
// and the session ID.
func identify(t *testing.T, s *Server) (*websocket.Conn, string) {
	t.Helper()
	ws := dial(t, s)
	ready := send(t, ws, opIdentify, map[string]any{"token": "Bot " + s.Token()})
	var r struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(ready.D, &r); err != nil || ready.T != "READY" || r.SessionID == "" {
		t.Fatalf("IDENTIFY answered with %s %s; want READY with a session", ready.T, ready.D)
	}
	return ws, r.SessionID
}

// pushHelp pushes a /help interaction and returns its ID.
func pushHelp(t *testing.T, s *Server) string {
	t.Helper()
	i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "help"}}
	if err := s.PushInteraction(i); err != nil {
		t.Fatal(err)
	}
	return i.ID
}

// read reads the next gateway message.
func read(t *testing.T, ws *websocket.Conn) gatewayPayload {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var p gatewayPayload
	if err := ws.ReadJSON(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGatewayReplaysMissedEvents drops a connection with an event the bot
// has not read and pushes another while it is disconnected: the RESUME
// with the last sequence number the bot read replays both, in order, then
// sends RESUMED, and later pushes follow.
func TestGatewayReplaysMissedEvents(t *testing.T) {
	s := New(t, Options{})
	ws, id := identify(t, s)
	read1 := pushHelp(t, s)
	if ev := read(t, ws); ev.S != 2 || !strings.Contains(string(ev.D), read1) {
		t.Fatalf("first push arrived as %s %d %s; want seq 2", ev.T, ev.S, ev.D)
	}
	unread := pushHelp(t, s) // written, never read by the bot
	if err := s.DropConnection(true); err != nil {
		t.Fatal(err)
	}
	queued := pushHelp(t, s) // while disconnected: kept for the RESUME
	ws2 := dial(t, s)
	first := send(t, ws2, opResume, map[string]any{"token": "Bot " + s.Token(), "session_id": id, "seq": 2})
	var got []string
	for p := first; ; p = read(t, ws2) {
		got = append(got, fmt.Sprintf("%s %d", p.T, p.S))
		if p.T == "INTERACTION_CREATE" && !strings.Contains(string(p.D), map[int64]string{3: unread, 4: queued}[p.S]) {
			t.Errorf("event %d carries %s", p.S, p.D)
		}
		if p.T != "INTERACTION_CREATE" {
			break
		}
	}
	if want := []string{"INTERACTION_CREATE 3", "INTERACTION_CREATE 4", "RESUMED 5"}; !slices.Equal(got, want) {
		t.Errorf("after RESUME from seq 2: %v; want %v", got, want)
	}
	after := pushHelp(t, s)
	if ev := read(t, ws2); ev.S != 6 || !strings.Contains(string(ev.D), after) {
		t.Errorf("push after RESUMED arrived as %s %d %s; want seq 6", ev.T, ev.S, ev.D)
	}
	if st := s.Stats(); st.Resumed != 1 || st.Replayed != 2 || st.Invalid != 0 {
		t.Errorf("stats %+v; want one RESUMED with two events replayed", st)
	}
}

// TestGatewayInvalidSessions checks what cannot be resumed: a session
// dropped as lost, one the bot closed with code 1000, a RESUME from a
// sequence number the fake never sent or no longer keeps; and that pushes
// for a lost session fail.
func TestGatewayInvalidSessions(t *testing.T) {
	resume := func(t *testing.T, s *Server, id string, seq int64) gatewayPayload {
		t.Helper()
		return send(t, dial(t, s), opResume, map[string]any{"token": "Bot " + s.Token(), "session_id": id, "seq": seq})
	}
	t.Run("dropped as lost", func(t *testing.T) {
		s := New(t, Options{})
		_, id := identify(t, s)
		if err := s.DropConnection(false); err != nil {
			t.Fatal(err)
		}
		if err := s.PushInteraction(&discordgo.Interaction{}); !errors.Is(err, ErrNotConnected) {
			t.Errorf("push for a lost session: %v; want ErrNotConnected", err)
		}
		if p := resume(t, s, id, 1); p.Op != opInvalidSession || string(p.D) != "false" {
			t.Errorf("RESUME of a lost session answered with op %d %s; want INVALID_SESSION false", p.Op, p.D)
		}
	})
	t.Run("closed with 1000", func(t *testing.T) {
		s := New(t, Options{})
		ws, id := identify(t, s)
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
		if err := s.WaitDisconnected(waitCtx(t)); err != nil {
			t.Fatal(err)
		}
		if err := s.PushInteraction(&discordgo.Interaction{}); !errors.Is(err, ErrNotConnected) {
			t.Errorf("push after the bot closed its session: %v; want ErrNotConnected", err)
		}
		if p := resume(t, s, id, 1); p.Op != opInvalidSession {
			t.Errorf("RESUME of a closed session answered with op %d; want INVALID_SESSION", p.Op)
		}
	})
	t.Run("closed with 4000", func(t *testing.T) {
		s := New(t, Options{})
		ws, id := identify(t, s)
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "reconnecting"))
		if err := s.WaitDisconnected(waitCtx(t)); err != nil {
			t.Fatal(err)
		}
		if p := resume(t, s, id, 1); p.T != "RESUMED" {
			t.Errorf("RESUME after a close with 4000 answered with op %d %s; want RESUMED", p.Op, p.T)
		}
	})
	t.Run("sequence numbers", func(t *testing.T) {
		s := New(t, Options{})
		_, id := identify(t, s)
		pushHelp(t, s)
		if err := s.DropConnection(true); err != nil {
			t.Fatal(err)
		}
		if p := resume(t, s, id, 3); p.Op != opInvalidSession {
			t.Errorf("RESUME from seq 3 of 2 sent answered with op %d %s; want INVALID_SESSION", p.Op, p.T)
		}
		s.Forget() // the events are no longer kept
		if p := resume(t, s, id, 1); p.Op != opInvalidSession {
			t.Errorf("RESUME from seq 1 after Forget answered with op %d %s; want INVALID_SESSION", p.Op, p.T)
		}
		if p := resume(t, s, id, 2); p.T != "RESUMED" || p.S != 3 {
			t.Errorf("RESUME from the last seq after Forget answered with op %d %s %d; want RESUMED 3", p.Op, p.T, p.S)
		}
	})
}

// TestGatewayZombie checks a zombie connection: its heartbeats go
// unacknowledged, pushes are kept, and a RESUME on a new connection
// replays them.
func TestGatewayZombie(t *testing.T) {
	s := New(t, Options{})
	ws, id := identify(t, s)
	if err := s.Zombie(); err != nil {
		t.Fatal(err)
	}
	ws.WriteJSON(gatewayPayload{Op: opHeartbeat, D: json.RawMessage("1")})
	queued := pushHelp(t, s)
	// A close frame ends the connection, not the session.
	ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, msg, err := ws.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Errorf("a zombie connection sent %s, %v; want nothing but the close handshake", msg, err)
	}
	first := send(t, dial(t, s), opResume, map[string]any{"token": "Bot " + s.Token(), "session_id": id, "seq": 1})
	if first.T != "INTERACTION_CREATE" || first.S != 2 || !strings.Contains(string(first.D), queued) {
		t.Errorf("RESUME after a zombie first sent %s %d %s; want the interaction pushed meanwhile", first.T, first.S, first.D)
	}
	if st := s.Stats(); st.Heartbeats != 0 {
		t.Errorf("a zombie's heartbeat was acknowledged: %+v", st)
	}
}
