package feature_test

import (
	"fmt"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
)

// Huining was the Jin capital until the court moved to Yanjing in 1153;
// written with the kind capital, it is a city outside its capital role.
func ExampleFeature_KindAt() {
	open := chrono.MustParseEDTF("..")
	huining, err := feature.New("huining", orb.Point{126.96, 45.5}, open, open,
		map[string]any{"name": "Huining", "kind": "capital"})
	if err != nil {
		panic(err)
	}
	huining.Roles = []feature.Role{{Role: feature.Capital, Polity: "jin",
		Life: chrono.Interval{Start: chrono.DayOf(1115, 1, 1), End: chrono.DayOf(1153, 4, 1)}}}
	for _, y := range []int{1141, 1160} {
		fmt.Println(y, huining.KindAt(chrono.SliderDay(y)), huining.PropertiesAt(chrono.SliderDay(y))["kind"])
	}
	// Output:
	// 1141 capital capital
	// 1160 city city
}
