package atlas

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
)

// TestGivenUp: a page of many features stops with the
// context's error once nobody waits for it.
func TestGivenUp(t *testing.T) {
	a := mustAtlas(t)
	var fs []*feature.Feature
	open, err := chrono.ParseEDTF("..")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		f, err := feature.New(fmt.Sprintf("p%d", i), orb.Point{114, 34}, open, open, map[string]any{"name": "p"})
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	c := feature.NewCollection("many", "Many", "", fs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Items(ctx, c, dataset.Query{Limit: 1000}, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Items: got %v, want context.Canceled", err)
	}
	if p, err := a.Items(context.Background(), c, dataset.Query{Limit: 1000}, 0); err != nil || p.Returned != 200 {
		t.Errorf("Items, waited for: got %d features and %v, want 200", p.Returned, err)
	}
}
