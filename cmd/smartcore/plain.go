package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"

	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
)

// The sentences a command prints when there is nothing to work on.
const (
	nothingToSign   = "nothing to sign: pass key=value pairs or pipe a form body"
	nothingToVerify = "nothing to verify: pipe a form body, such as one that trigger sends (smartcore verify < body.txt)"
)

// flagsExit is a command's exit code once fs.Parse failed: 0 when -h or
// --help asked for the usage (the flag package printed it), 2 for a flag
// the command does not know or a bad value (the flag package said which).
func flagsExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// interactive reports whether stdin is a terminal: a command that reads a
// body from it would wait for the person to type one, which nobody expects.
func interactive(stdin any) bool {
	f, ok := stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// plainError is err as a sentence for a person at a terminal, without the
// package prefixes of an error chain ("signing: ...", "webhook: ...").
// Values are never echoed: the messages name keys and causes only.
func plainError(err error) string {
	var urlErr *url.Error
	var opErr *net.OpError
	switch {
	case errors.Is(err, signing.ErrMissingSignature):
		return "the body has no sign parameter"
	case errors.Is(err, signing.ErrMalformedSignature):
		return "the sign parameter is not a signature (64 hexadecimal characters)"
	case errors.Is(err, signing.ErrInvalidSignature):
		return "the signature does not match: another secret signed it, or the body was changed"
	case errors.Is(err, signing.ErrDuplicateKey):
		return "a key is repeated; the gateway never sends one twice"
	case errors.Is(err, signing.ErrNoSecret):
		return "the secret is empty"
	case errors.Is(err, form.ErrMalformed):
		why := strings.TrimPrefix(err.Error(), form.ErrMalformed.Error())
		return "the body is not a form (key=value&key=value)" + why
	case errors.As(err, &urlErr):
		switch {
		case urlErr.Timeout():
			return "no answer from " + urlErr.URL + " in time (--timeout)"
		case errors.Is(err, syscall.ECONNREFUSED):
			return "nothing is listening at " + urlErr.URL
		case errors.Is(err, context.Canceled):
			return "stopped before " + urlErr.URL + " answered"
		}
		return "could not post to " + urlErr.URL + ": " + innermost(urlErr.Err)
	case errors.As(err, &opErr) && opErr.Op == "listen":
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Sprintf("%s is in use: pass another --addr", opErr.Addr)
		}
		return "cannot listen there: " + innermost(opErr.Err)
	}
	return err.Error()
}

// innermost is the message of the last error in err's chain, which is
// the cause without the layers' prefixes.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
