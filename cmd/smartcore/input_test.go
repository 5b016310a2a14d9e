package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// TestSignCanonicalMasksCardFields: --canonical prints card numbers and
// CVVs masked, as listen prints them, while the signature is still over the
// real values.
func TestSignCanonicalMasksCardFields(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	const body = "card_number=4012000000003010&card_cvv=123&orderId=4111111111111111"
	s, err := signing.New(smartcore.SandboxSecret)
	require.NoError(t, err)
	want := s.SignFields([]smartcore.Field{
		{Key: "card_number", Value: "4012000000003010"}, {Key: "card_cvv", Value: "123"},
		{Key: "orderId", Value: "4111111111111111"},
	})

	code, out, errOut := runCLI(t, body, "sign", "--canonical")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, want+"\n", out, "the real values are signed")
	// Sorted by key: card_cvv, card_number, orderId (not a card field, so whole).
	require.Equal(t, "[redacted]|401200******3010|4111111111111111\n", errOut)
	require.NotContains(t, errOut, "4012000000003010")
	require.NotContains(t, errOut, "123|")

	code, out, errOut = runCLI(t, "", "sign", "--canonical", "card_number=4012000000003010", "card_cvv=123", "orderId=4111111111111111")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, want+"\n", out)
	require.Equal(t, "[redacted]|401200******3010|4111111111111111\n", errOut)

	_, _, help := runCLI(t, "", "sign", "-h")
	require.Regexp(t, `-canonical\n[^\n]*card numbers and CVVs masked`, help)
}

// TestSignRefusesRepeatedKeys: a repeated key is refused (verify would
// refuse the signed body), naming the key on one line: exit 2 for argument
// pairs, 1 for a body on stdin.
func TestSignRefusesRepeatedKeys(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	code, out, errOut := runCLI(t, "", "sign", "a=1", "b=2", "a=2")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Regexp(t, `^smartcore sign: key "a" is repeated[^\n]*\n$`, errOut)

	code, out, errOut = runCLI(t, "orderId=1&status=-1&amount=5&status=2\n", "sign")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Regexp(t, `^smartcore sign: key "status" is repeated[^\n]*\n$`, errOut)

	// A sign parameter is still ignored, not counted.
	code, out, _ = runCLI(t, "orderId=1&status=-1&amount=5&sign=x", "sign")
	require.Equal(t, 0, code)
	require.Equal(t, knownSign+"\n", out)
}

// recordingServer counts the requests it receives and answers 200.
func recordingServer(t *testing.T) (*httptest.Server, func() int) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		n++
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return srv, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// TestTriggerRefusesPairsItSends: an extra pair whose key the command
// already sends would repeat it (every receiver refuses the body), and a
// sign pair would be dropped; both are refused before anything is posted,
// pointing at the flag.
func TestTriggerRefusesPairsItSends(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	srv, requests := recordingServer(t)
	for _, tc := range []struct {
		pairs []string
		msg   string
	}{
		{[]string{"status=-1"}, `status=\.\.\. would send status twice: use --status instead`},
		{[]string{"orderId=o-2"}, `orderId=\.\.\. would send orderId twice: use --order-id instead`},
		{[]string{"amount=5"}, `use --amount instead`},
		{[]string{"currency=USD"}, `use --currency instead`},
		{[]string{"type=Refund"}, `use --type instead`},
		{[]string{"finalAmount=5"}, `finalAmount=\.\.\. would send finalAmount twice: the command sets it from its flags`},
		{[]string{"sign=abc"}, `sign=\.\.\. is not accepted: the signature is computed`},
		{[]string{"x=1", "x=2"}, `key "x" is given twice`},
	} {
		args := append([]string{"trigger", "--url", srv.URL}, tc.pairs...)
		code, out, errOut := runCLI(t, "", args...)
		require.Equal(t, 2, code, tc.pairs)
		require.Empty(t, out, tc.pairs)
		require.Regexp(t, `^smartcore trigger: [^\n]*`+tc.msg+`[^\n]*\n$`, errOut, tc.pairs)
		require.NotContains(t, errOut, "-1", tc.pairs) // the value is not echoed
	}
	require.Zero(t, requests(), "nothing was posted")

	// A documented key the command does not send is an extra like any
	// other: finalAmount when the status is not success, message, rrn.
	code, out, errOut := runCLI(t, "", "trigger", "--url", srv.URL, "--status", "fail", "finalAmount=0", "message=hi", "rrn=7")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "HTTP/1.1 200 OK\n", out)
	require.Equal(t, 1, requests())
}

// TestTriggerRefusesNonPositiveTimeout: http.Client reads a zero timeout
// as none, so 0 and negative values are refused.
func TestTriggerRefusesNonPositiveTimeout(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	srv, requests := recordingServer(t)
	for _, timeout := range []string{"0", "0s", "-1s"} {
		code, out, errOut := runCLI(t, "", "trigger", "--url", srv.URL, "--timeout", timeout)
		require.Equal(t, 2, code, timeout)
		require.Empty(t, out, timeout)
		require.Regexp(t, `^smartcore trigger: --timeout must be positive, got (0s|-1s)\n$`, errOut, timeout)
	}
	require.Zero(t, requests())
	code, _, errOut := runCLI(t, "", "trigger", "--url", srv.URL, "--timeout", "5s")
	require.Equal(t, 0, code, errOut)
}

// TestVerifyRefusesStrayArgument: verify takes no positional argument; one
// is refused rather than ignored.
func TestVerifyRefusesStrayArgument(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	body := webhooktest.Body("qwerty", &smartcore.Callback{OrderID: "1", Status: smartcore.StatusFail, Amount: 5})
	code, out, errOut := runCLI(t, body, "verify", "extra")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Equal(t, "smartcore verify: unexpected argument \"extra\"\n", errOut)
}

// TestListenRefusesStrayArgument: an address typed without --addr is
// refused, not ignored in favour of the default address.
func TestListenRefusesStrayArgument(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	// Done already, on a free port: an argument wrongly accepted starts a
	// listener that stops at once with 0, instead of hanging the test.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr syncBuffer
	code := run(ctx, []string{"listen", "--addr", "127.0.0.1:0", "127.0.0.1:18099"}, strings.NewReader(""), &stdout, &stderr)
	require.Equal(t, 2, code)
	require.Empty(t, stdout.String())
	require.Regexp(t, `^`+regexp.QuoteMeta(`smartcore listen: unexpected argument "127.0.0.1:18099"`)+`\n$`, stderr.String())
}
