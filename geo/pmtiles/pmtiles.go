// Package pmtiles writes the parts of a PMTiles v3 archive
// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): the
// 127-byte header, tile directories (root and leaves), metadata and
// Hilbert tile ids. internal/publish lays them out into an archive.
//
// It writes what protomaps' go-pmtiles writes, byte for byte (the tests
// hold it to that and read the results back with go-pmtiles), without
// importing go-pmtiles, whose cloud storage clients would add megabytes
// and a hundred package initialisations to every start of the server.
package pmtiles

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
)

// HeaderLen is the length of a serialized header.
const HeaderLen = 127

// Compression says how the directories, metadata or tiles are compressed.
type Compression uint8

// The compressions of the specification.
const (
	UnknownCompression Compression = 0
	NoCompression      Compression = 1
	Gzip               Compression = 2
)

// TileType is the format of the tiles.
type TileType uint8

// Mvt is Mapbox Vector Tiles, the one type chronoatlas writes.
const Mvt TileType = 1

// Header is an archive's header.
type Header struct {
	RootOffset, RootLength                   uint64
	MetadataOffset, MetadataLength           uint64
	LeafDirectoryOffset, LeafDirectoryLength uint64
	TileDataOffset, TileDataLength           uint64
	AddressedTilesCount                      uint64
	TileEntriesCount                         uint64
	TileContentsCount                        uint64
	Clustered                                bool
	InternalCompression, TileCompression     Compression
	TileType                                 TileType
	MinZoom, MaxZoom                         uint8
	MinLonE7, MinLatE7, MaxLonE7, MaxLatE7   int32
	CenterZoom                               uint8
	CenterLonE7, CenterLatE7                 int32
}

// Bytes serializes h (spec version 3).
func (h Header) Bytes() []byte {
	b := make([]byte, 0, HeaderLen)
	b = append(b, "PMTiles"...)
	b = append(b, 3)
	for _, v := range []uint64{h.RootOffset, h.RootLength, h.MetadataOffset, h.MetadataLength,
		h.LeafDirectoryOffset, h.LeafDirectoryLength, h.TileDataOffset, h.TileDataLength,
		h.AddressedTilesCount, h.TileEntriesCount, h.TileContentsCount} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	clustered := byte(0)
	if h.Clustered {
		clustered = 1
	}
	b = append(b, clustered, byte(h.InternalCompression), byte(h.TileCompression), byte(h.TileType), h.MinZoom, h.MaxZoom)
	for _, v := range []int32{h.MinLonE7, h.MinLatE7, h.MaxLonE7, h.MaxLatE7} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	b = append(b, h.CenterZoom)
	b = binary.LittleEndian.AppendUint32(b, uint32(h.CenterLonE7))
	return binary.LittleEndian.AppendUint32(b, uint32(h.CenterLatE7))
}

// Entry is a directory entry: RunLength tiles from TileID on, all with
// the body at Offset (in the tile data) of Length bytes; a RunLength of
// 0 points at a leaf directory instead.
type Entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// ID returns the Hilbert tile id of tile z/x/y: the tiles of lower zooms
// first, then along a Hilbert curve.
func ID(z uint8, x, y uint32) uint64 {
	id := (uint64(1)<<(2*z) - 1) / 3
	for s := uint32(1) << z >> 1; s > 0; s >>= 1 {
		rx, ry := x&s != 0, y&s != 0
		d := uint64(0)
		switch {
		case rx && ry:
			d = 2
		case rx:
			d = 3
		case ry:
			d = 1
		}
		id += d * uint64(s) * uint64(s)
		if !ry { // rotate the quadrant
			if rx {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
	}
	return id
}

// Directory serializes entries, gzip-compressed: their count, then the
// deltas of their tile ids, their run lengths, their lengths and their
// offsets (0 for one that follows on from the one before, else offset+1),
// each as a varint.
func Directory(entries []Entry) []byte {
	var raw []byte
	raw = binary.AppendUvarint(raw, uint64(len(entries)))
	last := uint64(0)
	for _, e := range entries {
		raw = binary.AppendUvarint(raw, e.TileID-last)
		last = e.TileID
	}
	for _, e := range entries {
		raw = binary.AppendUvarint(raw, uint64(e.RunLength))
	}
	for _, e := range entries {
		raw = binary.AppendUvarint(raw, uint64(e.Length))
	}
	for i, e := range entries {
		if i > 0 && e.Offset == entries[i-1].Offset+uint64(entries[i-1].Length) {
			raw = binary.AppendUvarint(raw, 0)
		} else {
			raw = binary.AppendUvarint(raw, e.Offset+1)
		}
	}
	return gzipped(raw)
}

// Directories serializes entries as a root directory of at most rootLen
// bytes, adding leaf directories when all of them do not fit: leaves of
// at least 4096 entries (or a 3500th of them all), grown by a fifth
// until the root fits.
func Directories(entries []Entry, rootLen int) (root, leaves []byte) {
	if root := Directory(entries); len(root) <= rootLen {
		return root, nil
	}
	size := max(float32(len(entries))/3500, 4096)
	for {
		root, leaves = withLeaves(entries, int(size))
		if len(root) <= rootLen {
			return root, leaves
		}
		size *= 1.2
	}
}

// withLeaves puts entries in leaves of size entries each, and the
// leaves in a root directory.
func withLeaves(entries []Entry, size int) (root, leaves []byte) {
	var rootEntries []Entry
	for i := 0; i < len(entries); i += size {
		leaf := Directory(entries[i:min(i+size, len(entries))])
		rootEntries = append(rootEntries, Entry{TileID: entries[i].TileID, Offset: uint64(len(leaves)), Length: uint32(len(leaf))})
		leaves = append(leaves, leaf...)
	}
	return Directory(rootEntries), leaves
}

// Metadata serializes an archive's JSON metadata, gzip-compressed.
func Metadata(m map[string]any) ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return gzipped(b), nil
}

// gzipped compresses b as go-pmtiles does, at the best compression.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
