package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/kml"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/gpkg"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/gorilla/mux"
)

// itemsRequest is a parsed /items request.
type itemsRequest struct {
	query  dataset.Query
	format params.Format
}

// parseItems parses and checks the parameters of /items: f, bbox,
// datetime, limit, offset and one filter per queryable property.
func (s *Server) parseItems(r *http.Request, c *feature.Collection, queryables map[string]bool) (itemsRequest, error) {
	var req itemsRequest
	q := r.URL.Query()
	std := map[string]bool{"f": true, "bbox": true, "datetime": true, "limit": true, "offset": true,
		"filter": true, "filter-lang": true, "filter-crs": true, "sortby": true, "properties": true, "skipGeometry": true}
	var err error
	if req.format, err = params.NegotiateFeatures(r); err != nil {
		return req, err
	}
	known := func(k string) bool { return std[k] || queryables[k] }
	if req.format == params.HTML {
		// A page people open from a link ignores what it does not know
		// (fbclid, utm_*), as the viewer does.
		q = params.KnownOnly(q, known)
	}
	if err := params.Check(q, known); err != nil {
		if fe := (*fault.Error)(nil); errors.As(err, &fe) && fe.Message == "unknown parameter \""+fe.Param+"\"" {
			fe.Message += "; use f, bbox, datetime, limit, offset, filter, sortby, properties, skipGeometry or a property of " + c.ID
		}
		return req, err
	}
	if req.query.Bounds, err = params.Bbox(q); err != nil {
		return req, err
	}
	if iv, ok, err := params.Datetime(q); err != nil {
		return req, err
	} else if ok {
		req.query.When = &iv
	}
	limit := s.cfg.DefaultLimit
	if req.format.Download() {
		limit = s.cfg.MaxLimit // a download is every match unless limited
	}
	if req.query.Limit, err = params.Int(q, "limit", limit, 1); err != nil {
		return req, err
	}
	// OGC API Features: a limit above the maximum is cut down, not refused.
	req.query.Limit = min(req.query.Limit, s.cfg.MaxLimit)
	if req.query.Offset, err = params.Int(q, "offset", 0, 0); err != nil {
		return req, err
	}
	if req.query.Filter, err = params.Filter(q, c); err != nil {
		return req, err
	}
	if req.query.SortBy, err = params.SortBy(q, queryables); err != nil {
		return req, err
	}
	if req.query.Properties, err = params.Properties(q, c); err != nil {
		return req, err
	}
	if req.query.SkipGeometry, err = params.Bool(q, "skipGeometry"); err != nil {
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

// handleItems serves a page of a collection's features as GeoJSON, HTML
// or KML.
func (s *Server) handleItems(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	req, err := s.parseItems(r, c, st.core.Queryables(c))
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	switch req.format {
	case params.HTML:
		s.writeHTML(w, r, "items", c.Title, pages.ItemsHTML(c, req.query, st.core.Select(c, req.query)))
		return
	case params.KML:
		title := c.Title
		if req.query.When != nil {
			title += " at " + r.URL.Query().Get("datetime")
		}
		s.writeKML(w, r, st, c, title, st.core.Select(c, req.query).Features, req.query.When)
		return
	case params.CSV, params.GPKG:
		s.writeDownload(w, r, st, c, req)
		return
	}
	page, err := st.core.Items(r.Context(), c, req.query, s.cfg.MaxPageBytes)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.Body(w, r, typeGeoJSON, page.Document(itemsLinks(respond.BaseURL(r), c, r.URL.Query(), page)), s.resp.CacheControl())
}

// itemsLinks are the links of a page of items: itself, as HTML, its
// collection, and the next and previous pages.
func itemsLinks(base string, c *feature.Collection, q url.Values, page atlas.Page) []link {
	path := "/collections/" + c.ID + "/items"
	links := []link{
		{Href: respond.WithQuery(base, path, respond.CloneQuery(q, "f", "json")), Rel: "self", Type: typeGeoJSON, Title: "This page"},
		{Href: respond.WithQuery(base, path, respond.CloneQuery(q, "f", "html")), Rel: "alternate", Type: "text/html", Title: "This page as HTML"},
		{Href: respond.WithQuery(base, path, respond.CloneQuery(q, "f", "kml")), Rel: "alternate", Type: kml.ContentType, Title: "These features as KML"},
		{Href: respond.WithQuery(base, path, respond.CloneQuery(q, "f", "csv")), Rel: "alternate", Type: typeCSV, Title: "These features as CSV"},
		{Href: respond.WithQuery(base, path, respond.CloneQuery(q, "f", "gpkg")), Rel: "alternate", Type: gpkg.ContentType, Title: "These features as a GeoPackage"},
		{Href: base + "/collections/" + c.ID + "?f=json", Rel: "collection", Type: typeJSON, Title: c.Title},
	}
	if page.HasNext {
		next := respond.CloneQuery(respond.CloneQuery(q, "offset", strconv.Itoa(page.Next)), "f", "json")
		links = append(links, link{Href: respond.WithQuery(base, path, next), Rel: "next", Type: typeGeoJSON, Title: "The next page"})
	}
	if page.HasPrev {
		prev := respond.CloneQuery(q, "f", "json")
		prev.Del("offset") // the first page
		if page.Prev > 0 {
			prev.Set("offset", strconv.Itoa(page.Prev))
		}
		links = append(links, link{Href: respond.WithQuery(base, path, prev), Rel: "prev", Type: typeGeoJSON, Title: "The previous page"})
	}
	return links
}

// handleItem serves one feature: a version of a thing, as atlas.Version
// resolves its id and datetime.
func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	if err := params.Check(q, func(k string) bool { return k == "f" || k == "datetime" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	format, err := params.NegotiateFeatures(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	when, hasWhen, err := params.Datetime(q)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	var whenp *chrono.Interval
	if hasWhen {
		whenp = &when
	}
	key, err := url.PathUnescape(mux.Vars(r)["featureId"])
	if err != nil {
		s.resp.Error(w, r, fault.Param("featureId", "malformed escape in %q", mux.Vars(r)["featureId"]))
		return
	}
	f, err := st.core.Version(c, key, whenp, q.Get("datetime"))
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	switch format {
	case params.HTML:
		s.writeHTML(w, r, "item", f.Key, pages.ItemHTML(c, f, whenp))
		return
	case params.KML:
		s.writeKML(w, r, st, c, feature.Text(f.Properties["name"]), []*feature.Feature{f}, whenp)
		return
	}
	base := respond.BaseURL(r)
	href := base + "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key)
	body, err := st.core.FeatureDocument(f, whenp, []link{
		{Href: href + "?f=json", Rel: "self", Type: typeGeoJSON, Title: "This feature"},
		{Href: href + "?f=html", Rel: "alternate", Type: "text/html", Title: "This feature as HTML"},
		{Href: base + "/collections/" + c.ID + "?f=json", Rel: "collection", Type: typeJSON, Title: c.Title},
	})
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.Body(w, r, typeGeoJSON, body, s.resp.CacheControl())
}
