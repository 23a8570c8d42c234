package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.3.2.1:8080/", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.168.1.2:8080", false},
		{"http://example.com", false},
		{"https://127.0.0.1:8443", false},
		{"http://127.0.0.1:8080/interactions", false},
		{"127.0.0.1:8080", false},
	}
	for _, tt := range tests {
		if err := checkLoopback(tt.url); (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q) = %v; want ok %v", tt.url, err, tt.ok)
		}
	}
}

// TestRun runs a small load in process with both clients: every request is
// answered.
func TestRun(t *testing.T) {
	for _, client := range []string{"raw", "nethttp"} {
		var out, errOut bytes.Buffer
		args := []string{"--requests", "300", "--warmup", "50", "--conns", "4", "--duration", "20s", "--client", client}
		if err := run(context.Background(), args, &out, &errOut); err != nil {
			t.Fatalf("%s: %v\n%s%s", client, err, out.String(), errOut.String())
		}
		for _, want := range []string{"requests 300 in", "errors 0", "latency p50", "bar ("} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: report lacks %q:\n%s", client, want, out.String())
			}
		}
	}
}

func TestRunFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--url", "http://10.1.2.3:80"},
		{"--requests", "0"},
		{"--conns", "100000"},
		{"--duration", "1h"},
		{"--client", "curl"},
		{"--key-seed", "00"},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("run(%q) = nil; want an error", args)
		}
	}
	var out bytes.Buffer
	seed := strings.Repeat("01", 32)
	if err := run(context.Background(), []string{"--key-seed", seed, "--print-public-key"}, &out, &out); err != nil || len(strings.TrimSpace(out.String())) != 64 {
		t.Errorf("--print-public-key = %v, %q; want 64 hex digits", err, out.String())
	}
}
