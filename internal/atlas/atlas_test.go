package atlas

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

func mustAtlas(tb testing.TB) *Atlas {
	tb.Helper()
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		tb.Fatal(err)
	}
	return New(ds, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

func mustInterval(tb testing.TB, datetime string) *chrono.Interval {
	tb.Helper()
	iv, err := chrono.ParseDatetime(datetime)
	if err != nil {
		tb.Fatal(err)
	}
	return &iv
}

func TestVersion(t *testing.T) {
	a := mustAtlas(t)
	rivers, _ := a.Collection("rivers")
	for _, tc := range []struct {
		key, datetime string
		want          string // the version's key, or the error's kind
	}{
		{"yellow-river", "", "yellow-river@1128-12"},
		{"yellow-river", "1120", "yellow-river@.."},
		{"yellow-river", "1141", "yellow-river@1128-12"},
		{"yellow-river@1128-12", "", "yellow-river@1128-12"},
		{"yellow-river@1128-12", "1120", string(fault.NotFound)},
		{"huai", "", string(fault.NotFound)},
	} {
		t.Run(tc.key+" "+tc.datetime, func(t *testing.T) {
			var when *chrono.Interval
			if tc.datetime != "" {
				when = mustInterval(t, tc.datetime)
			}
			f, err := a.Version(rivers, tc.key, when, tc.datetime)
			got := string(fault.KindOf(err))
			if err == nil {
				got = f.Key
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestItemsPaging(t *testing.T) {
	a := mustAtlas(t)
	terr, _ := a.Collection("territories")
	for _, tc := range []struct {
		name              string
		q                 dataset.Query
		maxBytes          int
		matched, returned int
		next, prev        int
		hasNext, hasPrev  bool
	}{
		{"all", dataset.Query{Limit: 10}, 0, 3, 3, 0, 0, false, false},
		{"first page", dataset.Query{Limit: 2}, 0, 3, 2, 2, 0, true, false},
		{"second page", dataset.Query{Limit: 2, Offset: 2}, 0, 3, 1, 0, 0, false, true},
		{"past the end", dataset.Query{Limit: 2, Offset: 9}, 0, 3, 0, 0, 7, false, true},
		{"cut short by bytes", dataset.Query{Limit: 10}, 10, 3, 1, 1, 0, true, false},
		{"at a time", dataset.Query{Limit: 10, When: mustInterval(t, "1141")}, 0, 2, 2, 0, 0, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := a.Items(context.Background(), terr, tc.q, tc.maxBytes)
			if err != nil {
				t.Fatal(err)
			}
			if p.Matched != tc.matched || p.Returned != tc.returned || p.HasNext != tc.hasNext || p.Next != tc.next || p.HasPrev != tc.hasPrev || p.Prev != tc.prev {
				t.Errorf("got %+v", p)
			}
			var doc struct {
				Matched  int               `json:"numberMatched"`
				Returned int               `json:"numberReturned"`
				Features []json.RawMessage `json:"features"`
			}
			if err := json.Unmarshal(p.Document(nil), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Matched != tc.matched || doc.Returned != tc.returned || len(doc.Features) != tc.returned {
				t.Errorf("document: %d matched, %d returned, %d features", doc.Matched, doc.Returned, len(doc.Features))
			}
		})
	}
}

func TestDatasetDoc(t *testing.T) {
	a := mustAtlas(t)
	b, err := json.Marshal(a.DatasetDoc())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title  string `json:"title"`
		Layers []map[string]string
		Tiles  map[string]int
		Embed  []string `json:"embed_params"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range doc.Layers {
		ids = append(ids, l["id"])
		if len(l) != 3 || l["title"] == "" || l["title_zh"] == "" {
			t.Errorf("layer %v: want id, title and title_zh", l)
		}
	}
	// The mini dataset has no land, campaigns or frontiers.
	if got, want := strings.Join(ids, ","), "territories,rivers,places,events"; got != want {
		t.Errorf("layers %s, want %s", got, want)
	}
	if doc.Title == "" || doc.Tiles["minzoom"] != 0 || doc.Tiles["maxzoom"] != MaxZoom || len(doc.Embed) != 7 {
		t.Errorf("got %s", b)
	}
}
