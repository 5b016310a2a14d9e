package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

func runSign(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	secretFlag := addSecretFlag(fs, "merchant secret")
	canonical := fs.Bool("canonical", false, "also print the string that is signed, on stderr")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore sign [--secret S] [--canonical] [key=value ...]\n\nWith no pairs, reads a form-encoded body on stdin. A sign parameter in the input is ignored.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	secret := secretFlag.get()
	fields, err := inputFields(fs.Args(), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore sign:", err)
		return 2
	}
	s, err := signing.New(secret)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore sign:", err)
		return 2
	}
	if *canonical {
		fmt.Fprintln(stderr, signing.Canonical(fields))
	}
	fmt.Fprintln(stdout, s.SignFields(fields))
	return 0
}

// inputFields takes key=value arguments, or a form body on stdin when there
// are none.
func inputFields(pairs []string, stdin io.Reader) ([]smartcore.Field, error) {
	if len(pairs) == 0 {
		body, err := readBody(stdin)
		if err != nil {
			return nil, err
		}
		return webhook.ParseForm(body)
	}
	return parsePairs(pairs)
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
		return nil, webhook.ErrBodyTooLarge
	}
	return []byte(strings.TrimRight(string(body), "\r\n")), nil
}
