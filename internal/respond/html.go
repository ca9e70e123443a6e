package respond

import "net/http"

// htmlPolicy is the Content-Security-Policy of HTML pages: everything from
// this server, nothing from anywhere else.
const htmlPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors "

// Header values shared between responses: net/http never changes a
// header's value slice once set.
var (
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
	hdrDeny     = []string{"DENY"}
)

// HTMLHeaders sets the security headers of an HTML page: a
// Content-Security-Policy that allows nothing from other hosts, a referrer
// policy, and framing only where framable (the embed page).
func HTMLHeaders(w http.ResponseWriter, framable bool) {
	h := w.Header()
	h["Referrer-Policy"] = hdrReferrer
	if framable {
		h.Set("Content-Security-Policy", htmlPolicy+"*")
		return
	}
	h["X-Frame-Options"] = hdrDeny
	h.Set("Content-Security-Policy", htmlPolicy+"'none'")
}
