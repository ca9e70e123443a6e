package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// Some requests cost far more than others: a page of 10,000 territories
// as KML allocates some 17 MB, a map image seconds of CPU. Without a bound
// a single client asking for one such URL on 2,000 connections takes the
// process to gigabytes and /healthz stops answering. Handlers of such
// requests are wrapped in expensive, which
//
//   - runs at most Config.ExpensiveSlots of them at once, lets at most
//     Config.ExpensiveQueue more wait (for up to Config.ExpensiveWait),
//     and refuses the rest at once with 503 and Retry-After: a queue that
//     cannot grow without bound;
//   - shares one computation among identical requests that arrive while
//     it runs, so N clients asking for one page cost one page;
//   - cancels that computation when the last client waiting for it
//     leaves, and not before: it runs under a context of its own, not the
//     first caller's.

// gate bounds the expensive work running at once.
type gate struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
	maxWait  time.Duration
}

func newGate(slots, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, max(1, slots)), maxQueue: int64(max(0, queue)), maxWait: wait}
}

// errBusy is the answer past the gate's bound.
var errBusy = fault.Errorf(fault.Unavailable, "the server is busy with other large requests; retry in a moment")

// acquire takes a slot, waiting for one only while the queue has room,
// for at most the gate's wait and only as long as ctx lives. The caller
// calls release once its work is done.
func (g *gate) acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.queued.Add(1) > g.maxQueue {
		g.queued.Add(-1)
		return nil, errBusy
	}
	defer g.queued.Add(-1)
	t := time.NewTimer(g.maxWait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, fault.Errorf(fault.Unavailable, "the request was given up before it started")
	}
}

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

// expensive wraps the handler of a costly request in the gate and shares
// its computation among identical concurrent requests (see the top of
// this file).
func (s *Server) expensive(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, ok := shareKey(r)
		if !ok {
			release, err := s.gate.acquire(r.Context())
			if err != nil {
				s.resp.Error(w, r, err)
				return
			}
			defer release()
			h(w, r)
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

// compute runs h for the call, under the call's context and a slot of the
// gate, and keeps what it writes.
func (s *Server) compute(key string, c *call, h http.HandlerFunc, r *http.Request) {
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
	release, err := s.gate.acquire(ctx)
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

// captureWriter keeps a response instead of sending it.
type captureWriter struct {
	header http.Header
	status int
	body   []byte
}

func (c *captureWriter) Header() http.Header { return c.header }

func (c *captureWriter) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	c.body = append(c.body, b...)
	return len(b), nil
}

func (c *captureWriter) result() *captured {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return &captured{status: c.status, header: c.header, body: c.body}
}

// captured is a response kept to be written to every request that shared
// its computation. It is never changed once made.
type captured struct {
	status int
	header http.Header
	body   []byte
}

func (c *captured) replay(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range c.header {
		h[k] = v
	}
	w.WriteHeader(c.status)
	if r.Method != http.MethodHead {
		w.Write(c.body)
	}
}
