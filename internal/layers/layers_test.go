package layers

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const root = "github.com/smartcorekit/smartcore"

// pkg is one package of a go list -deps answer.
type pkg struct {
	path, module string
	imports      []string
}

// deps lists the packages that programs importing pkgs link, through the go
// command. It skips the test where the go command is missing, unless CI is
// set: there the layering must be checked.
func deps(t *testing.T, pkgs ...string) []pkg {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the go command is needed to check the layering: %v", err)
		}
		t.Skipf("no go command: %v", err)
	}
	args := append([]string{"list", "-deps", "-f", "{{.ImportPath}}\t{{with .Module}}{{.Path}}{{end}}\t{{join .Imports \" \"}}"}, pkgs...)
	out, err := exec.Command(gobin, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", strings.Join(pkgs, " "), err, stderr)
	}
	var list []pkg
	for line := range strings.Lines(strings.TrimSpace(string(out))) {
		f := strings.Split(strings.TrimRight(line, "\n"), "\t")
		if len(f) != 3 {
			t.Fatalf("unexpected go list line %q", line)
		}
		list = append(list, pkg{path: f[0], module: f[1], imports: strings.Fields(f[2])})
	}
	if len(list) == 0 {
		t.Fatalf("go list -deps %s listed nothing", strings.Join(pkgs, " "))
	}
	return list
}

// requireModules fails unless every package of list is in the standard
// library (no module) or in one of allowed, naming the packages that pull
// in anything else.
func requireModules(t *testing.T, what string, list []pkg, allowed ...string) {
	t.Helper()
	for _, p := range list {
		if p.module == "" || slices.Contains(allowed, p.module) {
			continue
		}
		var by []string
		for _, q := range list {
			if slices.Contains(q.imports, p.path) {
				by = append(by, q.path)
			}
		}
		t.Errorf("%s links %s (module %s), imported by %s; allowed: the standard library and %s",
			what, p.path, p.module, strings.Join(by, ", "), strings.Join(allowed, ", "))
	}
}

// TestRootLinksOnlyTheStandardLibrary: the gateway's data types (package
// smartcore) link no module but the standard library and their own.
func TestRootLinksOnlyTheStandardLibrary(t *testing.T) {
	requireModules(t, "package smartcore", deps(t, root), root)
}

// TestWebhookProgramLinksOnlySchema: a program that only receives callbacks
// (webhook and signing) links the standard library, the root module and
// gorilla/schema, which decodes callback forms into structs.
func TestWebhookProgramLinksOnlySchema(t *testing.T) {
	requireModules(t, "a program importing webhook and signing",
		deps(t, root+"/webhook", root+"/signing"), root, "github.com/gorilla/schema")
}

// TestClientIsWhereValidatorComesIn: the client brings go-playground's
// validator (through package validate) and x/time's rate limiter, and is
// the lightest package that does: nothing it builds on imports either.
func TestClientIsWhereValidatorComesIn(t *testing.T) {
	list := deps(t, root+"/client")
	heavy := map[string]bool{"github.com/go-playground/validator/v10": false, "golang.org/x/time": false}
	for _, p := range list {
		if _, ok := heavy[p.module]; ok {
			heavy[p.module] = true
		}
	}
	for m, linked := range heavy {
		if !linked {
			t.Errorf("package client does not link %s: update this test and the package docs", m)
		}
	}
	// Which root-module packages import a heavy module directly.
	for _, p := range list {
		if p.module != root {
			continue
		}
		for _, imp := range p.imports {
			heavyImport := strings.HasPrefix(imp, "github.com/go-playground/") || strings.HasPrefix(imp, "golang.org/x/time/")
			if heavyImport && p.path != root+"/client" && p.path != root+"/validate" {
				t.Errorf("%s imports %s: only client and validate may", p.path, imp)
			}
		}
	}
}
