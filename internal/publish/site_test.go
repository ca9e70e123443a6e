package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/chronoatlas/chronoatlas/web"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/protomaps/go-pmtiles/pmtiles"
)

func mustLoad(tb testing.TB, fsys fs.FS) *dataset.Dataset {
	tb.Helper()
	ds, err := dataset.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func mustSite(tb testing.TB, ds *dataset.Dataset, opt Options) (string, Report) {
	tb.Helper()
	dir := tb.TempDir()
	if opt.Web == nil {
		opt.Web = web.FS()
	}
	rep, err := Site(context.Background(), ds, dir, opt)
	if err != nil {
		tb.Fatalf("Site: %v", err)
	}
	return dir, rep
}

// readTree returns every file under dir by its slash path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestSiteRepeatable: two publications of one dataset, each loaded anew,
// are the same files with the same bytes.
func TestSiteRepeatable(t *testing.T) {
	opt := Options{MinZoom: 0, MaxZoom: 6}
	a, ra := mustSite(t, mustLoad(t, os.DirFS("../dataset/testdata/mini")), opt)
	b, _ := mustSite(t, mustLoad(t, os.DirFS("../dataset/testdata/mini")), opt)
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) || len(fa) != ra.Files {
		t.Fatalf("files: %d and %d, report %d", len(fa), len(fb), ra.Files)
	}
	for name, body := range fa {
		if !bytes.Equal(body, fb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	for _, name := range []string{"index.html", "embed.html", "dataset.json", "timeline.json", "tiles.json", "holders.json",
		"collections/territories.geojson", "collections/places.geojson", Archive, "web/app.css",
		"web/vendor/leaflet/leaflet.js", "web/vendor/protomaps-leaflet/protomaps-leaflet.js"} {
		if len(fa[name]) == 0 {
			t.Errorf("%s is missing or empty", name)
		}
	}
	for name, body := range fa {
		if strings.HasSuffix(name, ".html") && (bytes.Contains(body, []byte(`"/web/`)) || !bytes.Contains(body, []byte(`<meta name="chronoatlas-static"`))) {
			t.Errorf("%s: want relative asset paths and the static marker", name)
		}
		if strings.HasSuffix(name, ".go") {
			t.Errorf("%s: Go source published", name)
		}
	}
	var tj struct {
		Tiles   []string
		MaxZoom int
	}
	if err := json.Unmarshal(fa["tiles.json"], &tj); err != nil || len(tj.Tiles) != 1 || tj.Tiles[0] != "pmtiles://atlas.pmtiles/{z}/{x}/{y}" || tj.MaxZoom != 6 {
		t.Errorf("tiles.json: %+v %v", tj, err)
	}
}

// TestBaseURL: with a base URL, tiles.json names the archive absolutely.
func TestBaseURL(t *testing.T) {
	dir, _ := mustSite(t, mustLoad(t, os.DirFS("../dataset/testdata/mini")), Options{MaxZoom: 2, BaseURL: "https://example.org/atlas"})
	raw, err := os.ReadFile(filepath.Join(dir, "tiles.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `"pmtiles://https://example.org/atlas/atlas.pmtiles/{z}/{x}/{y}"`; !bytes.Contains(raw, []byte(want)) {
		t.Errorf("tiles.json: want %s in %s", want, raw)
	}
}

// TestSiteZooms: impossible zoom ranges are refused.
func TestSiteZooms(t *testing.T) {
	ds := mustLoad(t, os.DirFS("../dataset/testdata/mini"))
	for _, opt := range []Options{{MinZoom: 3, MaxZoom: 2}, {MinZoom: -1, MaxZoom: 2}, {MaxZoom: 15}} {
		opt.Web = web.FS()
		if _, err := Site(context.Background(), ds, t.TempDir(), opt); err == nil {
			t.Errorf("zooms %d to %d: want an error", opt.MinZoom, opt.MaxZoom)
		}
	}
}

// TestArchiveReadsBack publishes the atlas to z5 and reads the archive
// back with go-pmtiles: the header says what was written, every entry's
// tile decodes as MVT with the dataset's layers, each feature carries its
// life, no polygon crosses itself, and the tile over Kaifeng is the
// server's tile with every version, byte for byte.
func TestArchiveReadsBack(t *testing.T) {
	ds := mustLoad(t, data.JinSong())
	dir, rep := mustSite(t, ds, Options{MinZoom: 0, MaxZoom: 5})
	raw, err := os.ReadFile(filepath.Join(dir, Archive))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != rep.Archive.Bytes {
		t.Errorf("archive: %d bytes, report says %d", len(raw), rep.Archive.Bytes)
	}
	h, err := pmtiles.DeserializeHeader(raw[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	if h.SpecVersion != 3 || h.TileType != pmtiles.Mvt || h.TileCompression != pmtiles.Gzip || h.MinZoom != 0 || h.MaxZoom != 5 || !h.Clustered {
		t.Errorf("header: %+v", h)
	}
	if int(h.AddressedTilesCount) != rep.Archive.Addressed || h.AddressedTilesCount < 50 {
		t.Errorf("addressed tiles: header %d, report %d", h.AddressedTilesCount, rep.Archive.Addressed)
	}
	fetch := func(off, n uint64) ([]byte, error) { return raw[off : off+n], nil }
	layersWanted := map[string]bool{}
	for _, c := range ds.Collections() {
		layersWanted[c.ID] = true
	}
	tiles, features := 0, 0
	err = pmtiles.IterateEntries(h, fetch, func(e pmtiles.EntryV3) {
		body := raw[h.TileDataOffset+e.Offset : h.TileDataOffset+e.Offset+uint64(e.Length)]
		for i := uint32(0); i < e.RunLength; i++ {
			z, x, y := pmtiles.IDToZxy(e.TileID + uint64(i))
			tiles++
			layers, err := mvt.UnmarshalGzipped(body)
			if err != nil {
				t.Errorf("%d/%d/%d: not MVT: %v", z, x, y, err)
				return
			}
			for _, l := range layers {
				if !layersWanted[l.Name] || l.Extent != 4096 {
					t.Errorf("%d/%d/%d: layer %q extent %d", z, x, y, l.Name, l.Extent)
				}
				for _, f := range l.Features {
					features++
					if f.Properties["start"] == nil || f.Properties["end"] == nil {
						t.Errorf("%d/%d/%d %s %v: no start and end", z, x, y, l.Name, f.Properties["id"])
					}
					var mp orb.MultiPolygon
					switch g := f.Geometry.(type) {
					case orb.Polygon:
						mp = orb.MultiPolygon{g}
					case orb.MultiPolygon:
						mp = g
					}
					if err := valid.Crossings(mp); mp != nil && err != nil {
						t.Errorf("%d/%d/%d %s %v: %v", z, x, y, l.Name, f.Properties["id"], err)
					}
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if tiles != rep.Archive.Addressed || features < 1000 {
		t.Errorf("read %d tiles with %d features; %d were written", tiles, features, rep.Archive.Addressed)
	}

	// The tile over Kaifeng, found through the directory as a client would.
	kaifeng := maptile.At(orb.Point{114.31, 34.80}, 5)
	root := pmtiles.DeserializeEntries(bytes.NewBuffer(raw[h.RootOffset:h.RootOffset+h.RootLength]), h.InternalCompression)
	e, ok := pmtiles.FindTile(root, pmtiles.ZxyToID(5, kaifeng.X, kaifeng.Y))
	if !ok || e.RunLength == 0 {
		t.Fatalf("no tile over Kaifeng in the root directory")
	}
	want, err := tilecache.New(ds, tilecache.DefaultConfig()).Tile(context.Background(), kaifeng, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := raw[h.TileDataOffset+e.Offset : h.TileDataOffset+e.Offset+uint64(e.Length)]; !bytes.Equal(got, want.Gzip().Body) {
		t.Errorf("the tile over Kaifeng: %d bytes, the server's %d", len(got), len(want.Gzip().Body))
	}
}

// TestHolders: the published table of runs gives, for every place and
// year, the holder the server gives for that place at that year, and null
// where the server has none or the place did not exist.
func TestHolders(t *testing.T) {
	ds := mustLoad(t, data.JinSong())
	a := atlas.New(ds, time.Time{})
	table := holders(a)
	lookup := func(id string, year int) any {
		var h any
		for _, run := range table[id] {
			if run[0].(int) > year {
				break
			}
			h = run[1]
		}
		return h
	}
	checked := 0
	for _, f := range ds.Collection("places").Features {
		for y := 1115; y <= 1234; y++ {
			var want any
			if f.Life.Contains(chrono.SliderDay(y)) {
				when := chrono.YearInterval(y)
				if h, ok := a.PropertiesAt(f, &when)["holder"].(string); ok && h != "" {
					want = h
				}
			}
			if got := lookup(f.Key, y); got != want {
				t.Errorf("%s in %d: got %v, want %v", f.Key, y, got, want)
			}
			checked++
		}
	}
	if lookup("kaifeng", 1120) != "song" || lookup("kaifeng", 1141) != "jin" {
		t.Errorf("Kaifeng: %v in 1120, %v in 1141; want song and jin", lookup("kaifeng", 1120), lookup("kaifeng", 1141))
	}
	t.Logf("%d place-years checked", checked)
}
