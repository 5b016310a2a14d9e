package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

func runSign(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	secretFlag := addSecretFlag(fs, "merchant secret")
	canonical := fs.Bool("canonical", false, "also print the string that is signed, on stderr, with card numbers and CVVs masked")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore sign [--secret S] [--canonical] [key=value ...]\n\nWith no pairs, reads a form-encoded body on stdin. A sign parameter in the input is ignored.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagsExit(err)
	}
	secret := secretFlag.get()
	if fs.NArg() == 0 && interactive(stdin) {
		fmt.Fprintln(stderr, "smartcore sign:", nothingToSign)
		return 2
	}
	fields, err := inputFields(fs.Args(), stdin)
	switch {
	case errors.Is(err, errEmptyBody) || (err == nil && !hasUnsigned(fields)):
		fmt.Fprintln(stderr, "smartcore sign:", nothingToSign)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "smartcore sign:", plainError(err))
		return 2
	}
	if k, ok := repeatedKey(fields); ok {
		// Signing it would print a signature that verify refuses.
		fmt.Fprintf(stderr, "smartcore sign: key %q is repeated; a body with a repeated key never verifies\n", k)
		if fs.NArg() == 0 {
			return 1 // a bad body, as verify exits for one
		}
		return 2
	}
	s, err := signing.New(secret)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore sign:", plainError(err))
		return 2
	}
	if *canonical {
		fmt.Fprintln(stderr, printedCanonical(fields))
	}
	fmt.Fprintln(stdout, s.SignFields(fields))
	return 0
}

// printedCanonical is the canonical string of fields as sign --canonical
// prints it: each value as listen prints it (see printedValue), so that
// card numbers and CVVs do not reach a terminal or a log in clear. The
// canonical string holds values only, so values are masked before they are
// joined; the order is by key, which masking leaves alone. The signature is
// still computed over the real values.
func printedCanonical(fields []smartcore.Field) string {
	shown := make([]smartcore.Field, len(fields))
	for i, f := range fields {
		shown[i] = smartcore.Field{Key: f.Key, Value: printedValue(f.Key, f.Value)}
	}
	return signing.Canonical(shown)
}

// repeatedKey returns the first key of fields, other than the ignored sign
// parameter, that occurs more than once, and whether there is one.
func repeatedKey(fields []smartcore.Field) (string, bool) {
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if f.Key == signing.Param {
			continue
		}
		if seen[f.Key] {
			return f.Key, true
		}
		seen[f.Key] = true
	}
	return "", false
}

// inputFields takes key=value arguments, or a form body on stdin when there
// are none.
func inputFields(pairs []string, stdin io.Reader) ([]smartcore.Field, error) {
	if len(pairs) == 0 {
		body, err := readBody(stdin)
		if err != nil {
			return nil, err
		}
		if len(body) == 0 {
			return nil, errEmptyBody
		}
		return form.Parse(string(body), nil)
	}
	return parsePairs(pairs)
}

// errEmptyBody is readBody's caller's answer for an empty stdin.
var errEmptyBody = errors.New("empty body")

// hasUnsigned reports whether fields hold anything but the sign
// parameter, which sign ignores: a signature of nothing helps nobody.
func hasUnsigned(fields []smartcore.Field) bool {
	for _, f := range fields {
		if f.Key != signing.Param {
			return true
		}
	}
	return false
}

func parsePairs(pairs []string) ([]smartcore.Field, error) {
	fields := make([]smartcore.Field, 0, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not key=value", p)
		}
		fields = append(fields, smartcore.Field{Key: k, Value: v})
	}
	return fields, nil
}

// readBody reads a form body from stdin, trimming the newline a shell adds.
func readBody(stdin io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(stdin, webhook.DefaultMaxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > webhook.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("body over %d bytes", webhook.DefaultMaxBodyBytes)
	}
	return []byte(strings.TrimRight(string(body), "\r\n")), nil
}
