package smartcoreotel_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// sandboxPackage is the gateway emulator, which an application's telemetry
// must not link: smartcoreotel observes its deliveries through the leaf
// package sandbox/delivery only.
const sandboxPackage = "github.com/smartcorekit/smartcore/sandbox"

// TestDoesNotLinkTheSandbox lists the package's dependencies (tests
// excluded) and fails if the sandbox is among them.
func TestDoesNotLinkTheSandbox(t *testing.T) {
	t.Parallel()
	gobin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no go command to list the dependencies with: %v", err)
		}
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 2 || deps[len(deps)-1] != "github.com/smartcorekit/smartcore/otel/smartcoreotel" {
		t.Fatalf("go list -deps did not list this package last: %q", out)
	}
	for _, p := range deps {
		if p == sandboxPackage {
			t.Errorf("smartcoreotel depends on %s", sandboxPackage)
		}
	}
}
