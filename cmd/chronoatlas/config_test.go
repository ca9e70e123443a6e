package main

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestTrustedProxiesFlag: networks and single addresses, from the flag or
// CHRONOATLAS_TRUSTED_PROXIES; none by default.
func TestTrustedProxiesFlag(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want []string
		err  string
	}{
		{nil, "", nil, ""},
		{[]string{"-trusted-proxies", "10.0.0.0/8,127.0.0.1"}, "", []string{"10.0.0.0/8", "127.0.0.1/32"}, ""},
		{nil, "192.168.1.7/16, ::1", []string{"192.168.0.0/16", "::1/128"}, ""},
		{[]string{"-trusted-proxies", "10.0.0.1"}, "192.168.0.0/16", []string{"10.0.0.1/32"}, ""},
		{[]string{"-trusted-proxies", "proxy.local"}, "", nil, "proxy.local"},
		{nil, "10.0.0.0/33", nil, "CHRONOATLAS_TRUSTED_PROXIES"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.env, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "CHRONOATLAS_TRUSTED_PROXIES" {
					return tt.env
				}
				return ""
			}
			cfg, _, err := parseFlags("serve", tt.args, getenv, io.Discard)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got error %v, want one naming %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range cfg.Server.TrustedProxies {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("trusted proxies (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMemoryLimitFlag: -memory-limit and CHRONOATLAS_MEMORY_LIMIT take
// GOMEMLIMIT's syntax.
func TestMemoryLimitFlag(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want int64
		err  bool
	}{
		{nil, "", AutoMemoryLimit, false},
		{[]string{"-memory-limit", "none"}, "", 0, false},
		{[]string{"-memory-limit", "auto"}, "1GiB", AutoMemoryLimit, false},
		{nil, "none", 0, false},
		{[]string{"-memory-limit", "512MiB"}, "", 512 << 20, false},
		{nil, "2GiB", 2 << 30, false},
		{[]string{"-memory-limit", "1000000"}, "64MiB", 1000000, false},
		{[]string{"-memory-limit", "12KiB"}, "", 12 << 10, false},
		{[]string{"-memory-limit", "lots"}, "", 0, true},
		{[]string{"-memory-limit", "-5MiB"}, "", 0, true},
		{[]string{"-memory-limit", "99999999999TiB"}, "", 0, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.env, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "CHRONOATLAS_MEMORY_LIMIT" {
					return tt.env
				}
				return ""
			}
			cfg, _, err := parseFlags("serve", tt.args, getenv, io.Discard)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want one: %v", err, tt.err)
			}
			if err == nil && cfg.MemoryLimit != tt.want {
				t.Errorf("memory limit: got %d, want %d", cfg.MemoryLimit, tt.want)
			}
		})
	}
}

// TestMemoryLimitApplied: serving with a memory limit gives it to the Go
// runtime; auto fits one to the dataset and the caches unless GOMEMLIMIT
// has set one, and none leaves the runtime's alone.
func TestMemoryLimitApplied(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	tests := []struct {
		name     string
		flag     int64
		set      int64 // the limit before the start, as GOMEMLIMIT would set it
		min, max int64 // what the runtime's limit must then be
	}{
		{"given", 3 << 30, math.MaxInt64, 3 << 30, 3 << 30},
		{"auto", AutoMemoryLimit, math.MaxInt64, 40 << 20, 256 << 20},
		{"auto after GOMEMLIMIT", AutoMemoryLimit, 5 << 30, 5 << 30, 5 << 30},
		{"none", 0, math.MaxInt64, math.MaxInt64, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(tt.set)
			cfg := testConfig()
			cfg.MemoryLimit = tt.flag
			ctx, cancel := context.WithCancel(context.Background())
			ready := make(chan string, 1)
			errc := make(chan error, 1)
			go func() { errc <- serve(ctx, cfg, io.Discard, hooks{ready: ready}) }()
			select {
			case <-ready:
			case err := <-errc:
				t.Fatal(err)
			case <-time.After(30 * time.Second):
				t.Fatal("the server did not start")
			}
			if got := debug.SetMemoryLimit(-1); got < tt.min || got > tt.max {
				t.Errorf("the runtime's memory limit: got %d, want %d to %d", got, tt.min, tt.max)
			}
			cancel()
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReloadHostile: a reload that meets a FIFO, a link to /dev/zero or a
// link out of the folder is refused at once, the old dataset keeps
// serving, and the next reload is taken.
func TestReloadHostile(t *testing.T) {
	dir := t.TempDir()
	mini, _ := filepath.Abs("../../internal/dataset/testdata/mini")
	copyDir(t, mini, dir)
	reload := make(chan struct{})
	reloaded := make(chan error)
	cfg := testConfig()
	cfg.DataDir = dir
	base := mustStartHooks(t, cfg, hooks{reload: reload, reloaded: reloaded})
	places := filepath.Join(dir, "places.geojson")
	good, err := os.ReadFile(places)
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "places.geojson")
	if err := os.WriteFile(outside, good, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		make func() error
	}{
		{"a FIFO", func() error { return syscall.Mkfifo(places, 0o644) }},
		{"a link to /dev/zero", func() error { return os.Symlink("/dev/zero", places) }},
		{"a link out of the folder", func() error { return os.Symlink(outside, places) }},
	} {
		os.Remove(places)
		if err := tt.make(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		reload <- struct{}{}
		select {
		case err := <-reloaded:
			if err == nil || !strings.Contains(err.Error(), "places.geojson") {
				t.Errorf("%s: reload gave %v, want a refusal naming places.geojson", tt.name, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: the reload did not finish", tt.name)
		}
		if res, _ := fetch(t, base+"/collections/places/items"); res.StatusCode != 200 {
			t.Errorf("%s: after a refused reload /items answers %d", tt.name, res.StatusCode)
		}
	}
	os.Remove(places)
	if err := os.WriteFile(places, good, 0o644); err != nil {
		t.Fatal(err)
	}
	reload <- struct{}{}
	if err := <-reloaded; err != nil {
		t.Errorf("a good reload after refused ones: %v", err)
	}
}
