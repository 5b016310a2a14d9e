package control_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/sandbox"
)

// TestControlFromNode runs testdata/control.mjs, a suite written with
// nothing but node's built-in fetch and http, against a sandbox served as
// "smartcore sandbox" serves it (sandbox.Start): a hosted-form payment
// with 3-D Secure approved through the control API, a host-to-host payment
// declined with a chosen code and a three-gate cascade, and a resent
// callback, checked through check and the callbacks node receives. It is
// skipped without node locally but fails in CI (CI set), as the signing
// parity test does.
func TestControlFromNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("node not on PATH; set CI to make this a failure")
		}
		t.Fatal("node not on PATH (required when CI is set)")
	}
	srv, err := sandbox.Start(sandbox.Options{MerchantKey: "node-shop", Secret: "n0de-secret"}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "testdata/control.mjs")
	cmd.Env = append(os.Environ(), "SANDBOX_URL="+srv.URL, "SANDBOX_KEY="+srv.MerchantKey, "SANDBOX_SECRET="+srv.Secret)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node: %s%s", stdout.String(), stderr.String())
	require.Equal(t, "ok", strings.TrimSpace(stdout.String()), stderr.String())
}
