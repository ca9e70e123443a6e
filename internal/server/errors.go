package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// status maps an error kind to its HTTP status. It is the only place that
// does.
func status(k fault.Kind) int {
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

// problem is an RFC 9457 problem details document.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	Param    string `json:"parameter,omitempty"`
}

// error writes err as application/problem+json. Internal errors are logged
// and hidden from the client.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	if cerr := r.Context().Err(); cerr != nil && errors.Is(err, cerr) {
		// Work given up because its client left: nobody reads this, and
		// it is no failure of ours to log.
		err = fault.Errorf(fault.Unavailable, "the request was given up")
	}
	kind := fault.KindOf(err)
	code := status(kind)
	if kind == fault.Internal {
		s.log.Error("internal error", "method", clamp(r.Method, maxLoggedMethod), "path", clamp(r.URL.Path, maxLoggedPath), "err", err)
	}
	p := problem{
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
