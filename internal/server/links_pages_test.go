package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// browserAccept is what Chromium sends for a page.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

// TestSharedLinks: pages opened from links ignore the parameters that
// social networks and ad tools add; the API stays strict.
func TestSharedLinks(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		target, accept string
		status         int
		contentType    string
	}{
		{"/?fbclid=IwAR0abc", browserAccept, 200, "text/html"},
		{"/?utm_source=newsletter&utm_medium=email&year=1120", browserAccept, 200, "text/html"},
		{"/embed?year=1141&gclid=xyz", browserAccept, 200, "text/html"},
		{"/embed?year=1141&z=99&gclid=xyz", browserAccept, 400, "application/problem+json"},
		{"/collections/places/items?f=html&fbclid=x", browserAccept, 200, "text/html"},
		{"/collections/places/items?fbclid=x", "application/geo+json", 400, "application/problem+json"},
		{"/?f=json&fbclid=x", "", 400, "application/problem+json"},
		// A shared viewer link fetched by a link preview (Accept: */*).
		{"/?year=1120&z=6&lat=34&lon=114", "*/*", 200, "text/html"},
		{"/?fbclid=x", "", 200, "text/html"},
		{"/?year=1120", "application/json", 400, "application/problem+json"},
	}
	for _, tt := range tests {
		h := map[string]string{}
		if tt.accept != "" {
			h["Accept"] = tt.accept
		}
		res := get(t, s, "GET", tt.target, h)
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("%s: %d %s, want %d %s", tt.target, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.contentType)
		}
	}
}

// TestAcceptAnything: what curl, requests and OWSLib send (*/*, or no
// Accept at all) gets the landing page as JSON; a browser gets the viewer.
func TestAcceptAnything(t *testing.T) {
	s := mustServer(t)
	for _, accept := range []string{"*/*", "", "application/json", "application/json, */*;q=0.5"} {
		h := map[string]string{}
		if accept != "" {
			h["Accept"] = accept
		}
		res := get(t, s, "GET", "/", h)
		var doc struct{ Links []link }
		if res.StatusCode != http.StatusOK || json.Unmarshal(mustBody(t, res), &doc) != nil || len(doc.Links) == 0 {
			t.Errorf("Accept %q: %d %s, want the JSON landing page", accept, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if res := get(t, s, "GET", "/", map[string]string{"Accept": browserAccept}); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a browser's Accept: %s, want the viewer", res.Header.Get("Content-Type"))
	}
}
