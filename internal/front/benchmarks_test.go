package front

import (
	"testing"
)

// browserHead is a tile request as a browser sends it.
const browserHead = "GET /tiles/5/25/12.mvt?datetime=1141 HTTP/1.1\r\nHost: atlas.example.org\r\n" +
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: */*\r\n" +
	"Accept-Language: zh-TW,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br, zstd\r\nOrigin: https://example.org\r\n" +
	"Connection: keep-alive\r\nReferer: https://example.org/\r\nSec-Fetch-Dest: empty\r\nSec-Fetch-Mode: cors\r\n" +
	"Sec-Fetch-Site: cross-site\r\nIf-None-Match: \"3553f884027144e735c90176-gzip\"\r\n\r\n"

// BenchmarkParse reads a tile request's head, as wrk sends it and as a
// browser does.
func BenchmarkParse(b *testing.B) {
	for _, bm := range []struct{ name, head string }{
		{"wrk", "GET /tiles/5/25/12.mvt?datetime=1141 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"},
		{"browser", browserHead},
	} {
		b.Run(bm.name, func(b *testing.B) {
			in := []byte(bm.head)
			var r Request
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if n, ok := parse(in, &r, 4096); n != len(in) || !ok {
					b.Fatal(n, ok)
				}
			}
		})
	}
}

// BenchmarkAppendHead writes a tile answer's status line and headers.
func BenchmarkAppendHead(b *testing.B) {
	fixed := []Field{{"Access-Control-Allow-Origin", "*"}, {"X-Content-Type-Options", "nosniff"}}
	var a Answer
	out := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		a.reset()
		a.Status = 200
		a.Header = append(a.Header, Field{"Cache-Control", "public, max-age=3600"}, Field{"Vary", "Accept-Encoding"},
			Field{"Etag", `"3553f884027144e735c90176-gzip"`}, Field{"Content-Encoding", "gzip"},
			Field{"Content-Type", "application/vnd.mapbox-vector-tile"}, Field{"Content-Length", "5591"})
		out = appendHead(out[:0], &a, fixed, "Thu, 03 Dec 2026 07:24:37 GMT", false)
	}
}
