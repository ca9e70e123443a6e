package data_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
)

// role is one of a place's dated roles.
type role struct {
	place, role, polity string
	life                chrono.Interval
}

func rolesOf(t *testing.T, f *feature.Feature) []role {
	t.Helper()
	items, _ := f.Properties["roles"].([]any)
	var out []role
	for i, item := range items {
		m, _ := item.(map[string]any)
		r := role{place: f.ID}
		r.role, _ = m["role"].(string)
		r.polity, _ = m["polity"].(string)
		life, err := lifeOf(m["start"], m["end"])
		if err != nil {
			t.Errorf("places/%s roles[%d]: %v", f.ID, i, err)
			continue
		}
		r.life = life
		out = append(out, r)
	}
	return out
}

func lifeOf(start, end any) (chrono.Interval, error) {
	s, _ := start.(string)
	e, _ := end.(string)
	if s == "" {
		s = ".."
	}
	if e == "" {
		e = ".."
	}
	sd, err := chrono.ParseEDTF(s)
	if err != nil {
		return chrono.Interval{}, err
	}
	ed, err := chrono.ParseEDTF(e)
	if err != nil {
		return chrono.Interval{}, err
	}
	return chrono.Life(sd, ed)
}

func polityLife(t *testing.T, ds *dataset.Dataset, id string) chrono.Interval {
	t.Helper()
	p, ok := ds.Polity(id)
	if !ok {
		t.Fatalf("no polity %q", id)
	}
	life, err := lifeOf(p.Start, p.End)
	if err != nil {
		t.Fatalf("polity %s: %v", id, err)
	}
	return life
}

func within(inner, outer chrono.Interval) bool {
	return outer.Start <= inner.Start && inner.End <= outer.End
}

// TestPlaceLives checks the places' lives and roles: no role outside its
// place's life, no capital outside its polity's life, and no polity with
// two capitals on one day (the court was in one place; a secondary capital
// would need a role of its own).
func TestPlaceLives(t *testing.T) {
	ds := load(t)
	capitals := map[string][]role{}
	for _, f := range ds.Collection("places").Features {
		for _, r := range rolesOf(t, f) {
			if !within(r.life, f.Life) {
				t.Errorf("places/%s: its %s role for %s (%s) lies outside its life (%s)", f.ID, r.role, r.polity, r.life, f.Life)
			}
			if r.role != "capital" {
				continue
			}
			if pl := polityLife(t, ds, r.polity); !within(r.life, pl) {
				t.Errorf("places/%s: capital of %s over %s, outside the polity's life %s", f.ID, r.polity, r.life, pl)
			}
			capitals[r.polity] = append(capitals[r.polity], r)
		}
		for i, n := range f.Names {
			if !within(n.Life, f.Life) {
				t.Errorf("places/%s: names[%d] %s (%s) lies outside its life (%s)", f.ID, i, n.Name, n.Life, f.Life)
			}
			if n.NameZh == "" || n.Pinyin == "" {
				t.Errorf("places/%s: names[%d] %s needs name_zh and pinyin", f.ID, i, n.Name)
			}
		}
		if len(f.Names) == 0 {
			t.Errorf("places/%s has no names", f.ID)
		}
	}
	for polity, rs := range capitals {
		sort.Slice(rs, func(i, j int) bool { return rs[i].life.Start < rs[j].life.Start })
		for i := 1; i < len(rs); i++ {
			if rs[i-1].life.Overlaps(rs[i].life) {
				t.Errorf("%s has two capitals at once: %s (%s) and %s (%s)", polity, rs[i-1].place, rs[i-1].life, rs[i].place, rs[i].life)
			}
		}
	}
}

// TestCourtHasASeat checks the capitals the audit found missing: on 1 July
// of each year below, the polity has the capital listed, so the map shows
// where the court was.
func TestCourtHasASeat(t *testing.T) {
	ds := load(t)
	seat := map[string]map[chrono.Day]string{}
	for _, f := range ds.Collection("places").Features {
		for _, r := range rolesOf(t, f) {
			if r.role != "capital" {
				continue
			}
			for y := 1100; y <= 1240; y++ {
				if d := chrono.SliderDay(y); r.life.Contains(d) {
					if seat[r.polity] == nil {
						seat[r.polity] = map[chrono.Day]string{}
					}
					seat[r.polity][d] = r.place
				}
			}
		}
	}
	for _, tc := range []struct {
		polity string
		year   int
		want   string
	}{
		{"song", 1120, "kaifeng"},
		{"song", 1128, "yangzhou"},
		{"song", 1129, "jiankang"},
		{"song", 1130, "yuezhou"},
		{"song", 1131, "yuezhou"},
		{"song", 1132, "hangzhou"},
		{"song", 1135, "hangzhou"},
		{"song", 1137, "jiankang"},
		{"song", 1138, "hangzhou"},
		{"song", 1141, "hangzhou"},
		{"jin", 1141, "huining"},
		{"jin", 1153, "yanjing"},
		{"jin", 1161, "kaifeng"},
		{"jin", 1162, "yanjing"},
		{"jin", 1200, "yanjing"},
		{"jin", 1214, ""},
		{"jin", 1215, "kaifeng"},
		{"jin", 1233, "caizhou"},
		{"qi", 1131, "daming"},
		{"qi", 1133, "kaifeng"},
		{"eastern-xia", 1216, "liaoyang"},
		{"eastern-xia", 1218, "yanshan-eastern-xia"},
		{"eastern-xia", 1141, ""},
		{"goryeo", 1231, "kaegyong"},
		{"goryeo", 1233, "ganghwa"},
		{"mongols", 1205, ""},
		{"mongols", 1210, "avarga"},
		{"liao", 1121, "liao-zhongjing"},
	} {
		if got := seat[tc.polity][chrono.SliderDay(tc.year)]; got != tc.want {
			t.Errorf("capital of %s on 1 July %d: %q, want %q", tc.polity, tc.year, got, tc.want)
		}
	}
}

// TestEventPlaces checks the places an event or a campaign names: each is
// in the places collection and exists when the event begins; and a place
// whose name an event's description gives is among them.
func TestEventPlaces(t *testing.T) {
	ds := load(t)
	places := ds.Collection("places")
	// Names of places that descriptions also use for something else: the
	// region south of the Yellow River, and the era and treaty.
	other := map[string]string{
		"Henan":    "the region, not Henan prefecture (Luoyang)",
		"Shaoxing": "the era and its treaty, not the prefecture",
	}
	spoken := map[string][]placeName{}
	for _, p := range places.Features {
		spoken[p.ID] = placeNames(p)
	}
	for _, id := range []string{"events", "campaigns"} {
		for _, f := range ds.Collection(id).Features {
			named := map[string]bool{}
			list, _ := f.Properties["places"].([]any)
			for _, v := range list {
				pid, _ := v.(string)
				named[pid] = true
				versions := places.Get(pid)
				if len(versions) == 0 {
					t.Errorf("%s/%s names place %q, which is not in the atlas", id, f.ID, pid)
					continue
				}
				if p := versions[0]; !p.Life.Contains(f.Life.Start) {
					t.Errorf("%s/%s (%s) names %s, which did not exist then (%s)", id, f.ID, f.Start.Text, pid, p.Life)
				}
			}
			text := f.StringProp("description") + " " + f.StringProp("outcome")
			for _, p := range places.Features {
				if named[p.ID] {
					continue
				}
				if n, ok := speaksOf(text, spoken[p.ID]); ok && other[n] == "" {
					t.Errorf("%s/%s speaks of %s but does not list place %s", id, f.ID, n, p.ID)
				}
			}
		}
	}
}

// placeName is one of a place's names over time, and how to find it in a
// text: as a word, with the characters written after it, if any.
type placeName struct {
	name, zh string
	re       *regexp.Regexp
}

func placeNames(p *feature.Feature) []placeName {
	var out []placeName
	for _, n := range p.Names {
		name := strings.TrimSuffix(n.Name, " Pass")
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b('s)?( (\p{Han}+))?`)
		out = append(out, placeName{name, n.NameZh, re})
	}
	return out
}

// speaksOf returns the name by which a text speaks of a place, if it does:
// one of its names, unless the characters written after it are another
// place's (Dengzhou 登州 is not Dengzhou 鄧州).
func speaksOf(text string, names []placeName) (string, bool) {
	for _, n := range names {
		for _, m := range n.re.FindAllStringSubmatch(text, -1) {
			if zh := m[3]; zh == "" || strings.HasPrefix(n.zh, zh) || strings.HasPrefix(zh, n.zh) {
				return n.name, true
			}
		}
	}
	return "", false
}

// TestPlacesOnLand checks that every place lies on the land of some
// territory throughout its life within the atlas: on each day a territory
// changes, on 1 July of each year, and at the start of each of its roles.
func TestPlacesOnLand(t *testing.T) {
	ds := load(t)
	atlas := ds.Life()
	changes := []chrono.Day{}
	for _, terr := range ds.Collection("territories").Features {
		if atlas.Contains(terr.Life.Start) {
			changes = append(changes, terr.Life.Start)
		}
	}
	for y := atlas.Start.Year(); y < atlas.End.Year(); y++ {
		changes = append(changes, chrono.SliderDay(y))
	}
	for _, f := range ds.Collection("places").Features {
		p := f.Geometry.(orb.Point)
		days := map[chrono.Day]bool{}
		for _, d := range changes {
			if f.Life.Contains(d) {
				days[d] = true
			}
		}
		for _, r := range rolesOf(t, f) {
			if atlas.Contains(r.life.Start) {
				days[r.life.Start] = true
			}
		}
		for d := range days {
			if _, ok := ds.Holder(p, d); !ok {
				t.Errorf("places/%s at %v lies on no territory on %s", f.ID, p, d)
			}
		}
	}
}

// TestPeopleInCharacters checks that people are named in characters too:
// the two Zhang Juns told apart wherever a text names one (張浚 the
// statesman, 張俊 the general), and everyone else in the table below given
// his characters somewhere in the same feature.
func TestPeopleInCharacters(t *testing.T) {
	ds := load(t)
	zhangJun := regexp.MustCompile(`Zhang Jun('s)?( (張浚|張俊))?`)
	count := 0
	for _, id := range []string{"events", "campaigns", "places"} {
		for _, f := range ds.Collection(id).Features {
			for _, key := range []string{"description", "outcome", "note"} {
				for _, m := range zhangJun.FindAllStringSubmatch(f.StringProp(key), -1) {
					count++
					if m[3] == "" {
						t.Errorf("%s/%s %s: %q without 張浚 or 張俊", id, f.ID, key, m[0])
					}
				}
			}
		}
	}
	if count < 3 {
		t.Errorf("Zhang Jun named %d times, want at least 3 (Fuping, Zhegao, Fuli)", count)
	}
	// Everyone else the texts name has his characters in the same feature.
	for _, tc := range []struct{ name, zh string }{
		{"Aguda", "阿骨打"},
		{"Aizong", "哀宗"},
		{"Balisu", "拔離速"},
		{"Chinggis Khan", "成吉思汗"},
		{"Choe U", "崔瑀"},
		{"Du Chong", "杜充"},
		{"Gao Yongchang", "高永昌"},
		{"Gaozong", "高宗"},
		{"Guo Yaoshi", "郭藥師"},
		{"Güyük", "貴由"},
		{"Han Shizhong", "韓世忠"},
		{"Han Tuozhou", "韓侂冑"},
		{"Huizong", "徽宗"},
		{"Jebe", "哲別"},
		{"Küchlüg", "屈出律"},
		{"Li Anquan", "李安全"},
		{"Li Bao", "李寶"},
		{"Li Gang", "李綱"},
		{"Li Xian", "李睍"},
		{"Li Xianzhong", "李顯忠"},
		{"Liang Fangping", "梁方平"},
		{"Liu Qi", "劉錡"},
		{"Liu Yu", "劉豫"},
		{"Muqali", "木華黎"},
		{"Nianhan", "粘罕"},
		{"Puxian Wannu", "蒲鮮萬奴"},
		{"Qin Gui", "秦檜"},
		{"Qinzong", "欽宗"},
		{"Shao Hongyuan", "邵宏淵"},
		{"Shizong", "世宗"},
		{"Subutai", "速不台"},
		{"Taizong", "太宗"},
		{"Temüjin", "鐵木真"},
		{"Tianzuo", "天祚帝"},
		{"Tolui", "拖雷"},
		{"Tong Guan", "童貫"},
		{"Wanyan Heda", "完顏合達"},
		{"Wanyan Liang", "完顏亮"},
		{"Wanyan Loushi", "完顏婁室"},
		{"Wanyan Zonghan", "完顏宗翰"},
		{"Wanyan Zongwang", "完顏宗望"},
		{"Wolibu", "斡離不"},
		{"Wu Jie", "吳玠"},
		{"Wu Lin", "吳璘"},
		{"Wu Xi", "吳曦"},
		{"Wuzhu", "兀朮"},
		{"Xiaozong", "孝宗"},
		{"Xuanzong", "宣宗"},
		{"Yang Yizhong", "楊沂中"},
		{"Yelü Dashi", "耶律大石"},
		{"Yelü Liuge", "耶律留哥"},
		{"Yelü Mawu", "耶律馬五"},
		{"Yu Yunwen", "虞允文"},
		{"Yue Fei", "岳飛"},
		{"Yue Ke", "岳珂"},
		{"Zhang Bangchang", "張邦昌"},
		{"Zhang Jue", "張覺"},
		{"Zhao Gou", "趙構"},
		{"Zong Ze", "宗澤"},
		{"Zongbi", "宗弼"},
	} {
		word := regexp.MustCompile(`(^|[^A-Za-z])` + regexp.QuoteMeta(tc.name) + `($|[^A-Za-z])`)
		for _, id := range []string{"events", "campaigns", "places"} {
			for _, f := range ds.Collection(id).Features {
				text := f.StringProp("description") + " " + f.StringProp("outcome") + " " + f.StringProp("note")
				if word.MatchString(text) && !strings.Contains(text, tc.zh) {
					t.Errorf("%s/%s names %s without %s", id, f.ID, tc.name, tc.zh)
				}
			}
		}
	}
}

// TestNames checks names the audit corrected and the bibliography: the
// spellings it found wrong are gone from the files of places, events,
// campaigns and the dataset, and every source has an author, a title and
// pages.
func TestNames(t *testing.T) {
	for _, file := range []string{"places.geojson", "events.geojson", "campaigns.geojson", "dataset.json"} {
		b, err := os.ReadFile("jinsong/" + file)
		if err != nil {
			t.Fatal(err)
		}
		for _, wrong := range []string{"Zhanhan", "Zhexigao", "Chuzhou 滁州 in Huainan West", `"name_zh": "和田"`, `"name_zh": "喀什"`} {
			if strings.Contains(string(b), wrong) {
				t.Errorf("%s still has %q", file, wrong)
			}
		}
	}
	ds := load(t)
	for key, s := range ds.Meta.Bibliography {
		if s.Author == "" || s.Title == "" || s.Pages == "" {
			t.Errorf("bibliography %s: %s", key, fmt.Sprintf("author %q, title %q, pages %q", s.Author, s.Title, s.Pages))
		}
	}
}

// gregorianDate is a date written out in a description: "2 March 1129" or
// "March 1142", unless the text says it is Julian.
var gregorianDate = regexp.MustCompile(`(?:(\d{1,2}) )?(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})( in the Julian calendar)?`)

var monthNames = strings.Fields("January February March April May June July August September October November December")

// TestDescriptionsMatchDates checks that the days and months an event's or
// a campaign's text gives fall within its life, so that no description
// contradicts its data.
func TestDescriptionsMatchDates(t *testing.T) {
	ds := load(t)
	checked := 0
	for _, id := range []string{"events", "campaigns"} {
		for _, f := range ds.Collection(id).Features {
			for _, key := range []string{"description", "outcome", "note"} {
				for _, m := range gregorianDate.FindAllStringSubmatch(f.StringProp(key), -1) {
					if m[4] != "" {
						continue
					}
					month := 1 + slices.Index(monthNames, m[2])
					year, _ := strconv.Atoi(m[3])
					iv := chrono.Interval{Start: chrono.DayOf(year, month, 1), End: chrono.DayOf(year+month/12, month%12+1, 1)}
					if m[1] != "" {
						day, _ := strconv.Atoi(m[1])
						iv = chrono.Interval{Start: chrono.DayOf(year, month, day), End: chrono.DayOf(year, month, day) + 1}
					}
					checked++
					if !iv.Overlaps(f.Life) {
						t.Errorf("%s/%s %s says %q, outside its life %s", id, f.ID, key, m[0], f.Life)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d dates found in the texts", checked)
	}
}
