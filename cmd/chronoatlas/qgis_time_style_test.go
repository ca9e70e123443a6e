package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// qgisTimeStyleReport is what testdata/qgis_time_style.py writes.
type qgisTimeStyleReport struct {
	QGIS     string `json:"qgis"`
	Temporal struct {
		Valid   bool              `json:"valid"`
		Active  bool              `json:"active"`
		Visible bool              `json:"visible"`
		Fields  map[string]string `json:"fields"`
		Filter  string            `json:"filter"`
		IDs     []string          `json:"ids"`
	} `json:"temporal"`
	Styles map[string]struct {
		Error    string   `json:"error"`
		Warnings []string `json:"warnings"`
		Styles   []string `json:"styles"`
		Pixels   []string `json:"pixels"`
	} `json:"styles"`
}

// knownStyleWarnings are what QGIS 3.22's style import says it leaves out
// and why that is acceptable: the rivers' width steps up at zoom 5
// ("step"), which it does not read, so it draws them at its default width.
var knownStyleWarnings = []string{"rivers: Skipping unsupported expression"}

// TestQGISTimeAndStyle drives the two things a QGIS user does after adding
// the layers: animating the territories with the temporal controller, from
// the start_date and end_date fields, and importing /styles/default for the
// vector tiles. A frame of 1 July 1141 must show exactly the territories
// the server gives for that day; the imported style must convert without
// errors and draw Kaifeng's surroundings Song in 1120 and Jin in 1141.
func TestQGISTimeAndStyle(t *testing.T) {
	mustQGIS(t)
	base := mustStart(t, testConfig())
	const day = "1141-07-01"
	years := map[string]string{"1120": "song", "1141": "jin"}

	var rep qgisTimeStyleReport
	mustRunQGIS(t, "qgis_time_style.py", map[string]any{
		"base": base, "collection": "territories", "frame": []string{day, "1141-07-02"},
		"datetimes": []string{"1120", "1141"}, "point": map[string]float64{"lon": 114.31, "lat": 34.8},
		"images": os.Getenv("QGIS_IMAGES"),
	}, &rep)
	t.Logf("QGIS %s", rep.QGIS)

	t.Run("temporal controller", func(t *testing.T) {
		tp := rep.Temporal
		if !tp.Valid || !tp.Active || !tp.Visible {
			t.Fatalf("the OAPIF layer: valid %v, temporal properties set %v, visible in the frame %v", tp.Valid, tp.Active, tp.Visible)
		}
		for _, f := range []string{"start_date", "end_date"} {
			if tp.Fields[f] != "Date" {
				t.Errorf("QGIS types %s as %q, want Date (fields %v)", f, tp.Fields[f], tp.Fields)
			}
		}
		var page struct {
			Features []struct {
				ID string `json:"id"`
			} `json:"features"`
		}
		if err := json.Unmarshal(body(t, base+"/collections/territories/items?limit=10000&datetime="+day), &page); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range page.Features {
			want = append(want, f.ID)
		}
		slices.Sort(want)
		if len(want) == 0 || !slices.Equal(tp.IDs, want) {
			t.Errorf("the frame of %s shows %v, the server has %v (filter %s)", day, tp.IDs, want, tp.Filter)
		}
	})

	t.Run("style import", func(t *testing.T) {
		var style struct {
			Layers []struct {
				ID    string         `json:"id"`
				Paint map[string]any `json:"paint"`
			} `json:"layers"`
		}
		if err := json.Unmarshal(body(t, base+"/styles/default"), &style); err != nil {
			t.Fatal(err)
		}
		var land string
		var polity map[string]string // polity → colour, from the match
		for _, l := range style.Layers {
			switch l.ID {
			case "land":
				land, _ = l.Paint["fill-color"].(string)
			case "territories":
				polity = matchColours(l.Paint["fill-color"])
			}
		}
		for datetime, want := range years {
			got, ok := rep.Styles[datetime]
			if !ok || got.Error != "" {
				t.Errorf("%s: QGIS cannot import the style: %q", datetime, got.Error)
				continue
			}
			for _, w := range got.Warnings {
				if !slices.Contains(knownStyleWarnings, w) {
					t.Errorf("%s: QGIS's style import warns %q", datetime, w)
				}
			}
			if len(got.Styles) != len(style.Layers) {
				t.Errorf("%s: QGIS made %d styles %v of %d layers", datetime, len(got.Styles), got.Styles, len(style.Layers))
			}
			counts := map[string]int{}
			for _, px := range got.Pixels {
				counts[nearestColour(px, land, polity["song"], polity["jin"])]++
			}
			if counts[want] < 12 {
				t.Errorf("%s: around Kaifeng QGIS draws %v (pixels %v), want mostly %s", datetime, counts, got.Pixels, want)
			}
		}
	})
}

// matchColours reads a ["match", ["get", p], [label], colour, ..., fallback]
// expression.
func matchColours(v any) map[string]string {
	e, _ := v.([]any)
	out := map[string]string{}
	for i := 2; i+1 < len(e); i += 2 {
		colour, _ := e[i+1].(string)
		switch l := e[i].(type) {
		case string:
			out[l] = colour
		case []any:
			for _, x := range l {
				out[fmt.Sprint(x)] = colour
			}
		}
	}
	return out
}

// nearestColour names what px (#rrggbb) is nearest to: "land", or "song"
// or "jin" blended over land at the style's opacities; "other" when none is
// within 30 levels a channel (a grey fallback, a marker, a line).
func nearestColour(px, land, song, jin string) string {
	rgb := func(h string) [3]float64 {
		var r, g, b int
		fmt.Sscanf(strings.TrimPrefix(h, "#"), "%02x%02x%02x", &r, &g, &b)
		return [3]float64{float64(r), float64(g), float64(b)}
	}
	p, l := rgb(px), rgb(land)
	dist := func(c [3]float64) float64 {
		d := 0.0
		for i := range c {
			d += (c[i] - p[i]) * (c[i] - p[i])
		}
		return d
	}
	best, bestD := "land", dist(l)
	for name, c := range map[string]string{"song": song, "jin": jin} {
		for _, a := range []float64{0.45, 0.7} {
			var m [3]float64
			for i, v := range rgb(c) {
				m[i] = a*v + (1-a)*l[i]
			}
			if d := dist(m); d < bestD {
				best, bestD = name, d
			}
		}
	}
	if bestD > 3*30*30 {
		return "other"
	}
	return best
}
