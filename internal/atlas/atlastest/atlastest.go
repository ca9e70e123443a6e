// Package atlastest gives the tests of the packages built on
// internal/atlas an atlas to work on: the small dataset in
// internal/dataset/testdata/mini, loaded at a fixed time.
package atlastest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// MustMini returns the atlas of the mini dataset, or fails tb.
func MustMini(tb testing.TB) *atlas.Atlas {
	tb.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("atlastest: cannot find the mini dataset")
	}
	ds, err := dataset.Load(os.DirFS(filepath.Join(filepath.Dir(here), "..", "..", "dataset", "testdata", "mini")))
	if err != nil {
		tb.Fatal(err)
	}
	return atlas.New(ds, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}
