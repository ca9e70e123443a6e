package server

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// mustServerGate is mustServer with room for slots expensive requests at
// once and queue more waiting.
func mustServerGate(tb testing.TB, slots, queue int) *Server {
	tb.Helper()
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		tb.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.ExpensiveSlots, cfg.ExpensiveQueue, cfg.ExpensiveWait = slots, queue, time.Minute
	return New(cfg, ds, nil)
}

// TestItemsShareAndAgree: /items pages go through the gate, and a shared
// page is the page.
func TestItemsShareAndAgree(t *testing.T) {
	s := mustServerGate(t, 1, 0)
	want := mustBody(t, get(t, s, "GET", "/collections/territories/items?datetime=1141", nil))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			res := get(t, s, "GET", "/collections/territories/items?datetime=1141", nil)
			if res.StatusCode == 503 {
				return // refused past the single slot: allowed
			}
			if got := mustBody(t, res); string(got) != string(want) {
				t.Errorf("a page differs from the page alone")
			}
		})
	}
	wg.Wait()
}
