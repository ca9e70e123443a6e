package conn

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/chronoatlas/chronoatlas/internal/respond"
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

// Listener hands out connections whose writes a handler can coalesce
// (WriteWhole).
type Listener struct{ net.Listener }

// Accept waits for and returns the next connection.
func (l Listener) Accept() (net.Conn, error) {
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
	if problem, ok := netHTTPProblem(p); ok {
		if _, err := c.Conn.Write(problem); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// net/http answers a request it cannot read (a malformed request line or
// header, headers over MaxHeaderBytes, an unknown transfer coding or HTTP
// version) itself, before any handler, in plain text written straight
// onto the connection in one write:
//
//	HTTP/1.1 431 Request Header Fields Too Large<netHTTPErrorHeaders>431 Request Header Fields Too Large
//
// netHTTPProblem turns such a write into the same answer as
// application/problem+json, as every other error is. No response of a
// handler has that shape: each carries a Date, and none is text/plain
// with Connection: close and no length.
const netHTTPErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func netHTTPProblem(p []byte) ([]byte, bool) {
	const proto = "HTTP/1.1 "
	if len(p) < len(proto)+3 || string(p[:len(proto)]) != proto {
		return nil, false
	}
	if bytes.HasPrefix(p, []byte(netHTTPExpectationFailed)) && bytes.HasSuffix(p, []byte("\r\n\r\n")) {
		return problemResponse(http.StatusExpectationFailed, "the Expect header asks for what the server does not do; send none"), true
	}
	end := bytes.IndexByte(p, '\r')
	if end < 0 || !bytes.HasPrefix(p[end:], []byte(netHTTPErrorHeaders)) {
		return nil, false
	}
	code, err := strconv.Atoi(string(p[len(proto) : len(proto)+3]))
	if err != nil || code < 400 || code > 599 {
		return nil, false
	}
	detail := string(p[end+len(netHTTPErrorHeaders):])
	// "400 Bad Request: invalid header name" says it best without its
	// status, which the problem has on its own.
	detail = strings.TrimPrefix(strings.TrimPrefix(detail, strconv.Itoa(code)+" "+http.StatusText(code)), ": ")
	if detail == "" {
		detail = "the request could not be read: " + strings.ToLower(http.StatusText(code))
	}
	return problemResponse(code, detail), true
}

// netHTTPExpectationFailed starts net/http's answer, headers only, to an
// Expect header other than 100-continue; no handler of ours sends 417.
const netHTTPExpectationFailed = "HTTP/1.1 417 Expectation Failed\r\n"

// problemResponse is a whole HTTP/1.1 response carrying a problem, after
// which the connection closes.
func problemResponse(code int, detail string) []byte {
	body, _ := json.Marshal(respond.Problem{Type: "about:blank", Title: http.StatusText(code), Status: code, Detail: detail})
	body = append(body, '\n')
	out := fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/problem+json\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: %d\r\n\r\n",
		code, http.StatusText(code), len(body))
	return append(out, body...)
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

// Context is the http.Server's ConnContext: it lets handlers reach a
// coalescing connection.
func Context(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

// Detach returns ctx without its connection: what a handler writes under
// it is never held for one write, as a response computed for many
// requests (internal/gate) is written to each from a copy.
func Detach(ctx context.Context) context.Context {
	return context.WithValue(ctx, connKey{}, (*coalescingConn)(nil))
}

// WriteWhole writes body, the whole body of a response whose headers are
// set, and sends the response in one write when the connection can.
func WriteWhole(w http.ResponseWriter, r *http.Request, body []byte) {
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
