package gate

import (
	"compress/gzip"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/payload"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// mustSharer returns a Sharer with room for slots expensive requests at
// once and queue more waiting.
func mustSharer(tb testing.TB, slots, queue int) *Sharer {
	tb.Helper()
	resp := respond.New(slog.New(slog.DiscardHandler), payload.NewGzipCache(1<<20, gzip.BestSpeed), time.Hour)
	return NewSharer(New(slots, queue, time.Minute), resp)
}

// waitFor polls cond until it holds, failing the test after 10 s.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// blocking is an expensive handler that counts its runs and answers only
// once released, or stops when its request's context ends.
type blocking struct {
	runs, cancelled atomic.Int32
	release         chan struct{}
}

func newBlocking() *blocking { return &blocking{release: make(chan struct{})} }

func (b *blocking) serve(w http.ResponseWriter, r *http.Request) {
	b.runs.Add(1)
	select {
	case <-b.release:
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("page " + r.URL.RawQuery))
	case <-r.Context().Done():
		b.cancelled.Add(1)
	}
}

// waiters returns how many requests wait on the computation of target.
func waiters(s *Sharer, target string) int {
	key, _ := shareKey(httptest.NewRequest("GET", target, nil))
	s.flights.mu.Lock()
	defer s.flights.mu.Unlock()
	if c := s.flights.calls[key]; c != nil {
		return c.waiters
	}
	return 0
}

// TestExpensiveShared: identical requests that arrive while one is
// computed share it: one run, every client the same answer.
func TestExpensiveShared(t *testing.T) {
	s := mustSharer(t, 2, 0)
	b := newBlocking()
	h := s.Expensive(b.serve)
	const n = 20
	recs := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := range n {
		recs[i] = httptest.NewRecorder()
		wg.Go(func() { h(recs[i], httptest.NewRequest("GET", "/page?limit=10000", nil)) })
	}
	waitFor(t, "all requests to join", func() bool { return waiters(s, "/page?limit=10000") == n })
	close(b.release)
	wg.Wait()
	if got := b.runs.Load(); got != 1 {
		t.Errorf("runs: got %d, want 1", got)
	}
	for i, rec := range recs {
		if rec.Code != 200 || rec.Body.String() != "page limit=10000" {
			t.Errorf("request %d: got %d %q", i, rec.Code, rec.Body.String())
		}
	}
}

// TestExpensiveBounded: past the slots and the queue, an expensive
// request gets 503 with Retry-After at once. (That cheap routes answer
// meanwhile is the server's TestMapBusy.)
func TestExpensiveBounded(t *testing.T) {
	s := mustSharer(t, 2, 1)
	b := newBlocking()
	h := s.Expensive(b.serve)
	var wg sync.WaitGroup
	recs := make([]*httptest.ResponseRecorder, 3)
	for i := range recs {
		recs[i] = httptest.NewRecorder()
		wg.Go(func() { h(recs[i], httptest.NewRequest("GET", "/page?n="+strconv.Itoa(i), nil)) })
	}
	waitFor(t, "two running and one queued", func() bool { return b.runs.Load() == 2 && s.gate.queued.Load() == 1 })

	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", "/page?n=late", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("past the bound: got %d, Retry-After %q, %s; want a 503 problem with Retry-After", rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type"))
	}
	close(b.release)
	wg.Wait()
	for i, rec := range recs {
		if rec.Code != 200 {
			t.Errorf("request %d within the bound: got %d", i, rec.Code)
		}
	}
	if got := b.runs.Load(); got != 3 {
		t.Errorf("runs: got %d, want 3", got)
	}
}

// TestExpensiveCancel: the computation goes on while any client waits for
// it, though the first has left, and stops when the last leaves.
func TestExpensiveCancel(t *testing.T) {
	s := mustSharer(t, 2, 0)
	b := newBlocking()
	h := s.Expensive(b.serve)
	const target = "/page?f=kml"

	firstCtx, firstLeaves := context.WithCancel(context.Background())
	first := httptest.NewRecorder()
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		h(first, httptest.NewRequest("GET", target, nil).WithContext(firstCtx))
	}()
	waitFor(t, "the first request to start", func() bool { return b.runs.Load() == 1 })
	second := httptest.NewRecorder()
	secondDone := make(chan struct{})
	go func() {
		defer close(secondDone)
		h(second, httptest.NewRequest("GET", target, nil))
	}()
	waitFor(t, "the second request to join", func() bool { return waiters(s, target) == 2 })
	firstLeaves()
	waitFor(t, "the first request to leave", func() bool { return waiters(s, target) == 1 })
	if got := b.cancelled.Load(); got != 0 {
		t.Fatal("the computation stopped when its first client left, though another waits for it")
	}
	close(b.release)
	<-secondDone
	<-firstDone
	if second.Code != 200 || second.Body.String() != "page f=kml" {
		t.Errorf("the second client: got %d %q, want 200", second.Code, second.Body.String())
	}

	// Alone, a client that leaves stops the work.
	b = newBlocking()
	h = s.Expensive(b.serve)
	ctx, leave := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil).WithContext(ctx))
	}()
	waitFor(t, "the request to start", func() bool { return b.runs.Load() == 1 })
	leave()
	<-done
	waitFor(t, "the computation to stop", func() bool { return b.cancelled.Load() == 1 })
}

// TestAlone: a handler wrapped with Alone runs within the gate but is not
// shared: two identical requests run it twice, each writing straight to
// its own client, and one past the gate's bound is refused.
func TestAlone(t *testing.T) {
	s := mustSharer(t, 2, 0)
	b := newBlocking()
	h := s.Alone(b.serve)
	const target = "/page?f=kml"
	var wg sync.WaitGroup
	recs := []*httptest.ResponseRecorder{httptest.NewRecorder(), httptest.NewRecorder()}
	for _, rec := range recs {
		wg.Go(func() { h(rec, httptest.NewRequest("GET", target, nil)) })
	}
	waitFor(t, "both requests to run", func() bool { return b.runs.Load() == 2 })
	if n := waiters(s, target); n != 0 {
		t.Errorf("%d requests wait on a shared computation, want none", n)
	}
	third := httptest.NewRecorder()
	h(third, httptest.NewRequest("GET", target, nil))
	if third.Code != http.StatusServiceUnavailable {
		t.Errorf("past the bound: status %d, want 503", third.Code)
	}
	close(b.release)
	wg.Wait()
	for i, rec := range recs {
		if rec.Code != 200 || rec.Body.String() != "page f=kml" {
			t.Errorf("request %d: got %d %q", i, rec.Code, rec.Body.String())
		}
	}
}
