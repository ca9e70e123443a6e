package chrono

import "testing"

func BenchmarkParseEDTF(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseEDTF("1127-01-09~"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDatetime(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDatetime("1127/1141-12-17"); err != nil {
			b.Fatal(err)
		}
	}
}
