package server

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// hostileEmbedURL is an embed page's URL, escaped, for oEmbed requests.
const hostileEmbedURL = "http%3A%2F%2Fexample.com%2Fembed%3Fyear%3D1141"

// hostileRequest is a request a scanner or a broken client sends, and the
// problem it must get.
type hostileRequest struct {
	method, target string
	status         int
	detail         string // a part of the detail
}

// hostileRequests are the requests TestHostileRequests sends, by theme.
var hostileRequests = []hostileRequest{
	// datetime
	{"GET", "/collections/territories/items?datetime=garbage", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=1141/1127", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=99999", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=1141-13", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=1141-02-30", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=1141&datetime=1142", 400, "datetime"},
	{"GET", "/collections/territories/items?datetime=%00", 400, "datetime"},
	// malformed pairs, which the query parser drops
	{"GET", "/collections/territories/items?datetime=%ZZ", 400, "datetime: malformed"},
	{"GET", "/collections/territories/items?datetime=1141;x=1", 400, "datetime: the pair"},
	{"GET", "/collections/territories/items?datetime=1141&bbox=1,2%G,3,4", 400, "bbox: malformed"},
	{"GET", "/collections/territories/items?%ZZ=1", 400, "malformed"},
	{"GET", "/tiles/5/26/12.mvt?datetime=%ZZ", 400, "datetime"},
	{"GET", "/tiles.json?datetime=1141;f=json", 400, "datetime"},
	{"GET", "/collections/places/items/kaifeng?datetime=11%4", 400, "datetime"},
	// bbox
	{"GET", "/collections/territories/items?bbox=1,2,3", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=1,2,3,4,5", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=1,2,3,4,5,6,7", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=a,b,c,d", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=NaN,1,2,3", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=Inf,1,2,3", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=0,50,10,40", 400, "bbox: south"},
	{"GET", "/collections/territories/items?bbox=0,0,200,10", 400, "bbox: longitudes"},
	{"GET", "/collections/territories/items?bbox=0,-91,10,10", 400, "bbox: latitudes"},
	{"GET", "/collections/territories/items?bbox=", 400, "bbox"},
	{"GET", "/collections/territories/items?bbox=1e999,0,1,1", 400, "bbox"},
	// limit, offset
	{"GET", "/collections/territories/items?limit=0", 400, "limit"},
	{"GET", "/collections/territories/items?limit=-5", 400, "limit"},
	{"GET", "/collections/territories/items?limit=ten", 400, "limit"},
	{"GET", "/collections/territories/items?limit=1.5", 400, "limit"},
	{"GET", "/collections/territories/items?limit=1&limit=2", 400, "limit"},
	{"GET", "/collections/territories/items?offset=-1", 400, "offset"},
	{"GET", "/collections/territories/items?offset=abc", 400, "offset"},
	{"GET", "/collections/territories/items?offset=1e3", 400, "offset"},
	// f and unknown parameters
	{"GET", "/collections/territories/items?f=xml", 400, "f: unknown format"},
	{"GET", "/collections/territories/items?f=", 400, "f"},
	{"GET", "/collections/territories/items?f=json&f=html", 400, "f"},
	{"GET", "/collections/territories/items?colour=red", 400, "colour"},
	{"GET", "/collections?f=pdf", 400, "f"},
	{"GET", "/collections?bbox=1,2,3,4", 400, "bbox"},
	{"GET", "/conformance?x=1", 400, "x"},
	{"GET", "/?f=yaml", 400, "f"},
	{"GET", "/api?f=yaml", 400, "f"},
	// collections and features
	{"GET", "/collections/nowhere/items", 404, "nowhere"},
	{"GET", "/collections/nowhere", 404, "nowhere"},
	{"GET", "/collections/territories/items/nothing", 404, "nothing"},
	{"GET", "/collections/territories/items/jin-1127?datetime=1120", 404, "did not exist"},
	{"GET", "/collections/territories/items/jin-1127?datetime=x", 400, "datetime"},
	{"GET", "/collections/territories/items/jin-1127?limit=5", 400, "limit"},
	{"GET", "/collections/territories/items/%25zz", 404, ""},
	// tiles
	{"GET", "/tiles/15/0/0.mvt", 400, "z"},
	{"GET", "/tiles/-1/0/0.mvt", 400, "z"},
	{"GET", "/tiles/99999999999/0/0.mvt", 400, "z"},
	{"GET", "/tiles/5/32/0.mvt", 400, "x"},
	{"GET", "/tiles/5/0/32.mvt", 400, "y"},
	{"GET", "/tiles/5/a/0.mvt", 400, "x"},
	{"GET", "/tiles/5/0/0x10.mvt", 400, "y"},
	{"GET", "/tiles/5/0/0.gif", 404, ".mvt"},
	{"GET", "/tiles/5/0/0/1.mvt", 404, "tiles are"},
	{"GET", "/tiles/5/0.mvt", 404, "tiles are"},
	{"GET", "/tiles/5/0/0.mvt?datetime=garbage", 400, "datetime"},
	{"GET", "/tiles/5/0/0.mvt?datetime=1141/1127", 400, "datetime"},
	{"GET", "/tiles/5/0/0.mvt?zoom=5", 400, "zoom"},
	{"GET", "/tiles.json?datetime=xyz", 400, "datetime"},
	{"GET", "/tiles.json?foo=1", 400, "foo"},
	{"GET", "/timeline?foo=1", 400, "foo"},
	// embedding
	{"GET", "/embed?z=99", 400, "z"},
	{"GET", "/embed?year=abc", 400, "year"},
	{"GET", "/embed?lat=999", 400, "lat"},
	{"GET", "/embed?layers=territories,secrets", 400, "layers"},
	{"GET", "/embed?lang=fr", 400, "lang"},
	{"GET", "/oembed", 400, "url"},
	{"GET", "/oembed?url=ftp%3A%2F%2Fexample.com%2F", 400, "url"},
	{"GET", "/oembed?url=" + hostileEmbedURL + "&format=xml", 501, "format"},
	{"GET", "/oembed?url=" + hostileEmbedURL + "&maxwidth=-1", 400, "maxwidth"},
	{"GET", "/oembed?url=" + hostileEmbedURL + "&maxheight=tall", 400, "maxheight"},
	// paths and traversal
	{"GET", "/nothing/here", 404, "no such resource"},
	{"GET", "/web/../../etc/passwd", 404, ""},
	{"GET", "/web/%2e%2e/%2e%2e/etc/passwd", 404, ""},
	{"GET", "/web/..%2f..%2fgo.mod", 404, ""},
	{"GET", "/web/nothing.js", 404, "no such file"},
	{"GET", "/collections/%2e%2e/items", 404, ""},
	{"GET", "/collections/territories/items/..%2f..%2fdataset.json", 404, ""},
	{"GET", "/" + strings.Repeat("a", 5000), 400, "url"},
	{"GET", "/collections/territories/items?" + strings.Repeat("x=1&", 2000), 400, "url"},
	// methods
	{"POST", "/collections", 405, "POST"},
	{"PUT", "/", 405, "PUT"},
	{"DELETE", "/collections/territories/items", 405, "DELETE"},
	{"PATCH", "/timeline", 405, "PATCH"},
	{"POST", "/tiles/0/0/0.mvt", 405, "POST"},
	{"TRACE", "/", 405, "TRACE"},
	{"PROPFIND", "/collections", 405, "PROPFIND"},
	{strings.Repeat("M", 2000), "/", 405, strings.Repeat("M", 16) + "…"},
	{"GET", "/oembed?url=%", 400, "url: malformed"},
	{"GET", "/embed?year=1141&lat=%zz", 400, "lat: malformed"},
	{"GET", "/?f=json;x", 400, "f: the pair"},
}

// TestHostileRequests sends what scanners and broken clients send, across
// every route (hostileRequests): each gets a 4xx problem+json whose detail
// names the problem, never a 5xx.
func TestHostileRequests(t *testing.T) {
	s := mustServer(t)
	tests := hostileRequests
	if len(tests) < 60 {
		t.Fatalf("only %d hostile requests", len(tests))
	}
	for _, tt := range tests {
		name := tt.method + " " + tt.target
		if len(name) > 80 {
			name = name[:80]
		}
		t.Run(name, func(t *testing.T) {
			res := get(t, s, tt.method, tt.target, nil)
			if res.StatusCode != tt.status {
				t.Errorf("status: got %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Type"); got != "application/problem+json" {
				t.Fatalf("Content-Type: got %q, want application/problem+json", got)
			}
			var p respond.Problem
			mustJSON(t, res, &p)
			if p.Status != tt.status || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("problem: got status %d detail %q, want %d and a detail with %q", p.Status, p.Detail, tt.status, tt.detail)
			}
		})
	}
}

// TestForwardedHeadersTrust: X-Forwarded-Host and -Proto name the host in
// cacheable bodies (TileJSON, oEmbed, links) only when a configured proxy
// sends them; from anyone else they are ignored.
func TestForwardedHeadersTrust(t *testing.T) {
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		t.Fatal(err)
	}
	open := New(DefaultConfig(), ds, nil)
	cfg := DefaultConfig()
	// httptest's requests come from 192.0.2.1.
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.0/24")}
	behind := New(cfg, ds, nil)
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	elsewhere := New(cfg, ds, nil)
	forwarded := map[string]string{"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
	for _, target := range []string{
		"/tiles.json",
		"/oembed?url=http%3A%2F%2Fexample.com%2Fembed%3Fyear%3D1141",
		"/collections/places/items",
		"/collections",
		"/?f=json",
	} {
		t.Run(target, func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				s     *Server
				named bool
			}{{"no proxies", open, false}, {"another proxy", elsewhere, false}, {"from the proxy", behind, true}} {
				body := string(mustBody(t, get(t, tt.s, "GET", target, forwarded)))
				if got := strings.Contains(body, "https://evil.example"); got != tt.named {
					t.Errorf("%s: the body names https://evil.example: got %v, want %v", tt.name, got, tt.named)
				}
			}
		})
	}
}
