package chrono

import (
	"strings"
	"testing"
	"time"
)

func TestDayRoundTrip(t *testing.T) {
	// time.Date is proleptic Gregorian too; compare over the whole range.
	for y := MinYear; y <= MaxYear; y += 7 {
		for _, md := range [][2]int{{1, 1}, {2, 28}, {3, 1}, {7, 1}, {12, 31}} {
			tm := time.Date(y, time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC)
			want := Day(tm.Unix() / 86400) // exact: tm is a midnight
			got := DayOf(y, md[0], md[1])
			if got != want {
				t.Fatalf("DayOf(%d, %d, %d): got %d, want %d", y, md[0], md[1], got, want)
			}
			gy, gm, gd := got.Date()
			if gy != y || gm != md[0] || gd != md[1] {
				t.Fatalf("Date(%d): got %d-%d-%d, want %d-%d-%d", got, gy, gm, gd, y, md[0], md[1])
			}
		}
	}
}

func TestDayString(t *testing.T) {
	tests := []struct {
		d    Day
		want string
	}{
		{DayOf(1141, 12, 17), "1141-12-17"},
		{DayOf(-220, 1, 1), "-0220-01-01"},
		{DayOf(0, 2, 29), "0000-02-29"},
		{MinDay, ".."},
		{MaxDay, ".."},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String: got %q, want %q", got, tt.want)
		}
	}
	if got := SliderDay(1141).DecimalYear(); got < 1141.49 || got > 1141.5 {
		t.Errorf("DecimalYear of 1 July 1141: got %v", got)
	}
}

func TestParseEDTF(t *testing.T) {
	tests := []struct {
		in               string
		earliest, latest string
		certainty        string
		err              string
	}{
		{in: "1127", earliest: "1127-01-01", latest: "1127-12-31", certainty: Certain},
		{in: "1127-01", earliest: "1127-01-01", latest: "1127-01-31", certainty: Certain},
		{in: "1127-01-09", earliest: "1127-01-09", latest: "1127-01-09", certainty: Certain},
		{in: "1126~", earliest: "1126-01-01", latest: "1126-12-31", certainty: Approximate},
		{in: "1127?", earliest: "1127-01-01", latest: "1127-12-31", certainty: Uncertain},
		{in: "1127-01%", earliest: "1127-01-01", latest: "1127-01-31", certainty: Uncertain},
		{in: "112X", earliest: "1120-01-01", latest: "1129-12-31", certainty: Uncertain},
		{in: "11XX", earliest: "1100-01-01", latest: "1199-12-31", certainty: Uncertain},
		{in: "1127-XX", earliest: "1127-01-01", latest: "1127-12-31", certainty: Uncertain},
		{in: "1127-02-XX", earliest: "1127-02-01", latest: "1127-02-28", certainty: Uncertain},
		{in: "-0220", earliest: "-0220-01-01", latest: "-0220-12-31", certainty: Certain},
		{in: "-022X", earliest: "-0229-01-01", latest: "-0220-12-31", certainty: Uncertain},
		{in: "0000", earliest: "0000-01-01", latest: "0000-12-31", certainty: Certain},
		{in: "1200-02-29", earliest: "1200-02-29", latest: "1200-02-29", certainty: Certain},
		{in: "..", earliest: "..", latest: "..", certainty: Certain},
		{in: "1127-02-29", err: "day 29 out of range"},
		{in: "1100-02-29", err: "day 29 out of range"},
		{in: "1127-13", err: "month 13 out of range"},
		{in: "1127-00", err: "month 0 out of range"},
		{in: "99999", err: "four digits"},
		{in: "Y99999", err: "out of range"},
		{in: "Y1999", err: "more than four digits"},
		{in: "-0000", err: "-0000"},
		{in: "XXXX", err: "all X"},
		{in: "1X2X", err: "last digits"},
		{in: "112X-01", err: "cannot follow"},
		{in: "1127-XX-09", err: "cannot follow"},
		{in: "", err: "empty"},
		{in: "1127-1", err: "want -MM"},
		{in: "1127-01-1", err: "want -DD"},
		{in: "1127-01-01-01", err: "want -DD"},
		{in: "1127~?", err: "want -MM"},
		{in: "a127", err: "four digits"},
		{in: "1127-ab", err: "not a number"},
		{in: "1127-+1", err: "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseEDTF(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Earliest.String(); got != tt.earliest {
				t.Errorf("Earliest: got %s, want %s", got, tt.earliest)
			}
			if got := d.Latest.String(); got != tt.latest {
				t.Errorf("Latest: got %s, want %s", got, tt.latest)
			}
			if got := d.Certainty(); got != tt.certainty {
				t.Errorf("Certainty: got %s, want %s", got, tt.certainty)
			}
			if d.String() != tt.in {
				t.Errorf("String: got %q", d.String())
			}
		})
	}
}

func TestLife(t *testing.T) {
	tests := []struct {
		start, end, want, err string
	}{
		{"1127-01-09", "1142", "[1127-01-09, 1142-01-01)", ""},
		{"..", "1127", "[.., 1127-01-01)", ""},
		{"1127", "..", "[1127-01-01, ..)", ""},
		{"1127-01", "1127-02", "[1127-01-01, 1127-02-01)", ""},
		{"1127", "1127", "", "not after"},
		{"1141", "1127", "", "not after"},
	}
	for _, tt := range tests {
		t.Run(tt.start+"/"+tt.end, func(t *testing.T) {
			iv, err := Life(MustParseEDTF(tt.start), MustParseEDTF(tt.end))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := iv.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseDatetime(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "1141", want: "[1141-01-01, 1142-01-01)"},
		{in: "1141-12", want: "[1141-12-01, 1142-01-01)"},
		{in: "1141-12-17", want: "[1141-12-17, 1141-12-18)"},
		{in: "1141-12-17T00:00:00Z", want: "[1141-12-17, 1141-12-18)"},
		{in: "1141-12-17T03:00:00+08:00", want: "[1141-12-16, 1141-12-17)"},
		{in: "1127/1141", want: "[1127-01-01, 1142-01-01)"},
		{in: "../1141", want: "[.., 1142-01-01)"},
		{in: "1141/..", want: "[1141-01-01, ..)"},
		{in: "1141/", want: "[1141-01-01, ..)"},
		{in: "/1141", want: "[.., 1142-01-01)"},
		{in: "../..", want: "[.., ..)"},
		{in: "-0220", want: "[-0220-01-01, -0219-01-01)"},
		{in: "1126~", want: "[1126-01-01, 1127-01-01)"},
		{in: "1141/1127", err: "end is before start"},
		{in: "", err: "empty"},
		{in: "..", err: "interval"},
		{in: "garbage", err: "four digits"},
		{in: "99999", err: "four digits"},
		{in: "1141-12-17T25:00:00Z", err: "RFC 3339"},
		{in: "1127/1141/1150", err: "one /"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			iv, err := ParseDatetime(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := iv.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	y := YearInterval
	tests := []struct {
		a, b Interval
		want bool
	}{
		{y(1141), y(1141), true},
		{y(1141), y(1142), false}, // half-open: they touch, no more
		{Interval{MinDay, YearStart(1127)}, y(1126), true},
		{Interval{MinDay, YearStart(1127)}, y(1127), false},
		{All, y(1), true},
		{Interval{5, 5}, All, false},
	}
	for _, tt := range tests {
		if got := tt.a.Overlaps(tt.b); got != tt.want {
			t.Errorf("%s overlaps %s: got %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := tt.b.Overlaps(tt.a); got != tt.want {
			t.Errorf("%s overlaps %s: got %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func FuzzParseEDTF(f *testing.F) {
	for _, s := range []string{"1127", "1127-01", "1127-01-09", "1126~", "1127?", "112X", "-0220", "..", "Y12345", "1127-XX-XX%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseEDTF(s)
		if err != nil {
			return
		}
		if d.Earliest > d.Latest {
			t.Fatalf("%q: earliest %s after latest %s", s, d.Earliest, d.Latest)
		}
		again, err := ParseEDTF(d.Text)
		if err != nil || again != d {
			t.Fatalf("%q: reparsing gives %+v, %v", s, again, err)
		}
	})
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"1141", "1127/1141", "../1141", "1141-12-17T00:00:00Z", "1141/..", "/", "../.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseDatetime(s)
		if err != nil {
			return
		}
		if iv.Empty() {
			t.Fatalf("%q: empty interval %s", s, iv)
		}
	})
}
