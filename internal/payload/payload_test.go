package payload

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

func TestGzipRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		body  []byte
		level int
	}{
		{"empty", nil, gzip.DefaultCompression},
		{"text", bytes.Repeat([]byte("the Huai river "), 100), gzip.BestCompression},
		{"a level gzip has not", []byte("x"), 42},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGzipper(tc.level)
			g.Gzip([]byte("a writer to reuse"))
			zr, err := gzip.NewReader(bytes.NewReader(g.Gzip(tc.body)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, tc.body) {
				t.Errorf("got %q, %v; want %q", got, err, tc.body)
			}
		})
	}
}

func TestETag(t *testing.T) {
	a, b := ETag([]byte("a")), ETag([]byte("b"))
	if a == b || a != ETag([]byte("a")) {
		t.Errorf("ETag: %s for a twice, %s for b", a, b)
	}
	if len(a) != 26 || a[0] != '"' || a[len(a)-1] != '"' {
		t.Errorf("ETag %s: want 24 hex digits in quotes", a)
	}
	if got, want := GzipETag(`"abc"`), `"abc-gzip"`; got != want {
		t.Errorf("GzipETag: got %s, want %s", got, want)
	}
}

func TestGzipCache(t *testing.T) {
	c := NewGzipCache(1<<20, gzip.BestCompression)
	body := bytes.Repeat([]byte("Kaifeng "), 200)
	first := c.Get(ETag(body), body)
	second := c.Get(ETag(body), body)
	if &first[0] != &second[0] {
		t.Error("the second Get compressed again instead of serving the cached form")
	}
	tiny := NewGzipCache(10, gzip.BestCompression)
	if a, b := tiny.Get("x", body), tiny.Get("x", body); &a[0] == &b[0] {
		t.Error("a cache of 10 bytes kept a body")
	}
}
