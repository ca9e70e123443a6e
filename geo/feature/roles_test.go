package feature

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// role is a role as written in the data: role, polity, start, end.
type role [4]string

// mustPlace returns a place at p with the given kind ("" for none), life and
// roles, its roles both in its properties (as JSON decodes them) and parsed.
func mustPlace(tb testing.TB, id, kind, start, end string, p orb.Point, roles ...role) *Feature {
	tb.Helper()
	props := map[string]any{"id": id, "name": id, "start": start, "end": end}
	if kind != "" {
		props["kind"] = kind
	}
	if len(roles) > 0 {
		list := make([]any, 0, len(roles))
		for _, r := range roles {
			list = append(list, map[string]any{"role": r[0], "polity": r[1], "start": r[2], "end": r[3]})
		}
		props["roles"] = list
	}
	f, err := New(id, p, chrono.MustParseEDTF(start), chrono.MustParseEDTF(end), props)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range roles {
		life, err := chrono.Life(chrono.MustParseEDTF(r[2]), chrono.MustParseEDTF(r[3]))
		if err != nil {
			tb.Fatal(err)
		}
		f.Roles = append(f.Roles, Role{Role: r[0], Polity: r[1], Life: life})
	}
	return f
}

// mustPlaces returns places written as the Jin–Song atlas writes them, with
// the roles it gave them when this test was written.
func mustPlaces(tb testing.TB) []*Feature {
	tb.Helper()
	return []*Feature{
		// Capitals with roles, written with the kind capital.
		mustPlace(tb, "huining", "capital", "..", "..", orb.Point{126.96, 45.5},
			role{"capital", "jin", "1115", "1153-04"}),
		mustPlace(tb, "avarga", "capital", "..", "..", orb.Point{109.9, 47.1},
			role{"capital", "mongols", "1206", "1235"}),
		mustPlace(tb, "kaifeng", "capital", "..", "..", orb.Point{114.31, 34.8},
			role{"capital", "song", "0960", "1127-01-16"},
			role{"capital", "da-chu", "1127-04", "1127-05"},
			role{"capital", "qi", "1132-04", "1137-12"},
			role{"capital", "jin", "1214-07", "1233-02"}),
		mustPlace(tb, "gaochang", "capital", "..", "..", orb.Point{89.53, 42.85},
			role{"capital", "qocho", "..", ".."}),
		// A city with a capital role: its base kind is written.
		mustPlace(tb, "hangzhou", "city", "..", "..", orb.Point{120.16, 30.27},
			role{"capital", "song", "1138", "1276"}),
		// A place with a life as well as a role.
		mustPlace(tb, "yanshan-eastern-xia", "city", "1217", "1233-09", orb.Point{129.5, 42.9},
			role{"capital", "eastern-xia", "1217", "1233-09"}),
		// A capital with no role to date it stays a capital.
		mustPlace(tb, "heian-kyo", "capital", "..", "..", orb.Point{135.76, 35.01}),
		// A role that is not a capital changes nothing.
		mustPlace(tb, "zhending", "city", "..", "..", orb.Point{114.57, 38.15},
			role{"prefecture-seat", "song", "..", "1127"}),
		// A pass and a place without a kind.
		mustPlace(tb, "dasan-pass", "pass", "..", "..", orb.Point{106.9, 34.3}),
		mustPlace(tb, "unnamed-seat", "", "..", "..", orb.Point{110, 30},
			role{"capital", "song", "1130", "1132"}),
	}
}

// probeDays are the days the golden table asks every place about.
var probeDays = []string{
	"1114-07-01", "1127-01-15", "1127-01-16", "1127-04-15", "1131-07-01",
	"1141-07-01", "1153-03-31", "1153-04-01", "1205-12-31", "1206-01-01",
	"1220-07-01", "1233-09-01",
}

func TestKindAt(t *testing.T) {
	places := map[string]*Feature{}
	for _, f := range mustPlaces(t) {
		places[f.ID] = f
	}
	tests := []struct {
		id, day, want string
	}{
		{"huining", "1141-07-01", "capital"},
		{"huining", "1153-03-31", "capital"},
		{"huining", "1153-04-01", "city"}, // the court moved to Yanjing
		{"huining", "1114-07-01", "city"},
		{"avarga", "1205-12-31", "city"},
		{"avarga", "1206-01-01", "capital"},
		{"hangzhou", "1131-07-01", "city"},
		{"hangzhou", "1141-07-01", "capital"},
		{"kaifeng", "1127-01-15", "capital"},
		{"kaifeng", "1127-01-16", "city"}, // the Song capital fell
		{"kaifeng", "1127-04-15", "capital"},
		{"kaifeng", "1141-07-01", "city"},
		{"kaifeng", "1220-07-01", "capital"},
		{"gaochang", "1141-07-01", "capital"},
		{"heian-kyo", "1141-07-01", "capital"},
		{"zhending", "1114-07-01", "city"},
		{"dasan-pass", "1141-07-01", "pass"},
		{"unnamed-seat", "1131-07-01", "capital"},
		{"unnamed-seat", "1141-07-01", ""},
	}
	for _, tc := range tests {
		t.Run(tc.id+"@"+tc.day, func(t *testing.T) {
			d := chrono.MustParseEDTF(tc.day).Earliest
			if got := places[tc.id].KindAt(d); got != tc.want {
				t.Errorf("KindAt(%s) = %q, want %q", tc.day, got, tc.want)
			}
		})
	}
}

// TestKindGolden writes every place's kind on every probe day, and its
// properties on two days, and compares them with testdata/kinds.golden.
func TestKindGolden(t *testing.T) {
	var b bytes.Buffer
	for _, f := range mustPlaces(t) {
		fmt.Fprintf(&b, "%s (kind %q, base %q):", f.ID, f.StringProp("kind"), f.BaseKind())
		for _, s := range probeDays {
			fmt.Fprintf(&b, " %s=%s", s, f.KindAt(chrono.MustParseEDTF(s).Earliest))
		}
		b.WriteByte('\n')
	}
	for _, s := range []string{"1141-07-01", "1220-07-01"} {
		d := chrono.MustParseEDTF(s).Earliest
		for _, f := range mustPlaces(t) {
			js, err := json.Marshal(f.PropertiesAt(d))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s\n", s, js)
		}
	}
	const golden = "testdata/kinds.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("kinds differ from %s (go test -update to rewrite; -want +got):\n%s", golden, diff)
	}
}

// TestPropertiesAtKeepsTheData checks that PropertiesAt returns the
// feature's own map when nothing changes on the day, and otherwise a copy,
// leaving the feature as it was.
func TestPropertiesAtKeepsTheData(t *testing.T) {
	huining := mustPlaces(t)[0]
	before := fmt.Sprint(huining.Properties)
	tests := []struct {
		day  string
		kind string
		same bool
	}{
		{"1141-07-01", "capital", true}, // written capital, a capital then
		{"1200-07-01", "city", false},
	}
	for _, tc := range tests {
		t.Run(tc.day, func(t *testing.T) {
			p := huining.PropertiesAt(chrono.MustParseEDTF(tc.day).Earliest)
			if got := p["kind"]; got != tc.kind {
				t.Errorf("kind %v, want %s", got, tc.kind)
			}
			if got := fmt.Sprintf("%p", p) == fmt.Sprintf("%p", huining.Properties); got != tc.same {
				t.Errorf("the feature's own map returned: %v, want %v", got, tc.same)
			}
			if got := fmt.Sprint(p["roles"]); got != fmt.Sprint(huining.Properties["roles"]) {
				t.Errorf("roles %s, want them whole", got)
			}
		})
	}
	if after := fmt.Sprint(huining.Properties); after != before {
		t.Errorf("PropertiesAt changed the feature: %s, was %s", after, before)
	}
}

func TestFeatureChanges(t *testing.T) {
	tests := []struct {
		f    *Feature
		want []string
	}{
		{mustPlace(t, "dasan-pass", "pass", "..", "..", orb.Point{106.9, 34.3}), nil},
		{mustPlace(t, "huining", "capital", "..", "..", orb.Point{126.96, 45.5},
			role{"capital", "jin", "1115", "1153-04"}), []string{"1115-01-01", "1153-04-01"}},
		{mustPlace(t, "yanshan-eastern-xia", "city", "1217", "1233-09", orb.Point{129.5, 42.9},
			role{"capital", "eastern-xia", "1217", "1233-09"}), []string{"1217-01-01", "1233-09-01"}},
		{mustPlace(t, "gaochang", "capital", "..", "..", orb.Point{89.53, 42.85},
			role{"capital", "qocho", "..", ".."}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.f.ID, func(t *testing.T) {
			tc.f.Names = []Name{{Name: "Old", Life: chrono.Interval{Start: chrono.MinDay, End: chrono.DayOf(1100, 1, 1)}}}
			want := append([]string{"1100-01-01"}, tc.want...)
			var got []string
			for _, d := range tc.f.Changes() {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Changes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQueryKeepsToLife checks that a place with a life is found only at
// the dates it existed, whatever its roles say.
func TestQueryKeepsToLife(t *testing.T) {
	c := NewCollection("places", "Places", "", mustPlaces(t))
	tests := []struct {
		datetime string
		want     bool
	}{
		{"1141", false},
		{"1216-12-31", false},
		{"1217", true},
		{"1220-07-01", true},
		{"1233-08-31", true},
		{"1233-09-01", false},
		{"1200/1216", false}, // a bare year ends with its last day
		{"1200/1217-01-01", true},
	}
	for _, tc := range tests {
		t.Run(tc.datetime, func(t *testing.T) {
			iv, err := chrono.ParseDatetime(tc.datetime)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range c.Query(iv, orb.Bound{}) {
				got = got || f.ID == "yanshan-eastern-xia"
			}
			if got != tc.want {
				t.Errorf("yanshan-eastern-xia at %s: found %v, want %v", tc.datetime, got, tc.want)
			}
		})
	}
}
