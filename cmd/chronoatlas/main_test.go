package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the server's logger and the test may
// use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mustStart runs the whole program, as main does, on a free loopback port
// and returns its base URL. The server stops when the test ends.
func mustStart(tb testing.TB, cfg Config) string {
	tb.Helper()
	return mustStartHooks(tb, cfg, hooks{})
}

func mustStartHooks(tb testing.TB, cfg Config, h hooks) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	h.ready = ready
	errc := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { errc <- serve(ctx, cfg, logs, h) }()
	select {
	case addr := <-ready:
		tb.Cleanup(func() {
			cancel()
			if err := <-errc; err != nil {
				tb.Errorf("serve: %v", err)
			}
		})
		return "http://" + addr
	case err := <-errc:
		cancel()
		tb.Fatalf("serve: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		cancel()
		tb.Fatal("the server did not start")
	}
	return ""
}

func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Server.Addr = "127.0.0.1:0"
	cfg.MemoryLimit = 0 // many servers share a test process: no limit fitted to one
	return cfg
}

func fetch(tb testing.TB, url string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, body
}

// TestEndToEnd runs the program over the embedded atlas and visits every
// route the foundation serves.
func TestEndToEnd(t *testing.T) {
	base := mustStart(t, testConfig())
	routes := []struct {
		path, accept string
		status       int
		ctype        string
	}{
		{"/", "text/html", 200, "text/html; charset=utf-8"},
		{"/?f=json", "", 200, "application/json"},
		{"/conformance", "", 200, "application/json"},
		{"/api", "", 200, "application/vnd.oai.openapi+json;version=3.0"},
		{"/collections", "", 200, "application/json"},
		{"/collections/territories", "", 200, "application/json"},
		{"/collections/territories/items?datetime=1141", "", 200, "application/geo+json"},
		{"/collections/places/items?datetime=1141&f=html", "", 200, "text/html; charset=utf-8"},
		{"/collections/places/items/kaifeng", "", 200, "application/geo+json"},
		{"/dataset.json", "", 200, "application/json"},
		{"/healthz", "", 200, "application/json"},
		{"/embed?year=1141", "", 200, "text/html; charset=utf-8"},
		{"/collections/places/items?datetime=never", "", 400, "application/problem+json"},
		{"/collections/nowhere", "", 404, "application/problem+json"},
	}
	for _, r := range routes {
		res, body := fetch(t, base+r.path, "Accept", r.accept)
		if res.StatusCode != r.status || res.Header.Get("Content-Type") != r.ctype {
			t.Errorf("GET %s: got %d %q, want %d %q: %.200s", r.path, res.StatusCode, res.Header.Get("Content-Type"), r.status, r.ctype, body)
		}
	}
}

// TestPlacesIn1141 is the foundation's acceptance check: in 1141 the places
// include Taiyuan, Kaifeng and Hangzhou, under the names they had then.
func TestPlacesIn1141(t *testing.T) {
	base := mustStart(t, testConfig())
	res, body := fetch(t, base+"/collections/places/items?datetime=1141&limit=1000")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	var fc struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, f := range fc.Features {
		names[f.ID], _ = f.Properties["name"].(string)
	}
	// Kaifeng was the Jin's Bianjing from 1127 to 1153; Hangzhou was
	// Lin'an from 1129.
	want := map[string]string{"taiyuan": "Taiyuan", "kaifeng": "Bianjing", "hangzhou": "Lin'an"}
	for id, name := range want {
		got, ok := names[id]
		if !ok {
			t.Errorf("%s missing in 1141", id)
		} else if got != name {
			t.Errorf("%s in 1141: got the name %q, want %q", id, got, name)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
		wantOut string
	}{
		{[]string{"validate"}, "", "ok:"},
		{[]string{"validate", "../../internal/dataset/testdata/mini"}, "", "ok: 4 collections"},
		{[]string{"validate", "../../internal/dataset/testdata/bad"}, "territories.geojson: bowtie:", ""},
		{[]string{"validate", "does-not-exist"}, "no such file", ""},
		{[]string{"validate", "a", "b"}, "at most one folder", ""},
		{[]string{"frobnicate"}, "unknown command", ""},
		{[]string{"serve", "-log-format", "xml"}, "log-format", ""},
		{[]string{"serve", "-data", "../../internal/dataset/testdata/bad"}, "bowtie", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, &out, &errOut)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got error %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one with %q", err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output %q, want %q in it", out.String(), tt.wantOut)
			}
		})
	}
}

func TestEnvironment(t *testing.T) {
	env := map[string]string{"CHRONOATLAS_ADDR": "127.0.0.1:9999", "CHRONOATLAS_DATA": "/somewhere", "CHRONOATLAS_MAX_LIMIT": "50"}
	cfg, _, err := parseFlags("serve", []string{"-addr", "127.0.0.1:7777"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.Addr != "127.0.0.1:7777" || cfg.DataDir != "/somewhere" || cfg.Server.MaxLimit != 50 {
		t.Errorf("got addr %q data %q max-limit %d; want the flag's addr and the environment's data and limit", cfg.Server.Addr, cfg.DataDir, cfg.Server.MaxLimit)
	}
	_, _, err = parseFlags("serve", nil, func(k string) string {
		if k == "CHRONOATLAS_MAX_LIMIT" {
			return "lots"
		}
		return ""
	}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "CHRONOATLAS_MAX_LIMIT") {
		t.Errorf("bad environment: got %v, want an error naming CHRONOATLAS_MAX_LIMIT", err)
	}
}

// TestBusyPort checks that a port in use fails at once.
func TestBusyPort(t *testing.T) {
	base := mustStart(t, testConfig())
	cfg := testConfig()
	cfg.Server.Addr = strings.TrimPrefix(base, "http://")
	err := serve(context.Background(), cfg, io.Discard, hooks{})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("got %v, want address already in use", err)
	}
}

// TestDataFolder serves a dataset from a folder instead of the embedded one.
func TestDataFolder(t *testing.T) {
	cfg := testConfig()
	dir, _ := filepath.Abs("../../internal/dataset/testdata/mini")
	cfg.DataDir = dir
	base := mustStart(t, cfg)
	_, body := fetch(t, base+"/healthz")
	if !strings.Contains(string(body), `"dataset":"mini"`) {
		t.Errorf("healthz: %s", body)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

// TestReload swaps the data folder's dataset on a reload, and keeps the
// old one when the new one is broken.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	mini, _ := filepath.Abs("../../internal/dataset/testdata/mini")
	copyDir(t, mini, dir)
	reload := make(chan struct{})
	reloaded := make(chan error)
	cfg := testConfig()
	cfg.DataDir = dir
	base := mustStartHooks(t, cfg, hooks{reload: reload, reloaded: reloaded})
	title := func() string {
		_, body := fetch(t, base+"/?f=json")
		var l struct{ Title string }
		if err := json.Unmarshal(body, &l); err != nil {
			t.Fatal(err)
		}
		return l.Title
	}
	if got := title(); got != "A small test atlas" {
		t.Fatalf("title: got %q", got)
	}

	// A broken dataset is refused; the old one keeps serving.
	meta := filepath.Join(dir, "dataset.json")
	raw, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(meta, []byte("{ broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	reload <- struct{}{}
	if err := <-reloaded; err == nil {
		t.Error("a broken dataset was accepted")
	}
	if got := title(); got != "A small test atlas" {
		t.Errorf("after a refused reload the title is %q", got)
	}

	// A good change is taken.
	fixed := strings.Replace(string(raw), "A small test atlas", "A renamed atlas", 1)
	if err := os.WriteFile(meta, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	reload <- struct{}{}
	if err := <-reloaded; err != nil {
		t.Fatalf("reload: %v", err)
	}
	if got := title(); got != "A renamed atlas" {
		t.Errorf("after a reload the title is %q", got)
	}
}

func copyDir(tb testing.TB, from, to string) {
	tb.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
