package feature

import (
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// BenchmarkPropertiesAt measures the properties of a day for the places of
// the golden table on a spread of days, as a tile at a datetime asks for
// them once per feature: most days give the feature's own map back.
func BenchmarkPropertiesAt(b *testing.B) {
	places := mustPlaces(b)
	days := make([]chrono.Day, len(probeDays))
	for i, s := range probeDays {
		days[i] = chrono.MustParseEDTF(s).Earliest
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(places[i%len(places)].PropertiesAt(days[i%len(days)]))
	}
	if n == 0 {
		b.Fatal("no properties")
	}
}
