package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/smartcorekit/smartcore/webhook"
)

func runVerify(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	secretFlag := addSecretFlag(fs, "merchant secret")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore verify [--secret S] < body\n\nChecks a form-encoded callback body on stdin: prints \"valid\" and exits 0, or prints the reason and exits 1.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagsExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smartcore verify: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	secret := secretFlag.get()
	v, err := webhook.NewVerifier(secret)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore verify:", plainError(err))
		return 2
	}
	if interactive(stdin) {
		fmt.Fprintln(stderr, "smartcore verify:", nothingToVerify)
		return 2
	}
	body, err := readBody(stdin)
	switch {
	case err != nil:
		fmt.Fprintln(stdout, "invalid:", plainError(err))
		return 1
	case len(body) == 0:
		fmt.Fprintln(stderr, "smartcore verify:", nothingToVerify)
		return 2
	}
	if _, err := v.Verify(body); err != nil {
		fmt.Fprintln(stdout, "invalid:", plainError(err))
		return 1
	}
	fmt.Fprintln(stdout, "valid")
	return 0
}
