package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

func TestTagNamesRootFirst(t *testing.T) {
	got := strings.Join(tagNames("v0.1.0"), " ")
	want := "v0.1.0 adapters/smartcoregin/v0.1.0 adapters/smartcoreecho/v0.1.0 adapters/smartcoreechov4/v0.1.0 " +
		"dedup/redisdedup/v0.1.0 dedup/sqldedup/v0.1.0 otel/smartcoreotel/v0.1.0"
	if got != want {
		t.Fatalf("tags %q, want %q", got, want)
	}
}

func TestCheckVersion(t *testing.T) {
	for _, v := range []string{"v0.1.0", "v1.2.3-rc.1"} {
		if err := checkVersion(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"", "0.1.0", "v0.1", "v0.1.0+build", "latest"} {
		if err := checkVersion(v); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestCheckModFile(t *testing.T) {
	cases := []struct {
		name, dir, gomod string
		want             []string // substrings of the problems, in order; none: clean
	}{
		{"clean nested module", "dedup/chaostest", `module github.com/smartcorekit/smartcore/dedup/chaostest
require (
	github.com/smartcorekit/smartcore v0.1.0
	github.com/smartcorekit/smartcore/dedup/redisdedup v0.1.0
	golang.org/x/time v0.16.0
)
replace (
	github.com/smartcorekit/smartcore => ../..
	github.com/smartcorekit/smartcore/dedup/redisdedup => ../redisdedup
)
`, nil},
		{"root", "", "module github.com/smartcorekit/smartcore\nrequire golang.org/x/time v0.16.0\n", nil},
		{"the version that cannot exist", "adapters/smartcoregin", `module github.com/smartcorekit/smartcore/adapters/smartcoregin
require github.com/smartcorekit/smartcore v0.0.0
replace github.com/smartcorekit/smartcore => ../..
`, []string{"requires github.com/smartcorekit/smartcore v0.0.0, not v0.1.0"}},
		{"no replace", "otel/smartcoreotel", `module github.com/smartcorekit/smartcore/otel/smartcoreotel
require github.com/smartcorekit/smartcore v0.1.0
`, []string{"should be replaced with ../.."}},
		{"a replace elsewhere", "examples/gin", `module github.com/smartcorekit/smartcore/examples/gin
require github.com/smartcorekit/smartcore/adapters/smartcoregin v0.1.0
replace github.com/smartcorekit/smartcore/adapters/smartcoregin => ../gin
`, []string{"should be replaced with ../../adapters/smartcoregin"}},
		{"unlisted module", "adapters/fiber", "module github.com/smartcorekit/smartcore/adapters/fiber\n",
			[]string{"neither public nor untagged"}},
		{"wrong path", "adapters/smartcoregin", "module example.com/gin\n", []string{"module path should be"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mf, err := modfile.Parse("go.mod", []byte(tc.gomod), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := checkModFile("go.mod", tc.dir, mf, "v0.1.0")
			if len(got) != len(tc.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("problem %q, want it to say %q", got[i], tc.want[i])
				}
			}
		})
	}
}

func TestCheckChangelog(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "CHANGELOG.md"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-12-07\n\n### Added\n")
	if err := checkChangelog(dir, "v0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := checkChangelog(dir, "v0.2.0"); err == nil {
		t.Fatal("v0.2.0 accepted without its section")
	}
	write("# Changelog\n\nWe released [0.1.0] today.\n")
	if err := checkChangelog(dir, "v0.1.0"); err == nil {
		t.Fatal("a mention accepted as a section")
	}
}

// TestRepositoryIsConsistent runs the module checks on this repository:
// every go.mod names one version, CHANGELOG.md has its section, and every
// module is listed.
func TestRepositoryIsConsistent(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Skip("not in a git work tree:", err)
	}
	version, err := namedVersion(root)
	if err != nil {
		t.Fatal(err)
	}
	problems := checkModules(root, version)
	if err := checkChangelog(root, version); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		t.Fatalf("%s:\n%s", version, strings.Join(problems, "\n"))
	}
}

func TestRelDir(t *testing.T) {
	for _, tc := range [][3]string{
		{"adapters/smartcoregin", "", "../.."},
		{"dedup/chaostest", "dedup/redisdedup", "../redisdedup"},
		{"examples/gin", "adapters/smartcoregin", "../../adapters/smartcoregin"},
		{"", "dedup/sqldedup", "./dedup/sqldedup"},
	} {
		if got := relDir(tc[0], tc[1]); got != tc[2] {
			t.Errorf("relDir(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
