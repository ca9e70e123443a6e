package front

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Handler answers the requests the front reads.
type Handler interface {
	// Answer answers r into a (whose Header it appends to) and reports
	// true, or reports false to leave r to net/http; it must not keep r.
	Answer(r *Request, a *Answer) bool
}

// Observer hears of every request the front answers, as net/http's
// middleware does of the others: for the log line and the metrics.
type Observer interface {
	// Begin is called before the Handler is asked, Done after; a nil
	// Answer means the Handler declined r, which net/http then answers
	// (and its middleware observes).
	Begin()
	Done(r *Request, a *Answer, remote string, bytes int, took time.Duration)
}

// Config is how a Listener reads and writes: net/http's timeouts, and the
// headers every answer carries.
type Config struct {
	ReadHeaderTimeout time.Duration // from a request's first byte to its head's end
	IdleTimeout       time.Duration // from an answer to the next request's first byte
	WriteTimeout      time.Duration // for writing an answer
	// MaxTarget bounds the request target the front reads; a longer one
	// goes to net/http.
	MaxTarget int
	// Fixed are headers added to every answer, such as CORS.
	Fixed []Field
	// Log hears of a Handler's panic, after which net/http answers the
	// request.
	Log *slog.Logger
}

// Listener accepts connections on an inner listener, answers what it can
// of each, and hands the rest to whoever calls Accept (net/http's Serve).
type Listener struct {
	inner   net.Listener
	cfg     Config
	handler Handler
	obs     Observer

	handoff   chan net.Conn
	closed    chan struct{}
	once      sync.Once
	acceptErr atomic.Pointer[error]

	mu    sync.Mutex
	conns map[*frontConn]struct{}
	idle  chan struct{} // closed when conns empties after Close
}

// Listen starts answering connections accepted on ln with h, and returns
// the listener net/http is to serve: it hands out the connections the
// front gives up on.
func Listen(ln net.Listener, cfg Config, h Handler, obs Observer) *Listener {
	l := &Listener{inner: ln, cfg: cfg, handler: h, obs: obs,
		handoff: make(chan net.Conn), closed: make(chan struct{}),
		conns: map[*frontConn]struct{}{}, idle: make(chan struct{})}
	go l.acceptLoop()
	return l
}

// Accept returns the next connection the front hands over.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.handoff:
		return c, nil
	case <-l.closed:
		if err := l.acceptErr.Load(); err != nil {
			return nil, *err
		}
		return nil, net.ErrClosed
	}
}

// Addr is the inner listener's address.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// Close stops accepting, and closes the front's connections as they fall
// idle; those it has handed over are net/http's to close.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		l.mu.Lock()
		close(l.closed)
		for c := range l.conns {
			c.wake()
		}
		if len(l.conns) == 0 {
			close(l.idle)
		}
		l.mu.Unlock()
		err = l.inner.Close()
	})
	return err
}

// Wait waits, after Close, until the front's connections are closed or
// ctx ends.
func (l *Listener) Wait(ctx context.Context) error {
	select {
	case <-l.idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Listener) isClosed() bool {
	select {
	case <-l.closed:
		return true
	default:
		return false
	}
}

func (l *Listener) acceptLoop() {
	var delay time.Duration
	for {
		c, err := l.inner.Accept()
		if err != nil {
			if l.isClosed() {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, errTooManyFiles) {
				// as net/http does: back off and try again
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			l.acceptErr.Store(&err)
			l.Close()
			return
		}
		delay = 0
		fc := &frontConn{Conn: c, l: l}
		if !l.track(fc) {
			c.Close()
			return
		}
		go fc.serve()
	}
}

// track adds c to the live connections, unless the listener is closed.
func (l *Listener) track(c *frontConn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isClosed() {
		return false
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *Listener) untrack(c *frontConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.conns, c)
	if len(l.conns) == 0 && l.isClosed() {
		close(l.idle) // the last one: Close saw it live
	}
}
