package sandbox_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

func TestRefunds(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	_, err := srv.Client.PayCard(ctx, cardPayment("refund-me", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	parent := mustOrder(t, srv, "refund-me")

	res, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refund-me", Amount: 300, Reason: "partial"})
	require.NoError(t, err)
	require.True(t, res.Success)
	require.NotEmpty(t, res.RefundID)
	require.Equal(t, parent.ProcessingID, res.ParentTransaction)

	// The refund is a transaction of its own.
	chk := check(t, srv, res.RefundID)
	require.Equal(t, smartcore.TypeRefund, chk.Type)
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, int64(300), chk.Amount)
	require.Equal(t, parent.ProcessingID, chk.ParentTransaction)
	require.Equal(t, int64(700), check(t, srv, "refund-me").FinalAmount)

	// Refunds are cumulative: 800 more is over what is left, and nothing moves.
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refund-me", Amount: 800, Reason: "too much"})
	apiErr := apiError(t, err)
	require.Equal(t, 400, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeAmountExceeded, apiErr.Err)
	require.Equal(t, int64(700), check(t, srv, "refund-me").FinalAmount)
	require.Len(t, srv.Transactions(), 2)

	second, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refund-me", Amount: 700, Reason: "rest"})
	require.NoError(t, err)
	require.NotEqual(t, res.RefundID, second.RefundID)
	require.Equal(t, int64(0), check(t, srv, "refund-me").FinalAmount)
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refund-me", Amount: 1, Reason: "more"})
	require.Equal(t, sandbox.CodeAmountExceeded, apiError(t, err).Err)

	// Each refund's callback names the merchant's order in orderId, as the
	// document's table says ("Merchant Order ID"), with type Refund telling
	// it from the payment's; the refund id keys its delivery log.
	flush(t, srv)
	cbs := h.callbacks("refund-me")
	require.Len(t, cbs, 3, "the payment's and one per refund")
	refunded := map[int64]bool{}
	for _, cb := range cbs {
		require.Equal(t, smartcore.StatusSuccess, cb.Status)
		if cb.Type == smartcore.TypeRefund {
			refunded[cb.Amount] = true
		} else {
			require.Equal(t, smartcore.TypePayment, cb.Type)
		}
	}
	require.Equal(t, map[int64]bool{300: true, 700: true}, refunded)
	require.Empty(t, h.callbacks(res.RefundID))
	require.Len(t, srv.Deliveries(res.RefundID), 1)
	require.Len(t, srv.Deliveries(second.RefundID), 1)
}

func TestRefundRefusals(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()
	_, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "nope", Amount: 1, Reason: "x"})
	require.Equal(t, sandbox.CodeOrderNotFound, apiError(t, err).Err)

	_, err = srv.Client.PayCard(ctx, cardPayment("failed", sandbox.CardDeclined, 1000, ""))
	require.NoError(t, err)
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "failed", Amount: 1, Reason: "x"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	_, err = srv.Client.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: payout("payout", 100, ""), Phone: "79123456789"})
	require.NoError(t, err)
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "payout", Amount: 1, Reason: "x"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)
}

func TestRecurrent(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	parentReq := cardPayment("recur-parent", sandbox.CardSuccess, 1000, h.URL)
	parentReq.Recurrent = true
	_, err := srv.Client.PayCard(ctx, parentReq)
	require.NoError(t, err)
	parent := mustOrder(t, srv, "recur-parent")

	res, err := srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "recur-1", ParentOrderID: "recur-parent",
		Amount: 500, Purpose: "monthly", RecurPeriod: smartcore.PeriodMonthly})
	require.NoError(t, err)
	require.True(t, res.Success)
	require.Empty(t, res.FormURL)
	require.Equal(t, "recur-1", res.OrderID, "order_id, as the response table documents")
	child := mustOrder(t, srv, "recur-1")
	require.Equal(t, child.ProcessingID, res.PaymentID)
	require.Equal(t, smartcore.PeriodMonthly, child.RecurPeriod)
	require.Equal(t, sandbox.MethodRecurrent, child.Method)

	chk := check(t, srv, "recur-1")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, int64(500), chk.FinalAmount)
	require.Equal(t, parent.ProcessingID, chk.ParentTransaction)
	require.Equal(t, "401200******3010", chk.Card.Number)

	// The callback goes to the parent's callback_url when none is given.
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("recur-1"))

	// A second charge, and a reused order id.
	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "recur-2", ParentOrderID: "recur-parent", Amount: 500, Purpose: "monthly"})
	require.NoError(t, err)
	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "recur-2", ParentOrderID: "recur-parent", Amount: 500, Purpose: "monthly"})
	require.Equal(t, smartcore.ErrDuplicatedOrderID, apiError(t, err).Code)
}

// TestRecurrentParentWithoutTheFlag: the document's own example sequence
// charges again a parent created with "recurrent": false; requiring the
// flag is Options.RequireRecurrentFlag.
func TestRecurrentParentWithoutTheFlag(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := settled(t)
	_, err := srv.Client.PayCard(ctx, cardPayment("one-off", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	res, err := srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "r1", ParentOrderID: "one-off", Amount: 100, Purpose: "x"})
	require.NoError(t, err)
	require.True(t, res.Success)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "r1").Status)

	strict := settled(t, sandbox.Options{RequireRecurrentFlag: true})
	_, err = strict.Client.PayCard(ctx, cardPayment("one-off", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	_, err = strict.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "r1", ParentOrderID: "one-off", Amount: 100, Purpose: "x"})
	apiErr := apiError(t, err)
	require.Equal(t, 409, apiErr.StatusCode)
	require.Contains(t, apiErr.Msg, "recurrent: true")
	_, ok := strict.Order("r1")
	require.False(t, ok, "a refused recurrent stores nothing")
}

func TestRecurrentRefusals(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()

	declined := cardPayment("declined-parent", sandbox.CardDeclined, 1000, "")
	declined.Recurrent = true
	_, err := srv.Client.PayCard(ctx, declined)
	require.NoError(t, err)
	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "r2", ParentOrderID: "declined-parent", Amount: 100, Purpose: "x"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "r3", ParentOrderID: "nope", Amount: 100, Purpose: "x"})
	require.Equal(t, sandbox.CodeOrderNotFound, apiError(t, err).Err)
	_, ok := srv.Order("r2")
	require.False(t, ok, "a refused recurrent stores nothing")
}
