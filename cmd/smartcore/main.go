// Command smartcore signs, verifies, sends and receives SmartCore gateway
// callbacks from the shell, for local development and scripted tests.
//
//	smartcore sign    [--secret S] [key=value ...]   print the signature (no pairs: a form body on stdin)
//	smartcore verify  [--secret S]                   check a form body on stdin
//	smartcore trigger --url URL [flags] [key=value ...]  post a signed synthetic callback
//	smartcore listen  [--addr HOST:PORT] [--path P]  receive callbacks, one JSON line each
//	smartcore sandbox [--addr HOST:PORT]             serve an in-memory gateway for local development
//	smartcore demo    [-addr HOST:PORT]              serve the demo shop on the embedded sandbox
//	smartcore version                                print the kit's version and Go's (also --version)
//	smartcore help    [command]                      print the usage, or a command's
//
// Without cloning the repository:
//
//	go install github.com/smartcorekit/smartcore/cmd/smartcore@latest
//	go run github.com/smartcorekit/smartcore/cmd/smartcore@latest demo
//
// "smartcore help sign" prints sign's usage and flags on stdout, as does
// "smartcore sign -h" on stderr; both exit 0. A command given nothing to
// work on says so in a sentence ("nothing to sign: pass key=value pairs or
// pipe a form body"), and sign and verify never wait for a body typed at a
// terminal. Errors are sentences without the packages' prefixes. version
// prints the version the go command recorded in the binary: the tag when
// installed at a version, "(devel)" or a pseudo-version when built in the
// repository. demo serves the shop of examples/shop (package
// internal/demoshop/shop) with the embedded sandbox on
// http://127.0.0.1:8080/, taking the shop's flags; it refuses a
// non-loopback -addr or -sandbox-addr (exit 2), since its sandbox runs
// with the public test secret and an open dashboard.
//
// The secret comes from --secret, else $SMARTCORE_SECRET, else the
// document's sandbox secret "qwerty", so every command works out of the box
// against local tools.
//
// sign --canonical prints the signed string with card numbers masked and
// CVVs redacted (the signature is over the real values), and sign refuses a
// repeated key, which verify would reject. trigger refuses an extra pair
// whose key it already sends (use --order-id, --status and so on), sign=
// (the signature is computed) and a key given twice; its --timeout must be
// positive. listen and verify take no positional arguments. listen masks
// card numbers only in card fields and the gateway's message (a number in
// groups, or one failing the Luhn check, keeps only its last 4 digits), and
// prints order ids and every other value whole. sandbox serves the
// emulator of package sandbox, its dashboard at its root.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/smartcorekit/smartcore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: smartcore <command> [flags]

commands:
  sign     print the signature of key=value pairs, or of a form body on stdin
  verify   check the signature and fields of a form body on stdin
  trigger  post a signed synthetic callback to a URL
  listen   receive callbacks and print each verified one as a JSON line
  sandbox  serve an in-memory SmartCore gateway (test cards, hosted form, callbacks)
  demo     serve the demo shop on the embedded sandbox (http://127.0.0.1:8080)
  version  print the kit's version and the Go version

Run "smartcore help <command>" for a command's flags. The secret defaults to
$SMARTCORE_SECRET, then to the sandbox secret "qwerty".
`

// run is main without the process: it returns the exit code, so that tests
// drive every command in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "-version", "--version":
		return runVersion(ctx, args[1:], stdin, stdout, stderr)
	case "help":
		return runHelp(ctx, args[1:], stdout, stderr)
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "smartcore: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(ctx, args[1:], stdin, stdout, stderr)
}

// command is one of smartcore's commands: args after its name, the exit
// code back.
type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// commands maps each command's name to it.
func commands() map[string]command {
	return map[string]command{
		"sign":    runSign,
		"verify":  runVerify,
		"trigger": runTrigger,
		"listen":  runListen,
		"sandbox": runSandbox,
		"demo":    runDemo,
		"version": runVersion,
	}
}

// runHelp prints the usage, or with a command's name that command's usage
// and flags, on stdout: the command runs with -h and its usage goes to
// stdout instead of stderr.
func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0 || (len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help")):
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "smartcore help: one command at a time, got %d\n", len(args))
		return 2
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "smartcore help: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	cmd(ctx, []string{"-h"}, strings.NewReader(""), stdout, stdout)
	return 0
}

// secretFlag is --secret. Its default is looked up only after parsing, so
// that flag help ("-h", or a usage error) never prints a secret taken from
// the environment.
type secretFlag struct {
	value string
	set   bool
}

// String is empty so that flag help shows no default value.
func (s *secretFlag) String() string { return "" }

// Set records an explicit --secret, even an empty one (refused later).
func (s *secretFlag) Set(v string) error {
	s.value, s.set = v, true
	return nil
}

// get returns --secret, else $SMARTCORE_SECRET, else the sandbox secret.
func (s *secretFlag) get() string {
	if s.set {
		return s.value
	}
	if env := os.Getenv("SMARTCORE_SECRET"); env != "" {
		return env
	}
	return smartcore.SandboxSecret
}

// fromEnv reports whether get's answer comes from $SMARTCORE_SECRET.
func (s *secretFlag) fromEnv() bool { return !s.set && os.Getenv("SMARTCORE_SECRET") != "" }

// addSecretFlag defines --secret on fs.
func addSecretFlag(fs *flag.FlagSet, usage string) *secretFlag {
	s := &secretFlag{}
	fs.Var(s, "secret", usage+" (default $SMARTCORE_SECRET, else the sandbox secret "+smartcore.SandboxSecret+")")
	return s
}
