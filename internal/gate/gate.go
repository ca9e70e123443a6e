package gate

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// Gate bounds the expensive work running at once.
type Gate struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
	maxWait  time.Duration
}

// New returns a gate that runs slots at once and lets queue more wait,
// each for at most wait.
func New(slots, queue int, wait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(1, slots)), maxQueue: int64(max(0, queue)), maxWait: wait}
}

// ErrBusy is the answer past the gate's bound.
var ErrBusy = fault.Errorf(fault.Unavailable, "the server is busy with other large requests; retry in a moment")

// Acquire takes a slot, waiting for one only while the queue has room,
// for at most the gate's wait and only as long as ctx lives. The caller
// calls release once its work is done.
func (g *Gate) Acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.queued.Add(1) > g.maxQueue {
		g.queued.Add(-1)
		return nil, ErrBusy
	}
	defer g.queued.Add(-1)
	t := time.NewTimer(g.maxWait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, fault.Errorf(fault.Unavailable, "the request was given up before it started")
	}
}
