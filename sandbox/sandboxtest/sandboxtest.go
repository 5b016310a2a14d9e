// Package sandboxtest wires the gateway emulator of package sandbox into Go
// tests, the way net/http/httptest wires a handler: NewServer starts one on
// loopback and closes it when the test ends.
//
// It lives apart from package sandbox so that programs serving the sandbox
// (the smartcore command) do not link package testing.
package sandboxtest

import (
	"testing"

	"github.com/smartcorekit/smartcore/sandbox"
)

// NewServer starts a sandbox configured by opts (sandbox.Options{} for the
// defaults) on a free loopback port, with a client already pointed at it,
// and closes it in t.Cleanup. It is sandbox.Start on "127.0.0.1:0", so a
// test talks to the same server the smartcore command runs. It fails the
// test when no port can be listened on or the client cannot be built, which
// happens only with a merchant key holding a colon or control character.
func NewServer(t testing.TB, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("sandboxtest.NewServer: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}
