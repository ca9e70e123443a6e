package front

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// bigBody is the length of /tiles/big's body: over maxCopy, so that its
// answer leaves with writev rather than copied into one buffer.
const bigBody = 100 << 10

// testHandler answers GET and HEAD of /tiles/... with a 200 whose body
// names the target (a 304 when If-None-Match is the tile's Etag), and
// declines everything else, which net/http then answers. /tiles/panic
// panics, as a buggy handler would.
type testHandler struct{}

func (testHandler) Answer(r *Request, a *Answer) bool {
	if !strings.HasPrefix(r.Path, "/tiles/") {
		return false
	}
	if r.Path == "/tiles/panic" {
		panic("boom")
	}
	body := []byte("front " + r.Target)
	if r.Path == "/tiles/big" {
		body = bytes.Repeat([]byte("b"), bigBody)
	}
	etag := `"` + r.Path + `"`
	a.Route = "/tiles/{tile}"
	a.Header = append(a.Header, Field{"Etag", etag})
	if r.IfNoneMatch == etag {
		a.Status = http.StatusNotModified
		return true
	}
	a.Status = http.StatusOK
	a.Header = append(a.Header, Field{"Content-Type", "text/plain"}, Field{"Content-Length", strconv.Itoa(len(body))})
	a.Body = body
	return true
}

// netHTTP answers what the front hands over, marked so that a test can
// tell who answered, with a body naming the request and echoing its body.
var netHTTP = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("X-By", "net/http")
	fmt.Fprintf(w, "net/http %s %s %s", r.Method, r.RequestURI, body)
})

// testConfig has timeouts far longer than any test takes, so that only
// the tests of timeouts see one.
func testConfig() Config {
	return Config{
		ReadHeaderTimeout: time.Minute,
		IdleTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		MaxTarget:         1024,
		Fixed:             []Field{{"X-Fixed", "yes"}},
	}
}

// serve starts a front on a loopback port with net/http serving what it
// hands over, as internal/server does, and returns the address. When the
// test ends, net/http is closed (which closes the Listener) and the
// front's connections must all be closed within 10 s.
func serve(t *testing.T, cfg Config, h Handler, obs Observer) (string, *Listener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := Listen(ln, cfg, h, obs)
	hs := &http.Server{Handler: netHTTP, ReadHeaderTimeout: time.Minute}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	t.Cleanup(func() {
		hs.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("Serve: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := l.Wait(ctx); err != nil {
			t.Errorf("Wait: %v", err)
		}
	})
	return ln.Addr().String(), l
}

// client is one connection to a front, its reads and writes bounded by a
// 10 s deadline so that a test that goes wrong fails rather than hangs.
type client struct {
	t  *testing.T
	c  net.Conn
	br *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return &client{t: t, c: c, br: bufio.NewReader(c)}
}

func (c *client) send(raw string) {
	c.t.Helper()
	if _, err := io.WriteString(c.c, raw); err != nil {
		c.t.Fatal(err)
	}
}

// answer says who is to answer a request, and how.
type answer struct {
	method string // of the request, which tells whether a body follows
	by     string // "front" or "net/http"
	status int
	body   string
}

// front and byNet are the answers testHandler and netHTTP give.
func front(method, target string) answer {
	body := "front " + target
	if strings.HasPrefix(target, "/tiles/big") {
		body = strings.Repeat("b", bigBody)
	}
	if method == "HEAD" {
		return answer{method, "front", 200, ""}
	}
	return answer{method, "front", 200, body}
}

func byNet(method, target, body string) answer {
	return answer{method, "net/http", 200, fmt.Sprintf("net/http %s %s %s", method, target, body)}
}

// expect reads the next answer and checks it is want, telling the front's
// answers (with the Fixed header) from net/http's (with X-By).
func (c *client) expect(want answer) *http.Response {
	c.t.Helper()
	res, err := http.ReadResponse(c.br, &http.Request{Method: want.method})
	if err != nil {
		c.t.Fatalf("reading the answer (want %s's %d %.40q): %v", want.by, want.status, want.body, err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		c.t.Fatalf("reading the body: %v", err)
	}
	by := "front"
	if res.Header.Get("X-By") == "net/http" {
		by = "net/http"
	}
	if by == "front" && res.Header.Get("X-Fixed") != "yes" {
		c.t.Errorf("an answer from neither: %v", res.Header)
	}
	if by != want.by || res.StatusCode != want.status || string(body) != want.body {
		c.t.Fatalf("answered by %s: %d %.60q; want by %s: %d %.60q", by, res.StatusCode, body, want.by, want.status, want.body)
	}
	// (net/http answers an HTTP/1.0 request in HTTP/1.0.)
	if res.ProtoMajor != 1 || by == "front" && res.ProtoMinor != 1 || res.Close {
		c.t.Errorf("answer %s, closing %v; want HTTP/1.1 kept alive", res.Proto, res.Close)
	}
	if _, err := http.ParseTime(res.Header.Get("Date")); err != nil {
		c.t.Errorf("Date: %v", err)
	}
	if by == "front" && want.method != "HEAD" && res.ContentLength != int64(len(body)) {
		c.t.Errorf("Content-Length %d, body of %d", res.ContentLength, len(body))
	}
	return res
}

// expectClosed checks that the server closes the connection, with no
// answer, before the client's own deadline.
func (c *client) expectClosed() {
	c.t.Helper()
	b, err := io.ReadAll(c.br)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatalf("connection still open after 10 s")
	}
	if len(b) > 0 {
		c.t.Errorf("got %q; want the connection closed with no answer", b)
	}
}

func getReq(target string, lines ...string) string {
	return head(append([]string{"GET " + target + " HTTP/1.1", "Host: 127.0.0.1"}, lines...)...)
}

func headReq(target string) string {
	return head("HEAD "+target+" HTTP/1.1", "Host: 127.0.0.1")
}

func postReq(target, body string) string {
	return head("POST "+target+" HTTP/1.1", "Host: 127.0.0.1", "Content-Length: "+strconv.Itoa(len(body))) + body
}

// TestKeepAlive answers request after request on one connection, one at
// a time, small and large bodies and a 304, all by the front.
func TestKeepAlive(t *testing.T) {
	addr, _ := serve(t, testConfig(), testHandler{}, nil)
	c := dial(t, addr)
	for _, tc := range []struct {
		raw  string
		want answer
	}{
		{getReq("/tiles/1/2/3.mvt"), front("GET", "/tiles/1/2/3.mvt")},
		{getReq("/tiles/1/2/3.mvt?datetime=1900"), front("GET", "/tiles/1/2/3.mvt?datetime=1900")},
		{getReq("/tiles/big", "Accept-Encoding: gzip"), front("GET", "/tiles/big")},
		{getReq("/tiles/1/2/3.mvt", `If-None-Match: "/tiles/1/2/3.mvt"`), answer{"GET", "front", 304, ""}},
		{getReq("/tiles/1/2/4.mvt", "Connection: keep-alive"), front("GET", "/tiles/1/2/4.mvt")},
		{getReq("/tiles/1/2/5.mvt"), front("GET", "/tiles/1/2/5.mvt")},
	} {
		c.send(tc.raw)
		res := c.expect(tc.want)
		if tc.want.status == 304 && res.Header.Get("Etag") != `"/tiles/1/2/3.mvt"` {
			t.Errorf("304 without its Etag: %v", res.Header)
		}
	}
}

// TestPipelining writes several requests in one write and reads the
// answers in order. When a request is one the front leaves (another
// method, a body, an unknown header, a declining Handler, HTTP/1.0, a
// head over 4 KiB), net/http answers it and every one after it, reading
// the bytes the front had read as if it had read them itself.
func TestPipelining(t *testing.T) {
	bigUA := "User-Agent: " + strings.Repeat("u", 5000)
	var many []string
	var manyWant []answer
	for i := range 20 {
		target := fmt.Sprintf("/tiles/%d.mvt", i)
		many = append(many, getReq(target))
		manyWant = append(manyWant, front("GET", target))
	}
	for _, tc := range []struct {
		name string
		raw  []string
		want []answer
	}{
		{"all answered",
			[]string{getReq("/tiles/a"), headReq("/tiles/b"), getReq("/tiles/big"), getReq("/tiles/c", `If-None-Match: "/tiles/c"`), getReq("/tiles/d")},
			[]answer{front("GET", "/tiles/a"), front("HEAD", "/tiles/b"), front("GET", "/tiles/big"), {"GET", "front", 304, ""}, front("GET", "/tiles/d")}},
		{"twenty answered", many, manyWant},
		{"2nd a POST with a body",
			[]string{getReq("/tiles/a"), postReq("/tiles/b", "hello"), getReq("/tiles/c")},
			[]answer{front("GET", "/tiles/a"), byNet("POST", "/tiles/b", "hello"), byNet("GET", "/tiles/c", "")}},
		{"2nd with an unknown header",
			[]string{getReq("/tiles/a"), getReq("/tiles/b", "X-Foo: 1"), getReq("/tiles/c")},
			[]answer{front("GET", "/tiles/a"), byNet("GET", "/tiles/b", ""), byNet("GET", "/tiles/c", "")}},
		{"2nd declined by the Handler",
			[]string{getReq("/tiles/a"), getReq("/other"), getReq("/tiles/c")},
			[]answer{front("GET", "/tiles/a"), byNet("GET", "/other", ""), byNet("GET", "/tiles/c", "")}},
		{"2nd over HTTP/1.0",
			[]string{getReq("/tiles/a"), head("GET /tiles/b HTTP/1.0", "Host: 127.0.0.1", "Connection: keep-alive"), getReq("/tiles/c")},
			[]answer{front("GET", "/tiles/a"), byNet("GET", "/tiles/b", ""), byNet("GET", "/tiles/c", "")}},
		{"2nd with a head over 4 KiB",
			[]string{getReq("/tiles/a"), getReq("/tiles/b", bigUA), getReq("/tiles/c")},
			[]answer{front("GET", "/tiles/a"), byNet("GET", "/tiles/b", ""), byNet("GET", "/tiles/c", "")}},
		{"1st a POST",
			[]string{postReq("/tiles/a", "x"), getReq("/tiles/b"), getReq("/tiles/c")},
			[]answer{byNet("POST", "/tiles/a", "x"), byNet("GET", "/tiles/b", ""), byNet("GET", "/tiles/c", "")}},
		{"3rd a POST whose body looks like a request",
			[]string{getReq("/tiles/a"), getReq("/tiles/b"), postReq("/tiles/c", getReq("/tiles/x")), getReq("/tiles/d")},
			[]answer{front("GET", "/tiles/a"), front("GET", "/tiles/b"), byNet("POST", "/tiles/c", getReq("/tiles/x")), byNet("GET", "/tiles/d", "")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, _ := serve(t, testConfig(), testHandler{}, nil)
			c := dial(t, addr)
			c.send(strings.Join(tc.raw, ""))
			for _, want := range tc.want {
				c.expect(want)
			}
		})
	}
}

// TestSplitWrites writes requests a few bytes at a time, so that the
// front reads heads in parts, its own and those it hands over.
func TestSplitWrites(t *testing.T) {
	raw := getReq("/tiles/a") + headReq("/tiles/b") + getReq("/tiles/c", "Accept-Encoding: gzip") + postReq("/tiles/d", "body") + getReq("/tiles/e")
	want := []answer{front("GET", "/tiles/a"), front("HEAD", "/tiles/b"), front("GET", "/tiles/c"), byNet("POST", "/tiles/d", "body"), byNet("GET", "/tiles/e", "")}
	for _, size := range []int{1, 2, 7, 33, 100} {
		t.Run(fmt.Sprintf("%d bytes a write", size), func(t *testing.T) {
			addr, _ := serve(t, testConfig(), testHandler{}, nil)
			c := dial(t, addr)
			for b := []byte(raw); len(b) > 0; {
				k := min(size, len(b))
				if _, err := c.c.Write(b[:k]); err != nil {
					t.Fatal(err)
				}
				b = b[k:]
			}
			for _, w := range want {
				c.expect(w)
			}
		})
	}
}

// TestHead checks that an answer to HEAD has the GET's headers, its
// Content-Length included, and no body: the next answer on the
// connection follows the head directly.
func TestHead(t *testing.T) {
	addr, _ := serve(t, testConfig(), testHandler{}, nil)
	c := dial(t, addr)
	for _, target := range []string{"/tiles/a", "/tiles/big"} {
		c.send(getReq(target))
		getRes := c.expect(front("GET", target))
		c.send(headReq(target))
		res := c.expect(front("HEAD", target))
		if got, want := res.Header.Get("Content-Length"), getRes.Header.Get("Content-Length"); got != want || got == "" {
			t.Errorf("HEAD %s: Content-Length %q, GET's %q", target, got, want)
		}
		delete(res.Header, "Date")
		delete(getRes.Header, "Date")
		if fmt.Sprint(res.Header) != fmt.Sprint(getRes.Header) {
			t.Errorf("HEAD %s: headers %v, GET's %v", target, res.Header, getRes.Header)
		}
	}
	// Had a body followed the HEAD's head, this would read it as the
	// answer.
	c.send(getReq("/tiles/after"))
	c.expect(front("GET", "/tiles/after"))
}

// observed is what an Observer heard of one request.
type observed struct {
	method, path, route, remote string
	status, bytes               int
}

// recorder is an Observer that notes what it hears.
type recorder struct {
	mu       sync.Mutex
	begins   int
	declined int // Done with no Answer
	dones    []observed
}

func (o *recorder) Begin() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.begins++
}

func (o *recorder) Done(r *Request, a *Answer, remote string, bytes int, took time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if took < 0 {
		panic("negative duration")
	}
	if a == nil {
		o.declined++
		return
	}
	o.dones = append(o.dones, observed{r.Method, r.Path, a.Route, remote, a.Status, bytes})
}

// seen returns the Begins of requests the front answered, and the Dones.
func (o *recorder) seen() (int, []observed) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.begins - o.declined, append([]observed(nil), o.dones...)
}

// TestObserver checks the Observer hears of each request the front
// answers once, when it is answered (Done comes before the answer is
// written), with its status, body bytes and route.
func TestObserver(t *testing.T) {
	obs := &recorder{}
	addr, _ := serve(t, testConfig(), testHandler{}, obs)
	c := dial(t, addr)
	remote := c.c.LocalAddr().String()
	route := "/tiles/{tile}"
	var want []observed
	for _, tc := range []struct {
		raw  string
		ans  answer
		seen observed
	}{
		{getReq("/tiles/a?x=1"), front("GET", "/tiles/a?x=1"), observed{"GET", "/tiles/a", route, remote, 200, len("front /tiles/a?x=1")}},
		{headReq("/tiles/a"), front("HEAD", "/tiles/a"), observed{"HEAD", "/tiles/a", route, remote, 200, 0}},
		{getReq("/tiles/a", `If-None-Match: "/tiles/a"`), answer{"GET", "front", 304, ""}, observed{"GET", "/tiles/a", route, remote, 304, 0}},
		{getReq("/tiles/big"), front("GET", "/tiles/big"), observed{"GET", "/tiles/big", route, remote, 200, bigBody}},
	} {
		c.send(tc.raw)
		c.expect(tc.ans)
		want = append(want, tc.seen)
		begins, dones := obs.seen()
		if begins != len(want) || fmt.Sprint(dones) != fmt.Sprint(want) {
			t.Fatalf("after %q: %d Begin, Done with\n%v\nwant %d and\n%v", tc.raw, begins, dones, len(want), want)
		}
	}
}

// TestObserverDeclined checks that a request the Handler declines, which
// net/http answers (and its middleware counts), has its Begin ended by a
// Done with no Answer: every Begin is to have its Done.
func TestObserverDeclined(t *testing.T) {
	obs := &recorder{}
	addr, _ := serve(t, testConfig(), testHandler{}, obs)
	c := dial(t, addr)
	c.send(getReq("/other"))
	c.expect(byNet("GET", "/other", ""))
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if obs.begins != 1 || obs.declined != 1 || len(obs.dones) != 0 {
		t.Errorf("%d Begin, %d Done declined, %d answered; want 1, 1, 0", obs.begins, obs.declined, len(obs.dones))
	}
}

// lockedBuffer is a bytes.Buffer a logger may write to while a test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestPanic checks that a Handler's panic is logged and declines the
// request, which net/http then answers (in chronoatlas, its middleware's
// 500), and that the front serves on.
func TestPanic(t *testing.T) {
	var log lockedBuffer
	cfg := testConfig()
	cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	addr, _ := serve(t, cfg, testHandler{}, nil)

	c := dial(t, addr)
	c.send(getReq("/tiles/panic"))
	c.expect(byNet("GET", "/tiles/panic", ""))
	// The log line is written before the connection is handed over.
	if s := log.String(); !strings.Contains(s, "panic") || !strings.Contains(s, "boom") {
		t.Errorf("log %q; want the panic and its value", s)
	}

	for range 2 {
		c := dial(t, addr)
		c.send(getReq("/tiles/a"))
		c.expect(front("GET", "/tiles/a"))
	}
}

// TestPanicAfterPipelinedAnswer checks that the answers to the requests
// before a panicking one, in the same read, are sent, and the panicking
// one goes to net/http.
func TestPanicAfterPipelinedAnswer(t *testing.T) {
	cfg := testConfig()
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	addr, _ := serve(t, cfg, testHandler{}, nil)
	c := dial(t, addr)
	c.send(getReq("/tiles/a") + getReq("/tiles/panic"))
	c.expect(front("GET", "/tiles/a"))
	c.expect(byNet("GET", "/tiles/panic", ""))
}

// TestClose checks that Close closes the front's connections waiting for
// a request (idle after an answer, or yet to send one) at once, not
// after their timeouts (a minute here), that Wait then returns, that
// Accept reports net.ErrClosed, and that a connection handed to net/http
// is left to net/http.
func TestClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	l := Listen(ln, testConfig(), testHandler{}, nil)
	hs := &http.Server{Handler: netHTTP}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()
	defer hs.Close()

	idle := dial(t, addr)
	idle.send(getReq("/tiles/a"))
	idle.expect(front("GET", "/tiles/a"))
	handed := dial(t, addr)
	handed.send(postReq("/tiles/b", "x"))
	handed.expect(byNet("POST", "/tiles/b", "x"))
	quiet := dial(t, addr)

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	idle.expectClosed()
	quiet.expectClosed()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Wait(ctx); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if c, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close = %v, %v; want net.ErrClosed", c, err)
	}
	if err := <-served; !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve returned %v; want net.ErrClosed from Accept", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Errorf("a connection accepted after Close")
	}
	// net/http's connection lives on until net/http closes it.
	handed.send(getReq("/tiles/c"))
	handed.expect(byNet("GET", "/tiles/c", ""))
}

// TestReadHeaderTimeout checks that a connection whose first request does
// not come whole within ReadHeaderTimeout is closed unanswered, and no
// sooner than that after the client began to connect.
func TestReadHeaderTimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	cfg := testConfig()
	cfg.ReadHeaderTimeout = timeout
	addr, _ := serve(t, cfg, testHandler{}, nil)
	for _, tc := range []struct{ name, raw string }{
		{"nothing sent", ""},
		{"request line only", "GET /tiles/a HTTP/1.1\r\n"},
		{"all but the last byte", strings.TrimSuffix(getReq("/tiles/a"), "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			c := dial(t, addr)
			c.send(tc.raw)
			c.expectClosed()
			if took := time.Since(start); took < timeout {
				t.Errorf("closed after %v, before ReadHeaderTimeout (%v)", took, timeout)
			}
		})
	}
}

// TestIdleTimeout checks that a connection left idle after an answer is
// closed after IdleTimeout. (One request only: a second would have to
// come within IdleTimeout of the first answer, which a loaded machine
// may not manage.)
func TestIdleTimeout(t *testing.T) {
	cfg := testConfig()
	cfg.IdleTimeout = 100 * time.Millisecond
	addr, _ := serve(t, cfg, testHandler{}, nil)
	c := dial(t, addr)
	c.send(getReq("/tiles/a"))
	c.expect(front("GET", "/tiles/a"))
	c.expectClosed()
}

// TestZeroTimeouts checks that a zero timeout means none, as in
// net/http's Server (whose fields internal/server copies into Config):
// requests are answered.
func TestZeroTimeouts(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*Config)
	}{
		{"ReadHeaderTimeout", func(c *Config) { c.ReadHeaderTimeout = 0 }},
		{"IdleTimeout", func(c *Config) { c.IdleTimeout = 0 }},
		{"WriteTimeout", func(c *Config) { c.WriteTimeout = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			tc.set(&cfg)
			addr, _ := serve(t, cfg, testHandler{}, nil)
			c := dial(t, addr)
			for _, target := range []string{"/tiles/a", "/tiles/b"} {
				c.send(getReq(target))
				c.expect(front("GET", target))
			}
		})
	}
}

// TestShortWriteTimeout checks that each answer has WriteTimeout to be
// written, however long after the previous one it comes.
func TestShortWriteTimeout(t *testing.T) {
	cfg := testConfig()
	cfg.WriteTimeout = 200 * time.Millisecond
	addr, _ := serve(t, cfg, testHandler{}, nil)
	c := dial(t, addr)
	c.send(getReq("/tiles/a"))
	c.expect(front("GET", "/tiles/a"))
	// Past the first answer's write deadline, within a second of it.
	time.Sleep(500 * time.Millisecond)
	c.send(getReq("/tiles/b"))
	c.expect(front("GET", "/tiles/b"))
}

// closingHandler is testHandler, but closes the Listener while it answers
// /tiles/last, as a shutdown would in the middle of a read's requests.
type closingHandler struct{ l *atomic.Pointer[Listener] }

func (h closingHandler) Answer(r *Request, a *Answer) bool {
	if r.Path == "/tiles/last" {
		h.l.Load().Close()
	}
	return testHandler{}.Answer(r, a)
}

// TestCloseWhileAnswering checks that an answer made after Close says
// Connection: close and is the connection's last: the requests after it
// are left unanswered, for the client to send again elsewhere.
func TestCloseWhileAnswering(t *testing.T) {
	var lp atomic.Pointer[Listener]
	_, l := serve(t, testConfig(), closingHandler{&lp}, nil)
	lp.Store(l)
	c := dial(t, l.Addr().String())
	c.send(getReq("/tiles/a") + getReq("/tiles/last") + getReq("/tiles/c"))
	c.expect(front("GET", "/tiles/a"))
	res, err := http.ReadResponse(c.br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	// (ReadResponse takes Connection: close out of the header into Close.)
	if err != nil || string(body) != "front /tiles/last" || !res.Close {
		t.Errorf("last answer %q, %v, closing %v; want its body and Connection: close", body, err, res.Close)
	}
	c.expectClosed()
}

// errListener is an inner listener whose Accept fails with the errors
// sent to it.
type errListener struct {
	errs   chan error
	closed chan struct{}
	once   sync.Once
}

func (l *errListener) Accept() (net.Conn, error) {
	select {
	case err := <-l.errs:
		return nil, err
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *errListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *errListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }

// timeoutError is an accept error a server waits out.
type timeoutError struct{}

func (timeoutError) Error() string   { return "accept: timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// TestAcceptError checks that the front rides out an accept error that
// passes (a timeout) and, on one that does not, closes and gives it to
// net/http's Accept, so that Serve returns it.
func TestAcceptError(t *testing.T) {
	inner := &errListener{errs: make(chan error), closed: make(chan struct{})}
	l := Listen(inner, testConfig(), testHandler{}, nil)
	if got := l.Addr().String(); got != "127.0.0.1:1" {
		t.Errorf("Addr = %s, want the inner listener's", got)
	}
	boom := errors.New("accept: boom")
	// Unbuffered: each send returns once acceptLoop has taken the error.
	inner.errs <- timeoutError{}
	inner.errs <- boom
	if _, err := l.Accept(); err != boom {
		t.Errorf("Accept = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Wait(ctx); err != nil {
		t.Errorf("Wait: %v", err)
	}
	// Close closes the inner listener last, after Accept and Wait have
	// been let go.
	select {
	case <-inner.closed:
	case <-time.After(10 * time.Second):
		t.Errorf("inner listener left open")
	}
}
