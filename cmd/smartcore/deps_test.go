package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoTestCode keeps test wiring out of the binary: package testing
// (whose flags and helpers a server has no use for) and the packages made
// for tests, such as webhooktest and sandboxtest.
func TestLinksNoTestCode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "testing" || (strings.HasSuffix(pkg, "test") && strings.Contains(pkg, "smartcorekit/")) {
			t.Errorf("smartcore links %s", pkg)
		}
	}
}
