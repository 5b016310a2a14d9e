package sandbox_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

// offsite is a callback_url the default host policy refuses: the refusal is
// logged at once and nothing is queued, so eviction does not wait for it.
const offsite = "https://site.com/callback"

// orderIDs returns the order ids of the transactions the sandbox holds,
// oldest first.
func orderIDs(sb *sandbox.Server) []string {
	var ids []string
	for _, t := range sb.Transactions() {
		ids = append(ids, t.OrderID)
	}
	return ids
}

// requireEvicted asserts that every way of reaching an order answers "not
// found".
func requireEvicted(t *testing.T, srv *sandbox.Server, id string) {
	t.Helper()
	_, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: id})
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusNotFound, apiErr.StatusCode, id)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err, id)
	_, ok := srv.Order(id)
	require.False(t, ok, id)
	require.Nil(t, srv.Deliveries(id), id)
	require.ErrorIs(t, srv.Redeliver(id), sandbox.ErrUnknownOrder)
}

func declined(t *testing.T, srv *sandbox.Server, id string) {
	t.Helper()
	res, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardDoNotHonour, 100, offsite))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
}

func TestRetentionKeepsTheStoreAtTheBound(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t, sandbox.Options{MaxTransactions: 5})
	for i := range 20 {
		declined(t, srv, fmt.Sprintf("bound-%02d", i))
		require.Len(t, srv.Transactions(), min(i+1, 5))
	}
	require.Equal(t, []string{"bound-15", "bound-16", "bound-17", "bound-18", "bound-19"}, orderIDs(srv))
	for i := range 15 {
		requireEvicted(t, srv, fmt.Sprintf("bound-%02d", i))
	}
	// The ones kept are whole: checkable, with their delivery log.
	require.Equal(t, smartcore.StatusFail, check(t, srv, "bound-15").Status)
	require.Len(t, srv.Deliveries("bound-15"), 1)

	// An evicted order's id is free again.
	res, err := srv.Client.PayCard(context.Background(), cardPayment("bound-00", sandbox.CardSuccess, 100, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "bound-00").Status)
	require.Nil(t, srv.Deliveries("bound-00"), "the old order's log went with it")
	require.Equal(t, []string{"bound-16", "bound-17", "bound-18", "bound-19", "bound-00"}, orderIDs(srv))
}

// The oldest final transaction goes first; pending ones, authorizations
// awaiting capture or cancel and refundable payments are skipped however
// old they are.
func TestRetentionEvictsTheOldestFinalOnly(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t, sandbox.Options{MaxTransactions: 5})
	ctx := context.Background()

	_, err := srv.Client.InitPayment(ctx, formPayment("pending", 100, ""))
	require.NoError(t, err)
	auth, err := srv.Client.Authorize(ctx, authorizeRequest("authorized", sandbox.CardSuccess, 500, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, auth.Status)
	declined(t, srv, "declined-1")
	_, err = srv.Client.PayCard(ctx, cardPayment("paid", sandbox.CardSuccess, 700, ""))
	require.NoError(t, err)
	declined(t, srv, "declined-2")
	require.Len(t, srv.Transactions(), 5)

	declined(t, srv, "declined-3")
	requireEvicted(t, srv, "declined-1")
	require.Equal(t, []string{"pending", "authorized", "paid", "declined-2", "declined-3"}, orderIDs(srv))

	declined(t, srv, "declined-4")
	requireEvicted(t, srv, "declined-2")
	declined(t, srv, "declined-5")
	requireEvicted(t, srv, "declined-3")

	// The authorization is still there and can be captured.
	chk := check(t, srv, "authorized")
	require.Equal(t, sandbox.AuthorizeAuthorized, chk.AuthorizeStatus)
	require.Equal(t, []string{"pending", "authorized", "paid", "declined-4", "declined-5"}, orderIDs(srv))

	// Cancelled, the authorization is final and now the oldest evictable.
	_, err = srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "authorized"})
	require.NoError(t, err)
	declined(t, srv, "declined-6")
	requireEvicted(t, srv, "authorized")
	require.Equal(t, []string{"pending", "paid", "declined-4", "declined-5", "declined-6"}, orderIDs(srv))

	// The pending payment can still be completed.
	require.NoError(t, srv.Complete("pending", sandbox.OutcomeDecline))
	declined(t, srv, "declined-7")
	requireEvicted(t, srv, "pending")
}

// When every transaction is pinned, new ones are refused and nothing is
// stored; once one settles, the next order evicts it.
func TestRetentionRefusesWhenNothingIsEvictable(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t, sandbox.Options{MaxTransactions: 3})
	ctx := context.Background()

	_, err := srv.Client.Authorize(ctx, authorizeRequest("held", sandbox.CardSuccess, 500, ""))
	require.NoError(t, err)
	_, err = srv.Client.PayCard(ctx, cardPayment("refundable", sandbox.CardSuccess, 700, ""))
	require.NoError(t, err)
	_, err = srv.Client.InitPayment(ctx, formPayment("waiting", 100, ""))
	require.NoError(t, err)

	_, err = srv.Client.PayCard(ctx, cardPayment("one-too-many", sandbox.CardDoNotHonour, 100, ""))
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeStoreFull, apiErr.Err)
	_, ok := srv.Order("one-too-many")
	require.False(t, ok)
	require.Equal(t, []string{"held", "refundable", "waiting"}, orderIDs(srv))

	// A refund is a transaction too: refused, and nothing moves.
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refundable", Amount: 700, Reason: "all"})
	require.Equal(t, sandbox.CodeStoreFull, apiError(t, err).Err)
	require.Equal(t, int64(700), check(t, srv, "refundable").FinalAmount)

	// Captured, the authorization is a refundable payment: still pinned.
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "held"})
	require.NoError(t, err)
	_, err = srv.Client.PayCard(ctx, cardPayment("one-too-many", sandbox.CardDoNotHonour, 100, ""))
	require.Equal(t, sandbox.CodeStoreFull, apiError(t, err).Err)

	// The form ends declined: it is evictable and makes room.
	require.NoError(t, srv.Complete("waiting", sandbox.OutcomeDecline))
	declined(t, srv, "one-too-many")
	requireEvicted(t, srv, "waiting")
	require.Equal(t, []string{"held", "refundable", "one-too-many"}, orderIDs(srv))
}

// A payment refunded in full can no longer change: it and its refund are
// evictable.
func TestRetentionEvictsFullyRefundedPayments(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t, sandbox.Options{MaxTransactions: 3})
	ctx := context.Background()

	_, err := srv.Client.PayCard(ctx, cardPayment("refunded", sandbox.CardSuccess, 700, ""))
	require.NoError(t, err)
	_, err = srv.Client.PayCard(ctx, cardPayment("kept", sandbox.CardSuccess, 700, ""))
	require.NoError(t, err)
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refunded", Amount: 700, Reason: "all"})
	require.NoError(t, err)

	declined(t, srv, "next-1")
	requireEvicted(t, srv, "refunded")
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refunded", Amount: 1, Reason: "gone"})
	require.Equal(t, sandbox.CodeOrderNotFound, apiError(t, err).Err)
	// The refund outlives its parent until it is the oldest evictable.
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, ref.RefundID).Status)
	declined(t, srv, "next-2")
	requireEvicted(t, srv, ref.RefundID)
	require.Equal(t, []string{"kept", "next-1", "next-2"}, orderIDs(srv))
}

// A saved tokenize form and a recurrent parent stay usable however old:
// token withdrawals and recurrent charges still find them.
func TestRetentionKeepsTokensAndRecurrentParents(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t, sandbox.Options{MaxTransactions: 3})
	ctx := context.Background()

	_, err := srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "token"})
	require.NoError(t, err)
	require.NoError(t, srv.Complete("token", sandbox.OutcomeSuccess))
	parent := cardPayment("parent", sandbox.CardSuccess, 700, "")
	parent.Recurrent = true
	_, err = srv.Client.PayCard(ctx, parent)
	require.NoError(t, err)
	// Refunded in full, the parent is kept for its future charges; the
	// refund itself is evictable.
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "parent", Amount: 700, Reason: "all"})
	require.NoError(t, err)

	for i := range 4 {
		declined(t, srv, fmt.Sprintf("filler-%d", i))
	}
	requireEvicted(t, srv, ref.RefundID)
	require.Equal(t, []string{"token", "parent", "filler-3"}, orderIDs(srv))

	w, err := srv.Client.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{Payout: payout("to-token", 100, ""), TokenizeOrderID: "token"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, w.Status)
	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "charge", ParentOrderID: "parent",
		Amount: 500, Purpose: "monthly", RecurPeriod: smartcore.PeriodMonthly})
	require.NoError(t, err)
	require.Equal(t, []string{"token", "parent", "charge"}, orderIDs(srv))
}
