package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/smartcorekit/smartcore/internal/demoshop/shop"
)

// runVersion prints the version of the module the binary was built from
// and the Go version: "smartcore v0.1.0 go1.26.8" when installed with go
// install ...@v0.1.0; inside the repository the go command records
// "(devel)" or a pseudo-version.
func runVersion(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore version\n\nPrints the version of the smartcore module this binary was built from, and the Go version.\nAlso: smartcore --version.")
	}
	if err := fs.Parse(args); err != nil {
		return flagsExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smartcore version: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	fmt.Fprintln(stdout, "smartcore", moduleVersion(debug.ReadBuildInfo), runtime.Version())
	return 0
}

// moduleVersion is the main module's version in the build information
// read returns: the tag for a binary installed at a version, "(devel)" or
// a pseudo-version for one built in the repository.
func moduleVersion(read func() (*debug.BuildInfo, bool)) string {
	info, ok := read()
	if !ok || info == nil || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// runDemo serves the demo shop (package internal/demoshop/shop, the code
// of examples/shop) with the embedded sandbox, until ctx is done: what a
// newcomer runs with go run github.com/smartcorekit/smartcore/cmd/smartcore@latest demo.
// Its flags are the shop's: -addr (default 127.0.0.1:8080), -sandbox and
// -sandbox-addr.
func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	return shop.Run(ctx, "smartcore demo", args, stdout, stderr)
}
