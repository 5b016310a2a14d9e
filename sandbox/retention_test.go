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
// logged at once and nothing is queued.
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
// found", and that check says it was evicted.
func requireEvicted(t *testing.T, srv *sandbox.Server, id string) {
	t.Helper()
	_, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: id})
	requireEvictedError(t, err, id)
	_, ok := srv.Order(id)
	require.False(t, ok, id)
	require.Nil(t, srv.Deliveries(id), id)
	require.ErrorIs(t, srv.Redeliver(id), sandbox.ErrUnknownOrder)
}

// requireEvictedError asserts that err is a 404 ORDER_NOT_FOUND whose
// message says that id was evicted.
func requireEvictedError(t *testing.T, err error, id string) {
	t.Helper()
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusNotFound, apiErr.StatusCode, id)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err, id)
	require.Contains(t, apiErr.Msg, "evicted", id)
	require.Contains(t, apiErr.Msg, "MaxTransactions", id)
}

func declined(t *testing.T, srv *sandbox.Server, id string) {
	t.Helper()
	res, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardDoNotHonour, 100, offsite))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
}

func paid(t *testing.T, srv *sandbox.Server, id string) {
	t.Helper()
	res, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardSuccess, 700, offsite))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
}

// No hard stop: far more refundable payments than the bound are all
// accepted, the store stays at the bound, the oldest go first.
func TestRetentionKeepsTheStoreAtTheBound(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{MaxTransactions: 5})
	for i := range 20 {
		paid(t, srv, fmt.Sprintf("bound-%02d", i))
		require.Len(t, srv.Transactions(), min(i+1, 5))
	}
	require.Equal(t, []string{"bound-15", "bound-16", "bound-17", "bound-18", "bound-19"}, orderIDs(srv))
	for i := range 15 {
		requireEvicted(t, srv, fmt.Sprintf("bound-%02d", i))
	}
	// The ones kept are whole: checkable, with their delivery log.
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "bound-15").Status)
	require.Len(t, srv.Deliveries("bound-15"), 1)

	// An evicted order's id is free again, and no longer reported evicted.
	declined(t, srv, "bound-00")
	require.Equal(t, smartcore.StatusFail, check(t, srv, "bound-00").Status)
	require.Len(t, srv.Deliveries("bound-00"), 1, "the old order's log went with it")
	// bound-15 was checked above, so bound-16 was the least recently used.
	require.Equal(t, []string{"bound-15", "bound-17", "bound-18", "bound-19", "bound-00"}, orderIDs(srv))
	requireEvicted(t, srv, "bound-16")
}

// Eviction follows use, not creation or state: pending forms,
// authorizations awaiting capture and refundable payments go when they
// are the least recently used; a transaction a request names stays.
func TestRetentionEvictsTheLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{MaxTransactions: 3})
	ctx := context.Background()

	paid(t, srv, "refundable")
	auth, err := srv.Client.Authorize(ctx, authorizeRequest("authorized", sandbox.CardSuccess, 500, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, auth.Status)
	_, err = srv.Client.InitPayment(ctx, formPayment("pending", 100, ""))
	require.NoError(t, err)

	check(t, srv, "refundable") // a use: "authorized" is now the least recently used
	declined(t, srv, "d1")
	requireEvicted(t, srv, "authorized")
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "authorized"})
	requireEvictedError(t, err, "authorized")
	require.Equal(t, []string{"refundable", "pending", "d1"}, orderIDs(srv), "creation order")

	require.NoError(t, srv.Complete("pending", sandbox.Decline)) // a use too
	declined(t, srv, "d2")
	requireEvicted(t, srv, "refundable")
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "refundable", Amount: 100, Reason: "late"})
	requireEvictedError(t, err, "refundable")

	declined(t, srv, "d3")
	requireEvicted(t, srv, "d1")
	require.Equal(t, []string{"pending", "d2", "d3"}, orderIDs(srv))
}

// Every endpoint that names an existing order answers an evicted one with
// ORDER_NOT_FOUND saying so, by order id, refund id and processing id; an
// order never seen gets the plain answer.
func TestRetentionEvictedOrdersAreReportedEvicted(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{MaxTransactions: 2})
	ctx := context.Background()

	parent := cardPayment("parent", sandbox.CardSuccess, 700, "")
	parent.Recurrent = true
	_, err := srv.Client.PayCard(ctx, parent)
	require.NoError(t, err)
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "parent", Amount: 100, Reason: "part"})
	require.NoError(t, err)
	processingID := ref.ParentTransaction
	_, err = srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "token"})
	require.NoError(t, err)
	require.NoError(t, srv.Complete("token", sandbox.Approve))
	_, err = srv.Client.Authorize(ctx, authorizeRequest("held", sandbox.CardSuccess, 500, ""))
	require.NoError(t, err)
	require.Equal(t, []string{"token", "held"}, orderIDs(srv))

	for _, id := range []string{"parent", ref.RefundID, processingID} {
		requireEvicted(t, srv, id)
	}
	_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "charge", ParentOrderID: "parent", Amount: 100, Purpose: "monthly"})
	requireEvictedError(t, err, "parent")
	_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "parent", Amount: 1, Reason: "gone"})
	requireEvictedError(t, err, "parent")

	declined(t, srv, "filler-1")
	declined(t, srv, "filler-2") // filler-1 evicted "token", filler-2 "held"
	_, err = srv.Client.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{Payout: payout("to-token", 100, ""), TokenizeOrderID: "token"})
	requireEvictedError(t, err, "token")
	_, err = srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "held"})
	requireEvictedError(t, err, "held")

	_, err = srv.Client.Check(ctx, &smartcore.CheckRequest{OrderID: "never-seen"})
	apiErr := apiError(t, err)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err)
	require.NotContains(t, apiErr.Msg, "evicted")
}

// A recurrent parent and a saved token that keep being used stay, however
// many transactions come after them.
func TestRetentionKeepsWhatIsUsed(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{MaxTransactions: 4})
	ctx := context.Background()

	_, err := srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "token"})
	require.NoError(t, err)
	require.NoError(t, srv.Complete("token", sandbox.Approve))
	parent := cardPayment("parent", sandbox.CardSuccess, 700, "")
	parent.Recurrent = true
	_, err = srv.Client.PayCard(ctx, parent)
	require.NoError(t, err)

	for i := range 10 {
		w, err := srv.Client.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{Payout: payout(fmt.Sprint("payout-", i), 100, ""), TokenizeOrderID: "token"})
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusSuccess, w.Status)
		_, err = srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: fmt.Sprint("charge-", i), ParentOrderID: "parent",
			Amount: 500, Purpose: "monthly", RecurPeriod: smartcore.PeriodMonthly})
		require.NoError(t, err)
	}
	require.Equal(t, []string{"token", "parent", "payout-9", "charge-9"}, orderIDs(srv))
}
