package main

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// consumerTest is what a user's machine does with the release, before
// the tags exist: it serves every public module at version from a file://
// module proxy built from the committed tree (HEAD), zipped as the go
// command zips a module, and then, outside the repository, with a fresh
// module cache, GOWORK=off and that proxy in front of the default one, it
// fetches each module alone with go get, builds a program importing it,
// installs the smartcore command at version, checks that it reports that
// version, and fetches the first page of its demo.
func consumerTest(root, version string, keep bool, log io.Writer) error {
	tmp, err := os.MkdirTemp("", "smartcore-consumer-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(log, "keeping", tmp)
	} else {
		defer removeAll(tmp)
	}
	proxy := filepath.Join(tmp, "proxy")
	if err := buildProxy(root, version, proxy, tmp, log); err != nil {
		return err
	}
	defaultProxy, err := goEnv(root, "GOPROXY")
	if err != nil {
		return err
	}
	env := consumerEnv(tmp, "file://"+filepath.ToSlash(proxy)+","+defaultProxy)
	fmt.Fprintf(log, "GOPROXY=file://%s,%s, GOWORK=off, GONOSUMDB=github.com/smartcorekit/*, fresh GOMODCACHE\n", proxy, defaultProxy)

	for _, dir := range public {
		start := time.Now()
		if err := useModule(tmp, env, dir, version); err != nil {
			return fmt.Errorf("%s@%s: %w", modulePath(dir), version, err)
		}
		fmt.Fprintf(log, "ok  go get %s@%s, build a program importing it (%.1fs)\n", modulePath(dir), version, time.Since(start).Seconds())
	}

	start := time.Now()
	cmdPath := rootPath + "/cmd/smartcore@" + version
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	if _, err := goCmd(home, env, "install", cmdPath); err != nil {
		return err
	}
	bin := filepath.Join(tmp, "bin", "smartcore")
	out, err := command(home, env, bin, "version")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(out, "smartcore "+version+" go") {
		return fmt.Errorf("smartcore version printed %q, want it to start with \"smartcore %s go\"", out, version)
	}
	fmt.Fprintf(log, "ok  go install %s; smartcore version: %s (%.1fs)\n", cmdPath, strings.TrimSpace(out), time.Since(start).Seconds())
	out, err = goCmd(home, env, "run", cmdPath, "--version")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(out, "smartcore "+version+" go") {
		return fmt.Errorf("go run %s --version printed %q", cmdPath, out)
	}
	fmt.Fprintf(log, "ok  go run %s --version: %s\n", cmdPath, strings.TrimSpace(out))

	start = time.Now()
	if err := tryDemo(home, env, bin); err != nil {
		return fmt.Errorf("smartcore demo: %w", err)
	}
	fmt.Fprintf(log, "ok  smartcore demo serves its first page (%.1fs)\n", time.Since(start).Seconds())
	return nil
}

// consumerEnv is the environment of every go command the test runs: the
// machine's, with a module cache, GOPATH and GOBIN of its own, no
// workspace, the proxy list, and the kit's modules (which no checksum
// database knows before they are published) kept out of checksum
// database lookups. GOPRIVATE stays empty: it would skip the proxy too.
func consumerEnv(tmp, goproxy string) []string {
	set := map[string]string{
		"GOMODCACHE": filepath.Join(tmp, "modcache"),
		"GOPATH":     filepath.Join(tmp, "gopath"),
		"GOBIN":      filepath.Join(tmp, "bin"),
		"GOWORK":     "off",
		"GOPROXY":    goproxy,
		"GONOSUMDB":  "github.com/smartcorekit/*",
		"GOPRIVATE":  "",
		"GONOPROXY":  "",
		"GOFLAGS":    "-mod=mod",
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			env = append(env, kv)
		}
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

// buildProxy writes a file:// module proxy serving every public module at
// version, from HEAD: list, .info, .mod and .zip files as the GOPROXY
// protocol lays them out. Each zip is made by golang.org/x/mod/zip's
// CreateFromVCS, as the go command makes it from a repository: without
// the nested modules' files, and with the root LICENSE in a nested
// module's zip; each must hold a LICENSE.
// maxZipBytes bounds a module's zip: the kit's largest, the root's, is
// under 1 MB of source, so anything far beyond it is a file that should
// not be published, such as a built binary.
const maxZipBytes = 4 << 20

func buildProxy(root, version, proxy, tmp string, log io.Writer) error {
	head, err := git(root, "rev-parse", "HEAD")
	if err != nil {
		return err
	}
	when, err := git(root, "log", "-1", "--format=%cI", head)
	if err != nil {
		return err
	}
	src, err := zipSource(root, tmp)
	if err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		return err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, t.UTC()})
	if err != nil {
		return err
	}
	for _, dir := range public {
		mod := module.Version{Path: modulePath(dir), Version: version}
		escaped, err := module.EscapePath(mod.Path)
		if err != nil {
			return err
		}
		at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
		if err := os.MkdirAll(at, 0o755); err != nil {
			return err
		}
		var zipped bytes.Buffer
		if err := modzip.CreateFromVCS(&zipped, mod, src, head, dir); err != nil {
			return fmt.Errorf("zipping %s: %w", mod, err)
		}
		files, err := zipFiles(zipped.Bytes())
		if err != nil {
			return err
		}
		prefix := mod.String() + "/"
		if !files[prefix+"LICENSE"] {
			return fmt.Errorf("the zip of %s has no LICENSE", mod)
		}
		if !files[prefix+"go.mod"] {
			return fmt.Errorf("the zip of %s has no go.mod", mod)
		}
		if zipped.Len() > maxZipBytes {
			return fmt.Errorf("the zip of %s is %d KB, over %d KB: a committed build output or data file?",
				mod, zipped.Len()/1024, maxZipBytes/1024)
		}
		goMod, err := git(root, "show", head+":"+path.Join(dir, "go.mod"))
		if err != nil {
			return err
		}
		for name, data := range map[string][]byte{
			"list":            []byte(version + "\n"),
			version + ".info": info,
			version + ".mod":  []byte(goMod + "\n"),
			version + ".zip":  zipped.Bytes(),
		} {
			if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(log, "zipped %s: %d files, %d KB, LICENSE included\n", mod, len(files), zipped.Len()/1024)
	}
	return nil
}

// zipSource is the repository CreateFromVCS reads: root itself when its
// .git is a directory, else (a linked worktree, whose .git is a file,
// which CreateFromVCS does not recognize) a clone of it sharing its
// objects, without a checkout.
func zipSource(root, tmp string) (string, error) {
	if st, err := os.Stat(filepath.Join(root, ".git")); err == nil && st.IsDir() {
		return root, nil
	}
	src := filepath.Join(tmp, "src")
	if _, err := git(tmp, "clone", "--quiet", "--shared", "--no-checkout", root, src); err != nil {
		return "", err
	}
	return src, nil
}

// zipFiles lists the names in a zip.
func zipFiles(data []byte) (map[string]bool, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = true
	}
	return files, nil
}

// programs are the consumers' main packages, by module directory: each
// imports the module and uses a name of it. The root's also checks the
// client's User-Agent, which must name the version the program requires.
var programs = map[string]string{
	"": `package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

func main() {
	agent := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent <- r.UserAgent()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, ` + "`" + `{"balance": 1}` + "`" + `)
	}))
	defer srv.Close()
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret, client.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	if _, err := c.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"}); err != nil {
		panic(err)
	}
	fmt.Println(<-agent)
}
`,
	"adapters/smartcoregin":    "package main\n\nimport \"github.com/smartcorekit/smartcore/adapters/smartcoregin\"\n\nvar _ = smartcoregin.Checkout\n\nfunc main() {}\n",
	"adapters/smartcoreecho":   "package main\n\nimport \"github.com/smartcorekit/smartcore/adapters/smartcoreecho\"\n\nvar _ = smartcoreecho.Checkout\n\nfunc main() {}\n",
	"adapters/smartcoreechov4": "package main\n\nimport \"github.com/smartcorekit/smartcore/adapters/smartcoreechov4\"\n\nvar _ = smartcoreechov4.Checkout\n\nfunc main() {}\n",
	"dedup/redisdedup":         "package main\n\nimport \"github.com/smartcorekit/smartcore/dedup/redisdedup\"\n\nvar _ = redisdedup.New\n\nfunc main() {}\n",
	"dedup/sqldedup":           "package main\n\nimport \"github.com/smartcorekit/smartcore/dedup/sqldedup\"\n\nvar _ = sqldedup.New\n\nfunc main() {}\n",
	"otel/smartcoreotel":       "package main\n\nimport \"github.com/smartcorekit/smartcore/otel/smartcoreotel\"\n\nvar _ = smartcoreotel.New\n\nfunc main() {}\n",
}

// useModule makes a fresh module that requires only the module in dir,
// fetched with go get at version, and builds (for the root, runs) a
// program importing it.
func useModule(tmp string, env []string, dir, version string) error {
	src, ok := programs[dir]
	if !ok {
		return errors.New("no consumer program for it in tools/release")
	}
	work := filepath.Join(tmp, "use", strings.ReplaceAll(cmp.Or(dir, "root"), "/", "-"))
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "main.go"), []byte(src), 0o644); err != nil {
		return err
	}
	if _, err := goCmd(work, env, "mod", "init", "example.com/consumer"); err != nil {
		return err
	}
	if _, err := goCmd(work, env, "get", modulePath(dir)+"@"+version); err != nil {
		return err
	}
	if _, err := goCmd(work, env, "mod", "tidy"); err != nil {
		return err
	}
	bin := filepath.Join(work, "consumer")
	if _, err := goCmd(work, env, "build", "-o", bin, "."); err != nil {
		return err
	}
	if dir != "" {
		return nil
	}
	out, err := command(work, env, bin)
	if err != nil {
		return err
	}
	if want := "smartcore-go/" + strings.TrimPrefix(version, "v") + " go"; !strings.HasPrefix(out, want) {
		return fmt.Errorf("the client's User-Agent is %q, want it to start with %q", strings.TrimSpace(out), want)
	}
	return nil
}

// tryDemo starts the installed command's demo on a free loopback port,
// fetches its first page and stops it with an interrupt.
func tryDemo(dir string, env []string, bin string) error {
	cmd := exec.Command(bin, "demo", "-addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-exited
		}
	}()

	open := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(50 * time.Millisecond) {
		if m := open.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			return fmt.Errorf("it printed no URL to open within 30s; stderr: %s", stderr.String())
		}
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(base + "/")
	if err != nil {
		return err
	}
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("<form")) {
		return fmt.Errorf("GET %s/ answered %s without a form", base, resp.Status)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			return fmt.Errorf("it exited with %v after an interrupt; stderr: %s", err, stderr.String())
		}
		return nil
	case <-time.After(15 * time.Second):
		return errors.New("it did not stop within 15s of an interrupt")
	}
}

// lockedBuffer is a bytes.Buffer that a process writes while the test
// reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// goCmd runs the go command in dir with env and returns its output.
func goCmd(dir string, env []string, args ...string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	return command(dir, env, goBin, args...)
}

// command runs name in dir with env and returns its stdout; an error
// carries its stderr.
func command(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// goEnv is one go env variable as the go command sees it in dir.
func goEnv(dir, name string) (string, error) {
	out, err := command(dir, os.Environ(), "go", "env", name)
	return strings.TrimSpace(out), err
}

// removeAll removes the temporary directory; the module cache's files
// are read-only, as the go command leaves them.
func removeAll(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	_ = os.RemoveAll(dir)
}
