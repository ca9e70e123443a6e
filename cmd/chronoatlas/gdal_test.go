package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// mustOgrinfo returns the path of GDAL's ogrinfo. Without it the test is
// skipped locally and fails in CI, where the setup installs GDAL.
func mustOgrinfo(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatal("ogrinfo not found: CI must install gdal-bin")
		}
		tb.Skip("ogrinfo not found; install gdal-bin to run the GDAL client tests")
	}
	return path
}

func ogrinfo(tb testing.TB, args ...string) string {
	tb.Helper()
	cmd := exec.Command(mustOgrinfo(tb), args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestGDALReadsTheAPI points GDAL's OGC API Features driver, a real and
// demanding client, at the server: it must list the collections, and the
// territories it reads for a year must put Kaifeng inside the right polity.
func TestGDALReadsTheAPI(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())

	out := ogrinfo(t, "-ro", "-q", "OAPIF:"+base)
	for _, c := range []string{"territories", "places", "events", "rivers"} {
		if !regexp.MustCompile(`(?m)^\d+: ` + c + `\b`).MatchString(out) {
			t.Errorf("ogrinfo does not list %s:\n%s", c, out)
		}
	}

	// Kaifeng as a point-sized spatial filter, which GDAL sends as bbox;
	// the year travels in the URL, which GDAL keeps on every request.
	kaifeng := []string{"-spat", "114.30", "34.79", "114.32", "34.81"}
	tests := []struct {
		year, polity string
	}{
		{"1120", "song"},
		{"1141", "jin"},
	}
	for _, tt := range tests {
		t.Run(tt.year, func(t *testing.T) {
			args := append([]string{"-ro", "-al", "-geom=NO"}, kaifeng...)
			args = append(args, "OAPIF:"+base+"/collections/territories?datetime="+tt.year)
			out := ogrinfo(t, args...)
			polities := regexp.MustCompile(`(?m)^\s*polity \(String\) = (\S+)`).FindAllStringSubmatch(out, -1)
			var got []string
			for _, p := range polities {
				got = append(got, p[1])
			}
			if len(got) != 1 || got[0] != tt.polity {
				t.Errorf("territories at Kaifeng in %s: got polities %v, want [%s]\n%s", tt.year, got, tt.polity, out)
			}
		})
	}
}

// TestGDALReadsKML reads the territories of a year as KML, through GDAL's
// network reader, and finds the Song at Kaifeng in 1120 and the Jin in 1141.
func TestGDALReadsKML(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())
	for _, tt := range []struct{ year, polity string }{{"1120", "song"}, {"1141", "jin"}} {
		t.Run(tt.year, func(t *testing.T) {
			out := ogrinfo(t, "-ro", "-al", "-geom=NO", "-spat", "114.30", "34.79", "114.32", "34.81",
				"/vsicurl/"+base+"/collections/territories/items?f=kml&datetime="+tt.year)
			m := regexp.MustCompile(`(?m)^\s*polity \(String\) = (\S+)`).FindAllStringSubmatch(out, -1)
			if len(m) != 1 || m[0][1] != tt.polity {
				t.Errorf("KML territories at Kaifeng in %s: %v, want [%s]\n%s", tt.year, m, tt.polity, out)
			}
		})
	}
}
