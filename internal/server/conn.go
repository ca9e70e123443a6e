package server

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// A response leaves through net/http's connection buffer, a fixed 4 KiB,
// so a tile larger than that goes out in two writes: the headers with the
// first part of the body, then the rest. Each write is a system call and
// wakes the client for half a response; on loopback that is a quarter of
// the cost of serving a cached tile. A coalescing connection lets the tile
// handler hold its writes and send the whole response in one, as nginx
// does with writev.

// maxCoalesce is the largest body written in one piece. Past it the cost
// of the second write is small against the body's, and holding it would
// only copy more.
const maxCoalesce = 64 << 10

// coalescingListener hands out coalescingConns.
type coalescingListener struct{ net.Listener }

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &coalescingConn{Conn: c}, nil
}

// coalescingConn is a connection whose writes can be held and then sent
// as one. Holding happens only inside a handler, on the goroutine that
// serves the connection, which for HTTP/1 is the only one that writes.
type coalescingConn struct {
	net.Conn
	held *[]byte // nil unless holding
}

var heldBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 16<<10)
	return &b
}}

func (c *coalescingConn) Write(p []byte) (int, error) {
	if c.held != nil {
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// hold keeps every write from now on, until send.
func (c *coalescingConn) hold() {
	if c.held == nil {
		c.held = heldBuffers.Get().(*[]byte)
	}
}

// send writes what was held in one write and stops holding. A connection
// that fails it is closed: net/http never saw the write and would
// otherwise wait on it for another request.
func (c *coalescingConn) send() error {
	b := c.held
	if b == nil {
		return nil
	}
	c.held = nil
	var err error
	if len(*b) > 0 {
		if _, err = c.Conn.Write(*b); err != nil {
			c.Conn.Close()
		}
	}
	*b = (*b)[:0]
	heldBuffers.Put(b)
	return err
}

// CloseWrite half-closes the connection, which net/http does before it
// closes a connection after an error.
func (c *coalescingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

type connKey struct{}

// withConn is the http.Server's ConnContext: it lets handlers reach a
// coalescing connection.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

// writeWhole writes body, the whole body of a response whose headers are
// set, and sends the response in one write when the connection can.
func writeWhole(w http.ResponseWriter, r *http.Request, body []byte) {
	cc, _ := r.Context().Value(connKey{}).(*coalescingConn)
	// Only HTTP/1 writes a response straight onto the connection, from the
	// goroutine that serves it; HTTP/2 (h2c) frames it on a goroutine of
	// its own.
	if cc == nil || r.ProtoMajor != 1 || len(body) > maxCoalesce {
		w.Write(body)
		return
	}
	cc.hold()
	w.Write(body)
	// Push the rest out of net/http's buffers into the held bytes. Should
	// the flush not get through, what was held is still the start of the
	// response, and net/http sends the rest after it.
	http.NewResponseController(w).Flush()
	cc.send()
}
