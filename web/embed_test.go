package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestPage: each page gets the shared head whole, a modulepreload for
// every script under js/ with main.js first, and no placeholder of its own
// but those the server and the publisher fill in.
func TestPage(t *testing.T) {
	scripts, err := fs.Glob(FS(), "js/*.js")
	if err != nil || len(scripts) < 2 {
		t.Fatalf("scripts: %v %v", scripts, err)
	}
	preload := regexp.MustCompile(`<link rel="modulepreload" href="/web/(js/[^"]+)">`)
	for _, name := range Pages {
		body, err := Page(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		page := string(body)
		for _, want := range []string{`<script type="module" src="/web/js/main.js"></script>`, `href="/web/app.css"`, "<!--oembed-->", "</head>"} {
			if strings.Count(page, want) != 1 {
				t.Errorf("%s: %q %d times, want once", name, want, strings.Count(page, want))
			}
		}
		for _, gone := range []string{"<!--head-->", "<!--modules-->"} {
			if strings.Contains(page, gone) {
				t.Errorf("%s still holds %s", name, gone)
			}
		}
		var got []string
		for _, m := range preload.FindAllStringSubmatch(page, -1) {
			got = append(got, m[1])
		}
		if len(got) != len(scripts) || got[0] != "js/main.js" {
			t.Errorf("%s preloads %v, want main.js first of %v", name, got, scripts)
		}
		for _, s := range scripts {
			if !strings.Contains(page, `href="/web/`+s+`"`) {
				t.Errorf("%s does not preload %s", name, s)
			}
		}
		// The head goes inside <head>, before the body.
		if h, b := strings.Index(page, "/web/app.css"), strings.Index(page, "<body"); h < 0 || h > b {
			t.Errorf("%s: the shared head is not in <head>", name)
		}
	}
}

func TestPageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
	}{
		{"no head.html", fstest.MapFS{"index.html": {Data: []byte("<head>\n<!--head-->\n</head>")}}},
		{"no placeholder", fstest.MapFS{"index.html": {Data: []byte("<head></head>")}, "head.html": {Data: []byte("x\n")}}},
		{"no page", fstest.MapFS{"head.html": {Data: []byte("x\n")}}},
	} {
		if _, err := Page(tc.fsys, "index.html"); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
