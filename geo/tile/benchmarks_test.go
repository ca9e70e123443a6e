package tile

import (
	"fmt"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb/maptile"
)

func BenchmarkEncode(b *testing.B) {
	layers := fixture(b)
	at := chrono.YearInterval(1141)
	for _, tl := range []maptile.Tile{maptile.New(6, 3, 3), maptile.New(26, 12, 5), maptile.New(214, 110, 8)} {
		b.Run(fmt.Sprintf("%d-%d-%d", tl.Z, tl.X, tl.Y), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Encode(tl, layers, Options{At: &at}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
