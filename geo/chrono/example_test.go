package chrono_test

import (
	"fmt"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

func ExampleParseEDTF() {
	d, _ := chrono.ParseEDTF("1127-01")
	fmt.Println(d.Earliest, d.Latest, d.Certainty())
	d, _ = chrono.ParseEDTF("1126~")
	fmt.Println(d.Earliest, d.Latest, d.Certainty())
	// Output:
	// 1127-01-01 1127-01-31 certain
	// 1126-01-01 1126-12-31 approximate
}

func ExampleLife() {
	// The Northern Song held Kaifeng until the Jin took it in January 1127.
	life, _ := chrono.Life(chrono.MustParseEDTF("0960"), chrono.MustParseEDTF("1127-01-09"))
	fmt.Println(life)
	fmt.Println(life.Overlaps(chrono.YearInterval(1126)), life.Overlaps(chrono.YearInterval(1128)))
	// Output:
	// [0960-01-01, 1127-01-09)
	// true false
}

func ExampleParseDatetime() {
	iv, _ := chrono.ParseDatetime("../1141")
	fmt.Println(iv)
	// Output:
	// [.., 1142-01-01)
}
