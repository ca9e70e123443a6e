package data_test

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// lunarMonth is one month of the Chinese calendar, from testdata/months.csv.
type lunarMonth struct {
	year, month int // the lunar year, numbered as the Gregorian year it begins in, and the month
	leap        bool
	first       chrono.Day
	days        int
	cyclical    string // the first day's name in the sixty-day cycle, in characters
}

// calendar is the table of lunar months, in order.
type calendar []lunarMonth

func mustCalendar(tb testing.TB) calendar {
	tb.Helper()
	f, err := os.Open("testdata/months.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cal calendar
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		col := strings.Split(text, ",")
		if len(col) != 6 {
			tb.Fatalf("months.csv:%d: want year,month,leap,first,days,cyclical", line)
		}
		var m lunarMonth
		var errs [4]error
		m.year, errs[0] = strconv.Atoi(col[0])
		m.month, errs[1] = strconv.Atoi(col[1])
		m.leap = col[2] == "1"
		d, err := chrono.ParseEDTF(col[3])
		if err == nil && d.Precision != chrono.PrecisionDay {
			err = fmt.Errorf("%s is not a day", col[3])
		}
		errs[2] = err
		m.first = d.Earliest
		m.days, errs[3] = strconv.Atoi(col[4])
		m.cyclical = col[5]
		for _, err := range errs {
			if err != nil {
				tb.Fatalf("months.csv:%d: %v", line, err)
			}
		}
		cal = append(cal, m)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return cal
}

// The sixty-day cycle's stems and branches, in characters and in pinyin as
// the sources' translations write them.
var (
	stems        = []rune("甲乙丙丁戊己庚辛壬癸")
	branches     = []rune("子丑寅卯辰巳午未申酉戌亥")
	stemNames    = strings.Fields("jia yi bing ding wu ji geng xin ren gui")
	branchNames  = strings.Fields("zi chou yin mao chen si wu wei shen you xu hai")
	cycleAt1970  = 17 // 1970-01-01 was a xinsi day, the 18th of the cycle
	seasonMonths = map[string][2]int{"spring": {1, 3}, "summer": {4, 6}, "autumn": {7, 9}, "winter": {10, 12}}
)

// cycle returns a day's place in the sixty-day cycle, 0 for jiazi.
func cycle(d chrono.Day) int { return ((int(d)+cycleAt1970)%60 + 60) % 60 }

func cycleHan(i int) string    { return string(stems[i%10]) + string(branches[i%12]) }
func cyclePinyin(i int) string { return stemNames[i%10] + branchNames[i%12] }

// TestMonths checks the table of lunar months: months follow one another
// without gap, each of 29 or 30 days, twelve a year and a thirteenth
// intercalary one in about seven years of nineteen; the cyclical names
// lunar-javascript gives agree with a count of days; and the days the
// sources give by era, month and cyclical day are where the table says.
func TestMonths(t *testing.T) {
	cal := mustCalendar(t)
	if cal[0].year != 1100 || cal[0].month != 1 || cal[len(cal)-1].year != 1240 || cal[len(cal)-1].month != 12 {
		t.Fatalf("the table runs from %d/%d to %d/%d, want 1100/1 to 1240/12", cal[0].year, cal[0].month, cal[len(cal)-1].year, cal[len(cal)-1].month)
	}
	leaps := 0
	for i, m := range cal {
		if m.days != 29 && m.days != 30 {
			t.Errorf("%d/%d has %d days", m.year, m.month, m.days)
		}
		if got := cycleHan(cycle(m.first)); got != m.cyclical {
			t.Errorf("%d/%d begins on %s, a %s day by the count of days, but the table says %s", m.year, m.month, m.first, got, m.cyclical)
		}
		if m.leap {
			leaps++
		}
		if i == 0 {
			continue
		}
		p := cal[i-1]
		if p.first+chrono.Day(p.days) != m.first {
			t.Errorf("%d/%d begins on %s, not the day after %d/%d ends", m.year, m.month, m.first, p.year, p.month)
		}
		switch {
		case m.leap && (p.month != m.month || p.leap || p.year != m.year):
			t.Errorf("intercalary %d/%d does not follow its ordinary month", m.year, m.month)
		case !m.leap && m.month == 1 && (p.month != 12 || p.year != m.year-1):
			t.Errorf("%d/1 follows %d/%d", m.year, p.year, p.month)
		case !m.leap && m.month != 1 && (p.month != m.month-1 || p.year != m.year):
			t.Errorf("%d/%d follows %d/%d", m.year, m.month, p.year, p.month)
		}
	}
	// 141 years hold 141*12 ordinary months and, at 7 in 19, about 52 leap ones.
	if leaps < 50 || leaps > 54 {
		t.Errorf("%d intercalary months in 1100–1240, want about 52", leaps)
	}
	for _, tc := range []struct {
		lunar, want string
	}{
		{"1115, 1st month, 1st day (renshen)", "1115-02-04"},                // Aguda proclaims the Jin
		{"1126, intercalary 11th month, 25th day (bingchen)", "1127-01-16"}, // Kaifeng falls
		{"1127, 5th month, 1st day (gengyin)", "1127-06-19"},                // Gaozong enthroned
		{"1129, 2nd month, 3rd day", "1129-03-02"},                          // the raid on Yangzhou
		{"1141, 12th month, 29th day (guisi)", "1142-02-03"},                // Yue Fei put to death
		{"1161, 11th month, 27th day (yiwei)", "1161-12-22"},                // Wanyan Liang murdered
		{"1234, 1st month, 10th day (jiyou)", "1234-02-16"},                 // Caizhou falls
		{"1233, 4th month, 19th day (guisi)", "1233-06-05"},                 // Kaifeng surrenders
		{"1161, 11th month, 8th day (bingzi)", "1161-12-03"},                // Caishi
		{"1100, 1st month, 1st day", "1100-02-18"},                          // the table's first day
		{"1137, 11th month, 18th day (bingwu)", "1138-01-08"},               // Liu Yu deposed
		{"1127, 3rd month, 7th day (dingyou)", "1127-04-27"},                // Zhang Bangchang enthroned
		{"1127, 4th month, 11th day", "1127-05-30"},                         // about when Da Chu ended, by the audit
		{"1232, 1st month, 16th day (dingyou)", "1232-02-15"},               // Sanfengshan, 8 February in the Julian calendar
		{"1215, 5th month, 2nd day (gengshen)", "1215-06-07"},               // Zhongdu surrenders, 31 May in the Julian calendar
		{"1126, 9th month, 3rd day (bingyin)", "1126-09-28"},                // Taiyuan falls
	} {
		d, err := convert(cal, nil, tc.lunar)
		if err != nil {
			t.Errorf("%s: %v", tc.lunar, err)
			continue
		}
		if got := d.start.String(); got != tc.want {
			t.Errorf("%s is %s, want %s", tc.lunar, got, tc.want)
		}
	}
}

// readingPattern reads a date as the sources give it, normalised: an era and its year
// (or a lunar year by number), then a month or a season, then a day and its
// cyclical name: "Jianyan 3, 2nd month, 3rd day", "Jingkang 1, intercalary
// 11th month, 25th day (bingchen)", "Shaoxing 8, 12th month", "Jianyan 2,
// winter", "Xuanhe 2", "1227, 6th month". "about the 10th day" is read as
// the 10th.
var readingPattern = regexp.MustCompile(`^(?:([A-Z][A-Za-z']+) (\d+)|(\d{4}))` +
	`(?:, (?:(intercalary )?(\d+)(?:st|nd|rd|th) month(?:, (?:about the )?(\d+)(?:st|nd|rd|th) day(?: \(([a-z]+)\))?)?|(spring|summer|autumn|winter)))?$`)

// span is what a reading converts to: the days [start, end) it covers.
type span struct {
	start, end chrono.Day
}

// convert turns a reading into the days it covers, with the lunar months
// and the dataset's reign eras (era year 1 is the lunar year in which the
// era began).
func convert(cal calendar, eras []dataset.Era, text string) (span, error) {
	m := readingPattern.FindStringSubmatch(text)
	if m == nil {
		return span{}, fmt.Errorf("cannot read %q: want such as \"Jianyan 3, 2nd month, 3rd day (renzi)\"", text)
	}
	var year int
	if m[3] != "" {
		year, _ = strconv.Atoi(m[3])
	} else {
		n, _ := strconv.Atoi(m[2])
		first, last, ok := eraYears(cal, eras, m[1])
		if !ok {
			return span{}, fmt.Errorf("%q: no era %s in dataset.json", text, m[1])
		}
		year = first + n - 1
		if n < 1 || year > last {
			return span{}, fmt.Errorf("%q: %s ran %d years (%d–%d)", text, m[1], last-first+1, first, last)
		}
	}
	months := cal.year(year)
	if months == nil {
		return span{}, fmt.Errorf("%q: lunar year %d is outside the table", text, year)
	}
	from, to := &months[0], &months[len(months)-1]
	switch {
	case m[8] != "":
		s := seasonMonths[m[8]]
		from, to = cal.month(year, s[0], false), cal.month(year, s[1], false)
	case m[5] != "":
		n, _ := strconv.Atoi(m[5])
		mo := cal.month(year, n, m[4] != "")
		if mo == nil {
			return span{}, fmt.Errorf("%q: lunar year %d has no such month", text, year)
		}
		from, to = mo, mo
	}
	s := span{from.first, to.first + chrono.Day(to.days)}
	if m[6] != "" {
		day, _ := strconv.Atoi(m[6])
		if day < 1 || day > from.days {
			return span{}, fmt.Errorf("%q: that month has %d days", text, from.days)
		}
		s = span{from.first + chrono.Day(day-1), from.first + chrono.Day(day)}
		if c := m[7]; c != "" && c != cyclePinyin(cycle(s.start)) {
			return span{}, fmt.Errorf("%q: that day, %s, was %s (%s), not %s", text, s.start, cyclePinyin(cycle(s.start)), cycleHan(cycle(s.start)), c)
		}
	}
	return s, nil
}

// year returns the months of a lunar year.
func (cal calendar) year(y int) []lunarMonth {
	for i := range cal {
		if cal[i].year == y {
			j := i
			for j < len(cal) && cal[j].year == y {
				j++
			}
			return cal[i:j]
		}
	}
	return nil
}

func (cal calendar) month(y, month int, leap bool) *lunarMonth {
	for i := range cal {
		if cal[i].year == y && cal[i].month == month && cal[i].leap == leap {
			return &cal[i]
		}
	}
	return nil
}

// lunarYear returns the lunar year a day falls in, and whether the day is
// that year's first.
func (cal calendar) lunarYear(d chrono.Day) (int, bool) {
	for _, m := range cal {
		if m.first <= d && d < m.first+chrono.Day(m.days) {
			return m.year, m.month == 1 && !m.leap && d == m.first
		}
	}
	return 0, false
}

// eraYears returns the lunar years of an era's first and last year, from
// the dataset's table of eras.
func eraYears(cal calendar, eras []dataset.Era, name string) (first, last int, ok bool) {
	for _, e := range eras {
		if e.Name != name {
			continue
		}
		s, err1 := chrono.ParseEDTF(e.Start)
		end, err2 := chrono.ParseEDTF(e.End)
		if err1 != nil || err2 != nil {
			return 0, 0, false
		}
		// The last day the start allows: an era begun in a month is in
		// that month's lunar year even when the Gregorian month began in
		// the lunar year before.
		first, _ = cal.lunarYear(s.Latest)
		last, _ = cal.lunarYear(end.Earliest - 1)
		return first, last, first != 0 && last != 0
	}
	return 0, 0, false
}

// readingParts returns the words of a reading that the source's own dating
// kept beside the date must say too: the era and year, the month (with
// "intercalary"), the season, the day and its cyclical name. A range such
// as "3rd–4th month" says both months; "about the 10th day" says the day.
func readingParts(reading string) []string {
	m := readingPattern.FindStringSubmatch(reading)
	if m == nil {
		return nil
	}
	parts := []string{strings.SplitN(reading, ",", 2)[0]}
	if m[5] != "" {
		parts = append(parts, m[4]+ordinal(m[5]))
	}
	if m[6] != "" {
		parts = append(parts, ordinal(m[6]))
	}
	for _, p := range []string{m[7], m[8]} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// ordinal writes a month's or day's number as the readings do: 1st, 2nd,
// 3rd, 4th, 11th, 21st.
func ordinal(n string) string {
	switch {
	case strings.HasSuffix(n, "1") && n != "11":
		return n + "st"
	case strings.HasSuffix(n, "2") && n != "12":
		return n + "nd"
	case strings.HasSuffix(n, "3") && n != "13":
		return n + "rd"
	}
	return n + "th"
}

// conversion is a row of testdata/conversions.csv: a date in the atlas, the
// value stored, and the source's date it was converted from.
type conversion struct {
	line            int
	where, field    string
	stored, reading string
}

func mustConversions(tb testing.TB) []conversion {
	tb.Helper()
	f, err := os.Open("testdata/conversions.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []conversion
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		col := strings.SplitN(text, ",", 4)
		if len(col) != 4 {
			tb.Fatalf("conversions.csv:%d: want where,field,stored,reading", line)
		}
		out = append(out, conversion{line, col[0], col[1], col[2], strings.TrimSpace(col[3])})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// dated is a date somewhere in the atlas: a feature's life, one of its
// names or roles, a polity's bounds or an era's.
type dated struct {
	where, field string
	text         string
	source       string // the source's own dating kept beside it, if any
}

// key names a date as conversions.csv does.
func (d dated) key() string { return d.where + " " + d.field }

// datesOf lists the dates of the atlas that come from a source's dating:
// every dated feature's life in events and campaigns, and the places',
// their names' and roles', the polities' and the eras' dates given to the
// month or the day.
func datesOf(ds *dataset.Dataset) []dated {
	var out []dated
	for _, id := range []string{"events", "campaigns", "places"} {
		for _, f := range ds.Collection(id).Features {
			where := id + "/" + f.ID
			src := f.StringProp("date_source")
			out = append(out, dated{where, "start", f.Start.Text, src}, dated{where, "end", f.End.Text, src})
			for _, list := range []string{"names", "roles"} {
				items, _ := f.Properties[list].([]any)
				for i, item := range items {
					m, _ := item.(map[string]any)
					src, _ := m["date_source"].(string)
					for _, field := range []string{"start", "end"} {
						s, _ := m[field].(string)
						out = append(out, dated{where, fmt.Sprintf("%s[%d].%s", list, i, field), s, src})
					}
				}
			}
		}
	}
	for _, p := range ds.Meta.Polities {
		out = append(out, dated{"polities/" + p.ID, "start", p.Start, ""}, dated{"polities/" + p.ID, "end", p.End, ""})
	}
	for _, e := range ds.Meta.Eras {
		out = append(out, dated{"eras/" + e.Name, "start", e.Start, ""}, dated{"eras/" + e.Name, "end", e.End, ""})
	}
	return out
}

// needsConversion reports whether a date must have a row in
// conversions.csv: every date of an event or campaign, and every other
// date given to the month or the day.
func needsConversion(d dated) bool {
	if d.text == "" || strings.HasPrefix(d.text, "..") {
		return false
	}
	if strings.HasPrefix(d.where, "events/") || strings.HasPrefix(d.where, "campaigns/") {
		return true
	}
	p, err := chrono.ParseEDTF(d.text)
	return err == nil && p.Precision >= chrono.PrecisionMonth
}

// want returns the value a date converted from a span of days must have at
// the precision it is stored with. A day is the span's first day (for a
// start) or the day after its last (for an end, the first day it no longer
// held). A month is the Gregorian month that holds the first day, or, for
// an end, the first month that begins on or after the day after: the stored
// months cover the lunar ones. A bare year is the lunar year, which begins
// in January or February: one lunar year is mostly its Gregorian namesake,
// and EDTF cannot say more.
func want(cal calendar, stored chrono.Date, end bool, d chrono.Day) (chrono.Day, bool) {
	switch stored.Precision {
	case chrono.PrecisionDay:
		return d, true
	case chrono.PrecisionMonth:
		y, m, dd := d.Date()
		if !end || dd == 1 {
			return chrono.DayOf(y, m, 1), true
		}
		if m == 12 {
			return chrono.DayOf(y+1, 1, 1), true
		}
		return chrono.DayOf(y, m+1, 1), true
	case chrono.PrecisionYear:
		y, newYear := cal.lunarYear(d)
		if y == 0 {
			return 0, false
		}
		if end && !newYear {
			y++
		}
		return chrono.YearStart(y), true
	}
	return 0, false
}

// TestConversions converts every date of the atlas that comes from a
// source's dating (testdata/conversions.csv lists each with the source's
// date, normalised) with the table of lunar months and the dataset's eras,
// and checks the value stored; that the source's own dating kept beside a
// date names the same era and year; and that no such date lacks a row.
func TestConversions(t *testing.T) {
	ds := load(t)
	cal := mustCalendar(t)
	dates := map[string]dated{}
	for _, d := range datesOf(ds) {
		dates[d.key()] = d
	}
	seen := map[string]bool{}
	for _, c := range mustConversions(t) {
		at := fmt.Sprintf("conversions.csv:%d: %s %s", c.line, c.where, c.field)
		key := c.where + " " + c.field
		if seen[key] {
			t.Errorf("%s: listed twice", at)
		}
		seen[key] = true
		d, ok := dates[key]
		if !ok {
			t.Errorf("%s: no such date in the atlas", at)
			continue
		}
		if d.text != c.stored {
			t.Errorf("%s is %s in the atlas, want %s (%s)", at, d.text, c.stored, c.reading)
			continue
		}
		stored, err := chrono.ParseEDTF(c.stored)
		if err != nil {
			t.Errorf("%s: %v", at, err)
			continue
		}
		reading, until := strings.CutPrefix(c.reading, "until ")
		s, err := convert(cal, ds.Meta.Eras, reading)
		if err != nil {
			t.Errorf("%s: %v", at, err)
			continue
		}
		end := strings.HasSuffix(c.field, "end")
		if until && !end {
			t.Errorf("%s: \"until\" is for ends", at)
		}
		// A start, or an end "until" a day, is the span's first day; any
		// other end the day after its last. Read "until" like a start: the
		// next thing begins in that month or year.
		day := s.start
		if end && !until {
			day = s.end
		}
		if until {
			end = false
		}
		w, ok := want(cal, stored, end, day)
		if !ok {
			t.Errorf("%s: %s cannot be compared", at, c.stored)
			continue
		}
		if stored.Earliest != w {
			t.Errorf("%s: %s converts to %s (days %s to %s), stored as %s", at, c.reading, w, s.start, s.end-1, c.stored)
		}
		if d.source == "" && !strings.HasPrefix(c.where, "polities/") && !strings.HasPrefix(c.where, "eras/") {
			t.Errorf("%s: no date_source keeps the source's own dating (%s)", at, c.reading)
		}
		if d.source != "" {
			for _, part := range readingParts(reading) {
				if !strings.Contains(d.source, part) {
					t.Errorf("%s: the source's dating %q does not say %q, which %q reads", at, d.source, part, reading)
				}
			}
		}
	}
	for _, d := range datesOf(ds) {
		if needsConversion(d) && !seen[d.key()] {
			t.Errorf("conversions.csv has no row for %s %s (%s)", d.where, d.field, d.text)
		}
	}
}
