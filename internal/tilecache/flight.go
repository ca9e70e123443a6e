package tilecache

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A call is one plan or tile being made, for everyone who asks for it
// meanwhile. It runs on its own, under no request's context: one waiter
// giving up does not fail the others.
type call struct {
	done    chan struct{}
	val     any
	err     error
	waiters int // guarded by Cache.mu
}

// errAbandoned ends a call that everyone waiting for has given up on
// before it started; no one reads it.
var errAbandoned = errors.New("tilecache: no one waits for the tile any more")

// do returns the value under k, from the cache or made once by build
// however many ask for it at once, and keeps it.
// At most Config.Workers builds run at once and Config.Queue more wait;
// past that, or after Config.MaxWait, do fails with ErrBusy. A caller
// whose ctx ends stops waiting with ctx's error.
func (c *Cache) do(ctx context.Context, k key, build func() (any, error)) (any, error) {
	c.mu.Lock()
	if v, ok := c.lru.Get(k); ok { // made while this request looked
		c.mu.Unlock()
		return v, nil
	}
	cl, ok := c.calls[k]
	if !ok {
		if len(c.calls) >= c.cfg.Workers+c.cfg.Queue {
			c.mu.Unlock()
			return nil, ErrBusy
		}
		cl = &call{done: make(chan struct{})}
		c.calls[k] = cl
		go c.run(k, cl, build)
	}
	cl.waiters++
	c.mu.Unlock()
	select {
	case <-cl.done:
		return cl.val, cl.err
	case <-ctx.Done():
		c.mu.Lock()
		cl.waiters--
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// run waits for a worker, builds, keeps the value and wakes the waiters.
func (c *Cache) run(k key, cl *call, build func() (any, error)) {
	var (
		v   any
		err error
	)
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("tilecache: making %d/%d/%d: %v", k.t.Z, k.t.X, k.t.Y, r)
		}
		c.mu.Lock()
		if err == nil {
			c.lru.Add(k, v)
		}
		if c.calls[k] == cl {
			delete(c.calls, k)
		}
		cl.val, cl.err = v, err
		c.mu.Unlock()
		close(cl.done)
	}()
	wait := time.NewTimer(c.cfg.MaxWait)
	defer wait.Stop()
	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-wait.C:
		err = ErrBusy
		return
	}
	c.mu.Lock()
	gone := cl.waiters == 0
	if gone { // and whoever asks from now on starts another call
		delete(c.calls, k)
	}
	c.mu.Unlock()
	if gone {
		err = errAbandoned
		return
	}
	start := time.Now()
	v, err = build()
	c.genNanos.Add(int64(time.Since(start)))
}
