package pictures

import (
	"context"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/render"
)

// mustAtlas returns the core of the embedded Jin–Song atlas and a renderer.
func mustAtlas(tb testing.TB) (*atlas.Atlas, *render.Renderer) {
	tb.Helper()
	ds, err := dataset.Load(data.JinSong())
	if err != nil {
		tb.Fatal(err)
	}
	r, err := render.New()
	if err != nil {
		tb.Fatal(err)
	}
	return atlas.New(ds, time.Now()), r
}

// over1141 is a static map of China in 1141.
const over1141 = "datetime=1141&bbox=97,20,127,45&width=800&height=600"

// TestPictureBounds fills the gate's one slot and checks that a picture
// is refused at once when none may wait, and given up when its client
// leaves while it waits.
func TestPictureBounds(t *testing.T) {
	core, r := mustAtlas(t)
	pic, err := New(core, r, gate.New(1, 0, time.Minute), 1<<20).mapPicture(map[string][]string{"datetime": {"1141"}, "width": {"100"}, "height": {"100"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		queue  int
		cancel bool
	}{{"past the bound", 0, false}, {"client gone while waiting", 1, true}} {
		t.Run(tt.name, func(t *testing.T) {
			p := New(core, r, gate.New(1, tt.queue, time.Minute), 1<<20)
			release, err := p.gate.Acquire(context.Background()) // the one slot is busy
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			if tt.cancel {
				cancel()
			}
			defer cancel()
			scene, key := p.Prepare(pic)
			if _, err := p.Draw(ctx, pic, scene, key); fault.KindOf(err) != fault.Unavailable {
				t.Errorf("got %v, want Unavailable", err)
			}
			release()
			if _, err := p.Draw(context.Background(), pic, scene, key); err != nil {
				t.Errorf("with the slot free: %v", err)
			}
		})
	}
}
