package server

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/downloads"
	"github.com/chronoatlas/chronoatlas/internal/atlas/pages"
	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/tiles"
)

// The interfaces below are what the handlers here consume; the core
// (internal/atlas and the packages under it, as atlasCore) meets them. The packages of the other protocols
// declare their own: tiles.Core and tiles.Cache, pictures.Core.

// featureSource answers the OGC API Features routes.
type featureSource interface {
	Collection(id string) (*feature.Collection, error)
	Queryables(c *feature.Collection) map[string]bool
	CollectionDoc(base string, c *feature.Collection, when *chrono.Interval) atlas.CollectionDoc
	Select(c *feature.Collection, q dataset.Query) dataset.Page
	Items(ctx context.Context, c *feature.Collection, q dataset.Query, maxBytes int) (atlas.Page, error)
	Version(c *feature.Collection, key string, when *chrono.Interval, datetime string) (*feature.Feature, error)
	FeatureDocument(f *feature.Feature, when *chrono.Interval, links []atlas.Link) ([]byte, error)
	WriteFeature(buf *bytes.Buffer, f *feature.Feature, when *chrono.Interval) error
	KML(ctx context.Context, w io.Writer, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) error
	CSV(w io.Writer, fs []*feature.Feature, when *chrono.Interval, only []string) error
	GeoPackage(ctx context.Context, path string, c *feature.Collection, fs []*feature.Feature, when *chrono.Interval, only []string) error
}

// describer answers the routes that describe the dataset as a whole.
type describer interface {
	Dataset() *dataset.Dataset
	Loaded() time.Time
	DatasetDoc() atlas.DatasetDoc
	TileJSON(tileURL string) map[string]any
	Timeline() atlas.Timeline
	OEmbed(base, host, pageURL string, maxWidth, maxHeight int) (pages.OEmbed, error)
	QueryablesDoc(base string, c *feature.Collection) atlas.QueryablesDoc
}

// core is everything the handlers here ask of a dataset.
type core interface {
	featureSource
	describer
}

// atlasCore is an atlas with the tile documents, pages and downloads
// made of it: everything core and tiles.Core ask for.
type atlasCore struct {
	*atlas.Atlas
	tiledocs.Docs
	pages.Pages
	downloads.Writer
}

func newCore(a *atlas.Atlas) atlasCore {
	return atlasCore{Atlas: a, Docs: tiledocs.New(a), Pages: pages.New(a), Writer: downloads.New(a)}
}

var (
	_ core       = atlasCore{}
	_ tiles.Core = atlasCore{}
)
