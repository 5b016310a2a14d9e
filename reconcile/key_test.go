package reconcile_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// A callback the sandbox sent and the callback built from checking the
// same order share their key (webhook.IdempotencyKey, the default of both
// paths), and agree on what both carry.
func TestCallbackFromCheckMatchesCallback(t *testing.T) {
	ctx := context.Background()
	srv := sandboxtest.NewServer(t, sandbox.Options{SettleImmediately: true}) // the payment is paid in its answer
	var mu sync.Mutex
	got := map[string]*smartcore.Callback{}
	hook, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		mu.Lock()
		defer mu.Unlock()
		got[cb.OrderID] = cb
		return nil
	}), webhook.Options{Secrets: []string{srv.Secret}})
	require.NoError(t, err)
	hs := httptest.NewServer(hook)
	t.Cleanup(hs.Close)

	for id, card := range map[string]string{"ok": sandbox.CardSuccess, "declined": sandbox.CardInsufficientFunds} {
		_, err := srv.Client.PayCard(ctx, cardPayment(id, card, hs.URL))
		require.NoError(t, err)
	}
	require.NoError(t, srv.Flush(ctx))
	for _, id := range []string{"ok", "declined"} {
		res, err := srv.Client.Check(ctx, &smartcore.CheckRequest{OrderID: id})
		require.NoError(t, err)
		built := reconcile.CallbackFromCheck(id, res)
		sent := got[id]
		require.NotNil(t, sent, id)
		require.Equal(t, webhook.IdempotencyKey(sent), webhook.IdempotencyKey(built), id)
		for _, f := range []struct{ a, b any }{
			{sent.OrderID, built.OrderID}, {sent.Status, built.Status}, {sent.Type, built.Type},
			{sent.Amount, built.Amount}, {sent.AmountUnknown, built.AmountUnknown},
			{sent.FinalAmount, built.FinalAmount}, {sent.HasFinalAmount, built.HasFinalAmount},
			{sent.ErrorCategory, built.ErrorCategory}, {sent.FirstName, built.FirstName},
		} {
			require.Equal(t, f.a, f.b, id)
		}
		number, _ := webhook.Param(sent, "card_number")
		builtNumber, _ := webhook.Param(built, "card_number")
		require.Equal(t, number, builtNumber, id)
	}
}

// The document's failed check answer, and answers without amounts.
func TestCallbackFromCheck(t *testing.T) {
	decode := func(body string) *smartcore.CheckResponse {
		var res smartcore.CheckResponse
		require.NoError(t, json.Unmarshal([]byte(body), &res))
		res.RawBody = []byte(body)
		return &res
	}
	doc := decode(`{"order_id": "sandboxFormId_1016", "status": -1, "amount": 1000, "finalAmount": 900,
		"card": {"number": "401200******3010", "bin": "401200", "country": "Spain", "iso": "ESP", "type": "VISA"},
		"errorMessage": "PLATFORM_ERROR_GATE_NOT_FOUND",
		"cascadeErrors": [{"gatePriority": 0, "errorCategory": "PLATFORM_ERROR_ANTIFRAUD_RULES"}],
		"endDate": "2024-01-12T11:18:26.678Z", "authorize_status": null, "type": "Payment",
		"firstName": "John", "lastName": "Doe", "rrn": "123456789012", "eci": "05"}`)
	cb := reconcile.CallbackFromCheck("sandboxId_1016", doc)
	require.Equal(t, &smartcore.Callback{
		OrderID: "sandboxId_1016", Status: smartcore.StatusFail, Amount: 1000, FinalAmount: 900, HasFinalAmount: true,
		Type: smartcore.TypePayment, ErrorCategory: smartcore.ErrGateNotFound,
		CascadeErrors: `[{"gatePriority":0,"errorCategory":"PLATFORM_ERROR_ANTIFRAUD_RULES"}]`,
		FirstName:     "John", LastName: "Doe", RRN: "123456789012", ECI: "05",
		Extra: []smartcore.Field{{Key: "card_number", Value: "401200******3010"}},
	}, cb)
	require.Equal(t, "sandboxFormId_1016", reconcile.CallbackFromCheck("", doc).OrderID)

	none := reconcile.CallbackFromCheck("t", decode(`{"order_id": "t", "status": 2, "amount": null, "finalAmount": "null", "type": "Tokenize"}`))
	require.True(t, none.AmountUnknown)
	require.False(t, none.HasFinalAmount)
	zero := reconcile.CallbackFromCheck("z", decode(`{"order_id": "z", "status": -1, "amount": 0, "finalAmount": 0}`))
	require.False(t, zero.AmountUnknown)
	require.True(t, zero.HasFinalAmount)
	byHand := reconcile.CallbackFromCheck("h", &smartcore.CheckResponse{Status: 2, Amount: 5})
	require.False(t, byHand.AmountUnknown)
	require.False(t, byHand.HasFinalAmount)
	require.Nil(t, reconcile.CallbackFromCheck("x", nil))
}
