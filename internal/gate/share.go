package gate

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// flights are the expensive computations running now, by request.
type flights struct {
	mu    sync.Mutex
	calls map[string]*call
}

// call is one computation and the requests waiting for it.
type call struct {
	done    chan struct{} // closed when res is set
	ctx     context.Context
	cancel  context.CancelFunc
	waiters int // guarded by flights.mu
	res     *captured
}

// join returns the call for key, starting one if there is none; leader
// is true for the request that starts it.
func (f *flights) join(key string) (c *call, leader bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.calls[key]; ok {
		c.waiters++
		return c, false
	}
	if f.calls == nil {
		f.calls = map[string]*call{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c = &call{done: make(chan struct{}), ctx: ctx, cancel: cancel, waiters: 1}
	f.calls[key] = c
	return c, true
}

// leave is called when a waiting request's client goes away; the last to
// leave cancels the computation.
func (f *flights) leave(key string, c *call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.waiters--
	if c.waiters == 0 {
		c.cancel()
		if f.calls[key] == c {
			delete(f.calls, key) // a request from now on starts afresh
		}
	}
}

// finish removes a finished call, so later requests compute anew (against
// the dataset then current).
func (f *flights) finish(key string, c *call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls[key] == c {
		delete(f.calls, key)
	}
}

// Sharer runs the handlers of costly requests within a gate, sharing
// each computation among identical concurrent requests.
type Sharer struct {
	gate    *Gate
	resp    *respond.Writer
	flights flights
}

// NewSharer returns a Sharer over g that answers refusals through resp.
func NewSharer(g *Gate, resp *respond.Writer) *Sharer {
	return &Sharer{gate: g, resp: resp}
}

// Expensive wraps the handler of a costly request in the gate and shares
// its computation among identical concurrent requests (see the package
// documentation).
func (s *Sharer) Expensive(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, ok := shareKey(r)
		if !ok {
			s.Alone(h)(w, r)
			return
		}
		c, leader := s.flights.join(key)
		stop := context.AfterFunc(r.Context(), func() { s.flights.leave(key, c) })
		if leader {
			s.compute(key, c, h, r)
		} else {
			select {
			case <-c.done:
			case <-r.Context().Done():
				return
			}
		}
		if stop() {
			s.flights.leave(key, c)
		}
		if c.res == nil {
			// The computation panicked; its own request reports that.
			s.resp.Error(w, r, fault.Errorf(fault.Internal, "handler failed"))
			return
		}
		c.res.replay(w, r)
	}
}

// Alone wraps the handler of a costly request in the gate without
// sharing it: for a request whose answer is its own, and for a response
// written as it is made (a download streamed), which a computation shared
// among requests would have to hold whole.
func (s *Sharer) Alone(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		release, err := s.gate.Acquire(r.Context())
		if err != nil {
			s.resp.Error(w, r, err)
			return
		}
		defer release()
		h(w, r)
	}
}

// compute runs h for the call, under the call's context and a slot of the
// gate, and keeps what it writes.
func (s *Sharer) compute(key string, c *call, h http.HandlerFunc, r *http.Request) {
	defer close(c.done)
	defer c.cancel()
	defer s.flights.finish(key, c)
	cw := &captureWriter{header: http.Header{}}
	// The computation keeps the request's values but not its
	// cancellation, which is the call's, and not its connection: other
	// requests' responses are written from what this one captured, never
	// onto its connection.
	ctx := conn.Detach(context.WithoutCancel(r.Context()))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(c.ctx, cancel)
	defer stop()
	release, err := s.gate.Acquire(ctx)
	if err != nil {
		s.resp.Error(cw, r, err)
		c.res = cw.result()
		return
	}
	defer release()
	h(cw, r.WithContext(ctx))
	c.res = cw.result()
}

// shareKey names what a request's response depends on; ok is false for a
// request whose answer is its own (conditional or partial), which is
// bounded but not shared.
func shareKey(r *http.Request) (key string, ok bool) {
	h := r.Header
	if h["If-None-Match"] != nil || h["Range"] != nil || h["If-Range"] != nil || h["If-Modified-Since"] != nil {
		return "", false
	}
	var b strings.Builder
	for _, part := range []string{r.Method, r.Host, h.Get("X-Forwarded-Host"), h.Get("X-Forwarded-Proto"),
		r.URL.RequestURI(), h.Get("Accept"), h.Get("Accept-Encoding")} {
		b.WriteString(part)
		b.WriteByte(0)
	}
	return b.String(), true
}
