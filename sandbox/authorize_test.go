package sandbox_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

func TestAuthorizeCaptureFull(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	ctx := context.Background()

	res, err := srv.Client.Authorize(ctx, authorizeRequest("auth-full", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	// As the document's example: status 1, form_url, REDIRECT; nothing is
	// held until the browser opens form_url.
	require.Equal(t, smartcore.StatusProcessing, res.Status)
	require.Equal(t, smartcore.ResponseRedirect, res.ResponseType)
	require.NotEmpty(t, res.FormURL)
	require.Empty(t, check(t, srv, "auth-full").AuthorizeStatus)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-full"})
	require.Contains(t, apiError(t, err).Msg, "not authorized")
	p := newBrowser(t, srv.URL).get(res.FormURL)
	require.Equal(t, "https://merchant.example/success", p.location)

	chk := check(t, srv, "auth-full")
	require.Equal(t, sandbox.AuthorizeAuthorized, chk.AuthorizeStatus)
	require.Equal(t, int64(0), chk.FinalAmount)
	require.True(t, chk.EndDate.IsZero())

	cap, err := srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-full"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, cap.Status)
	require.Equal(t, mustOrder(t, srv, "auth-full").ProcessingID, cap.OrderID, "the processing id, as the document's capture example")
	chk = check(t, srv, "auth-full")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, sandbox.AuthorizeCaptured, chk.AuthorizeStatus)
	require.Equal(t, int64(1000), chk.FinalAmount)

	// Double capture, and cancel after capture, are refused.
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-full"})
	apiErr := apiError(t, err)
	require.Equal(t, 409, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeInvalidState, apiErr.Err)
	require.Contains(t, apiErr.Msg, "already captured")
	_, err = srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "auth-full"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	flush(t, srv)
	cbs := h.callbacks("auth-full")
	require.Len(t, cbs, 2, "authorized, then captured")
	require.Equal(t, smartcore.StatusProcessing, cbs[0].Status)
	require.Equal(t, sandbox.AuthorizeAuthorized, cbs[0].AuthorizeStatus)
	require.Equal(t, smartcore.StatusSuccess, cbs[1].Status)
	require.Equal(t, sandbox.AuthorizeCaptured, cbs[1].AuthorizeStatus)
}

func TestAuthorizePartialCaptureAndRefundLimit(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()
	_, err := srv.Client.Authorize(ctx, authorizeRequest("auth-part", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)

	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-part", Amount: 1001})
	apiErr := apiError(t, err)
	require.Equal(t, 400, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeAmountExceeded, apiErr.Err)
	require.Equal(t, sandbox.AuthorizeAuthorized, check(t, srv, "auth-part").AuthorizeStatus, "nothing changed")

	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-part", Amount: 400})
	require.NoError(t, err)
	chk := check(t, srv, "auth-part")
	require.Equal(t, int64(1000), chk.Amount)
	require.Equal(t, int64(400), chk.FinalAmount)

	// Refunds are limited to what was captured.
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "auth-part", Amount: 500, Reason: "too much"})
	require.Equal(t, sandbox.CodeAmountExceeded, apiError(t, err).Err)
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "auth-part", Amount: 400, Reason: "all of it"})
	require.NoError(t, err)
}

func TestAuthorizeCancel(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	_, err := srv.Client.Authorize(ctx, authorizeRequest("auth-cancel", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	res, err := srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "auth-cancel"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	chk := check(t, srv, "auth-cancel")
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, sandbox.AuthorizeCancelled, chk.AuthorizeStatus)
	require.Empty(t, chk.ErrorMessage)

	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-cancel"})
	require.Contains(t, apiError(t, err).Msg, "cancelled")
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing, smartcore.StatusFail}, h.statuses("auth-cancel"))
}

func TestCaptureRefusals(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	ctx := context.Background()

	_, err := srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "nope"})
	apiErr := apiError(t, err)
	require.Equal(t, 404, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err)

	// A one-step payment was never authorized.
	_, err = srv.Client.PayCard(ctx, cardPayment("one-step", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "one-step"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	// A declined authorization holds nothing.
	res, err := srv.Client.Authorize(ctx, authorizeRequest("auth-declined", sandbox.CardDeclined, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-declined"})
	require.Contains(t, apiError(t, err).Msg, "not authorized")

	// A challenged authorization holds nothing until 3-D Secure passes.
	res, err = srv.Client.Authorize(ctx, authorizeRequest("auth-3ds", sandbox.CardChallenge, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusWaitingRedirect, res.Status)
	require.NotEmpty(t, res.ACSURL)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-3ds"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)
	require.NoError(t, srv.Complete("auth-3ds", sandbox.Approve))
	require.Equal(t, sandbox.AuthorizeAuthorized, check(t, srv, "auth-3ds").AuthorizeStatus)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "auth-3ds", Amount: 1000})
	require.NoError(t, err)
}
