package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublishCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "CHRONOATLAS_DATA" {
			return "../../internal/dataset/testdata/mini"
		}
		return ""
	}
	if err := run(context.Background(), []string{"publish", "-maxzoom", "3", "-base-url", "https://example.org/a/", dir}, env, &out, &errb); err != nil {
		t.Fatalf("publish: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "atlas.pmtiles: z0–3") {
		t.Errorf("output: %q", out.String())
	}
	for _, name := range []string{"index.html", "atlas.pmtiles", "tiles.json", "collections/places.geojson"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"publish"}, "one folder"},
		{[]string{"publish", "a", "b"}, "one folder"},
		{[]string{"publish", "-maxzoom", "15", dir}, "maxzoom"},
		{[]string{"publish", "-minzoom", "5", "-maxzoom", "4", dir}, "minzoom"},
		{[]string{"publish", "-zoom", "5", dir}, "zoom"},
	}
	for _, tt := range tests {
		err := run(context.Background(), tt.args, env, &out, &errb)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want a usage error naming %q", tt.args, err, tt.want)
		}
	}
}
