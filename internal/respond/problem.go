package respond

import (
	"encoding/json"
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// Status maps an error kind to its HTTP status. It is the only place that
// does.
func Status(k fault.Kind) int {
	switch k {
	case fault.Invalid:
		return http.StatusBadRequest
	case fault.NotFound:
		return http.StatusNotFound
	case fault.NotAcceptable:
		return http.StatusNotAcceptable
	case fault.NotAllowed:
		return http.StatusMethodNotAllowed
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	case fault.Unimplemented:
		return http.StatusNotImplemented
	default:
		return http.StatusInternalServerError
	}
}

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	Param    string `json:"parameter,omitempty"`
}

// Error writes err as application/problem+json. Internal errors are logged
// and hidden from the client.
func (rw *Writer) Error(w http.ResponseWriter, r *http.Request, err error) {
	if cerr := r.Context().Err(); cerr != nil && errors.Is(err, cerr) {
		// Work given up because its client left: nobody reads this, and
		// it is no failure of ours to log.
		err = fault.Errorf(fault.Unavailable, "the request was given up")
	}
	kind := fault.KindOf(err)
	code := Status(kind)
	if kind == fault.Internal {
		rw.log.Error("internal error", "method", Clamp(r.Method, MaxLoggedMethod), "path", Clamp(r.URL.Path, MaxLoggedPath), "err", err)
	}
	p := Problem{
		Type:     "about:blank",
		Title:    http.StatusText(code),
		Status:   code,
		Detail:   fault.Message(err),
		Instance: r.URL.EscapedPath(),
	}
	if fe := (*fault.Error)(nil); errors.As(err, &fe) {
		p.Param = fe.Param
	}
	body, _ := json.Marshal(p)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Del("ETag")
	h.Del("Content-Encoding")
	if code == http.StatusServiceUnavailable {
		h.Set("Retry-After", "1")
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(append(body, '\n'))
	}
}

// The longest method and path a log line or problem detail repeats; past
// them the value is cut and marked, so a client cannot make a log line
// (or an error body) as long as the headers it may send.
const (
	MaxLoggedMethod = 16
	MaxLoggedPath   = 256
)

// Clamp cuts s to at most n bytes, on a rune boundary, marking the cut
// with "…".
func Clamp(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
