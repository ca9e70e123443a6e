// Command fontsubset builds the fonts that internal/render embeds: a Latin font
// (regular and bold) and a CJK font, each cut down to the characters the embedded dataset and
// the map furniture use, so that the binary grows by kilobytes instead of
// the megabytes a whole CJK font weighs.
//
// Every character goes to the Latin font when it has a glyph for it, and to
// the CJK font otherwise; a character neither has is an error, listed. With
// -check it writes nothing and fails when the committed fonts differ from
// what it would write (make test runs it so).
//
//	go run ./cmd/fontsubset            # rewrite internal/render/fonts/*.ttf
//	go run ./cmd/fontsubset -check     # CI: are they up to date?
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/tdewolff/font"
)

func main() {
	var (
		data  = flag.String("data", "data/jinsong", "the dataset folder whose characters the fonts must draw")
		src   = flag.String("src", "internal/render", "the package whose string literals (headings, units) the fonts must draw")
		out   = flag.String("out", "internal/render/fonts", "where the subset fonts go")
		latin = flag.String("latin", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "the Latin font (Debian fonts-dejavu-core)")
		bold  = flag.String("latin-bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "the Latin bold font, for titles and capitals")
		cjk   = flag.String("cjk", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "the CJK font (Debian fonts-droid-fallback)")
		check = flag.Bool("check", false, "fail if the fonts in -out are not what this would write")
	)
	flag.Parse()
	if err := run(*data, *src, *out, *latin, *bold, *cjk, *check); err != nil {
		fmt.Fprintln(os.Stderr, "fontsubset:", err)
		os.Exit(1)
	}
}

func run(data, src, out, latinPath, boldPath, cjkPath string, check bool) error {
	runes, err := wanted(data, src)
	if err != nil {
		return err
	}
	latin, err := load(latinPath)
	if err != nil {
		return err
	}
	bold, err := load(boldPath)
	if err != nil {
		return err
	}
	cjk, err := load(cjkPath)
	if err != nil {
		return err
	}
	var forLatin, forCJK []rune
	var missing []string
	for _, r := range runes {
		switch {
		case latin.GlyphIndex(r) != 0 && bold.GlyphIndex(r) != 0:
			forLatin = append(forLatin, r)
		case cjk.GlyphIndex(r) != 0:
			forCJK = append(forCJK, r)
		default:
			missing = append(missing, fmt.Sprintf("%q (U+%04X)", r, r))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no font has %s", strings.Join(missing, ", "))
	}
	files := map[string][]byte{}
	if files["latin.ttf"], err = subset(latin, forLatin); err != nil {
		return fmt.Errorf("%s: %w", latinPath, err)
	}
	if files["latin-bold.ttf"], err = subset(bold, forLatin); err != nil {
		return fmt.Errorf("%s: %w", boldPath, err)
	}
	if files["cjk.ttf"], err = subset(cjk, forCJK); err != nil {
		return fmt.Errorf("%s: %w", cjkPath, err)
	}
	var stale []string
	for _, name := range []string{"latin.ttf", "latin-bold.ttf", "cjk.ttf"} {
		path := filepath.Join(out, name)
		if check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, files[name]) {
				stale = append(stale, path)
			}
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d characters, %d bytes\n", path, map[string]int{"latin.ttf": len(forLatin), "latin-bold.ttf": len(forLatin), "cjk.ttf": len(forCJK)}[name], len(files[name]))
	}
	if len(stale) > 0 {
		return fmt.Errorf("%s out of date (names or titles with new characters?): run make fonts and commit them", strings.Join(stale, ", "))
	}
	return nil
}

// drawn are the properties and dataset.json fields whose text a map
// draws: names, titles, the attribution and the licence's name.
var drawn = map[string]bool{"name": true, "name_zh": true, "title": true, "title_zh": true, "attribution": true}

// wanted returns, sorted, the characters the fonts must have: printable
// ASCII and Latin-1, the characters of the texts a map draws from the
// dataset (names, titles, eras, the attribution; not descriptions or
// notes), and those of the render package's Go source (its own words).
func wanted(data, src string) ([]rune, error) {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7f; r++ {
		set[r] = true
	}
	for r := rune(0xa0); r <= 0xff; r++ {
		set[r] = true
	}
	addText := func(s string) {
		for _, r := range s {
			if unicode.IsPrint(r) && r != unicode.ReplacementChar {
				set[r] = true
			}
		}
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case string:
			if drawn[key] {
				addText(v)
			}
		case []any:
			for _, e := range v {
				walk(key, e)
			}
		case map[string]any:
			for k, e := range v {
				walk(k, e)
			}
		}
	}
	err := filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, ".geojson") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		walk("", v)
		if m, ok := v.(map[string]any); ok {
			if lic, ok := m["license"].(map[string]any); ok {
				addText(fmt.Sprint(lic["name"]))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	srcs, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, path := range srcs {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		addText(string(b))
	}
	runes := make([]rune, 0, len(set))
	for r := range set {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	return runes, nil
}

func load(path string) (*font.SFNT, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (install fonts-dejavu-core and fonts-droid-fallback, or pass -latin and -cjk)", err)
	}
	f, err := font.ParseFont(b, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !f.IsTrueType {
		return nil, errors.New(path + ": not a TrueType font; CFF fonts with several font dictionaries, as Noto CJK's, cannot be subset")
	}
	return f, nil
}

// subset keeps glyph 0 (.notdef) and the glyphs of runes, and the tables a
// renderer needs to place and draw them.
func subset(f *font.SFNT, runes []rune) ([]byte, error) {
	ids := []uint16{0}
	seen := map[uint16]bool{0: true}
	for _, r := range runes {
		id := f.GlyphIndex(r)
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	s, err := f.Subset(ids, font.SubsetOptions{Tables: font.KeepMinTables})
	if err != nil {
		return nil, err
	}
	return reproducible(s.Write()), nil
}

// reproducible gives the font's head table its creation time as its
// modification time, where the writer puts the time of the run, and sets
// the checksums again, so that the same input always makes the same bytes
// and -check can compare them.
func reproducible(b []byte) []byte {
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n; i++ {
		rec := b[12+16*i:]
		if string(rec[:4]) != "head" {
			continue
		}
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		head := b[off : off+length]
		copy(head[28:36], head[20:28])
		binary.BigEndian.PutUint32(head[8:], 0)
		binary.BigEndian.PutUint32(rec[4:], checksum(head))
		binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-checksum(b))
	}
	return b
}

// checksum is the OpenType table checksum: the sum of big-endian uint32s,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
