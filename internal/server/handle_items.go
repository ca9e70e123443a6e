package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// itemsRequest is a parsed /items request.
type itemsRequest struct {
	query  dataset.Query
	format format
}

// parseItems parses and checks the parameters of /items: f, bbox,
// datetime, limit, offset and one filter per queryable property.
func (s *Server) parseItems(r *http.Request, c *feature.Collection, queryables map[string]bool) (itemsRequest, error) {
	var req itemsRequest
	q := r.URL.Query()
	std := map[string]bool{"f": true, "bbox": true, "datetime": true, "limit": true, "offset": true}
	if err := checkParams(q, func(k string) bool { return std[k] || queryables[k] }); err != nil {
		if fe, ok := err.(*fault.Error); ok && fe.Message == "unknown parameter \""+fe.Param+"\"" {
			fe.Message += "; use f, bbox, datetime, limit, offset or a property of " + c.ID
		}
		return req, err
	}
	var err error
	if req.format, err = negotiateFeatures(r); err != nil {
		return req, err
	}
	if req.query.Bounds, err = parseBbox(q); err != nil {
		return req, err
	}
	if iv, ok, err := parseDatetime(q); err != nil {
		return req, err
	} else if ok {
		req.query.When = &iv
	}
	if req.query.Limit, err = parseInt(q, "limit", s.cfg.DefaultLimit, 1); err != nil {
		return req, err
	}
	// OGC API Features: a limit above the maximum is cut down, not refused.
	req.query.Limit = min(req.query.Limit, s.cfg.MaxLimit)
	if req.query.Offset, err = parseInt(q, "offset", 0, 0); err != nil {
		return req, err
	}
	for k := range queryables {
		if v, ok := q[k]; ok && !std[k] {
			if req.query.Filters == nil {
				req.query.Filters = map[string]string{}
			}
			req.query.Filters[k] = v[0]
		}
	}
	return req, nil
}

// handleItems serves a page of a collection's features as GeoJSON or HTML.
func (s *Server) handleItems(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	req, err := s.parseItems(r, c, st.queryables(c))
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := dataset.Items(c, req.query)
	switch req.format {
	case formatHTML:
		s.writeHTML(w, r, "items", c.Title, itemsPage(c, req, page))
		return
	case formatKML:
		title := c.Title
		if req.query.When != nil {
			title += " at " + r.URL.Query().Get("datetime")
		}
		s.writeKML(w, r, st, c, title, page.Features, req.query.When)
		return
	}
	base := baseURL(r)
	path := "/collections/" + c.ID + "/items"
	q := r.URL.Query()
	links := []link{
		{Href: withQuery(base, path, cloneQuery(q, "f", "json")), Rel: "self", Type: typeGeoJSON, Title: "This page"},
		{Href: withQuery(base, path, cloneQuery(q, "f", "html")), Rel: "alternate", Type: "text/html", Title: "This page as HTML"},
		{Href: base + "/collections/" + c.ID + "?f=json", Rel: "collection", Type: typeJSON, Title: c.Title},
	}
	// The features first: a page stops early rather than grow past
	// MaxPageBytes, and then its next link goes on from where it stopped.
	var feats bytes.Buffer
	returned := 0
	for _, f := range page.Features {
		mark := feats.Len()
		if returned > 0 {
			feats.WriteByte(',')
		}
		if err := st.writeFeature(&feats, f, req.query.When); err != nil {
			s.error(w, r, err)
			return
		}
		if returned > 0 && s.cfg.MaxPageBytes > 0 && feats.Len() > s.cfg.MaxPageBytes {
			feats.Truncate(mark)
			break
		}
		returned++
	}

	lim, off := req.query.Limit, req.query.Offset
	if off+returned < page.Matched {
		next := cloneQuery(cloneQuery(q, "offset", strconv.Itoa(off+returned)), "f", "json")
		links = append(links, link{Href: withQuery(base, path, next), Rel: "next", Type: typeGeoJSON, Title: "The next page"})
	}
	if off > 0 {
		prev := cloneQuery(cloneQuery(q, "offset", strconv.Itoa(max(0, off-lim))), "f", "json")
		if off-lim <= 0 {
			prev.Del("offset")
		}
		links = append(links, link{Href: withQuery(base, path, prev), Rel: "prev", Type: typeGeoJSON, Title: "The previous page"})
	}

	var buf bytes.Buffer
	buf.Grow(feats.Len() + 1024)
	buf.WriteString(`{"type":"FeatureCollection","numberMatched":`)
	buf.WriteString(strconv.Itoa(page.Matched))
	buf.WriteString(`,"numberReturned":`)
	buf.WriteString(strconv.Itoa(returned))
	buf.WriteString(`,"timeStamp":"`)
	buf.WriteString(st.loaded.UTC().Format(time.RFC3339))
	buf.WriteString(`","links":`)
	mustEncode(&buf, links)
	buf.WriteString(`,"features":[`)
	buf.Write(feats.Bytes())
	buf.WriteString("]}\n")
	s.writeBody(w, r, typeGeoJSON, buf.Bytes(), s.cacheControl())
}

// handleItem serves one feature. A thing with several versions is named by
// its key ("yellow-river@1128"); its bare id names the version in force at
// datetime, or the last version without it.
func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	if err := checkParams(q, func(k string) bool { return k == "f" || k == "datetime" }); err != nil {
		s.error(w, r, err)
		return
	}
	format, err := negotiateFeatures(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	when, hasWhen, err := parseDatetime(q)
	if err != nil {
		s.error(w, r, err)
		return
	}
	key, err := url.PathUnescape(mux.Vars(r)["featureId"])
	if err != nil {
		s.error(w, r, fault.Param("featureId", "malformed escape in %q", mux.Vars(r)["featureId"]))
		return
	}
	f, ok := c.Lookup(key)
	if !ok || hasWhen {
		versions := c.Get(key)
		if ok {
			versions = []*feature.Feature{f}
		}
		f = nil
		for _, v := range versions {
			if !hasWhen || v.Life.Overlaps(when) {
				f = v // the last one in force, versions being oldest first
			}
		}
	}
	if f == nil {
		if hasWhen && (ok || len(c.Get(key)) > 0) {
			s.error(w, r, fault.Errorf(fault.NotFound, "feature %q of %s did not exist at %s", key, c.ID, q.Get("datetime")))
			return
		}
		s.error(w, r, fault.Errorf(fault.NotFound, "no feature %q in %s", key, c.ID))
		return
	}
	var whenp *chrono.Interval
	if hasWhen {
		whenp = &when
	}
	switch format {
	case formatHTML:
		s.writeHTML(w, r, "item", f.Key, itemView(c, f, whenp))
		return
	case formatKML:
		s.writeKML(w, r, st, c, feature.Text(f.Properties["name"]), []*feature.Feature{f}, whenp)
		return
	}
	var buf bytes.Buffer
	if err := st.writeFeature(&buf, f, whenp); err != nil {
		s.error(w, r, err)
		return
	}
	// Add the links of a single feature after the fact, keeping the cached
	// feature body as it is.
	base := baseURL(r)
	links := []link{
		{Href: base + "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=json", Rel: "self", Type: typeGeoJSON, Title: "This feature"},
		{Href: base + "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=html", Rel: "alternate", Type: "text/html", Title: "This feature as HTML"},
		{Href: base + "/collections/" + c.ID + "?f=json", Rel: "collection", Type: typeJSON, Title: c.Title},
	}
	body := buf.Bytes()
	body = body[:len(body)-1] // drop the closing brace
	var out bytes.Buffer
	out.Write(body)
	out.WriteString(`,"links":`)
	mustEncode(&out, links)
	out.WriteString("}\n")
	s.writeBody(w, r, typeGeoJSON, out.Bytes(), s.cacheControl())
}

// writeFeature writes f as a GeoJSON Feature, its properties as they stood
// at when (names over time resolved). The geometry's JSON is computed once
// per feature and reused.
func (st *state) writeFeature(buf *bytes.Buffer, f *feature.Feature, when *chrono.Interval) error {
	geom, err := st.geometryJSON(f)
	if err != nil {
		return err
	}
	props := f.Properties
	if when != nil {
		at := feature.Moment(*when)
		props = f.PropertiesAt(at)
		if pt, ok := f.Geometry.(orb.Point); ok {
			// Who held a place or the site of an event then: the polity
			// of the territory around it.
			if t, ok := st.ds.Holder(pt, at); ok {
				props = withProperty(props, "holder", t.String("polity"))
			}
		}
	}
	buf.WriteString(`{"type":"Feature","id":`)
	mustEncode(buf, f.Key)
	buf.WriteString(`,"geometry":`)
	buf.Write(geom)
	buf.WriteString(`,"properties":`)
	mustEncode(buf, props)
	buf.WriteByte('}')
	return nil
}

// withProperty returns a copy of props with key set to value; props may be
// a feature's own map, which must not change.
func withProperty(props map[string]any, key string, value any) map[string]any {
	c := make(map[string]any, len(props)+1)
	for k, v := range props {
		c[k] = v
	}
	c[key] = value
	return c
}

// geometryJSON returns the GeoJSON of f's geometry, from the cache.
func (st *state) geometryJSON(f *feature.Feature) ([]byte, error) {
	if b, ok := st.geoms.Load(f); ok {
		return b.([]byte), nil
	}
	b, err := json.Marshal(geojson.NewGeometry(f.Geometry))
	if err != nil {
		return nil, fault.Wrap(err, "cannot encode the geometry of %s", f.ID)
	}
	st.geoms.Store(f, b)
	return b, nil
}

// mustEncode writes v as compact JSON without HTML escaping. The values
// written are maps and slices of JSON scalars, which always encode.
func mustEncode(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	buf.Truncate(buf.Len() - 1) // Encode adds a newline
}
