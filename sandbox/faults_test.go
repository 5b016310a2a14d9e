package sandbox_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

func TestFaultServerError(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()
	require.NoError(t, srv.InjectFault(sandbox.Fault{Endpoint: "/initPaymentHost2Host", Kind: sandbox.FaultServerError, Times: 1}))

	_, err := srv.Client.PayCard(ctx, cardPayment("fault-500", sandbox.CardSuccess, 1000, ""))
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusInternalServerError, apiErr.StatusCode)
	require.Equal(t, smartcore.ErrTechnicalProcessing, apiErr.Code)
	_, ok := srv.Order("fault-500")
	require.False(t, ok, "nothing was processed")

	// Times: 1 — the same request now goes through.
	res, err := srv.Client.PayCard(ctx, cardPayment("fault-500", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
}

func TestFaultServerErrorOnCheckIsRetriedByTheClient(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("fault-check", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "fault-check", Kind: sandbox.FaultServerError, StatusCode: http.StatusServiceUnavailable, Times: 2}))
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "fault-check").Status, "the third attempt answers")
}

func TestFaultLostResponse(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	_, err := srv.Client.Authorize(ctx, authorizeRequest("lost-1", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "lost-1", Endpoint: "/capture", Kind: sandbox.FaultLostResponse}))

	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "lost-1"})
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	var unknown *client.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown))
	require.Equal(t, "lost-1", unknown.OrderID)

	// Reconcile: the capture did happen, and the callback says so too.
	chk := check(t, srv, "lost-1")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, sandbox.AuthorizeCaptured, chk.AuthorizeStatus)
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing, smartcore.StatusSuccess}, h.statuses("lost-1"))

	// The fault applies to every matching request until cleared.
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "lost-1"})
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	srv.ClearFaults()
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "lost-1"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)
}

func TestFaultLostResponseOnPayment(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	require.NoError(t, srv.InjectFault(sandbox.Fault{Kind: sandbox.FaultLostResponse, Times: 1}))
	_, err := srv.Client.WithdrawPhone(context.Background(), &smartcore.PhoneWithdrawalRequest{Payout: payout("lost-wd", 100, ""), Phone: "79123456789"})
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "lost-wd").Status)
	require.Equal(t, sandbox.DefaultPayoutBalance-100, balance(t, srv), "the money moved")
}

func TestFaultSlow(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "slow-ok", Kind: sandbox.FaultSlow, Delay: 50 * time.Millisecond}))
	start := time.Now()
	res, err := srv.Client.PayCard(context.Background(), cardPayment("slow-ok", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)

	// A client that gives up first: its context ends the wait, and the
	// sandbox drops the request unprocessed.
	require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "slow-gone", Endpoint: "/initPaymentHost2Host", Kind: sandbox.FaultSlow, Delay: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = srv.Client.PayCard(ctx, cardPayment("slow-gone", sandbox.CardSuccess, 1000, ""))
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	require.Less(t, time.Since(start), 5*time.Second)
	require.Eventually(t, func() bool {
		_, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: "slow-gone"})
		var apiErr *client.APIError
		return errors.As(err, &apiErr) && apiErr.Err == sandbox.CodeOrderNotFound
	}, time.Second, 10*time.Millisecond)
}

func TestInjectFaultValidation(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	require.Error(t, sb.InjectFault(sandbox.Fault{}))
	require.Error(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultSlow}))
	require.Error(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, Times: -1}))
	require.Error(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, StatusCode: 404}))
	require.NoError(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, Endpoint: "check"}))
}

// TestInjectFaultBounded: faults name one of the API's paths and an order
// id of at most 255 bytes, and at most MaxFaults wait at once, since every
// API request looks through them.
func TestInjectFaultBounded(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	for _, f := range []sandbox.Fault{
		{Kind: sandbox.FaultServerError, Endpoint: "/nowhere"},
		{Kind: sandbox.FaultServerError, Endpoint: "/pci/capture"},
		{Kind: sandbox.FaultServerError, Endpoint: "/" + strings.Repeat("x", 1<<16)},
		{Kind: sandbox.FaultServerError, OrderID: strings.Repeat("o", 256)},
	} {
		err := sb.InjectFault(f)
		require.Error(t, err)
		require.Less(t, len(err.Error()), 300, "the error does not quote what was refused")
	}
	for _, path := range []string{"/initPayment", "/initPaymentHost2Host", "/authorize", "/capture", "/cancel", "/check",
		"/refund", "/recurrent", "/withdrawal/tokenize-form", "/withdrawal/init", "/withdrawal/balance/get"} {
		require.NoError(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, Endpoint: path, Times: 1}), path)
	}
	require.NoError(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, OrderID: strings.Repeat("o", 255)}))
	for range sandbox.MaxFaults - 12 {
		require.NoError(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultLostResponse}))
	}
	require.ErrorContains(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultLostResponse}), "already injected")
	sb.ClearFaults()
	require.NoError(t, sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultLostResponse}))
}
