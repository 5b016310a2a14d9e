// Command release checks that the tree is ready to be tagged at a version,
// prints the tags in the order they are pushed, and with -tag creates them
// in the local repository (it never pushes). With -consumer it is the
// consumer test instead: it installs every public module from a module
// proxy built from the committed tree, as a user's machine would.
//
// From this directory:
//
//	go run . v0.1.0              dry run: check, then print the tags
//	go run . -tag v0.1.0         check, then create the tags locally
//	go run . -consumer [v0.1.0]  the consumer test (default: the version the go.mod files name)
//
// The checks: every go.mod of the repository requires the kit's modules at
// VERSION and replaces them with their directories; every module is either
// public (tagged) or listed as never installed at a version; go.work uses
// every module; CHANGELOG.md has a "## [X.Y.Z]" section for it; the tree is
// clean; none of the tags exists yet. RELEASING.md describes the whole
// procedure. This is a module of its own, never tagged, so that
// golang.org/x/mod stays out of the kit's go.mod.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// rootPath is the module path of the kit's root module.
const rootPath = "github.com/smartcorekit/smartcore"

// public lists the directories of the modules tagged at each release, in
// the order their tags are pushed: the root first, since every other one
// requires it.
var public = []string{
	"",
	"adapters/smartcoregin",
	"adapters/smartcoreecho",
	"adapters/smartcoreechov4",
	"dedup/redisdedup",
	"dedup/sqldedup",
	"otel/smartcoreotel",
}

// untagged lists the modules that are never installed at a version: they
// exist to be run or tested inside the repository, through their replace
// directives, which a module required at a version cannot use.
var untagged = []string{
	"adapters/chiexample",
	"dedup/chaostest",
	"examples/chi",
	"examples/echo",
	"examples/gin",
	"examples/shop",
	"tools/release",
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	create := fs.Bool("tag", false, "create the tags in the local repository (never pushed)")
	consumer := fs.Bool("consumer", false, "run the consumer test instead: install every public module from a proxy built from HEAD")
	keep := fs.Bool("keep", false, "with -consumer: keep the temporary directory, for a look after a failure")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run . [-tag] VERSION\n       go run . -consumer [-keep] [VERSION]\n\nChecks that the tree can be released at VERSION (such as v0.1.0) and prints its tags, root first.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	if *consumer {
		if fs.NArg() > 1 {
			fs.Usage()
			return 2
		}
		version := fs.Arg(0)
		if version == "" {
			if version, err = namedVersion(root); err != nil {
				fmt.Fprintln(stderr, "release:", err)
				return 1
			}
		}
		if err := checkVersion(version); err != nil {
			fmt.Fprintln(stderr, "release:", err)
			return 2
		}
		if err := consumerTest(root, version, *keep, stdout); err != nil {
			fmt.Fprintln(stderr, "release: consumer test:", err)
			return 1
		}
		fmt.Fprintln(stdout, "consumer test passed: every public module installs alone at", version)
		return 0
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	version := fs.Arg(0)
	if err := checkVersion(version); err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 2
	}
	problems := checkRelease(root, version)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "release:", p)
		}
		fmt.Fprintf(stderr, "release: %s cannot be tagged (%d problems)\n", version, len(problems))
		return 1
	}
	tags := tagNames(version)
	if !*create {
		fmt.Fprintf(stdout, "%s is ready; the tags, in order (dry run: pass -tag to create them):\n", version)
		for _, t := range tags {
			fmt.Fprintln(stdout, "  "+t)
		}
		return 0
	}
	for _, t := range tags {
		if _, err := git(root, "tag", "-a", t, "-m", "smartcore "+t); err != nil {
			fmt.Fprintln(stderr, "release:", err)
			return 1
		}
		fmt.Fprintln(stdout, "tagged", t)
	}
	fmt.Fprintf(stdout, "push them in this order, root first:\n  git push origin %s\n", strings.Join(tags, " "))
	return 0
}

// checkVersion refuses anything but a canonical semantic version with a
// "v": v0.1.0, v1.2.3-rc.1.
func checkVersion(v string) error {
	if !semver.IsValid(v) || semver.Canonical(v) != v {
		return fmt.Errorf("%q is not a version such as v0.1.0", v)
	}
	return nil
}

// tagNames is the tag of each public module at version, root first:
// v0.1.0, adapters/smartcoregin/v0.1.0, ...
func tagNames(version string) []string {
	tags := make([]string, len(public))
	for i, dir := range public {
		tags[i] = path.Join(dir, version)
	}
	return tags
}

// modulePath is the module path of the module in dir ("" for the root).
func modulePath(dir string) string {
	if dir == "" {
		return rootPath
	}
	return rootPath + "/" + dir
}

// checkRelease returns every reason the tree at root cannot be tagged at
// version.
func checkRelease(root, version string) []string {
	problems := checkModules(root, version)
	if err := checkChangelog(root, version); err != nil {
		problems = append(problems, err.Error())
	}
	if out, err := git(root, "status", "--porcelain"); err != nil {
		problems = append(problems, err.Error())
	} else if out != "" {
		problems = append(problems, "the tree has changes that are not committed:\n"+out)
	}
	for _, t := range tagNames(version) {
		if _, err := git(root, "rev-parse", "-q", "--verify", "refs/tags/"+t); err == nil {
			problems = append(problems, "tag "+t+" exists already")
		}
	}
	return problems
}

// checkChangelog requires a "## [X.Y.Z]" section in CHANGELOG.md.
func checkChangelog(root, version string) error {
	data, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		return err
	}
	heading := "## [" + strings.TrimPrefix(version, "v") + "]"
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, heading) {
			return nil
		}
	}
	return fmt.Errorf("CHANGELOG.md has no %q section", heading)
}

// goModDirs lists the directory of every go.mod the repository tracks,
// "" for the root.
func goModDirs(root string) ([]string, error) {
	out, err := git(root, "ls-files", "--", ":(glob)**/go.mod")
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, f := range strings.Fields(out) {
		dir := path.Dir(f)
		if dir == "." {
			dir = ""
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// checkModules checks every go.mod: its module path matches its
// directory, it is public or untagged, it requires every kit module at
// version and replaces it with that module's directory; every public
// module exists, and go.work uses every module.
func checkModules(root, version string) []string {
	var problems []string
	dirs, err := goModDirs(root)
	if err != nil {
		return []string{err.Error()}
	}
	for _, dir := range public {
		if !slices.Contains(dirs, dir) {
			problems = append(problems, fmt.Sprintf("public module %s has no go.mod", modulePath(dir)))
		}
	}
	for _, dir := range dirs {
		name := path.Join(dir, "go.mod")
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		mf, err := modfile.Parse(name, data, nil)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		problems = append(problems, checkModFile(name, dir, mf, version)...)
	}
	work, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		return append(problems, err.Error())
	}
	wf, err := modfile.ParseWork("go.work", work, nil)
	if err != nil {
		return append(problems, err.Error())
	}
	used := map[string]bool{}
	for _, u := range wf.Use {
		used[path.Clean(u.Path)] = true
	}
	for _, dir := range dirs {
		if !used[path.Clean("./"+dir)] && !(dir == "" && used["."]) {
			problems = append(problems, fmt.Sprintf("go.work does not use ./%s", dir))
		}
	}
	return problems
}

// checkModFile checks one go.mod, named name, in directory dir.
func checkModFile(name, dir string, mf *modfile.File, version string) []string {
	var problems []string
	if mf.Module == nil || mf.Module.Mod.Path != modulePath(dir) {
		return []string{fmt.Sprintf("%s: module path should be %s", name, modulePath(dir))}
	}
	if !slices.Contains(public, dir) && !slices.Contains(untagged, dir) {
		problems = append(problems, fmt.Sprintf("%s: a module neither public nor untagged: add it to one of the lists in tools/release (and to RELEASING.md)", name))
	}
	replaced := map[string]string{}
	for _, r := range mf.Replace {
		replaced[r.Old.Path] = r.New.Path
	}
	for _, req := range mf.Require {
		p := req.Mod.Path
		if p != rootPath && !strings.HasPrefix(p, rootPath+"/") {
			continue
		}
		if req.Mod.Version != version {
			problems = append(problems, fmt.Sprintf("%s: requires %s %s, not %s", name, p, req.Mod.Version, version))
		}
		want := relDir(dir, strings.TrimPrefix(strings.TrimPrefix(p, rootPath), "/"))
		if got := replaced[p]; got != want {
			problems = append(problems, fmt.Sprintf("%s: %s should be replaced with %s (the repository's copy), not %q", name, p, want, got))
		}
	}
	return problems
}

// relDir is the relative path from directory from to directory to, both
// relative to the repository root, as a replace directive spells it.
func relDir(from, to string) string {
	rel, err := filepath.Rel(filepath.FromSlash("/"+from), filepath.FromSlash("/"+to))
	if err != nil {
		return to
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "../") && rel != ".." {
		rel = "./" + rel
	}
	return rel
}

// namedVersion is the version at which the nested go.mod files require
// the root module; they must agree.
func namedVersion(root string) (string, error) {
	dirs, err := goModDirs(root)
	if err != nil {
		return "", err
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), "go.mod"))
		if err != nil {
			return "", err
		}
		mf, err := modfile.Parse(dir+"/go.mod", data, nil)
		if err != nil {
			return "", err
		}
		for _, req := range mf.Require {
			if req.Mod.Path == rootPath {
				seen[req.Mod.Version] = true
			}
		}
	}
	if len(seen) != 1 {
		return "", fmt.Errorf("the go.mod files require the root module at %d versions, want one: %v", len(seen), seen)
	}
	for v := range seen {
		return v, nil
	}
	panic("unreachable")
}

// repoRoot is the top of the git work tree around the current directory.
func repoRoot() (string, error) {
	return git(".", "rev-parse", "--show-toplevel")
}

// git runs git in dir and returns its trimmed output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(exit.Stderr) > 0 {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimRight(string(out), "\n"), nil
}
