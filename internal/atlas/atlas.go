package atlas

import (
	"sync"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/render"
)

// Atlas is one loaded dataset and what is derived from it. It never
// changes: a reload makes a new one.
type Atlas struct {
	ds     *dataset.Dataset
	loaded time.Time
	// geoms caches the GeoJSON of each feature's geometry.
	geoms sync.Map // *feature.Feature → []byte
	// polities and eras are the dataset's as pictures draw them, made on
	// first use (Scene).
	pictureOnce sync.Once
	polities    []render.Polity
	eras        []render.Era
	// queryable holds each collection's filterable properties.
	queryable map[string]map[string]bool
}

// New returns the atlas of ds, loaded at the given time.
func New(ds *dataset.Dataset, loaded time.Time) *Atlas {
	a := &Atlas{ds: ds, loaded: loaded, queryable: map[string]map[string]bool{}}
	for _, c := range ds.Collections() {
		m := map[string]bool{}
		for _, q := range dataset.Queryables(c) {
			m[q.Name] = true
		}
		a.queryable[c.ID] = m
	}
	return a
}

// Dataset returns the dataset the atlas is made of.
func (a *Atlas) Dataset() *dataset.Dataset { return a.ds }

// Loaded returns when the dataset was loaded.
func (a *Atlas) Loaded() time.Time { return a.loaded }

// Queryables returns the properties the items of c can be filtered by.
func (a *Atlas) Queryables(c *feature.Collection) map[string]bool {
	return a.queryable[c.ID]
}

// Collection returns the collection with the given id, or a NotFound
// error.
func (a *Atlas) Collection(id string) (*feature.Collection, error) {
	c := a.ds.Collection(id)
	if c == nil {
		return nil, fault.Errorf(fault.NotFound, "no collection %q", id)
	}
	return c, nil
}
