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
		{"1127, 4th month, 11th day", "1127-05-30"},                         // and gone from the palace
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

// reading is a date as the sources give it, normalised: an era and its year
// (or a lunar year by number), then a month or a season, then a day and its
// cyclical name: "Jianyan 3, 2nd month, 3rd day", "Jingkang 1, intercalary
// 11th month, 25th day (bingchen)", "Shaoxing 8, 12th month", "Jianyan 2,
// winter", "Xuanhe 2", "1227, 6th month". "about the 10th day" is read as
// the 10th.
var reading = regexp.MustCompile(`^(?:([A-Z][A-Za-z']+) (\d+)|(\d{4}))` +
	`(?:, (?:(intercalary )?(\d+)(?:st|nd|rd|th) month(?:, (?:about the )?(\d+)(?:st|nd|rd|th) day(?: \(([a-z]+)\))?)?|(spring|summer|autumn|winter)))?$`)

// span is what a reading converts to: the days [start, end) it covers, and
// the lunar years it falls in.
type span struct {
	start, end chrono.Day
}

// convert turns a reading into the days it covers, with the lunar months
// and the dataset's reign eras (era year 1 is the lunar year in which the
// era began).
func convert(cal calendar, eras []dataset.Era, text string) (span, error) {
	m := reading.FindStringSubmatch(text)
	if m == nil {
		return span{}, fmt.Errorf("cannot read %q: want such as \"Jianyan 3, 2nd month, 3rd day (gengwu)\"", text)
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

// eraYears returns the lunar years of an era's first and last year.
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
		first, _ = cal.lunarYear(s.Earliest)
		last, _ = cal.lunarYear(end.Earliest - 1)
		return first, last, first != 0 && last != 0
	}
	return 0, 0, false
}
