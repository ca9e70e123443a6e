package publish

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/pmtiles"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/sync/errgroup"
)

// Tiler is what an archive is drawn from: tiles with every version of
// every feature, each with its start and end (when nil), gzip-compressed,
// as the server's tile cache makes them.
type Tiler interface {
	Tile(ctx context.Context, t maptile.Tile, when *chrono.Interval) (tilecache.Tile, error)
}

// var _ Tiler = (*tilecache.Cache)(nil) holds the cache to the interface.
var _ Tiler = (*tilecache.Cache)(nil)

// ArchiveSpec says what goes into an archive.
type ArchiveSpec struct {
	// Bound is the area covered: every tile from MinZoom to MaxZoom that
	// touches it is asked for, and the empty ones left out.
	Bound            orb.Bound
	MinZoom, MaxZoom int
	// Center is the view a client opens at: longitude, latitude, zoom.
	Center [3]float64
	// Metadata is the archive's JSON metadata (TileJSON's vector_layers,
	// name, attribution…).
	Metadata map[string]any
}

// ArchiveStats describes a written archive.
type ArchiveStats struct {
	Bytes     int64 // the whole archive
	Addressed int   // tiles with content, counted once per address
	Entries   int   // directory entries, after runs of one tile are joined
	Contents  int   // distinct tile bodies stored
}

// WriteArchive writes a PMTiles v3 archive of the tiles of src over spec
// to w: clustered (tile bodies in tile id order), identical bodies stored
// once, directories and metadata gzip-compressed as go-pmtiles writes
// them. The same tiles give the same bytes.
func WriteArchive(ctx context.Context, w io.Writer, src Tiler, spec ArchiveSpec) (ArchiveStats, error) {
	if spec.MinZoom < 0 || spec.MaxZoom > 14 || spec.MinZoom > spec.MaxZoom {
		return ArchiveStats{}, fmt.Errorf("publish: zooms %d to %d: want 0 ≤ min ≤ max ≤ 14", spec.MinZoom, spec.MaxZoom)
	}
	addrs := cover(spec.Bound, spec.MinZoom, spec.MaxZoom)
	bodies := make([][]byte, len(addrs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, a := range addrs {
		g.Go(func() error {
			tl, err := src.Tile(gctx, a.tile, nil)
			if err != nil {
				return fmt.Errorf("publish: tile %d/%d/%d: %w", a.tile.Z, a.tile.X, a.tile.Y, err)
			}
			bodies[i] = tl.Gzip().Body
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return ArchiveStats{}, err
	}

	// Tile data in tile id order, each distinct body once; consecutive ids
	// with one body make one entry with a run length.
	type span struct {
		offset uint64
		length uint32
	}
	seen := map[[32]byte]span{}
	var data []byte
	var entries []pmtiles.Entry
	stats := ArchiveStats{}
	for i, a := range addrs {
		body := bodies[i]
		if len(body) == 0 {
			continue // an empty tile: a client draws nothing where none is
		}
		stats.Addressed++
		sum := sha256.Sum256(body)
		sp, ok := seen[sum]
		if !ok {
			sp = span{uint64(len(data)), uint32(len(body))}
			seen[sum] = sp
			data = append(data, body...)
		}
		if n := len(entries); n > 0 {
			last := &entries[n-1]
			if last.TileID+uint64(last.RunLength) == a.id && last.Offset == sp.offset {
				last.RunLength++
				continue
			}
		}
		entries = append(entries, pmtiles.Entry{TileID: a.id, Offset: sp.offset, Length: sp.length, RunLength: 1})
	}
	stats.Entries, stats.Contents = len(entries), len(seen)

	root, leaves := pmtiles.Directories(entries, 16384-pmtiles.HeaderLen)
	meta, err := pmtiles.Metadata(spec.Metadata)
	if err != nil {
		return ArchiveStats{}, fmt.Errorf("publish: archive metadata: %w", err)
	}
	h := pmtiles.Header{
		RootOffset:          pmtiles.HeaderLen,
		RootLength:          uint64(len(root)),
		AddressedTilesCount: uint64(stats.Addressed),
		TileEntriesCount:    uint64(len(entries)),
		TileContentsCount:   uint64(len(seen)),
		Clustered:           true,
		InternalCompression: pmtiles.Gzip,
		TileCompression:     pmtiles.Gzip,
		TileType:            pmtiles.Mvt,
		MinZoom:             uint8(spec.MinZoom),
		MaxZoom:             uint8(spec.MaxZoom),
		MinLonE7:            e7(spec.Bound.Min[0]),
		MinLatE7:            e7(spec.Bound.Min[1]),
		MaxLonE7:            e7(spec.Bound.Max[0]),
		MaxLatE7:            e7(spec.Bound.Max[1]),
		CenterLonE7:         e7(spec.Center[0]),
		CenterLatE7:         e7(spec.Center[1]),
		CenterZoom:          uint8(min(max(math.Round(spec.Center[2]), float64(spec.MinZoom)), float64(spec.MaxZoom))),
	}
	h.MetadataOffset = h.RootOffset + h.RootLength
	h.MetadataLength = uint64(len(meta))
	h.LeafDirectoryOffset = h.MetadataOffset + h.MetadataLength
	h.LeafDirectoryLength = uint64(len(leaves))
	h.TileDataOffset = h.LeafDirectoryOffset + h.LeafDirectoryLength
	h.TileDataLength = uint64(len(data))

	for _, part := range [][]byte{h.Bytes(), root, meta, leaves, data} {
		n, err := w.Write(part)
		stats.Bytes += int64(n)
		if err != nil {
			return stats, fmt.Errorf("publish: writing the archive: %w", err)
		}
	}
	return stats, nil
}

func e7(deg float64) int32 { return int32(math.Round(deg * 1e7)) }

// address is a tile and its PMTiles id.
type address struct {
	tile maptile.Tile
	id   uint64
}

// cover returns the tiles from minZoom to maxZoom that touch b, in PMTiles
// id order.
func cover(b orb.Bound, minZoom, maxZoom int) []address {
	var out []address
	for z := minZoom; z <= maxZoom; z++ {
		zoom := maptile.Zoom(z)
		// Tiles count y from the north.
		nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, zoom)
		se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, zoom)
		for x := nw.X; x <= se.X; x++ {
			for y := nw.Y; y <= se.Y; y++ {
				out = append(out, address{maptile.New(x, y, zoom), pmtiles.ID(uint8(z), x, y)})
			}
		}
	}
	slices.SortFunc(out, func(a, b address) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	return out
}
