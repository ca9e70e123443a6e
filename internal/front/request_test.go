package front

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// head joins a request line and header lines into a whole request head,
// each line ended by CRLF and the head by an empty line.
func head(lines ...string) string {
	return strings.Join(lines, "\r\n") + "\r\n\r\n"
}

// get is a GET of target with a Host and the header lines given.
func get(target string, lines ...string) string {
	return head(append([]string{"GET " + target + " HTTP/1.1", "Host: example.com"}, lines...)...)
}

type parseCase struct {
	name string
	in   string
	// maxTarget is the MaxTarget parse is given; 0 means testMaxTarget.
	maxTarget int
	// ok is the ok parse must return. When ok, n is the head's length
	// parse must return; 0 means len(in) unless wait is set, in which
	// case parse must ask for more bytes (n=0).
	ok   bool
	wait bool
	n    int
	req  Request
}

const testMaxTarget = 1024

// tile is what most accepted cases parse to: a plain GET of a tile.
var tile = Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt"}

// parseTable is most of TestParse's table (parseCases).
var parseTable = []parseCase{
	// Requests the front reads.
	{name: "plain GET", in: get("/tiles/3/4/2.mvt"), ok: true, req: tile},
	{name: "HEAD", in: head("HEAD /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com"), ok: true,
		req: Request{Method: "HEAD", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt"}},
	{name: "query split at the first ?", in: get("/tiles/3/4/2.mvt?datetime=1900&a=b?c"), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt?datetime=1900&a=b?c", Path: "/tiles/3/4/2.mvt", RawQuery: "datetime=1900&a=b?c"}},
	{name: "empty query", in: get("/a?"), ok: true,
		req: Request{Method: "GET", Target: "/a?", Path: "/a"}},
	{name: "every target byte allowed", in: get("/-._~/AZaz09?=&:,+!*'()$@"), ok: true,
		req: Request{Method: "GET", Target: "/-._~/AZaz09?=&:,+!*'()$@", Path: "/-._~/AZaz09", RawQuery: "=&:,+!*'()$@"}},
	{name: "path starting with //", in: get("//evil.example/x"), ok: true,
		req: Request{Method: "GET", Target: "//evil.example/x", Path: "//evil.example/x"}},
	{name: "Accept-Encoding and If-None-Match", in: get("/tiles/3/4/2.mvt", "Accept-Encoding: gzip, deflate, br", `If-None-Match: "abc"`), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt", AcceptEncoding: "gzip, deflate, br", IfNoneMatch: `"abc"`}},
	{name: "uncommon Accept-Encoding", in: get("/tiles/3/4/2.mvt", "Accept-Encoding: zstd;q=1, *;q=0"), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt", AcceptEncoding: "zstd;q=1, *;q=0"}},
	{name: "empty Accept-Encoding", in: get("/tiles/3/4/2.mvt", "Accept-Encoding:"), ok: true, req: tile},
	{name: "header names in any case", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "hOST: example.com", "ACCEPT-ENCODING: gzip", `if-none-match: "x"`, "CONNECTION: keep-alive"), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt", AcceptEncoding: "gzip", IfNoneMatch: `"x"`}},
	{name: "values trimmed of spaces and tabs", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: \t example.com \t", "Accept-Encoding:\t gzip \t", "If-None-Match:  \"a\"\t\"b\"  "), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt", AcceptEncoding: "gzip", IfNoneMatch: "\"a\"\t\"b\""}},
	{name: "Connection: keep-alive", in: get("/tiles/3/4/2.mvt", "Connection: keep-alive"), ok: true, req: tile},
	{name: "Connection: Keep-Alive", in: get("/tiles/3/4/2.mvt", "Connection: Keep-Alive"), ok: true, req: tile},
	{name: "host with port", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: tiles.example.com:8080"), ok: true, req: tile},
	{name: "IPv6 host", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: [::1]:8080"), ok: true, req: tile},
	{name: "host after other headers", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Accept: */*", "Host: example.com"), ok: true, req: tile},
	{name: "a browser's headers", in: head("GET /tiles/3/4/2.mvt HTTP/1.1",
		"Host: localhost:8080",
		"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
		"Accept: */*",
		"Accept-Language: en-GB,en;q=0.5",
		"Accept-Encoding: gzip, deflate, br, zstd",
		"Referer: http://localhost:8080/",
		"Origin: http://localhost:8080",
		"Connection: keep-alive",
		"Sec-Fetch-Dest: empty",
		"Sec-Fetch-Mode: cors",
		"Sec-Fetch-Site: same-origin",
		"Sec-Fetch-User: ?1",
		`Sec-Ch-Ua: "Chromium";v="128"`,
		"Sec-Ch-Ua-Mobile: ?0",
		`Sec-Ch-Ua-Platform: "Linux"`,
		"Sec-Gpc: 1",
		"Dnt: 1",
		"Priority: u=4",
		"Pragma: no-cache",
		"Cache-Control: no-cache",
		"If-Modified-Since: Mon, 02 Jan 2006 15:04:05 GMT",
		`If-None-Match: W/"tile-1"`,
		"Upgrade-Insecure-Requests: 1"), ok: true,
		req: Request{Method: "GET", Target: "/tiles/3/4/2.mvt", Path: "/tiles/3/4/2.mvt", AcceptEncoding: "gzip, deflate, br, zstd", IfNoneMatch: `W/"tile-1"`}},
	{name: "other known header twice", in: get("/tiles/3/4/2.mvt", "Accept: a", "Accept: b"), ok: true, req: tile},
	{name: "two pipelined requests", in: get("/tiles/3/4/2.mvt") + get("/tiles/3/4/3.mvt"), ok: true,
		n: len(get("/tiles/3/4/2.mvt")), req: tile},
	{name: "a request then part of the next", in: get("/tiles/3/4/2.mvt") + "POST /x", ok: true,
		n: len(get("/tiles/3/4/2.mvt")), req: tile},
	{name: "target of maxTarget bytes", in: get("/2345678"), maxTarget: 8, ok: true,
		req: Request{Method: "GET", Target: "/2345678", Path: "/2345678"}},

	// Heads not yet whole: parse asks for more.
	{name: "nothing yet", in: "", ok: true, wait: true},
	{name: "a few bytes", in: "GE", ok: true, wait: true},
	{name: "four bytes of another method", in: "POST", ok: true, wait: true},
	{name: "request line only", in: "GET /tiles/3/4/2.mvt HTTP/1.1\r\n", ok: true, wait: true},
	{name: "HEAD request line only", in: "HEAD /tiles/3/4/2.mvt HTTP/1.1\r\n", ok: true, wait: true},
	{name: "no empty line yet", in: "GET /tiles/3/4/2.mvt HTTP/1.1\r\nHost: example.com\r\n", ok: true, wait: true},
	{name: "last LF missing", in: "GET /tiles/3/4/2.mvt HTTP/1.1\r\nHost: example.com\r\n\r", ok: true, wait: true},
	{name: "unknown header, head not ended", in: "GET / HTTP/1.1\r\nX-Foo: a\r\n", ok: true, wait: true},
	{name: "one byte short of maxHead", in: "GET /" + strings.Repeat("a", maxHead-6), ok: true, wait: true},

	// Heads the front leaves to net/http.
	{name: "maxHead bytes with no end", in: "GET /" + strings.Repeat("a", maxHead-5)},
	{name: "more than maxHead bytes with no end", in: "GET /tiles/3/4/2.mvt HTTP/1.1\r\nUser-Agent: " + strings.Repeat("a", maxHead)},
	{name: "POST", in: head("POST /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com", "Content-Length: 0")},
	{name: "POST refused before its head ends", in: "POST /tiles/3/4/2.mvt HTTP/1.1\r\n"},
	{name: "POST refused on its fifth byte", in: "POST "},
	{name: "lower-case get", in: head("get /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "lower-case get refused early", in: "get /tiles/3/4/2.mvt"},
	{name: "HTTP/2 preface", in: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
	{name: "HTTP/2 preface refused early", in: "PRI * HTTP/2.0\r\n"},
	{name: "OPTIONS", in: head("OPTIONS * HTTP/1.1", "Host: example.com")},
	{name: "PUT", in: head("PUT /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "GETX method", in: head("GETX /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "asterisk target", in: head("GET * HTTP/1.1", "Host: example.com")},
	{name: "absolute-form target", in: head("GET http://example.com/tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "absolute-form refused early", in: "GET http://example.com/"},
	{name: "HTTP/1.0", in: head("GET /tiles/3/4/2.mvt HTTP/1.0", "Host: example.com")},
	{name: "HTTP/1.2", in: head("GET /tiles/3/4/2.mvt HTTP/1.2", "Host: example.com")},
	{name: "lower-case version", in: head("GET /tiles/3/4/2.mvt http/1.1", "Host: example.com")},
	{name: "no version", in: head("GET /tiles/3/4/2.mvt", "Host: example.com")},
	{name: "space after version", in: head("GET /tiles/3/4/2.mvt HTTP/1.1 ", "Host: example.com")},
	{name: "two spaces after method", in: head("GET  /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "two spaces before version", in: head("GET /tiles/3/4/2.mvt  HTTP/1.1", "Host: example.com")},
	{name: "tab after method", in: head("GET\t/tiles/3/4/2.mvt HTTP/1.1", "Host: example.com")},
	{name: "empty request line", in: "\r\n\r\n"},
	{name: "blank line then request", in: "\r\n" + get("/tiles/3/4/2.mvt")},
	{name: "percent", in: get("/tiles/3/4/2%2Emvt")},
	{name: "percent-encoded slash", in: get("/tiles%2F3/4/2.mvt")},
	{name: "semicolon in path", in: get("/tiles/3/4/2.mvt;x")},
	{name: "semicolon in query", in: get("/tiles/3/4/2.mvt?a=1;b=2")},
	{name: "fragment", in: get("/tiles/3/4/2.mvt#x")},
	{name: "space in target", in: get("/tiles/3/4 /2.mvt")},
	{name: "non-ASCII target", in: get("/tiles/caf\xc3\xa9.mvt")},
	{name: "DEL in target", in: get("/tiles/\x7f.mvt")},
	{name: "NUL in target", in: get("/tiles/\x00.mvt")},
	{name: "backslash in target", in: get(`/tiles\3/4/2.mvt`)},
	{name: "quote in target", in: get(`/tiles/"3"/4/2.mvt`)},
	{name: "brackets in target", in: get("/tiles/[3]/4/2.mvt")},
	{name: "braces in target", in: get("/tiles/{3}/4/2.mvt")},
	{name: "pipe, caret, backquote in target", in: get("/tiles/|^`.mvt")},
	{name: "angle brackets in target", in: get("/tiles/<3>.mvt")},
	{name: "target longer than maxTarget", in: get("/23456789"), maxTarget: 8},
	{name: "no Host", in: head("GET /tiles/3/4/2.mvt HTTP/1.1")},
	{name: "no Host, other headers", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Accept: */*")},
	{name: "Host twice", in: get("/tiles/3/4/2.mvt", "Host: example.com")},
	{name: "Host twice, cases differing", in: get("/tiles/3/4/2.mvt", "host: other.example.com")},
	{name: "Host with @", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: user@example.com")},
	{name: "Host with /", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com/x")},
	{name: "Host with space", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: example .com")},
	{name: "Host with underscore", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: a_b.example.com")},
	{name: "Host with percent", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: example%2Ecom")},
	{name: "empty Host", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host:")},
	{name: "blank Host", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host:  \t ")},
	{name: "Accept-Encoding twice", in: get("/tiles/3/4/2.mvt", "Accept-Encoding: gzip", "Accept-Encoding: br")},
	{name: "Accept-Encoding twice, cases differing", in: get("/tiles/3/4/2.mvt", "Accept-Encoding: gzip", "accept-encoding: gzip")},
	{name: "If-None-Match twice", in: get("/tiles/3/4/2.mvt", `If-None-Match: "a"`, `If-None-Match: "b"`)},
	{name: "Connection twice", in: get("/tiles/3/4/2.mvt", "Connection: keep-alive", "Connection: keep-alive")},
	{name: "Connection: close", in: get("/tiles/3/4/2.mvt", "Connection: close")},
	{name: "Connection: Close", in: get("/tiles/3/4/2.mvt", "Connection: Close")},
	{name: "Connection: keep-alive, Upgrade", in: get("/tiles/3/4/2.mvt", "Connection: keep-alive, Upgrade")},
	{name: "Connection: Upgrade", in: get("/tiles/3/4/2.mvt", "Connection: Upgrade", "Upgrade: websocket")},
	{name: "space before colon", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host : example.com")},
	{name: "space before colon, other header", in: get("/tiles/3/4/2.mvt", "Accept-Encoding : gzip")},
	{name: "no colon", in: get("/tiles/3/4/2.mvt", "Accept")},
	{name: "empty name", in: get("/tiles/3/4/2.mvt", ": x")},
	{name: "long header name", in: get("/tiles/3/4/2.mvt", strings.Repeat("x", 40)+": y")},
	{name: "obs-fold with space", in: get("/tiles/3/4/2.mvt", "User-Agent: a", " b")},
	{name: "obs-fold with tab", in: get("/tiles/3/4/2.mvt", "Accept-Encoding: gzip,", "\tbr")},
	{name: "folded Host", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host:", " example.com")},
	{name: "first header line folded", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", " Host: example.com")},
	{name: "first header line starting with a tab", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "\tHost: example.com")},
	{name: "bare LF after request line", in: "GET /tiles/3/4/2.mvt HTTP/1.1\nHost: example.com\r\n\r\n"},
	{name: "bare LF inside a header line", in: get("/tiles/3/4/2.mvt", "Accept: a\nX-Foo: b")},
	{name: "bare LF inside the Host line", in: head("GET /tiles/3/4/2.mvt HTTP/1.1", "Host: example.com\nX: y")},
	{name: "bare LF in the request line", in: head("GET /tiles/3/4/2.mvt\n HTTP/1.1", "Host: example.com")},
	{name: "bare CR inside a header line", in: get("/tiles/3/4/2.mvt", "Accept: a\rb")},
	{name: "bare CR ending a header line", in: get("/tiles/3/4/2.mvt", "Accept: a\r")},
	{name: "bare CR in the request line", in: head("GET /tiles/3/4/2.mvt\r HTTP/1.1", "Host: example.com")},
	{name: "control byte in a value", in: get("/tiles/3/4/2.mvt", "User-Agent: a\x01b")},
	{name: "DEL in a value", in: get("/tiles/3/4/2.mvt", "User-Agent: a\x7fb")},
	{name: "non-ASCII value", in: get("/tiles/3/4/2.mvt", "User-Agent: caf\xc3\xa9")},
	{name: "non-ASCII header name", in: get("/tiles/3/4/2.mvt", "Accept-Encod\xc3\xaeng: gzip")},
	{name: "a request refused then a good one", in: get("/tiles/3/4/2.mvt", "X-Foo: 1") + get("/tiles/3/4/2.mvt")},
}

// unknownHeaders are headers the front does not know: each hands its
// request over, in the spelling clients use and in another case.
var unknownHeaders = []string{
	"X-Foo: bar",
	"Content-Length: 0",
	"Content-Length: 5",
	"Transfer-Encoding: chunked",
	"Expect: 100-continue",
	"Range: bytes=0-10",
	"If-Range: \"a\"",
	"If-Match: \"a\"",
	"X-Forwarded-Host: other.example.com",
	"X-Forwarded-For: 192.0.2.1",
	"X-Forwarded-Proto: https",
	"Forwarded: for=192.0.2.1;host=other.example.com",
	"Upgrade: h2c",
	"Http2-Settings: AAMAAABkAAQCAAAAAAIAAAAA",
	"Te: trailers",
	"Trailer: X-Foo",
	"Content-Type: text/plain",
	"Content-Encoding: gzip",
	"Cookie: a=b",
	"Authorization: Basic YTpi",
	"Proxy-Connection: keep-alive",
	"Keep-Alive: timeout=5",
	"Via: 1.1 proxy",
	"Max-Forwards: 1",
}

// parseCases is the table of TestParse, also the seeds of FuzzParse.
func parseCases() []parseCase {
	cases := append([]parseCase(nil), parseTable...)
	for _, h := range unknownHeaders {
		cases = append(cases,
			parseCase{name: "unknown header " + h, in: get("/tiles/3/4/2.mvt", h)},
			parseCase{name: "unknown header upper case " + h, in: get("/tiles/3/4/2.mvt", strings.ToUpper(h))})
	}
	return cases
}

// TestParse checks what parse makes of request heads: which it reads,
// with what fields, and which it leaves to net/http.
func TestParse(t *testing.T) {
	for _, tc := range parseCases() {
		t.Run(tc.name, func(t *testing.T) {
			maxTarget := tc.maxTarget
			if maxTarget == 0 {
				maxTarget = testMaxTarget
			}
			// Every field holds something, as on a connection that
			// parsed a request before: parse must set them all.
			r := Request{Method: "junk", Target: "junk", Path: "junk", RawQuery: "junk", AcceptEncoding: "junk", IfNoneMatch: "junk"}
			n, ok := parse([]byte(tc.in), &r, maxTarget)
			wantN := 0
			if tc.ok && !tc.wait {
				wantN = tc.n
				if wantN == 0 {
					wantN = len(tc.in)
				}
			}
			if n != wantN || ok != tc.ok {
				t.Fatalf("parse(%q) = %d, %v; want %d, %v", tc.in, n, ok, wantN, tc.ok)
			}
			if ok && n > 0 && r != tc.req {
				t.Errorf("parse(%q) read\n%+v\nwant\n%+v", tc.in, r, tc.req)
			}
		})
	}
}

// TestParseBareLFHeadEnd checks that a head net/http takes as whole is
// not one the front waits on. net/http (textproto) ends lines at a bare
// LF too, so "GET / HTTP/1.1\nHost: x\n\n" is a whole request to it, and
// a client that sends it waits for an answer.
func TestParseBareLFHeadEnd(t *testing.T) {
	for _, in := range []string{
		"GET /tiles/3/4/2.mvt HTTP/1.1\nHost: example.com\n\n",
		"GET /tiles/3/4/2.mvt HTTP/1.1\r\nHost: example.com\r\n\n",
		"GET /tiles/3/4/2.mvt HTTP/1.1\r\nHost: example.com\n\r\n",
	} {
		// net/http reads a whole request from it...
		if _, err := http.ReadRequest(bufio.NewReader(strings.NewReader(in))); err != nil {
			t.Fatalf("net/http: %q: %v", in, err)
		}
		// ...so the front must not wait for more.
		var r Request
		if n, ok := parse([]byte(in), &r, testMaxTarget); n == 0 && ok {
			t.Errorf("parse(%q) = 0, true (waits for more); want it handed to net/http (ok=false)", in)
		}
	}
}

// FuzzParse reads every head parse accepts with net/http too, and checks
// they agree on it: the front is never to answer a request net/http would
// have read otherwise.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Request
		n, ok := parse(b, &r, maxHead)
		if n < 0 || n > len(b) {
			t.Fatalf("parse(%q) = %d, out of range", b, n)
		}
		if !ok && n != 0 {
			t.Fatalf("parse(%q) = %d, false; a refusal's length must be 0", b, n)
		}
		if !ok || n == 0 {
			return
		}
		// A head accepted whole is accepted at its own length, and any
		// part of it only makes the front wait: a request arriving in
		// pieces is read as one arriving at once.
		var again Request
		if n2, ok2 := parse(b[:n], &again, maxHead); n2 != n || !ok2 || again != r {
			t.Fatalf("parse(%q) = %d, %v, %+v; but on its head alone %d, %v, %+v", b, n, ok, r, n2, ok2, again)
		}
		for _, k := range []int{0, 1, 5, n / 2, n - 3, n - 2, n - 1} {
			if k < 0 || k >= n {
				continue
			}
			if n2, ok2 := parse(b[:k], &again, maxHead); n2 != 0 || !ok2 {
				t.Fatalf("parse(%q) = %d, %v; want 0, true for the first %d bytes of %q", b[:k], n2, ok2, k, b)
			}
		}

		// What net/http took of b for the head is what it read from
		// in less what bufio holds unread.
		in := bytes.NewReader(b)
		br := bufio.NewReader(in)
		req, err := http.ReadRequest(br)
		if err != nil {
			t.Fatalf("parse accepts %q, net/http does not: %v", b, err)
		}
		left := in.Len() + br.Buffered()
		if len(b)-left != n {
			t.Errorf("%q: parse reads a head of %d bytes, net/http of %d", b, n, len(b)-left)
		}
		if req.Method != r.Method {
			t.Errorf("%q: method %q, net/http %q", b, r.Method, req.Method)
		}
		if req.RequestURI != r.Target {
			t.Errorf("%q: target %q, net/http %q", b, r.Target, req.RequestURI)
		}
		if req.URL.Path != r.Path {
			t.Errorf("%q: path %q, net/http %q", b, r.Path, req.URL.Path)
		}
		if req.URL.RawQuery != r.RawQuery {
			t.Errorf("%q: query %q, net/http %q", b, r.RawQuery, req.URL.RawQuery)
		}
		if req.URL.Host != "" || req.URL.Scheme != "" || req.URL.Fragment != "" {
			t.Errorf("%q: net/http reads a URL with more than a path and query: %#v", b, req.URL)
		}
		if got := req.Header.Get("Accept-Encoding"); got != r.AcceptEncoding {
			t.Errorf("%q: Accept-Encoding %q, net/http %q", b, r.AcceptEncoding, got)
		}
		if got := req.Header.Get("If-None-Match"); got != r.IfNoneMatch {
			t.Errorf("%q: If-None-Match %q, net/http %q", b, r.IfNoneMatch, got)
		}
		if req.Host == "" || len(req.Header.Values("Host")) > 1 {
			t.Errorf("%q: net/http reads Host %q from %q; want one, not empty", b, req.Host, req.Header.Values("Host"))
		}
		if req.ProtoMajor != 1 || req.ProtoMinor != 1 {
			t.Errorf("%q: net/http reads %s", b, req.Proto)
		}
		if req.ContentLength != 0 || len(req.TransferEncoding) != 0 || req.Body != http.NoBody {
			t.Errorf("%q: net/http reads a body: length %d, coding %q", b, req.ContentLength, req.TransferEncoding)
		}
		if req.Close {
			t.Errorf("%q: net/http would close the connection after it, the front keeps it", b)
		}
	})
}

// TestAppendHead checks the head written for an answer against the one
// net/http writes for a header map holding the same fields: status line,
// then the fields sorted by name (a name's values in the order given),
// then a blank line.
func TestAppendHead(t *testing.T) {
	const date = "Mon, 02 Jan 2006 15:04:05 GMT"
	fixed := []Field{{"X-Content-Type-Options", "nosniff"}, {"Access-Control-Allow-Origin", "*"}}
	tileFields := []Field{
		{"Content-Type", "application/vnd.mapbox-vector-tile"},
		{"Content-Length", "1234"},
		{"Etag", `"abc"`},
		{"Cache-Control", "public, max-age=3600"},
		{"Vary", "Accept-Encoding"},
		{"Content-Encoding", "gzip"},
	}
	for _, tc := range []struct {
		name    string
		status  int
		header  []Field
		fixed   []Field
		closing bool
	}{
		{"200", 200, tileFields, fixed, false},
		{"200 closing", 200, tileFields, fixed, true},
		{"204", 204, []Field{{"Cache-Control", "public"}, {"Vary", "Accept-Encoding"}}, fixed, false},
		{"304", 304, []Field{{"Etag", `"abc"`}, {"Cache-Control", "public"}, {"Vary", "Accept-Encoding"}}, fixed, false},
		{"304 closing", 304, []Field{{"Etag", `"abc"`}}, fixed, true},
		{"no fields", 200, nil, nil, false},
		{"no fields closing", 200, nil, nil, true},
		{"a name twice keeps its order", 200, []Field{{"Vary", "Origin"}, {"Link", "<a>"}, {"Vary", "Accept-Encoding"}, {"Link", "<b>"}}, nil, false},
		{"fields before and after Date", 200, []Field{{"Zz", "1"}, {"A", "2"}, {"Da", "3"}, {"Dz", "4"}, {"Connectiom", "5"}, {"Connectioo", "6"}}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fixedBefore := append([]Field(nil), tc.fixed...)
			a := Answer{Status: tc.status, Header: append([]Field(nil), tc.header...)}
			got := appendHead([]byte("prefix"), &a, tc.fixed, date, tc.closing)

			// What net/http writes for a header map of the same fields
			// (names as given, as the handlers set map keys directly).
			h := http.Header{}
			for _, f := range append(append(append([]Field(nil), tc.header...), tc.fixed...), Field{"Date", date}) {
				h[f.Name] = append(h[f.Name], f.Value)
			}
			var want bytes.Buffer
			fmt.Fprintf(&want, "prefixHTTP/1.1 %d %s\r\n", tc.status, http.StatusText(tc.status))
			if err := h.Write(&want); err != nil {
				t.Fatal(err)
			}
			if tc.closing {
				// after the map, among the headers net/http adds itself
				want.WriteString("Connection: close\r\n")
			}
			want.WriteString("\r\n")
			if string(got) != want.String() {
				t.Errorf("appendHead wrote\n%q\nwant\n%q", got, want.String())
			}
			// The answer's Header is left empty for the next answer, and
			// the fixed fields, shared by every connection, untouched.
			if len(a.Header) != 0 {
				t.Errorf("Header left with %d fields", len(a.Header))
			}
			for i := range fixedBefore {
				if tc.fixed[i] != fixedBefore[i] {
					t.Errorf("fixed fields changed: %v, were %v", tc.fixed, fixedBefore)
					break
				}
			}
		})
	}
}

// TestAppendHeadAsNetHTTP checks appendHead byte for byte against the
// head a real net/http server writes for a handler that sets the same
// fields as header-map keys, Date included, as internal/middleware does.
func TestAppendHeadAsNetHTTP(t *testing.T) {
	const date = "Mon, 02 Jan 2006 15:04:05 GMT"
	fields := []Field{
		{"Cache-Control", "public, max-age=3600"},
		{"Vary", "Accept-Encoding"},
		{"Etag", `"abc"`},
		{"Content-Type", "application/vnd.mapbox-vector-tile"},
		{"Content-Length", "3"},
	}
	fixed := []Field{{"Access-Control-Allow-Origin", "*"}, {"X-Content-Type-Options", "nosniff"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, f := range append(append([]Field(nil), fields...), fixed...) {
			h[f.Name] = append(h[f.Name], f.Value)
		}
		h["Date"] = []string{date}
		w.Write([]byte("abc"))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name    string
		closing bool
	}{
		{"kept alive", false},
		{"closing", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			req := "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
			if tc.closing {
				// net/http's answer to this closes, as the front's do
				// after Close
				req = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
			}
			if _, err := io.WriteString(c, req); err != nil {
				t.Fatal(err)
			}
			var want []byte
			br := bufio.NewReader(c)
			for !bytes.HasSuffix(want, crlfcrlf) {
				b, err := br.ReadByte()
				if err != nil {
					t.Fatalf("reading net/http's head %q: %v", want, err)
				}
				want = append(want, b)
			}
			a := Answer{Status: 200, Header: append([]Field(nil), fields...)}
			if got := appendHead(nil, &a, fixed, date, tc.closing); !bytes.Equal(got, want) {
				t.Errorf("appendHead wrote\n%q\nnet/http\n%q", got, want)
			}
		})
	}
}

// TestAppendHeadAfterReset checks that an Answer reused for the next
// request, as a connection reuses it, starts from no fields, and that its
// Header's reused array does not reach into the fixed fields.
func TestAppendHeadAfterReset(t *testing.T) {
	const date = "Mon, 02 Jan 2006 15:04:05 GMT"
	fixed := []Field{{"X-Fixed", "1"}}
	var a Answer
	a.Status, a.Header, a.Body, a.Route = 200, append(a.Header, Field{"Content-Length", "3"}), []byte("abc"), "r"
	first := string(appendHead(nil, &a, fixed, date, false))
	a.reset()
	if a.Status != 0 || len(a.Header) != 0 || a.Body != nil || a.Route != "" {
		t.Fatalf("reset left %+v", a)
	}
	a.Status, a.Header = 200, append(a.Header, Field{"Content-Length", "3"})
	if second := string(appendHead(nil, &a, fixed, date, false)); second != first {
		t.Errorf("second answer's head\n%q\nfirst's\n%q", second, first)
	}
	if fixed[0] != (Field{"X-Fixed", "1"}) || len(fixed) != 1 {
		t.Errorf("fixed fields changed: %v", fixed)
	}
}

// TestHasBody checks which answers carry their body, as net/http decides.
func TestHasBody(t *testing.T) {
	for _, tc := range []struct {
		method string
		status int
		want   bool
	}{
		{"GET", 200, true},
		{"GET", 404, true},
		{"GET", 204, false},
		{"GET", 304, false},
		{"GET", 101, false},
		{"HEAD", 200, false},
		{"HEAD", 204, false},
		{"HEAD", 304, false},
	} {
		if got := hasBody(tc.method, tc.status); got != tc.want {
			t.Errorf("hasBody(%s, %d) = %v, want %v", tc.method, tc.status, got, tc.want)
		}
	}
}

// TestHTTPDate checks the Date value, formatted as net/http does, and
// that the cached value of one second is not given for another.
func TestHTTPDate(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 12, 3, 7, 35, 31, 0, time.UTC),
		time.Date(2026, 12, 3, 7, 35, 31, 999_999_999, time.UTC),
		time.Date(2026, 12, 3, 7, 35, 32, 0, time.UTC),
		time.Date(2026, 12, 3, 8, 35, 32, 0, time.FixedZone("CET", 3600)),
		time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if got, want := DateHeader(now)[0], now.UTC().Format(http.TimeFormat); got != want {
			t.Errorf("DateHeader(%v) = %q, want %q", now, got, want)
		}
	}
}
