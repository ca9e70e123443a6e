package downloads

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas/atlastest"
	"github.com/paulmach/orb"
)

// manyPlaces returns a collection of n open-ended places.
func manyPlaces(tb testing.TB, n int) (*feature.Collection, []*feature.Feature) {
	tb.Helper()
	open, err := chrono.ParseEDTF("..")
	if err != nil {
		tb.Fatal(err)
	}
	var fs []*feature.Feature
	for i := range n {
		f, err := feature.New(fmt.Sprintf("p%d", i), orb.Point{114, 34}, open, open, map[string]any{"name": "p"})
		if err != nil {
			tb.Fatal(err)
		}
		fs = append(fs, f)
	}
	return feature.NewCollection("many", "Many", "", fs), fs
}

// TestKMLGivenUp: a KML document of many features stops with the
// context's error once nobody waits for it.
func TestKMLGivenUp(t *testing.T) {
	d := New(atlastest.MustMini(t))
	c, fs := manyPlaces(t, 200)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.KML(ctx, io.Discard, c, "many", fs, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("KML: got %v, want context.Canceled", err)
	}
	var buf bytes.Buffer
	if err := d.KML(context.Background(), &buf, c, "many", fs, nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "<Placemark>"); got != 200 {
		t.Errorf("%d placemarks, want 200", got)
	}
}
