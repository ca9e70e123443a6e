package front

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Field is one response header. Name is written as given, so give it in
// the form net/http writes a header map's key in (textproto's canonical
// form for keys set with Header.Set, or as the handler spelled the key).
type Field struct{ Name, Value string }

// Answer is a Handler's response to a Request.
type Answer struct {
	// Status is the status code; 200, 204 and 304 are what a front
	// answers with.
	Status int
	// Header holds the response's headers but the Listener's fixed ones
	// and Date, in any order.
	Header []Field
	// Body is the whole body, not written for HEAD or a status that
	// has none. A 200's Header must carry its Content-Length.
	Body []byte
	// Route names what answered, for the log line and the metrics.
	Route string
}

func (a *Answer) reset() {
	a.Status, a.Header, a.Body, a.Route = 0, a.Header[:0], nil, ""
}

// appendHead appends the status line and headers of a to b as net/http
// writes them: the headers sorted by name, then a blank line.
func appendHead(b []byte, a *Answer, fixed []Field, date string, closing bool) []byte {
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(a.Status), 10)
	b = append(b, ' ')
	if text := http.StatusText(a.Status); text != "" {
		b = append(b, text...)
	} else {
		b = append(b, "status code "...)
		b = strconv.AppendInt(b, int64(a.Status), 10)
	}
	b = append(b, "\r\n"...)
	all := append(a.Header, fixed...)
	all = append(all, Field{"Date", date})
	// insertion sort: a dozen fields at most
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].Name < all[j-1].Name; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	for _, f := range all {
		b = append(b, f.Name...)
		b = append(b, ": "...)
		b = append(b, f.Value...)
		b = append(b, "\r\n"...)
	}
	a.Header = all[:0]
	if closing {
		// after the header map, as net/http writes it
		b = append(b, "Connection: close\r\n"...)
	}
	return append(b, "\r\n"...)
}

// hasBody reports whether a response to method with status carries a
// body.
func hasBody(method string, status int) bool {
	return method != http.MethodHead && status != http.StatusNoContent && status != http.StatusNotModified && status >= 200
}

// dateCache holds the Date header of the current second, formatted once:
// a busy server would otherwise format it once a response.
var dateCache atomic.Pointer[struct {
	unix  int64
	value []string
}]

// DateHeader returns the Date header's value for now, as a header map's
// value (shared: never change it). net/http's middleware sets it too.
func DateHeader(now time.Time) []string {
	if d := dateCache.Load(); d != nil && d.unix == now.Unix() {
		return d.value
	}
	d := &struct {
		unix  int64
		value []string
	}{now.Unix(), []string{now.UTC().Format(http.TimeFormat)}}
	dateCache.Store(d)
	return d.value
}
