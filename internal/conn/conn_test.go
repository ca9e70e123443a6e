package conn

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// fakeConn records the writes that reach it.
type fakeConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
	fail   error
	closed bool
}

func (c *fakeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return 0, c.fail
	}
	c.writes = append(c.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

func TestCoalescingConn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		run    func(c *coalescingConn)
		writes []string
	}{
		{"no hold passes writes through", func(c *coalescingConn) {
			c.Write([]byte("a"))
			c.Write([]byte("b"))
		}, []string{"a", "b"}},
		{"held writes leave as one", func(c *coalescingConn) {
			c.hold()
			c.Write([]byte("head "))
			c.Write([]byte("body"))
			c.send()
		}, []string{"head body"}},
		{"writes after send pass through", func(c *coalescingConn) {
			c.hold()
			c.Write([]byte("a"))
			c.send()
			c.Write([]byte("b"))
		}, []string{"a", "b"}},
		{"hold twice is one hold", func(c *coalescingConn) {
			c.hold()
			c.Write([]byte("a"))
			c.hold()
			c.Write([]byte("b"))
			c.send()
		}, []string{"ab"}},
		{"nothing held writes nothing", func(c *coalescingConn) {
			c.hold()
			c.send()
			c.send()
		}, nil},
		{"a buffer from the pool starts empty", func(c *coalescingConn) {
			c.hold()
			c.Write([]byte("first"))
			c.send()
			c.hold()
			c.Write([]byte("second"))
			c.send()
		}, []string{"first", "second"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := &fakeConn{}
			tc.run(&coalescingConn{Conn: fc})
			var got []string
			for _, w := range fc.writes {
				got = append(got, string(w))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.writes) {
				t.Errorf("writes %q, want %q", got, tc.writes)
			}
		})
	}

	t.Run("a failed send closes the connection", func(t *testing.T) {
		broken := errors.New("broken pipe")
		fc := &fakeConn{fail: broken}
		c := &coalescingConn{Conn: fc}
		c.hold()
		c.Write([]byte("x"))
		if err := c.send(); !errors.Is(err, broken) {
			t.Errorf("send: %v, want %v", err, broken)
		}
		if !fc.closed {
			t.Error("the connection stays open after a failed write")
		}
	})
}

// FuzzNetHTTPProblem: any write is passed through untouched or made a
// problem+json response that HTTP clients read.
func FuzzNetHTTPProblem(f *testing.F) {
	f.Add([]byte("HTTP/1.1 431 Request Header Fields Too Large" + netHTTPErrorHeaders + "431 Request Header Fields Too Large"))
	f.Add([]byte("HTTP/1.1 400 Bad Request: invalid header name" + netHTTPErrorHeaders + "400 Bad Request: invalid header name"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
	f.Add([]byte("HTTP/1.1 999 X" + netHTTPErrorHeaders))
	f.Fuzz(func(t *testing.T, p []byte) {
		out, ok := netHTTPProblem(p)
		if !ok {
			return
		}
		res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), nil)
		if err != nil {
			t.Fatalf("%q became %q, which does not read: %v", p, out, err)
		}
		var pr respond.Problem
		body, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(body, &pr); err != nil || pr.Status != res.StatusCode || res.StatusCode < 400 {
			t.Fatalf("%q became %q: %v", p, out, err)
		}
	})
}
