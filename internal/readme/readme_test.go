package readme

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's root, seen from this package's directory.
const root = "../.."

// snippet is one ```go block of the README.
type snippet struct {
	line int      // the line of its opening fence, 1-based
	code []string // its lines, normalised
}

// example is the body of one Example function.
type example struct {
	name   string   // file path and function name, for messages
	body   []string // the lines of its body, normalised
	output bool     // it has an Output comment, so go test runs it
}

// normalise trims a line and collapses every run of blanks inside it to
// one space, so that indentation and gofmt's alignment of comments do not
// matter.
func normalise(line string) string { return strings.Join(strings.Fields(line), " ") }

// lines splits text into normalised lines, dropping empty ones.
func lines(text string) []string {
	var out []string
	for l := range strings.Lines(text) {
		if n := normalise(l); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// goSnippets returns the ```go blocks of a Markdown text.
func goSnippets(markdown string) []snippet {
	var (
		out  []snippet
		cur  *snippet
		code strings.Builder
	)
	for i, l := range strings.Split(markdown, "\n") {
		fence := strings.TrimSpace(l)
		switch {
		case cur == nil && fence == "```go":
			cur = &snippet{line: i + 1}
			code.Reset()
		case cur != nil && fence == "```":
			cur.code = lines(code.String())
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			code.WriteString(l)
			code.WriteByte('\n')
		}
	}
	return out
}

// examples returns the bodies of every Example function in the
// repository's test files, read as text: they need not compile for this
// test, which only compares source.
func examples(t *testing.T) []example {
	t.Helper()
	var out []example
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte("func Example")) {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			t.Logf("skipping %s: %v", path, err)
			return nil
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Example") {
				continue
			}
			body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
			out = append(out, example{
				name:   path + ": " + fn.Name.Name,
				body:   lines(body),
				output: strings.Contains(body, "// Output:") || strings.Contains(body, "// Unordered output:"),
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// contains reports whether part occurs in whole as consecutive lines.
func contains(whole, part []string) bool {
	if len(part) == 0 {
		return false
	}
	for i := 0; i+len(part) <= len(whole); i++ {
		match := true
		for j := range part {
			if whole[i+j] != part[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// mirror returns the runnable Example that holds code, or "".
func mirror(exs []example, code []string) string {
	for _, ex := range exs {
		if ex.output && contains(ex.body, code) {
			return ex.name
		}
	}
	return ""
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSnippetsAreExamples fails unless every Go snippet of the README is,
// line for line, part of a runnable Example's body.
func TestSnippetsAreExamples(t *testing.T) {
	snips := goSnippets(readme(t))
	if len(snips) < 3 {
		t.Fatalf("README.md has %d ```go blocks; it shows at least three snippets (call the gateway, receive callbacks, mount the checkout)", len(snips))
	}
	exs := examples(t)
	for _, s := range snips {
		if name := mirror(exs, s.code); name != "" {
			t.Logf("README.md:%d is mirrored by %s", s.line, name)
			continue
		}
		t.Errorf("README.md:%d: this ```go block is not part of any Example function with an Output comment; "+
			"copy it into the body of a runnable Example (e.g. the package's readme_example_test.go):\n%s",
			s.line, strings.Join(s.code, "\n"))
	}
}

// TestChangedSnippetIsCaught shows that the check can fail: each snippet
// with one line changed, or with a line of the Example's set-up prepended,
// must not be found.
func TestChangedSnippetIsCaught(t *testing.T) {
	exs := examples(t)
	for _, s := range goSnippets(readme(t)) {
		for i := range s.code {
			changed := append([]string(nil), s.code...)
			changed[i] += " x"
			if name := mirror(exs, changed); name != "" {
				t.Errorf("README.md:%d with line %d changed is still found in %s", s.line, i+1, name)
			}
		}
		if name := mirror(exs, append([]string{"undefinedSetUp()"}, s.code...)); name != "" {
			t.Errorf("README.md:%d with a line prepended is still found in %s", s.line, name)
		}
	}
}

func TestGoSnippets(t *testing.T) {
	md := "text\n```go\nx := 1\n\n\tif  x > 0 {   // note\n}\n```\n```\n$ go test\n```\n```go\ny()\n```\n"
	got := goSnippets(md)
	if len(got) != 2 || got[0].line != 2 || got[1].line != 11 {
		t.Fatalf("goSnippets = %+v, want blocks at lines 2 and 11", got)
	}
	want := []string{"x := 1", "if x > 0 { // note", "}"}
	if strings.Join(got[0].code, "\n") != strings.Join(want, "\n") {
		t.Errorf("first block = %q, want %q", got[0].code, want)
	}
	if !contains([]string{"a", "b", "c"}, []string{"b", "c"}) || contains([]string{"a", "b", "c"}, []string{"a", "c"}) || contains([]string{"a"}, nil) {
		t.Error("contains does not match consecutive lines only")
	}
}
