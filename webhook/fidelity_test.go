package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// A correctly signed callback is never dropped over a value the document
// does not forbid: a status outside -1..2 and an amount sent as "null",
// empty or not at all reach the application, through the router's
// Fallback, and the gateway is answered only once it ran.

func TestRouterSendsUnknownStatusesToNoOutcomeRoute(t *testing.T) {
	var got string
	route := func(name string) func(context.Context, *smartcore.Callback) error {
		return func(context.Context, *smartcore.Callback) error { got = name; return nil }
	}
	var rt webhook.Router
	rt.HandleFunc(webhook.AnyType, webhook.Succeeded, route("succeeded"))
	rt.HandleFunc(webhook.AnyType, webhook.Failed, route("failed"))
	rt.HandleFunc(webhook.AnyType, webhook.Pending, route("pending"))
	rt.Fallback = webhook.CallbackHandlerFunc(route("fallback"))
	dispatch := func(typ smartcore.TransactionType, s smartcore.Status) string {
		got = ""
		require.NoError(t, rt.HandleCallback(context.Background(), &smartcore.Callback{OrderID: "1", Type: typ, Status: s}))
		return got
	}
	for s, want := range map[smartcore.Status]string{-1: "failed", 0: "pending", 1: "pending", 2: "succeeded",
		3: "fallback", 7: "fallback", -2: "fallback", -5: "fallback", 1 << 40: "fallback"} {
		require.Equal(t, want, dispatch(smartcore.TypePayment, s), "status %d", int(s))
	}

	// A route for any outcome takes every status, the unknown ones too;
	// a route for Unknown takes them first.
	rt.HandleFunc(smartcore.TypePayment, webhook.AnyOutcome, route("payment any"))
	require.Equal(t, "payment any", dispatch(smartcore.TypePayment, 3))
	require.Equal(t, "fallback", dispatch(smartcore.TypeRefund, 3))
	rt.HandleFunc(webhook.AnyType, webhook.Unknown, route("any unknown"))
	require.Equal(t, "any unknown", dispatch(smartcore.TypeRefund, 3))
	require.Equal(t, "payment any", dispatch(smartcore.TypePayment, 3), "the type-specific route still wins")
	require.Equal(t, "pending", dispatch(smartcore.TypeRefund, 1), "Unknown never takes a documented status")
	rt.HandleFunc(smartcore.TypePayment, webhook.Unknown, route("payment unknown"))
	require.Equal(t, "payment unknown", dispatch(smartcore.TypePayment, 3))

	// With no Fallback, what matches nothing is acknowledged, as for any
	// callback the application registered no interest in.
	rt = webhook.Router{}
	rt.HandleFunc(webhook.AnyType, webhook.Succeeded, route("succeeded"))
	require.Equal(t, "", dispatch(smartcore.TypePayment, 3))
}

// fidelityBodies are signed callbacks the kit used to answer 400.
func fidelityBodies() map[string]string {
	tokenize := url.Values{"orderId": {"tok-1"}, "status": {"2"}, "type": {"Tokenization"},
		"finalAmount": {"null"}, "card_number": {"401200******3010"}}
	emptyAmount := url.Values{"orderId": {"tok-2"}, "status": {"1"}, "type": {"Tokenization"}, "amount": {""}}
	return map[string]string{
		"status 3":  webhooktest.Body(secret, &smartcore.Callback{OrderID: "o-3", Status: 3, Amount: 500, Type: smartcore.TypePayment}),
		"status 7":  webhooktest.Body(secret, &smartcore.Callback{OrderID: "o-7", Status: 7, Amount: 500, Type: smartcore.TypePayment}),
		"status -5": webhooktest.Body(secret, &smartcore.Callback{OrderID: "o-5", Status: -5, Amount: 500, Type: smartcore.TypeRefund}),
		`amount "null"`: webhooktest.Body(secret, &smartcore.Callback{OrderID: "tok-1", Status: smartcore.StatusSuccess,
			AmountUnknown: true, Type: "Tokenization"}),
		"amount empty":  webhooktest.BodyValues(secret, emptyAmount),
		"amount absent": webhooktest.BodyValues(secret, tokenize),
		"doc example, status 3, amount null": withDoc(func(v url.Values) {
			v.Set("status", "3")
			v.Set("amount", "null")
			v.Set("finalAmount", "null")
		}),
	}
}

func TestHandlerHandsUnknownStatusAndAmountToFallback(t *testing.T) {
	for name, body := range fidelityBodies() {
		for _, fallbackErr := range []error{nil, errors.New("ledger down")} {
			t.Run(name, func(t *testing.T) {
				var rt webhook.Router
				// Routes for every documented outcome of the document's
				// types: none may see these callbacks.
				for _, typ := range []smartcore.TransactionType{smartcore.TypePayment, smartcore.TypeRefund, smartcore.TypeWithdrawal} {
					for _, o := range []webhook.Outcome{webhook.Succeeded, webhook.Failed, webhook.Pending} {
						rt.HandleFunc(typ, o, func(_ context.Context, cb *smartcore.Callback) error {
							t.Errorf("%s %s reached an outcome route", cb.Type, cb.Status)
							return nil
						})
					}
				}
				var calls atomic.Int32
				var seen *smartcore.Callback
				rt.Fallback = webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
					calls.Add(1)
					seen = cb
					return fallbackErr
				})
				h, err := webhook.New(&rt, webhook.Options{Secrets: []string{secret}})
				require.NoError(t, err)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, formRequest("POST", "/cb", body))

				require.EqualValues(t, 1, calls.Load(), "answered %d", w.Code)
				if fallbackErr == nil {
					require.Equal(t, http.StatusOK, w.Code)
				} else {
					require.Equal(t, http.StatusInternalServerError, w.Code, "a failed Fallback is retried")
				}
				want, _ := url.ParseQuery(body)
				require.Equal(t, want.Get("orderId"), seen.OrderID)
				require.Equal(t, want.Get("status"), strconv.Itoa(int(seen.Status)), "status kept as received")
				switch a := want.Get("amount"); a {
				case "", "null":
					require.True(t, seen.AmountUnknown)
					require.Zero(t, seen.Amount)
				default:
					require.False(t, seen.AmountUnknown)
					got, _ := webhook.Param(seen, "amount")
					require.Equal(t, a, got)
				}
				require.Equal(t, body, seen.Raw, "the exact signed body is kept")
			})
		}
	}
}

// TestHandlerRoutesAnUnknownAmountByStatus: an unknown amount does not
// change routing; the route sees AmountUnknown and decides.
func TestHandlerRoutesAnUnknownAmountByStatus(t *testing.T) {
	var rt webhook.Router
	var seen *smartcore.Callback
	rt.HandleFunc(smartcore.TypePayment, webhook.Succeeded, func(_ context.Context, cb *smartcore.Callback) error {
		seen = cb
		return nil
	})
	h, err := webhook.New(&rt, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", webhooktest.Body(secret, &smartcore.Callback{OrderID: "p-1",
		Status: smartcore.StatusSuccess, Type: smartcore.TypePayment, AmountUnknown: true})))
	require.Equal(t, http.StatusOK, w.Code)
	require.NotNil(t, seen)
	require.True(t, seen.AmountUnknown)
	require.True(t, seen.Succeeded())
}

// TestHandlerStillRefuses: what the document does rule out, and what is not
// the gateway's, is still refused before the application runs.
func TestHandlerStillRefuses(t *testing.T) {
	valid := docBody()
	tests := map[string]struct {
		body string
		code int
	}{
		"missing orderId":              {withDoc(func(v url.Values) { v.Del("orderId") }), 400},
		"empty orderId":                {withDoc(func(v url.Values) { v.Set("orderId", "") }), 400},
		"missing status":               {withDoc(func(v url.Values) { v.Del("status") }), 400},
		"status null":                  {withDoc(func(v url.Values) { v.Set("status", "null") }), 400},
		"status not a number":          {withDoc(func(v url.Values) { v.Set("status", "paid") }), 400},
		"amount not a Long":            {withDoc(func(v url.Values) { v.Set("amount", "100.50") }), 400},
		"finalAmount not Long":         {withDoc(func(v url.Values) { v.Set("finalAmount", "1e4") }), 400},
		"repeated status":              {withDoc(func(v url.Values) { v.Add("status", "3") }), 400},
		"repeated amount":              {withDoc(func(v url.Values) { v.Set("amount", "null"); v.Add("amount", "5") }), 400},
		"missing sign":                 {valid[:strings.LastIndex(valid, "&sign=")], 401},
		"bad sign":                     {strings.Replace(valid, "status=2", "status=3", 1), 401},
		"unknown status, wrong secret": {webhooktest.Body("other", &smartcore.Callback{OrderID: "1", Status: 3, Amount: 1}), 401},
		"null amount, wrong secret":    {webhooktest.Body("other", &smartcore.Callback{OrderID: "1", Status: 2, AmountUnknown: true}), 401},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var rt webhook.Router
			var calls atomic.Int32
			rt.Fallback = webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { calls.Add(1); return nil })
			rt.HandleFunc(webhook.AnyType, webhook.AnyOutcome, func(context.Context, *smartcore.Callback) error { calls.Add(1); return nil })
			h, err := webhook.New(&rt, webhook.Options{Secrets: []string{secret}})
			require.NoError(t, err)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, formRequest("POST", "/cb", tc.body))
			require.Equal(t, tc.code, w.Code)
			require.Zero(t, calls.Load())
		})
	}
}
