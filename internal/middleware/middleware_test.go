package middleware

import (
	"bytes"
	"compress/gzip"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/metrics"
	"github.com/chronoatlas/chronoatlas/internal/payload"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// mustChain wraps a handler that answers "ok" in the middleware, logging
// to logs from level on and calling a request slow past slow; it returns
// the handler and the metrics it records in.
func mustChain(tb testing.TB, logs *bytes.Buffer, level slog.Level, slow time.Duration) (http.Handler, *metrics.Metrics) {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level}))
	m := metrics.New()
	resp := respond.New(log, payload.NewGzipCache(1<<20, gzip.BestSpeed), time.Hour)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	return Wrap(Config{Log: log, Metrics: m, Respond: resp, SlowRequest: slow, MaxURLBytes: 4 << 10}, ok), m
}

// serve sends a request to h and returns what it answered.
func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

// TestRandomMethodsStayBounded sends many made-up methods, as a scanner
// does: the metrics keep a fixed set of series, and neither /metrics nor
// a log line grows with what the client sent.
func TestRandomMethodsStayBounded(t *testing.T) {
	var logs bytes.Buffer
	h, m := mustChain(t, &logs, slog.LevelDebug, time.Second)
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for i := range 500 {
		method := make([]byte, 1+rng.IntN(64))
		for j := range method {
			method[j] = letters[rng.IntN(len(letters))]
		}
		if i == 0 {
			method = bytes.Repeat([]byte("X"), 8<<10)
		}
		serve(h, string(method), "/collections")
	}
	body := serve(m.Handler(), "GET", "/metrics").Body.String()
	series := 0
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "chronoatlas_http_requests_total{") {
			series++
		}
	}
	if series > 3 {
		t.Errorf("chronoatlas_http_requests_total has %d series after 500 random methods, want at most 3:\n%s", series, body)
	}
	if !strings.Contains(body, `method="OTHER"`) {
		t.Errorf("no method=\"OTHER\" series in /metrics")
	}
	if len(body) > 64<<10 {
		t.Errorf("/metrics is %d bytes after 500 random methods", len(body))
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if len(line) > 1024 {
			t.Errorf("a log line of %d bytes: %.200s…", len(line), line)
		}
	}
}

// TestRequestLogLevels: a request answered in time is logged at debug, a
// slow one at info.
func TestRequestLogLevels(t *testing.T) {
	for _, tt := range []struct {
		slow  time.Duration
		level slog.Level
		lines int
	}{
		{time.Hour, slog.LevelInfo, 0},
		{time.Hour, slog.LevelDebug, 1},
		{time.Nanosecond, slog.LevelInfo, 1},
	} {
		var logs bytes.Buffer
		h, _ := mustChain(t, &logs, tt.level, tt.slow)
		serve(h, "GET", "/collections")
		if got := strings.Count(logs.String(), "msg=request"); got != tt.lines {
			t.Errorf("slow %s, level %s: got %d request lines, want %d:\n%s", tt.slow, tt.level, got, tt.lines, logs.String())
		}
	}
}
