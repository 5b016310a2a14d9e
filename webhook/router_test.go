package webhook_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

func TestRouterPicksTheMostSpecificRoute(t *testing.T) {
	var rt webhook.Router
	var got string
	route := func(name string) func(context.Context, *smartcore.Callback) error {
		return func(context.Context, *smartcore.Callback) error { got = name; return nil }
	}
	rt.HandleFunc(smartcore.TypePayment, webhook.Succeeded, route("payment ok"))
	rt.HandleFunc(smartcore.TypePayment, webhook.AnyOutcome, route("payment any"))
	rt.HandleFunc(webhook.AnyType, webhook.Failed, route("any failed"))
	rt.HandleFunc(smartcore.TypeRefund, webhook.Pending, route("refund pending"))

	tests := []struct {
		typ    smartcore.TransactionType
		status smartcore.Status
		want   string
	}{
		{smartcore.TypePayment, smartcore.StatusSuccess, "payment ok"},
		{smartcore.TypePayment, smartcore.StatusFail, "payment any"},
		{smartcore.TypePayment, smartcore.StatusProcessing, "payment any"},
		{smartcore.TypeWithdrawal, smartcore.StatusFail, "any failed"},
		{smartcore.TypeRefund, smartcore.StatusProcessing, "refund pending"},
		{smartcore.TypeRefund, smartcore.StatusWaitingRedirect, "refund pending"},
		{smartcore.TypeRefund, smartcore.StatusSuccess, ""},
	}
	for _, tc := range tests {
		got = ""
		require.NoError(t, rt.HandleCallback(context.Background(), &smartcore.Callback{Type: tc.typ, Status: tc.status}))
		require.Equal(t, tc.want, got, "%s %s", tc.typ, tc.status)
	}

	rt.Fallback = webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return errors.New("unrouted") })
	require.Error(t, rt.HandleCallback(context.Background(), &smartcore.Callback{Type: smartcore.TypeRefund, Status: smartcore.StatusSuccess}))
	rt.Handle(smartcore.TypePayment, webhook.Succeeded, nil)
	got = ""
	require.NoError(t, rt.HandleCallback(context.Background(), &smartcore.Callback{Type: smartcore.TypePayment, Status: smartcore.StatusSuccess}))
	require.Equal(t, "payment any", got, "a nil handler removes the route")
}

func TestRouterErrorReachesTheGateway(t *testing.T) {
	var rt webhook.Router
	rt.HandleFunc(smartcore.TypeWithdrawal, webhook.Succeeded, func(context.Context, *smartcore.Callback) error {
		return errors.New("ledger unavailable")
	})
	h, err := webhook.New(&rt, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	w := newRecorderServe(h, docBody())
	require.Equal(t, 500, w.Code)
}
