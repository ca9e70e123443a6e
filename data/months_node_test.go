package data_test

import (
	"errors"
	"os"
	"os/exec"
	"testing"
)

// TestMonthsAgainstLunarJavascript checks testdata/months.csv against the
// converter it was written from: data/tools/months.js recomputes every month
// with lunar-javascript and says what differs. It needs Node and the
// tools' packages (make test installs them); without them it fails in CI
// and skips elsewhere.
func TestMonthsAgainstLunarJavascript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat("tools/node_modules/lunar-javascript/package.json")
		if errors.Is(err, os.ErrNotExist) {
			err = errors.New("lunar-javascript is not installed: run npm ci in data/tools")
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot check the lunar months: %v", err)
		}
		t.Skipf("cannot check the lunar months: %v", err)
	}
	cmd := exec.Command(node, "tools/months.js", "--check", "testdata/months.csv")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("months.js --check: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
