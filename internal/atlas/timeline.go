package atlas

import (
	"slices"
	"sort"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// Timeline is the time domain of a dataset, for a year slider:
//
//	{
//	  "start": 1115, "end": 1234,            // the first and last year
//	  "changes": {"territories": ["1126-09-01", …], …}, // days on which a collection changes
//	  "years": [1115, 1116, …],              // years in which anything but an event changes
//	  "events": {"1127": [{"id", "collection", "name", "name_zh", "kind", "start", "end"}, …], …}
//	}
//
// Events are the features of the collections in EventCollections(), each
// listed under every year its life touches.
type Timeline struct {
	Start   int                      `json:"start"`
	End     int                      `json:"end"`
	Changes map[string][]string      `json:"changes"`
	Years   []int                    `json:"years"`
	Events  map[string][]EventInYear `json:"events"`
	// Territories lists every territory's polity and life, without its
	// geometry, so a legend can tell which polities a year holds.
	Territories []TerritoryLife `json:"territories"`
}

// TerritoryLife is a territory without its geometry.
type TerritoryLife struct {
	ID        string   `json:"id"`
	Polity    string   `json:"polity"`
	Overlord  string   `json:"overlord,omitempty"`
	Certainty string   `json:"certainty,omitempty"`
	Start     string   `json:"start"`
	End       string   `json:"end"`
	StartYear *float64 `json:"start_year,omitempty"`
	EndYear   *float64 `json:"end_year,omitempty"`
}

// EventInYear is an event or campaign listed under a year it touches.
type EventInYear struct {
	ID         string `json:"id"`
	Collection string `json:"collection"`
	Name       string `json:"name"`
	NameZh     string `json:"name_zh,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Start      string `json:"start"`
	End        string `json:"end"`
}

// Timeline computes the atlas's time domain.
func (a *Atlas) Timeline() Timeline {
	life := a.ds.Life()
	tl := Timeline{
		Start:   life.Start.Year(),
		End:     (life.End - 1).Year(),
		Changes: map[string][]string{},
		Events:  map[string][]EventInYear{},
	}
	years := map[int]bool{}
	for _, c := range a.ds.Collections() {
		days := c.Changes()
		list := make([]string, 0, len(days))
		for _, d := range days {
			list = append(list, d.String())
			if y := d.Year(); !slices.Contains(EventCollections(), c.ID) && y >= tl.Start && y <= tl.End {
				years[y] = true
			}
		}
		for _, f := range c.Features {
			for _, n := range f.Names {
				for _, d := range []chrono.Day{n.Life.Start, n.Life.End} {
					if y := d.Year(); d != chrono.MinDay && d != chrono.MaxDay && y >= tl.Start && y <= tl.End {
						years[y] = true
					}
				}
			}
		}
		tl.Changes[c.ID] = list
	}
	for _, id := range EventCollections() {
		events := a.ds.Collection(id)
		if events == nil {
			continue
		}
		for _, f := range events.Features {
			from, to := f.Life.Start.Year(), (f.Life.End - 1).Year()
			if f.Life.Start == chrono.MinDay || f.Life.End == chrono.MaxDay {
				continue
			}
			for y := max(from, tl.Start); y <= min(to, tl.End); y++ {
				k := strconv.Itoa(y)
				tl.Events[k] = append(tl.Events[k], EventInYear{
					ID: f.Key, Collection: id, Name: f.StringProp("name"), NameZh: f.StringProp("name_zh"), Kind: f.StringProp("kind"),
					Start: f.Start.Text, End: f.End.Text,
				})
			}
		}
	}
	for _, list := range tl.Events {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Start < list[j].Start })
	}
	if terr := a.ds.Collection("territories"); terr != nil {
		for _, f := range terr.Features {
			tl.Territories = append(tl.Territories, TerritoryLife{
				ID: f.Key, Polity: f.StringProp("polity"), Overlord: f.StringProp("overlord"), Certainty: f.StringProp("certainty"),
				Start: f.Start.Text, End: f.End.Text, StartYear: decimalYear(f.Life.Start), EndYear: decimalYear(f.Life.End),
			})
		}
	}
	for y := range years {
		tl.Years = append(tl.Years, y)
	}
	sort.Ints(tl.Years)
	return tl
}

// decimalYear returns d as a decimal year, or nil for an open end.
func decimalYear(d chrono.Day) *float64 {
	if d == chrono.MinDay || d == chrono.MaxDay {
		return nil
	}
	y := d.DecimalYear()
	return &y
}
