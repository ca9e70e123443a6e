package front

import (
	"fmt"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// errTooManyFiles is the accept error a server rides out by waiting.
var errTooManyFiles = syscall.EMFILE

// frontConn is a connection the front reads requests from until it
// answers one it cannot.
type frontConn struct {
	net.Conn
	l *Listener
	// reading is set while the connection waits for request bytes, when
	// Close may wake it.
	reading atomic.Bool
	remote  string

	readBy, writeBy time.Time // the deadlines set on the connection
	answered        bool      // a request has been answered

	// the scratch space of answering
	req   Request
	ans   Answer
	out   net.Buffers // a head's place and a body for each answer
	heads []byte      // the answers' heads
	mark  []int       // where each answer's head ends in heads
}

var buffers = sync.Pool{New: func() any { return new([maxHead]byte) }}

// serve answers requests on the connection until it closes or the front
// hands it over.
func (c *frontConn) serve() {
	buf := buffers.Get().(*[maxHead]byte)
	handed := false
	defer func() {
		if !handed {
			c.Conn.Close()
		}
		buffers.Put(buf)
		c.l.untrack(c)
	}()
	c.remote = c.RemoteAddr().String()
	cfg := &c.l.cfg
	n := 0 // bytes in buf
	headStart := time.Now()
	for {
		// Read until buf holds at least one whole head. The first
		// request has ReadHeaderTimeout from the connection's start, as
		// with net/http; a later one IdleTimeout to begin, then
		// ReadHeaderTimeout from its first byte.
		if n == 0 && c.answered {
			c.readDeadline(headStart, cfg.IdleTimeout) // headStart: the last write's end
		} else {
			c.readDeadline(headStart, cfg.ReadHeaderTimeout)
		}
		c.reading.Store(true)
		if c.l.isClosed() {
			return
		}
		m, err := c.Conn.Read(buf[n:])
		c.reading.Store(false)
		now := time.Now()
		if n == 0 && m > 0 && c.answered {
			headStart = now
		}
		n += m
		if err != nil {
			return
		}
		used, give, now := c.answerAll(buf[:n], now)
		if len(c.mark) > 0 {
			c.writeDeadline(now, cfg.WriteTimeout)
			if err := c.write(c.out, c.heads, c.mark); err != nil {
				return
			}
			headStart = time.Now()
		}
		if c.l.isClosed() {
			return
		}
		n = copy(buf[:], buf[used:n])
		if give {
			c.hand(buf[:n])
			handed = true
			return
		}
	}
}

// answerAll answers the whole heads at the start of b, into c.out,
// c.heads and c.mark, for one write. It returns the bytes it used,
// whether the request after them is net/http's, and the time it ended.
func (c *frontConn) answerAll(b []byte, now time.Time) (used int, give bool, end time.Time) {
	cfg := &c.l.cfg
	c.out, c.heads, c.mark = c.out[:0], c.heads[:0], c.mark[:0]
	req, ans := &c.req, &c.ans
	for used < len(b) {
		size, ok := parse(b[used:], req, cfg.MaxTarget)
		if !ok {
			return used, true, now
		}
		if size == 0 {
			break
		}
		start := now
		if !c.answer(req, ans) {
			return used, true, now
		}
		closing := c.l.isClosed()
		c.heads = appendHead(c.heads, ans, cfg.Fixed, DateHeader(start)[0], closing)
		c.mark = append(c.mark, len(c.heads))
		written := 0
		if hasBody(req.Method, ans.Status) {
			c.out = append(c.out, nil, ans.Body) // the head is filled in by write
			written = len(ans.Body)
		} else {
			c.out = append(c.out, nil, nil)
		}
		used += size
		c.answered = true
		now = time.Now()
		if c.l.obs != nil {
			c.l.obs.Done(req, ans, c.remote, written, now.Sub(start))
		}
		if closing {
			break
		}
	}
	return used, false, now
}

// answer asks the Handler to answer r. A panic in it is logged and
// declines r, which net/http then answers (with its middleware's 500),
// after the answers to the requests before it.
func (c *frontConn) answer(r *Request, a *Answer) (ok bool) {
	obs := c.l.obs
	if obs != nil {
		obs.Begin()
	}
	defer func() {
		if v := recover(); v != nil {
			ok = false
			if c.l.cfg.Log != nil {
				c.l.cfg.Log.Error("panic", "path", r.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
		}
		if !ok && obs != nil {
			obs.Done(r, nil, c.remote, 0, 0)
		}
	}()
	a.reset()
	return c.l.handler.Answer(r, a)
}

// readDeadline sets the read deadline to timeout after from (no deadline
// for a zero timeout), unless the one set is close enough (keep).
func (c *frontConn) readDeadline(from time.Time, timeout time.Duration) {
	c.setDeadline(&c.readBy, c.Conn.SetReadDeadline, from, timeout)
}

// writeDeadline is readDeadline for writes.
func (c *frontConn) writeDeadline(from time.Time, timeout time.Duration) {
	c.setDeadline(&c.writeBy, c.Conn.SetWriteDeadline, from, timeout)
}

func (c *frontConn) setDeadline(by *time.Time, set func(time.Time) error, from time.Time, timeout time.Duration) {
	at := deadline(from, timeout)
	if keep(*by, at, timeout) {
		return
	}
	*by = at
	set(at)
}

func deadline(from time.Time, timeout time.Duration) time.Time {
	if timeout <= 0 {
		return time.Time{} // none, as in net/http
	}
	return from.Add(timeout)
}

// keep reports whether the deadline set may stay for the one asked for,
// at: setting one costs a timer update, so a connection answering request
// after request keeps its deadline while it is at most an eighth of the
// timeout, and a second, earlier than asked (so never one that has
// passed).
func keep(set, at time.Time, timeout time.Duration) bool {
	if set.IsZero() || at.IsZero() {
		return set.Equal(at)
	}
	d := at.Sub(set)
	return d >= 0 && d <= min(time.Second, timeout/8)
}

// maxCopy is the most the answers to one read are copied together for,
// to leave in one write; larger ones go out with writev, uncopied.
const maxCopy = 64 << 10

// write sends the answers: out holds a head's place and a body for each,
// heads their heads, ending at the offsets in mark.
func (c *frontConn) write(out net.Buffers, heads []byte, mark []int) error {
	size := len(heads)
	for i := 1; i < len(out); i += 2 {
		size += len(out[i])
	}
	from := 0
	if size <= maxCopy {
		b := copyBuffers.Get().(*[]byte)
		defer copyBuffers.Put(b)
		all := (*b)[:0]
		for i, to := range mark {
			all = append(all, heads[from:to]...)
			all = append(all, out[2*i+1]...)
			from = to
		}
		*b = all
		_, err := c.Conn.Write(all)
		return err
	}
	for i, to := range mark {
		out[2*i] = heads[from:to]
		from = to
	}
	_, err := out.WriteTo(c.Conn)
	return err
}

var copyBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 16<<10)
	return &b
}}

// wake makes a connection waiting for a request give up, for Close.
func (c *frontConn) wake() {
	if c.reading.Load() {
		c.Conn.SetReadDeadline(time.Now())
	}
}

// hand passes the connection to net/http with the bytes read and not
// answered, which it reads first.
func (c *frontConn) hand(pending []byte) {
	c.Conn.SetDeadline(time.Time{})
	rc := &replayConn{Conn: c.Conn, pending: append([]byte(nil), pending...)}
	select {
	case c.l.handoff <- rc:
	case <-c.l.closed:
		c.Conn.Close()
	}
}

// replayConn is a handed-over connection: its reads return the bytes the
// front read first.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite half-closes the connection, which net/http does before it
// closes a connection after an error.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
