package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func mustRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func mustFeature(tb testing.TB, id string, g orb.Geometry, props map[string]any) *feature.Feature {
	tb.Helper()
	f, err := feature.New(id, g, chrono.MustParseEDTF(".."), chrono.MustParseEDTF(".."), props)
	if err != nil {
		tb.Fatal(err)
	}
	f.Key = id
	return f
}

func box(w, s, e, n float64) orb.Polygon {
	return orb.Polygon{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}
}

var (
	red  = color.RGBA{0xd0, 0x20, 0x20, 0xff}
	blue = color.RGBA{0x20, 0x40, 0xd0, 0xff}
)

// scene is two polities side by side on land, split at longitude 114,
// with a capital and a city.
func scene(tb testing.TB) *Scene {
	tb.Helper()
	return &Scene{
		At:     chrono.SliderDay(1141),
		View:   Fit(orb.Bound{Min: orb.Point{110, 30}, Max: orb.Point{118, 36}}, 640, 480),
		Width:  640,
		Height: 480,
		Land:   []*feature.Feature{mustFeature(tb, "land", box(100, 20, 130, 45), nil)},
		Territories: []*feature.Feature{
			mustFeature(tb, "west", box(100, 20, 114, 45), map[string]any{"polity": "west", "certainty": "certain"}),
			mustFeature(tb, "east", box(114, 20, 130, 45), map[string]any{"polity": "east", "certainty": "uncertain"}),
		},
		Places: []*feature.Feature{
			mustFeature(tb, "kaifeng", orb.Point{114.31, 34.8}, map[string]any{"kind": "capital", "name": "Kaifeng", "name_zh": "開封"}),
			mustFeature(tb, "xiangyang", orb.Point{112.14, 32.04}, map[string]any{"kind": "city", "name": "Xiangyang", "name_zh": "襄陽"}),
		},
		Polities: []Polity{{ID: "west", Name: "Westland", NameZh: "西國", Color: red}, {ID: "east", Name: "Eastland", NameZh: "東國", Color: blue}},
		Eras: []Era{
			{Polity: "west", Name: "Shaoxing", NameZh: "紹興", Life: chrono.Interval{Start: chrono.YearStart(1131), End: chrono.YearStart(1163)}},
			{Polity: "east", Name: "Huangtong", NameZh: "皇統", Life: chrono.Interval{Start: chrono.YearStart(1141), End: chrono.YearStart(1150)}},
		},
		Title:       "Two Lands",
		TitleZh:     "宋金戰爭",
		Attribution: "© test, CC BY 4.0",
		Frame:       true,
		Legend:      true,
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		name          string
		b             orb.Bound
		width, height float64
		zoom          float64
	}{
		{"the world in one tile", orb.Bound{Min: orb.Point{-180, -maxLat}, Max: orb.Point{180, maxLat}}, 256, 256, 0},
		{"the world in 512 pixels", orb.Bound{Min: orb.Point{-180, -maxLat}, Max: orb.Point{180, maxLat}}, 512, 512, 1},
		{"a wide box in a tall map keeps its width", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{90, 1}}, 256, 1000, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Fit(tt.b, tt.width, tt.height)
			if math.Abs(v.Zoom-tt.zoom) > 1e-9 {
				t.Errorf("zoom: got %g, want %g", v.Zoom, tt.zoom)
			}
			got := v.Bound(tt.width, tt.height, 0)
			if !got.Contains(tt.b.Min) && math.Abs(got.Min.Lon()-tt.b.Min.Lon()) > 1e-6 {
				t.Errorf("bound %v does not hold %v", got, tt.b)
			}
		})
	}
}

func TestTileView(t *testing.T) {
	for _, tl := range []maptile.Tile{maptile.New(0, 0, 0), maptile.New(52, 26, 6), maptile.New(3, 5, 3)} {
		want := tl.Bound()
		got := TileView(tl).Bound(TileSize, TileSize, 0)
		if d := math.Max(math.Abs(got.Min.Lon()-want.Min.Lon()), math.Abs(got.Max.Lat()-want.Max.Lat())); d > 1e-9 {
			t.Errorf("tile %v: got %v, want %v", tl, got, want)
		}
	}
}

func TestChineseYear(t *testing.T) {
	for n, want := range map[int]string{1: "元年", 2: "二年", 10: "十年", 11: "十一年", 20: "二十年", 32: "三十二年", 100: "100年"} {
		if got := chineseYear(n); got != want {
			t.Errorf("chineseYear(%d) = %q, want %q", n, got, want)
		}
	}
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// over is c at opacity a over the land's colour.
func over(c color.RGBA, a float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.RGBA{mix(c.R, colLand.R), mix(c.G, colLand.G), mix(c.B, colLand.B), 0xff}
}

func TestPNG(t *testing.T) {
	r := mustRenderer(t)
	for _, scale := range []float64{1, 2} {
		s := scene(t)
		var buf bytes.Buffer
		if err := r.Write(context.Background(), &buf, s, PNG, scale); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := img.Bounds().Dx(), int(s.Width*scale); got != want {
			t.Errorf("scale %g: width %d, want %d", scale, got, want)
		}
		if got, want := img.Bounds().Dy(), int(s.Height*scale); got != want {
			t.Errorf("scale %g: height %d, want %d", scale, got, want)
		}
		p := s.View.projection(s.Width, s.Height)
		at := func(lon, lat float64) color.RGBA {
			q := p.point(orb.Point{lon, lat})
			return color.RGBAModel.Convert(img.At(int(q[0]*scale), int(q[1]*scale))).(color.RGBA)
		}
		if got, want := at(111, 34), over(red, 0.7); !near(got, want, 6) {
			t.Errorf("scale %g: west of 114: got %v, want the west's %v", scale, got, want)
		}
		if got, want := at(117, 33), over(blue, 0.45); !near(got, want, 6) {
			// an uncertain land is paler; hatching may cross the pixel
			if got2 := at(117.05, 33.05); !near(got2, want, 6) {
				t.Errorf("scale %g: east of 114: got %v and %v, want the east's %v", scale, got, got2, want)
			}
		}
	}
}

// texts returns the text of every <text> element of an SVG document, and
// fails when the document is not well-formed XML.
func texts(tb testing.TB, doc []byte) string {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				depth++
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				depth--
				out.WriteString("\n")
			}
		case xml.CharData:
			if depth > 0 {
				out.Write(tok)
			}
		}
	}
	return out.String()
}

func TestSVGLabelsAreText(t *testing.T) {
	r := mustRenderer(t)
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"1141", "Kaifeng", "Xiangyang", "Westland: Shaoxing 11", "Eastland: Huangtong 1", "Two Lands", "© test, CC BY 4.0", "capital", "km"}},
		{"zh", []string{"1141年", "開封", "襄陽", "西國紹興十一年", "東國皇統元年", "宋金戰爭", "都城", "公里"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			s := scene(t)
			s.Lang = tt.lang
			var buf bytes.Buffer
			if err := r.Write(context.Background(), &buf, s, SVG, 1); err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(texts(t, buf.Bytes()), "\u00a0", " ")
			flat := strings.ReplaceAll(got, "\n", "")
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("no %q in the SVG's text:\n%s", w, got)
				}
			}
		})
	}
}

func TestLabelsDoNotCollide(t *testing.T) {
	r := mustRenderer(t)
	s := scene(t)
	// many places on one spot: one label wins, the others give way
	for i := 0; i < 20; i++ {
		s.Places = append(s.Places, mustFeature(t, "p"+string(rune('a'+i)), orb.Point{113 + float64(i)*0.01, 33}, map[string]any{"kind": "city", "name": "Town"}))
	}
	var buf bytes.Buffer
	if err := r.Write(context.Background(), &buf, s, SVG, 1); err != nil {
		t.Fatal(err)
	}
	got := strings.Count(texts(t, buf.Bytes()), "Town")
	if got < 1 || got > 8 {
		t.Errorf("%d labels of 20 places on one spot; want at least one and only those with room", got)
	}
}

func TestCapitalsFirst(t *testing.T) {
	r := mustRenderer(t)
	s := scene(t)
	s.Frame = false
	// a city listed before a capital on the same spot: the capital wins
	s.Places = []*feature.Feature{
		mustFeature(t, "a-city", orb.Point{112, 33}, map[string]any{"kind": "city", "name": "Cityname"}),
		mustFeature(t, "b-capital", orb.Point{112, 33}, map[string]any{"kind": "capital", "name": "Capitalname"}),
	}
	s.Width, s.Height = 200, 60
	s.View = View{Center: orb.Point{112.6, 33}, Zoom: 5}
	var buf bytes.Buffer
	if err := r.Write(context.Background(), &buf, s, SVG, 1); err != nil {
		t.Fatal(err)
	}
	got := texts(t, buf.Bytes())
	if !strings.Contains(got, "Capitalname") || strings.Contains(got, "Cityname") {
		t.Errorf("got labels %q, want the capital's alone", got)
	}
}

func TestErrors(t *testing.T) {
	r := mustRenderer(t)
	s := scene(t)
	s.Width = 0
	if _, err := r.Draw(context.Background(), s); !errors.Is(err, ErrSize) {
		t.Errorf("no width: got %v, want ErrSize", err)
	}
	s = scene(t)
	if _, err := r.Image(context.Background(), s, 100); !errors.Is(err, ErrSize) {
		t.Errorf("too many pixels: got %v, want ErrSize", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Write(ctx, io.Discard, scene(t), PNG, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
	if err := r.Write(context.Background(), io.Discard, scene(t), Format(9), 1); !errors.Is(err, ErrFormat) {
		t.Errorf("format 9: got %v, want ErrFormat", err)
	}
}

func TestUndrawableNames(t *testing.T) {
	r := mustRenderer(t)
	s := scene(t)
	s.Lang = "zh"
	// Devanagari is in neither font: the English name stands in
	s.Places = []*feature.Feature{mustFeature(t, "x", orb.Point{112, 33}, map[string]any{"kind": "capital", "name": "Kannauj", "name_zh": "कन्नौज"})}
	var buf bytes.Buffer
	if err := r.Write(context.Background(), &buf, s, SVG, 1); err != nil {
		t.Fatal(err)
	}
	if got := texts(t, buf.Bytes()); !strings.Contains(got, "Kannauj") {
		t.Errorf("labels %q: want the English name in place of one the fonts cannot draw", got)
	}
}
