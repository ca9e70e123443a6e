package front

import "bytes"

// Request is the head of a request the front may answer: a GET or HEAD
// over HTTP/1.1 with no body and only headers it knows.
type Request struct {
	// Method is "GET" or "HEAD".
	Method string
	// Target is the request target as sent: an absolute path with no
	// %-escape, then perhaps '?' and a query.
	Target string
	// Path and RawQuery are Target split at its first '?', as net/http's
	// URL.Path and URL.RawQuery would be.
	Path, RawQuery string
	// AcceptEncoding and IfNoneMatch are those headers' values, "" when
	// absent.
	AcceptEncoding, IfNoneMatch string
}

// maxHead bounds a request head the front reads; a longer one goes to
// net/http, whose MaxHeaderBytes applies.
const maxHead = 4 << 10

// parse reads the head of one request from the start of b. It returns the
// head's length, or 0 when b does not yet hold a whole head; ok is false
// when the request is not one the front answers, as soon as that shows.
func parse(b []byte, r *Request, maxTarget int) (n int, ok bool) {
	end := bytes.Index(b, crlfcrlf)
	if end < 0 {
		// Give up early on what cannot be ours, so as not to sit on a
		// request net/http should be reading.
		if len(b) >= 5 && !bytes.HasPrefix(b, []byte("GET /")) && !bytes.HasPrefix(b, []byte("HEAD ")) {
			return 0, false
		}
		// net/http ends a line at a bare LF too: a head ended so is
		// whole to it, and not one to wait on.
		for i, c := range b {
			if c == '\n' && (i == 0 || b[i-1] != '\r') {
				return 0, false
			}
		}
		return 0, len(b) < maxHead
	}
	head := b[:end+2] // each line with its CRLF
	line, rest, _ := bytes.Cut(head, crlf)
	if !requestLine(line, r, maxTarget) {
		return 0, false
	}
	if !headers(rest, r) {
		return 0, false
	}
	return end + 4, true
}

var (
	crlf     = []byte("\r\n")
	crlfcrlf = []byte("\r\n\r\n")
)

// requestLine reads "GET /target HTTP/1.1".
func requestLine(line []byte, r *Request, maxTarget int) bool {
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		r.Method, line = "GET", line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		r.Method, line = "HEAD", line[5:]
	default:
		return false
	}
	target, ok := bytes.CutSuffix(line, []byte(" HTTP/1.1"))
	if !ok || len(target) == 0 || len(target) > maxTarget || target[0] != '/' {
		return false
	}
	for _, c := range target {
		if !targetByte[c] {
			return false
		}
	}
	r.Target = string(target)
	r.Path, r.RawQuery = r.Target, ""
	if i := bytes.IndexByte(target, '?'); i >= 0 {
		r.Path, r.RawQuery = r.Target[:i], r.Target[i+1:]
	}
	return true
}

// targetByte holds the bytes a target the front reads may have: letters,
// digits and "-._~/?=&:,+!*'()$@". No '%', so a path means what it says
// without unescaping; no ';', which net/http's query parser refuses; no
// '#', no space or control.
var targetByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "-._~/?=&:,+!*'()$@" {
		t[c] = true
	}
	return t
}()

// Header names the front takes, lower case: those it reads, and those a
// browser, a GIS client or a CDN sends that the answer does not depend on.
// Any other header (a body's length or coding, Expect, Upgrade, Range,
// forwarding headers, ...) hands the request to net/http.
const (
	hOther = iota + 1
	hHost
	hAcceptEncoding
	hIfNoneMatch
	hConnection
)

var knownHeaders = map[string]int{
	"host":                      hHost,
	"accept-encoding":           hAcceptEncoding,
	"if-none-match":             hIfNoneMatch,
	"connection":                hConnection,
	"accept":                    hOther,
	"accept-language":           hOther,
	"user-agent":                hOther,
	"referer":                   hOther,
	"origin":                    hOther,
	"cache-control":             hOther,
	"pragma":                    hOther,
	"dnt":                       hOther,
	"priority":                  hOther,
	"sec-fetch-dest":            hOther,
	"sec-fetch-mode":            hOther,
	"sec-fetch-site":            hOther,
	"sec-fetch-user":            hOther,
	"sec-ch-ua":                 hOther,
	"sec-ch-ua-mobile":          hOther,
	"sec-ch-ua-platform":        hOther,
	"sec-gpc":                   hOther,
	"if-modified-since":         hOther,
	"upgrade-insecure-requests": hOther,
}

// headers reads the header lines, each ending in CRLF. Host must come
// once with a plain host name or address; Accept-Encoding, If-None-Match
// and Connection at most once each, and Connection only as keep-alive.
func headers(b []byte, r *Request) bool {
	r.AcceptEncoding, r.IfNoneMatch = "", ""
	var seen [hConnection + 1]bool
	var lower [32]byte
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, crlf)
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || colon > len(lower) {
			return false
		}
		name := lower[:colon]
		for i, c := range line[:colon] {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			name[i] = c
		}
		kind := knownHeaders[string(name)]
		if kind == 0 {
			return false
		}
		value, ok := headerValue(line[colon+1:])
		if !ok {
			return false
		}
		if kind != hOther {
			if seen[kind] {
				return false
			}
			seen[kind] = true
		}
		switch kind {
		case hHost:
			if !plainHost(value) {
				return false
			}
		case hAcceptEncoding:
			r.AcceptEncoding = internValue(value)
		case hIfNoneMatch:
			r.IfNoneMatch = string(value)
		case hConnection:
			if !bytes.EqualFold(value, []byte("keep-alive")) {
				return false
			}
		}
	}
	return seen[hHost]
}

// headerValue trims a header value's surrounding spaces and tabs, as
// net/http does, and checks it is printable ASCII.
func headerValue(v []byte) ([]byte, bool) {
	v = bytes.Trim(v, " \t")
	for _, c := range v {
		if (c < ' ' && c != '\t') || c > '~' {
			return nil, false
		}
	}
	return v, true
}

// plainHost reports whether h is a host name or address with perhaps a
// port: letters, digits, '.', '-', ':', '[' and ']' only, and not empty.
func plainHost(h []byte) bool {
	if len(h) == 0 {
		return false
	}
	for _, c := range h {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// commonEncodings are Accept-Encoding values browsers and clients send,
// kept as strings so that reading one allocates nothing.
var commonEncodings = []string{
	"gzip, deflate, br, zstd",
	"gzip, deflate, br",
	"gzip, deflate",
	"gzip",
	"br, gzip",
	"identity",
}

func internValue(v []byte) string {
	for _, s := range commonEncodings {
		if string(v) == s {
			return s
		}
	}
	return string(v)
}
