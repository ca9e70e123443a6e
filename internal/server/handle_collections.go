package server

import (
	"net/http"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/gorilla/mux"
)

// datetimeOf returns the datetime of a request whose parameters have been
// checked already, or nil.
func datetimeOf(r *http.Request) *chrono.Interval {
	iv, ok, err := params.Datetime(r.URL.Query())
	if !ok || err != nil {
		return nil
	}
	return &iv
}

// handleCollections lists the collections with their extents.
func (s *Server) handleCollections(w http.ResponseWriter, r *http.Request) {
	f, err := s.simpleParams(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	when := datetimeOf(r)
	base := respond.BaseURL(r)
	st := s.current()
	docs := []atlas.CollectionDoc{}
	for _, c := range st.core.Dataset().Collections() {
		docs = append(docs, st.core.CollectionDoc(base, c, when))
	}
	if f == params.HTML {
		s.writeHTML(w, r, "collections", "Collections", docs)
		return
	}
	s.resp.JSON(w, r, typeJSON, map[string]any{
		"links": []link{
			{Href: base + "/collections?f=json", Rel: "self", Type: typeJSON, Title: "This document"},
			{Href: base + "/collections?f=html", Rel: "alternate", Type: "text/html", Title: "This document as HTML"},
		},
		"collections": docs,
	})
}

// collection returns the collection a request names, or a 404 error.
func (s *Server) collection(st *snapshot, r *http.Request) (*feature.Collection, error) {
	return st.core.Collection(mux.Vars(r)["collectionId"])
}

// handleCollection describes one collection.
func (s *Server) handleCollection(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	f, err := s.simpleParams(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	doc := st.core.CollectionDoc(respond.BaseURL(r), c, datetimeOf(r))
	if f == params.HTML {
		s.writeHTML(w, r, "collection", c.Title, doc)
		return
	}
	s.resp.JSON(w, r, typeJSON, doc)
}
