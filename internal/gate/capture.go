package gate

import (
	"net/http"
)

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
