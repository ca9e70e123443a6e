package geo

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPure: no package under geo/ depends on the network or on the
// server's internal packages, directly or through what it imports.
func TestPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		for _, d := range strings.Fields(deps) {
			if slices.Contains([]string{"net", "net/http"}, d) || strings.HasPrefix(d, "github.com/chronoatlas/chronoatlas/internal/") {
				t.Errorf("%s depends on %s", pkg, d)
			}
		}
	}
}
