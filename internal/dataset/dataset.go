package dataset

import (
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
)

// Collections returns the collections in the order dataset.json lists them.
func (ds *Dataset) Collections() []*feature.Collection { return ds.collections }

// Collection returns the collection with the given id, or nil.
func (ds *Dataset) Collection(id string) *feature.Collection { return ds.byID[id] }

// Polity returns the polity with the given id.
func (ds *Dataset) Polity(id string) (Polity, bool) {
	p, ok := ds.polities[id]
	return p, ok
}

// Life is the dataset's time range from dataset.json.
func (ds *Dataset) Life() chrono.Interval { return ds.life }
