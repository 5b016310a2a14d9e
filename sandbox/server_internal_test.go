package sandbox

import "testing"

// newTestServer is sandboxtest.NewServer for this package's internal tests,
// which cannot import sandboxtest (it imports this package).
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv, err := Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("sandbox.Start: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}
