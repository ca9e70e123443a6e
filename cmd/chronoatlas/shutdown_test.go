package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestShutdownUnderLoad stops the server while clients keep it busy: every
// request either completes whole (its body as long as Content-Length says)
// or is refused at connect; none is cut off mid-response.
func TestShutdownUnderLoad(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, testConfig(), io.Discard, hooks{ready: ready}) }()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-errc:
		t.Fatal(err)
	}

	targets := []string{"/collections/territories/items?datetime=1141", "/tiles/5/26/12.mvt", "/timeline", "/collections/places/items"}
	var completed, refused atomic.Int64
	var mu sync.Mutex
	var broken []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32, DisableCompression: true}}
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				u := base + targets[(w+i)%len(targets)]
				res, err := client.Get(u)
				if err != nil {
					refused.Add(1) // the listener is closed: refused cleanly
					time.Sleep(time.Millisecond)
					continue
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				want, _ := strconv.Atoi(res.Header.Get("Content-Length"))
				// A 503 is whole too: the server sheds load it cannot take
				// (with Retry-After) rather than queue it.
				shed := res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != ""
				if err != nil || (res.StatusCode >= 500 && !shed) || (res.Header.Get("Content-Length") != "" && len(body) != want) {
					mu.Lock()
					broken = append(broken, fmt.Sprintf("%s: status %d, %d of %d bytes, %v", u, res.StatusCode, len(body), want, err))
					mu.Unlock()
					continue
				}
				completed.Add(1)
			}
		}()
	}
	// Under way: some requests answered (on a busy machine, under the race
	// detector, the first pages and cold tiles take a while).
	for deadline := time.Now().Add(20 * time.Second); completed.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	before := completed.Load()
	cancel() // as SIGTERM does
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("serve: %v", err)
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if before == 0 {
		t.Fatal("no request completed before the shutdown")
	}
	if len(broken) > 0 {
		t.Errorf("%d requests cut off, e.g. %s", len(broken), broken[0])
	}
	t.Logf("%d completed, %d refused after the listener closed", completed.Load(), refused.Load())
}
