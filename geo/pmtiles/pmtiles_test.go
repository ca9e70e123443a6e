package pmtiles

import (
	"bytes"
	"math/rand/v2"
	"testing"

	gopm "github.com/protomaps/go-pmtiles/pmtiles"
)

// The tests hold each part to what go-pmtiles writes and reads.

func TestID(t *testing.T) {
	for z := range uint8(9) {
		n := uint32(1) << z
		for x := range n {
			for y := range n {
				if got, want := ID(z, x, y), gopm.ZxyToID(z, x, y); got != want {
					t.Fatalf("ID(%d, %d, %d) = %d, go-pmtiles %d", z, x, y, got, want)
				}
			}
		}
	}
	if got, want := ID(14, 13000, 6700), gopm.ZxyToID(14, 13000, 6700); got != want {
		t.Fatalf("z14: %d, go-pmtiles %d", got, want)
	}
}

func TestHeader(t *testing.T) {
	h := Header{RootOffset: 127, RootLength: 300, MetadataOffset: 427, MetadataLength: 90, LeafDirectoryOffset: 517,
		LeafDirectoryLength: 7, TileDataOffset: 524, TileDataLength: 1 << 33, AddressedTilesCount: 5, TileEntriesCount: 4,
		TileContentsCount: 3, Clustered: true, InternalCompression: Gzip, TileCompression: Gzip, TileType: Mvt,
		MinZoom: 1, MaxZoom: 8, MinLonE7: -1_800_000_000, MinLatE7: -850_000_000, MaxLonE7: 1_800_000_000,
		MaxLatE7: 850_000_000, CenterZoom: 5, CenterLonE7: 1_143_000_000, CenterLatE7: -348_000_000}
	got := h.Bytes()
	want := gopm.SerializeHeader(gopm.HeaderV3{SpecVersion: 3, RootOffset: 127, RootLength: 300, MetadataOffset: 427,
		MetadataLength: 90, LeafDirectoryOffset: 517, LeafDirectoryLength: 7, TileDataOffset: 524, TileDataLength: 1 << 33,
		AddressedTilesCount: 5, TileEntriesCount: 4, TileContentsCount: 3, Clustered: true,
		InternalCompression: gopm.Gzip, TileCompression: gopm.Gzip, TileType: gopm.Mvt, MinZoom: 1, MaxZoom: 8,
		MinLonE7: -1_800_000_000, MinLatE7: -850_000_000, MaxLonE7: 1_800_000_000, MaxLatE7: 850_000_000,
		CenterZoom: 5, CenterLonE7: 1_143_000_000, CenterLatE7: -348_000_000})
	if len(got) != HeaderLen || !bytes.Equal(got, want) {
		t.Fatalf("header\n got %x\nwant %x", got, want)
	}
}

// entries makes n entries as an archive has them: ids rising with gaps,
// runs, bodies shared and bodies that follow on.
func entries(n int) ([]Entry, []gopm.EntryV3) {
	r := rand.New(rand.NewPCG(1, 2))
	var ours []Entry
	var theirs []gopm.EntryV3
	id, off := uint64(0), uint64(0)
	for range n {
		id += 1 + uint64(r.IntN(3))
		e := Entry{TileID: id, Length: uint32(1 + r.IntN(5000)), RunLength: uint32(1 + r.IntN(2))}
		if r.IntN(4) == 0 && len(ours) > 0 {
			e.Offset = ours[r.IntN(len(ours))].Offset
		} else {
			e.Offset = off
			off += uint64(e.Length)
		}
		id += uint64(e.RunLength) - 1
		ours = append(ours, e)
		theirs = append(theirs, gopm.EntryV3{TileID: e.TileID, Offset: e.Offset, Length: e.Length, RunLength: e.RunLength})
	}
	return ours, theirs
}

func TestDirectories(t *testing.T) {
	for _, n := range []int{0, 1, 50, 30000} {
		ours, theirs := entries(n)
		if got, want := Directory(ours), gopm.SerializeEntries(theirs, gopm.Gzip); !bytes.Equal(got, want) {
			t.Errorf("%d entries: directory differs from go-pmtiles'", n)
		}
		root, leaves := Directories(ours, 16384-HeaderLen)
		wroot, wleaves, _ := gopm.BuildDirectories(theirs, 16384-gopm.HeaderV3LenBytes, gopm.Gzip)
		if !bytes.Equal(root, wroot) || !bytes.Equal(leaves, wleaves) {
			t.Errorf("%d entries: root %d and leaves %d bytes, go-pmtiles %d and %d", n, len(root), len(leaves), len(wroot), len(wleaves))
		}
		if n == 30000 && len(leaves) == 0 {
			t.Errorf("%d entries fit a root of %d bytes: the test does not reach the leaves", n, len(root))
		}
		back := gopm.DeserializeEntries(bytes.NewBuffer(root), gopm.Gzip)
		if n > 0 && len(leaves) == 0 && (len(back) != n || back[n-1] != theirs[n-1]) {
			t.Errorf("%d entries: go-pmtiles reads back %d", n, len(back))
		}
	}
}

func TestMetadata(t *testing.T) {
	m := map[string]any{"name": "Jin–Song", "vector_layers": []any{map[string]any{"id": "places"}}}
	got, err := Metadata(m)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := gopm.SerializeMetadata(m, gopm.Gzip)
	if !bytes.Equal(got, want) {
		t.Fatal("metadata differs from go-pmtiles'")
	}
}
