package main

import (
	"os"
	"path/filepath"
	"testing"
)

const (
	v5Dir = "../../../smartcoreecho"
	v4Dir = "../.."
)

// TestV4IsGeneratedFromV5 fails when the echo v4 adapter has drifted from
// the v5 one: run go generate in adapters/smartcoreechov4.
func TestV4IsGeneratedFromV5(t *testing.T) {
	problems, err := drift(v5Dir, v4Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestDriftIsFound checks that the comparison sees an edited generated
// file, a stray file and a missing hand-written one.
func TestDriftIsFound(t *testing.T) {
	dst := t.TempDir()
	files, err := generate(v5Dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, code := range files {
		if err := os.WriteFile(filepath.Join(dst, name), code, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range handWritten {
		if err := os.WriteFile(filepath.Join(dst, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if problems, err := drift(v5Dir, dst); err != nil || len(problems) != 0 {
		t.Fatalf("fresh copy: %v %v", problems, err)
	}

	if err := os.WriteFile(filepath.Join(dst, "wrap.go"), append(files["wrap.go"], "// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "extra.go"), []byte("package smartcoreechov4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dst, "echo.go")); err != nil {
		t.Fatal(err)
	}
	problems, err := drift(v5Dir, dst)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"extra.go is neither generated nor hand-written",
		"hand-written echo.go is missing",
		"wrap.go differs from what smartcoreecho generates",
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %q", problems, want)
	}
	for i := range want {
		if problems[i] != want[i] {
			t.Fatalf("problems %q, want %q", problems, want)
		}
	}
}

// TestRewrites pins the rewrites on the lines that need them.
func TestRewrites(t *testing.T) {
	for in, want := range map[string]string{
		`"github.com/labstack/echo/v5"`:                              `"github.com/labstack/echo/v4"`,
		`"github.com/labstack/echo/v5/middleware"`:                   `"github.com/labstack/echo/v4/middleware"`,
		`"github.com/smartcorekit/smartcore/adapters/smartcoreecho"`: `"github.com/smartcorekit/smartcore/adapters/smartcoreechov4"`,
		"package smartcoreecho_test":                                 "package smartcoreechov4_test",
		"func Callback(c *echo.Context) (*smartcore.Callback, bool)": "func Callback(c echo.Context) (*smartcore.Callback, bool)",
		"smartcoreecho.Callback(c)":                                  "smartcoreechov4.Callback(c)",
		"smartcoreechov4.Callback(c)":                                "smartcoreechov4.Callback(c)",
		"// A shop on echo v5: the":                                  "// A shop on echo v4: the",
	} {
		got := in
		for _, r := range rewrites {
			got = r.from.ReplaceAllString(got, r.to)
		}
		if got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}
