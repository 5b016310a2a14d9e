package control_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// TestControlRequiresCredentialsAndJSON: every endpoint, on the gateway
// host only, asks for the merchant's credentials, and a POST for JSON.
func TestControlRequiresCredentialsAndJSON(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	e.form(t, "o-1", 1000)
	endpoints := []struct{ method, path string }{
		{http.MethodGet, "/test-helpers/orders/o-1"},
		{http.MethodPost, "/test-helpers/orders/o-1/complete"},
		{http.MethodPost, "/test-helpers/orders/o-1/settle"},
		{http.MethodPost, "/test-helpers/orders/o-1/callbacks"},
		{http.MethodPost, "/test-helpers/declines"},
		{http.MethodPost, "/test-helpers/faults"},
		{http.MethodDelete, "/test-helpers/faults"},
		{http.MethodPost, "/test-helpers/clock/advance"},
		{http.MethodGet, "/test-helpers/nothing-here"},
	}
	for _, ep := range endpoints {
		for name, prep := range map[string]func(*http.Request){
			"no credentials":    func(r *http.Request) { r.Header.Set("Content-Type", "application/json") },
			"wrong credentials": func(r *http.Request) { r.SetBasicAuth(e.srv.MerchantKey, "wrong") },
		} {
			a := call(t, e.srv.URL, ep.method, ep.path, `{"action":"approve"}`, prep)
			require.Equal(t, http.StatusUnauthorized, a.status, "%s %s, %s", ep.method, ep.path, name)
			require.Equal(t, "unauthorized", a.code())
			require.Contains(t, a.header.Get("WWW-Authenticate"), "Basic")
		}
		// The PCI DSS host has no control API.
		a := call(t, e.srv.URL, ep.method, "/pci"+ep.path, `{}`, func(r *http.Request) {
			r.SetBasicAuth(e.srv.MerchantKey, e.srv.Secret)
			r.Header.Set("Content-Type", "application/json")
		})
		require.Equal(t, http.StatusNotFound, a.status, "/pci%s", ep.path)
	}
	got, _ := e.srv.Order("o-1")
	require.Equal(t, smartcore.StatusProcessing, got.Status, "nothing was done without credentials")

	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded"} {
		a := call(t, e.srv.URL, http.MethodPost, "/test-helpers/orders/o-1/complete", `{"action":"approve"}`, func(r *http.Request) {
			r.SetBasicAuth(e.srv.MerchantKey, e.srv.Secret)
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			}
		})
		require.Equal(t, http.StatusUnsupportedMediaType, a.status, ct)
		require.Equal(t, "unsupported_media_type", a.code())
	}
	got, _ = e.srv.Order("o-1")
	require.Equal(t, smartcore.StatusProcessing, got.Status, "nothing was done without JSON")

	a := e.ctl(t, http.MethodGet, "/test-helpers/nothing-here", "")
	require.Equal(t, http.StatusNotFound, a.status)
	require.Equal(t, "not_found", a.code())
	a = e.ctl(t, http.MethodPost, "/test-helpers/orders/o-1", "{}")
	require.Equal(t, http.StatusMethodNotAllowed, a.status)
	require.Equal(t, "method_not_allowed", a.code())
	require.Equal(t, http.MethodGet, a.header.Get("Allow"))
	a = e.ctl(t, http.MethodGet, "/test-helpers/faults", "")
	require.Equal(t, "POST, DELETE", a.header.Get("Allow"))
	a = e.ctl(t, http.MethodPost, "/test-helpers/declines", `{"code": "LIMIT_PROCESSING_ERROR", "note": "`+strings.Repeat("x", 70<<10)+`"}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, a.status)
	require.Equal(t, "too_large", a.code())
}

// TestControlErrors: each refusal has its stable code and a message, and
// changes nothing.
func TestControlErrors(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	e.form(t, "waiting", 1000)
	e.pay(t, "paid", sandbox.CardSuccess, 1000)
	require.NoError(t, e.srv.Complete("paid", sandbox.Approve))
	_, err := e.srv.Client.InitPayment(context.Background(), &smartcore.InitPaymentRequest{
		Order: order("quiet", 1000), MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1"})
	require.NoError(t, err)

	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"unknown order", "GET", "/test-helpers/orders/nope", "", 404, "unknown_order"},
		{"complete unknown order", "POST", "/test-helpers/orders/nope/complete", `{"action":"approve"}`, 404, "unknown_order"},
		{"settle unknown order", "POST", "/test-helpers/orders/nope/settle", `{}`, 404, "unknown_order"},
		{"resend unknown order", "POST", "/test-helpers/orders/nope/callbacks", `{"kind":"resend"}`, 404, "unknown_order"},
		{"complete a paid order", "POST", "/test-helpers/orders/paid/complete", `{"action":"approve"}`, 409, "not_pending"},
		{"settle what is not pending", "POST", "/test-helpers/orders/waiting/settle", `{"outcome":"fail"}`, 409, "not_pending"},
		{"no callback_url", "POST", "/test-helpers/orders/quiet/callbacks", `{"kind":"duplicate"}`, 409, "no_callback"},
		{"unknown action", "POST", "/test-helpers/orders/waiting/complete", `{"action":"launch"}`, 400, "unknown_action"},
		{"action missing", "POST", "/test-helpers/orders/waiting/complete", `{}`, 400, "bad_request"},
		{"unknown outcome", "POST", "/test-helpers/orders/waiting/settle", `{"outcome":"maybe"}`, 400, "unknown_action"},
		{"unknown callback kind", "POST", "/test-helpers/orders/paid/callbacks", `{"kind":"twice"}`, 400, "unknown_action"},
		{"unknown fault kind", "POST", "/test-helpers/faults", `{"kind":"fire"}`, 400, "unknown_action"},
		{"unknown error code", "POST", "/test-helpers/orders/waiting/complete", `{"action":"decline","code":"NOT_A_CODE"}`, 400, "unknown_error_code"},
		{"unknown code in declines", "POST", "/test-helpers/declines", `{"code":"insufficient_funds"}`, 400, "unknown_error_code"},
		{"unknown code in settle", "POST", "/test-helpers/orders/waiting/settle", `{"outcome":"fail","code":"x"}`, 400, "unknown_error_code"},
		{"code with approve", "POST", "/test-helpers/orders/waiting/complete", `{"action":"approve","code":"LIMIT_PROCESSING_ERROR"}`, 400, "bad_request"},
		{"cascade with success", "POST", "/test-helpers/orders/waiting/settle", `{"cascade":["A"]}`, 400, "bad_request"},
		{"empty cascade entry", "POST", "/test-helpers/declines", `{"cascade":[""]}`, 400, "bad_request"},
		{"cascade too long", "POST", "/test-helpers/declines", `{"cascade":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]}`, 400, "bad_request"},
		{"negative amount", "POST", "/test-helpers/declines", `{"amount":-1}`, 400, "bad_request"},
		{"unknown member", "POST", "/test-helpers/orders/waiting/complete", `{"action":"approve","outcom":"x"}`, 400, "bad_request"},
		{"malformed JSON", "POST", "/test-helpers/orders/waiting/complete", `{"action":`, 400, "bad_request"},
		{"not an object", "POST", "/test-helpers/declines", `[]`, 400, "bad_request"},
		{"two values", "POST", "/test-helpers/declines", `{} {}`, 400, "bad_request"},
		{"wrong type", "POST", "/test-helpers/orders/waiting/complete", `{"action":1}`, 400, "bad_request"},
		{"bad fault", "POST", "/test-helpers/faults", `{"kind":"slow"}`, 400, "bad_request"},
		{"seconds missing", "POST", "/test-helpers/clock/advance", `{}`, 400, "bad_request"},
		{"seconds negative", "POST", "/test-helpers/clock/advance", `{"seconds":-5}`, 400, "bad_request"},
		{"real clock", "POST", "/test-helpers/clock/advance", `{"seconds":5}`, 409, "clock_not_manual"},
		{"empty order id", "POST", "/test-helpers/orders//complete", `{"action":"approve"}`, 400, "bad_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := e.ctl(t, tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, a.status, a.raw)
			require.Equal(t, tc.code, a.code(), a.raw)
			msg := a.body["error"].(map[string]any)["message"].(string)
			require.NotEmpty(t, msg)
			require.NotContains(t, msg, "sandbox: ")
		})
	}
	w, _ := e.srv.Order("waiting")
	require.Equal(t, smartcore.StatusProcessing, w.Status, "no refusal changed anything")
	// No decline was queued by a refused request: the next payment succeeds.
	require.Equal(t, int(smartcore.StatusProcessing), int(e.pay(t, "after", sandbox.CardSuccess, 1000).Status))
}

// TestControlNamesAnyOrderID: the order id is a percent-encoded path
// segment, slashes and spaces included; a refund id and the processing id
// name transactions too.
func TestControlNamesAnyOrderID(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	for _, id := range []string{"a/b c", "100% sure?", "x#y&z=1", "..", "ünï"} {
		e.form(t, id, 1000)
		path := "/test-helpers/orders/" + url.PathEscape(id)
		a := e.ctl(t, http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, a.status, a.raw)
		require.Equal(t, id, a.body["order_id"])
		require.Equal(t, "form", a.body["stage"])
		a = e.ctl(t, http.MethodPost, path+"/complete", `{"action":"approve"}`)
		require.Equal(t, http.StatusOK, a.status, a.raw)
		require.Equal(t, float64(2), a.body["status"], id)
		byPID := e.ctl(t, http.MethodGet, "/test-helpers/orders/"+a.body["processing_id"].(string), "")
		require.Equal(t, id, byPID.body["order_id"])
	}
}

// TestControlOrder: GET orders/{id} shows the amounts, the refunds and
// every callback attempt.
func TestControlOrder(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	e.pay(t, "o-1", sandbox.CardSuccess, 1000)
	ref, err := e.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{OrderID: "o-1", Amount: 300, Reason: "r"})
	require.NoError(t, err)
	_, err = e.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{OrderID: "o-1", Amount: 77, Reason: "r"})
	require.NoError(t, err)
	require.NoError(t, e.srv.Flush(context.Background()))

	a := e.ctl(t, http.MethodGet, "/test-helpers/orders/o-1", "")
	require.Equal(t, http.StatusOK, a.status, a.raw)
	b := a.body
	require.Equal(t, float64(2), b["status"])
	require.Nil(t, b["stage"])
	require.Equal(t, float64(1000), b["amount"])
	require.Equal(t, float64(623), b["final_amount"])
	require.Equal(t, float64(377), b["refunded_amount"])
	require.Equal(t, "401200******3010", b["card"].(map[string]any)["number"])
	require.Nil(t, b["error_code"])
	refunds := b["refunds"].([]any)
	require.Len(t, refunds, 2)
	require.Equal(t, ref.RefundID, refunds[0].(map[string]any)["refund_id"])
	require.Equal(t, float64(2), refunds[0].(map[string]any)["status"])
	require.Equal(t, "pending", refunds[1].(map[string]any)["stage"])
	cbs := b["callbacks"].([]any)
	require.Len(t, cbs, 1)
	cb := cbs[0].(map[string]any)
	require.Equal(t, e.cb, cb["url"])
	require.Equal(t, float64(200), cb["http_status"])
	require.Equal(t, true, cb["acknowledged"])
	require.Equal(t, "normal", cb["kind"])
	require.NotNil(t, cb["time"])
	require.Contains(t, cb, "latency_ms")
	require.NotContains(t, a.raw, "4012000000003010", "never the card number")
}

// TestControlComplete: each action ends a waiting payment as the shopper
// would, and a decline carries the code and cascade asked for into check
// and the callback.
func TestControlComplete(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cascade := []string{"PLATFORM_ERROR_ANTIFRAUD_RULES", "PLATFORM_ERROR_GATE_SKIPPED", "PLATFORM_ERROR_CARD_BRAND_UNAVAILABLE"}
	for _, tc := range []struct {
		name, pan, body string
		status          int
		code            string
		cascade         []string
	}{
		{"approve a form", "", `{"action":"approve"}`, 2, "", nil},
		{"decline a form", "", `{"action":"decline"}`, -1, "EMITTER_DENIAL_PROCESSING_ERROR", []string{"EMITTER_DENIAL_PROCESSING_ERROR"}},
		{"cancel a form", "", `{"action":"cancel"}`, -1, "FORM_TIMEOUT_PROCESSING_ERROR", []string{"FORM_TIMEOUT_PROCESSING_ERROR"}},
		{"abandon 3-D Secure", sandbox.CardChallenge, `{"action":"abandon"}`, -1, "3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR", nil},
		{"approve 3-D Secure", sandbox.CardChallenge, `{"action":"approve"}`, 2, "", nil},
		{"decline 3-D Secure", sandbox.CardChallenge, `{"action":"decline"}`, -1, "AUTHENTICATION_PROCESSING_ERROR", nil},
		{"cancel 3-D Secure", sandbox.CardChallenge, `{"action":"cancel"}`, -1, "3DS_CANCEL_PROCESSING_ERROR", nil},
		{"decline a redirect with a code", sandbox.CardSuccess, `{"action":"decline","code":"PLATFORM_ERROR_GATE_NOT_FOUND","cascade":` + jsonBody(t, cascade) + `}`,
			-1, "PLATFORM_ERROR_GATE_NOT_FOUND", cascade},
		{"decline a form with the spaced code", "", `{"action":"decline","code":"3DS Redirect Timeout"}`, -1, "3DS Redirect Timeout", []string{"3DS Redirect Timeout"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := strings.ReplaceAll(tc.name, " ", "-")
			if tc.pan == "" {
				e.form(t, id, 1000)
			} else {
				e.pay(t, id, tc.pan, 1000)
			}
			a := e.ctl(t, http.MethodPost, "/test-helpers/orders/"+id+"/complete", tc.body)
			require.Equal(t, http.StatusOK, a.status, a.raw)
			require.Equal(t, float64(tc.status), a.body["status"])
			res := e.check(t, id)
			require.Equal(t, smartcore.Status(tc.status), res.Status)
			require.Equal(t, smartcore.ErrorCode(tc.code), res.ErrorMessage)
			if tc.code == "" {
				require.True(t, res.CascadeErrors.IsZero())
			} else {
				want := tc.cascade
				if want == nil {
					want = []string{tc.code}
				}
				require.Equal(t, want, checkCascade(res))
				require.Len(t, a.body["callbacks"], 1, "the answer comes once the callback was attempted")
				cbs := e.callbacks(id)
				require.Len(t, cbs, 1)
				require.Equal(t, smartcore.ErrorCode(tc.code), cbs[0].ErrorCategory)
				require.Equal(t, want, cascadeOf(t, cbs[0].CascadeErrors))
			}
		})
	}
}

// TestControlSettle: a pending operation settles either way; a failed
// refund gives the payment its amount back, a failed capture captures
// nothing and leaves nothing to capture.
func TestControlSettle(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true, PendingDelay: time.Hour})
	e.pay(t, "paid", sandbox.CardSuccess, 1000)
	ok, err := e.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{OrderID: "paid", Amount: 177, Reason: "r"})
	require.NoError(t, err)
	bad, err := e.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{OrderID: "paid", Amount: 277, Reason: "r"})
	require.NoError(t, err)

	a := e.ctl(t, http.MethodPost, "/test-helpers/orders/"+url.PathEscape(ok.RefundID)+"/settle", "")
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, float64(2), a.body["status"])
	a = e.ctl(t, http.MethodPost, "/test-helpers/orders/"+bad.RefundID+"/settle",
		`{"outcome":"fail","code":"PLATFORM_ORDER_BILLING_ERROR","cascade":["GATE_A","GATE_B"]}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, float64(-1), a.body["status"])
	require.Equal(t, "PLATFORM_ORDER_BILLING_ERROR", a.body["error_code"])
	require.Equal(t, []any{"GATE_A", "GATE_B"}, a.body["cascade"])
	res := e.check(t, bad.RefundID)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, []string{"GATE_A", "GATE_B"}, checkCascade(res))
	p := e.check(t, "paid")
	require.Equal(t, int64(1000-177), p.FinalAmount, "the failed refund moved nothing")

	a = e.ctl(t, http.MethodPost, "/test-helpers/orders/"+bad.RefundID+"/settle", `{}`)
	require.Equal(t, "not_pending", a.code(), "settled once")

	// A failed capture.
	_, err = e.srv.Client.Authorize(context.Background(), &smartcore.AuthorizeRequest{
		Order: order("auth", 1077), MerchantSite: "https://merchant.site", Customer: customer, ReturnURLs: urls(e.cb),
		Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"}})
	require.NoError(t, err)
	_, err = e.srv.Client.Capture(context.Background(), &smartcore.CaptureRequest{OrderID: "auth"})
	require.NoError(t, err)
	a = e.ctl(t, http.MethodPost, "/test-helpers/orders/auth/settle", `{"outcome":"fail"}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, "PROCESSING_ERROR", a.body["error_code"], "a failure without code")
	require.Equal(t, float64(0), a.body["captured_amount"])
	_, err = e.srv.Client.Capture(context.Background(), &smartcore.CaptureRequest{OrderID: "auth"})
	require.Error(t, err, "a failed capture leaves nothing to capture")

	// A failed withdrawal leaves the balance alone.
	before := e.srv.Balance("EUR-sandbox-payout")
	_, err = e.srv.Client.WithdrawCard(context.Background(), &smartcore.CardWithdrawalRequest{
		Payout: smartcore.Payout{Account: "EUR-sandbox-payout", Amount: 577, OrderID: "wd"},
		Payee:  smartcore.Payee{FirstName: "John", LastName: "Doe"}, CardNumber: sandbox.CardSuccess, CardExpMonth: "02", CardExpYear: "30"})
	require.NoError(t, err)
	a = e.ctl(t, http.MethodPost, "/test-helpers/orders/wd/settle", `{"outcome":"fail","code":"PROCESSOR_DENIAL_PROCESSING_ERROR"}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, before, e.srv.Balance("EUR-sandbox-payout"))
}

// TestControlDeclines: a queued decline fails the next matching payment,
// whatever its card and however it is paid, once.
func TestControlDeclines(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	queue := func(body string) {
		a := e.ctl(t, http.MethodPost, "/test-helpers/declines", body)
		require.Equal(t, http.StatusOK, a.status, a.raw)
	}
	queue(`{"code":"LIMIT_PROCESSING_ERROR","amount":1234}`)
	queue(`{"code":"DO_NOT_HONOUR_PROCESSING_ERROR","card_number":"` + sandbox.CardChallenge + `"}`)

	require.Equal(t, smartcore.StatusSuccess, e.pay(t, "other-amount", sandbox.CardSuccess, 1000).Status, "amount does not match")
	require.Equal(t, smartcore.StatusFail, e.pay(t, "amount", sandbox.CardSuccess, 1234).Status)
	require.Equal(t, smartcore.ErrLimitProcessing, e.check(t, "amount").ErrorMessage)
	require.Equal(t, smartcore.StatusSuccess, e.pay(t, "once", sandbox.CardSuccess, 1234).Status, "a queued decline applies once")
	res := e.pay(t, "card", sandbox.CardChallenge, 1000)
	require.Equal(t, smartcore.StatusFail, res.Status, "declined before any challenge")
	require.Equal(t, smartcore.ErrDoNotHonourProcessing, e.check(t, "card").ErrorMessage)

	// A hosted form: when its card is submitted.
	queue(`{"code":"PLATFORM_ERROR_ERROR_GATE_EXCHANGE_NOT_ALLOWED"}`)
	form := e.form(t, "form", 1000)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).PostForm(form.FormURL,
		url.Values{"card_holder": {"John Doe"}, "card_number": {sandbox.CardSuccess}, "card_exp_month": {"02"}, "card_exp_year": {"30"}, "card_cvv": {"123"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, smartcore.ErrGateExchangeNotAllowed, e.check(t, "form").ErrorMessage)

	// A recurrent charge: success false, err the code, which the client
	// reports as an error.
	queue(`{"code":"INSUFFICIENT_FUNDS_PROCESSING_ERROR","amount":500}`)
	_, err = e.srv.Client.Recurrent(context.Background(), &smartcore.RecurrentRequest{
		OrderID: "recur", ParentOrderID: "other-amount", Amount: 500, Purpose: "again"})
	require.ErrorContains(t, err, "INSUFFICIENT_FUNDS_PROCESSING_ERROR")
	require.Equal(t, smartcore.ErrInsufficientFundsProcessing, e.check(t, "recur").ErrorMessage)

	// An authorize.
	queue(`{}`)
	_, err = e.srv.Client.Authorize(context.Background(), &smartcore.AuthorizeRequest{
		Order: order("auth", 1000), MerchantSite: "https://merchant.site", Customer: customer, ReturnURLs: urls(e.cb),
		Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"}})
	require.NoError(t, err)
	require.Equal(t, sandbox.DefaultDecline, e.check(t, "auth").ErrorMessage, "no code: the default decline")
}

// TestControlCallbacks: resend, duplicate and bad_signature send the last
// callback again as the dashboard's buttons do.
func TestControlCallbacks(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	e.pay(t, "o-1", sandbox.CardSuccess, 1000)
	for _, kind := range []string{"resend", "duplicate", "bad_signature"} {
		a := e.ctl(t, http.MethodPost, "/test-helpers/orders/o-1/callbacks", `{"kind":"`+kind+`"}`)
		require.Equal(t, http.StatusOK, a.status, a.raw)
	}
	var kinds []delivery.Kind
	for _, d := range e.srv.Deliveries("o-1") {
		kinds = append(kinds, d.Kind)
	}
	require.Equal(t, []delivery.Kind{delivery.Normal, delivery.Redelivery, delivery.Duplicate, delivery.BadSignature}, kinds)
	require.Equal(t, []int{200, 200, 200, 401}, e.answers())
	require.Len(t, e.callbacks("o-1"), 1, "the resent and duplicate callbacks were not processed twice; the bad signature not at all")
}

// TestControlFaults: POST faults injects one as InjectFault does; DELETE
// removes them.
func TestControlFaults(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	e.pay(t, "o-1", sandbox.CardSuccess, 1000)
	a := e.ctl(t, http.MethodPost, "/test-helpers/faults", `{"kind":"server_error","endpoint":"/check","status_code":503}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	raw := func() int {
		return call(t, e.srv.URL, http.MethodPost, "/check", `{"order_id":"o-1"}`, func(r *http.Request) {
			r.SetBasicAuth(e.srv.MerchantKey, e.srv.Secret)
			r.Header.Set("Content-Type", "application/json")
		}).status
	}
	require.Equal(t, http.StatusServiceUnavailable, raw())
	require.Equal(t, http.StatusServiceUnavailable, raw(), "until cleared")
	a = e.ctl(t, http.MethodDelete, "/test-helpers/faults", "")
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, http.StatusOK, raw())

	a = e.ctl(t, http.MethodPost, "/test-helpers/faults", `{"kind":"lost-response","order_id":"o-2","times":1}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	_, err := e.srv.Client.PayCard(context.Background(), &smartcore.CardPaymentRequest{
		Order: order("o-2", 1000), MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"}})
	require.Error(t, err, "the answer was lost")
	got, ok := e.srv.Order("o-2")
	require.True(t, ok, "but the payment was made")
	require.Equal(t, smartcore.StatusSuccess, got.Status)
}

// TestControlFaultsBounded: at most sandbox.MaxFaults faults at once (400
// beyond, as for queued declines), each naming one of the API's paths and
// an order id of at most 255 bytes, so that what every API request looks
// through stays small.
func TestControlFaultsBounded(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	for _, body := range []string{
		`{"kind":"server_error","endpoint":"/nowhere"}`,
		`{"kind":"server_error","endpoint":"/pci/initPaymentHost2Host"}`,
		`{"kind":"server_error","endpoint":"/` + strings.Repeat("x", 60<<10) + `"}`,
		`{"kind":"server_error","order_id":"` + strings.Repeat("o", 256) + `"}`,
	} {
		a := e.ctl(t, http.MethodPost, "/test-helpers/faults", body)
		require.Equal(t, http.StatusBadRequest, a.status, a.raw[:min(len(a.raw), 200)])
		require.Equal(t, "bad_request", a.code())
		require.Less(t, len(a.raw), 1000, "the answer does not echo what was refused")
	}
	for _, body := range []string{
		`{"kind":"server_error","endpoint":"withdrawal/init","times":1}`,
		`{"kind":"slow","delay_ms":1,"order_id":"` + strings.Repeat("o", 255) + `"}`,
	} {
		a := e.ctl(t, http.MethodPost, "/test-helpers/faults", body)
		require.Equal(t, http.StatusOK, a.status, a.raw)
	}
	for range sandbox.MaxFaults - 2 {
		require.NoError(t, e.srv.InjectFault(sandbox.Fault{Kind: sandbox.FaultServerError, OrderID: "o"}))
	}
	a := e.ctl(t, http.MethodPost, "/test-helpers/faults", `{"kind":"server_error","endpoint":"/check"}`)
	require.Equal(t, http.StatusBadRequest, a.status, a.raw)
	require.Equal(t, "bad_request", a.code())
	require.Contains(t, a.raw, "1000 faults are already injected")
	require.Equal(t, http.StatusOK, e.ctl(t, http.MethodDelete, "/test-helpers/faults", "").status)
	a = e.ctl(t, http.MethodPost, "/test-helpers/faults", `{"kind":"server_error","endpoint":"/check"}`)
	require.Equal(t, http.StatusOK, a.status, "room again once cleared: %s", a.raw)
}

// TestControlDeclineCardNumber: a card number as printed on the card, with
// spaces or dashes, is queued as its digits and matches a payment with
// that card; one that no payment could carry is refused, not queued.
func TestControlDeclineCardNumber(t *testing.T) {
	e := newEnv(t, sandbox.Options{SettleImmediately: true})
	pan := sandbox.CardSuccess
	for i, typed := range []string{pan[:4] + " " + pan[4:8] + " " + pan[8:12] + " " + pan[12:], pan[:4] + "-" + pan[4:8] + "-" + pan[8:12] + "-" + pan[12:]} {
		a := e.ctl(t, http.MethodPost, "/test-helpers/declines", `{"code":"LIMIT_PROCESSING_ERROR","card_number":"`+typed+`"}`)
		require.Equal(t, http.StatusOK, a.status, a.raw)
		require.Equal(t, smartcore.MaskPAN(pan), a.body["card_number"], "echoed as queued: the digits, masked")
		id := fmt.Sprintf("typed-%d", i)
		require.Equal(t, smartcore.StatusFail, e.pay(t, id, pan, 1000).Status, typed)
		require.Equal(t, smartcore.ErrLimitProcessing, e.check(t, id).ErrorMessage, typed)
	}
	for _, bad := range []string{"4012 0000 000", "4012000000003010x", "40120000000030100000", "4012_0000_0000_3010", " - "} {
		a := e.ctl(t, http.MethodPost, "/test-helpers/declines", `{"card_number":"`+bad+`"}`)
		require.Equal(t, http.StatusBadRequest, a.status, bad)
		require.Equal(t, "bad_request", a.code(), bad)
		require.Contains(t, a.raw, "12 to 19 digits", bad)
	}
	require.Equal(t, smartcore.StatusSuccess, e.pay(t, "none-queued", pan, 1000).Status, "the refused ones queued nothing")
}

// bannerService is a loopback service that is not HTTP: it answers any
// connection with one line of its own, as a database or a mail server
// greets, and closes.
func bannerService(t *testing.T, line string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = bufio.NewReader(c).ReadString('\n')
				_, _ = io.WriteString(c, line+"\r\n")
				time.Sleep(50 * time.Millisecond)
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/cb"
}

// TestControlRemoteHidesHostAnswers: with Options.Remote, what a callback
// host answered reaches neither the control API nor the dashboard, not
// even through the error's text (Go's transport quotes a malformed
// answer): they show the class of the failure. The program's own
// Sandbox.Deliveries keeps the error as it was.
func TestControlRemoteHidesHostAnswers(t *testing.T) {
	const secret = "REDIS-PASSWORD-hunter2-in-the-banner"
	for _, banner := range []string{secret, "HTTP/1.1 200 OK\r\n" + secret} { // a status line, then a header line
		srv := sandboxtest.NewServer(t, sandbox.Options{Remote: true, SettleImmediately: true, Secret: "my-own-secret", RetrySchedule: []time.Duration{}})
		_, err := srv.Client.PayCard(context.Background(), &smartcore.CardPaymentRequest{
			Order: order("o-leak", 1000), MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
			ReturnURLs: urls(bannerService(t, banner)), Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
		})
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		require.NoError(t, srv.Flush(ctx))
		cancel()
		got := srv.Deliveries("o-leak")
		require.Len(t, got, 1)
		require.ErrorContains(t, got[0].Err, secret[:10], "the Go API keeps the error")

		auth := func(r *http.Request) { r.SetBasicAuth(srv.MerchantKey, srv.Secret) }
		a := call(t, srv.URL, http.MethodGet, "/test-helpers/orders/o-leak", "", auth)
		require.Equal(t, http.StatusOK, a.status)
		require.NotContains(t, a.raw, secret[:10], "control API")
		cbs, _ := a.body["callbacks"].([]any)
		require.Len(t, cbs, 1)
		require.Equal(t, "not an HTTP answer", cbs[0].(map[string]any)["error"])

		tx, _ := srv.Order("o-leak")
		d := call(t, srv.URL, http.MethodGet, "/transactions/"+tx.ProcessingID, "", auth)
		require.Equal(t, http.StatusOK, d.status)
		require.NotContains(t, d.raw, secret[:10], "dashboard")
		require.Contains(t, d.raw, "No answer: not an HTTP answer")
	}
}

// TestControlClock: on a manual clock, clock/advance moves time: a form
// expires, a pending operation settles, a callback retry falls due.
func TestControlClock(t *testing.T) {
	clock := sandbox.NewFakeClock(time.Time{})
	e := newEnv(t, sandbox.Options{Clock: clock, RetrySchedule: []time.Duration{time.Minute}})
	e.form(t, "form", 1000)
	a := e.ctl(t, http.MethodPost, "/test-helpers/clock/advance", `{"seconds": 899}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	require.Equal(t, "2024-01-01T00:14:59Z", a.body["now"])
	require.Equal(t, smartcore.StatusProcessing, e.check(t, "form").Status)
	a = e.ctl(t, http.MethodPost, "/test-helpers/clock/advance", `{"seconds": 1.5}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	res := e.check(t, "form")
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, smartcore.ErrFormTimeoutProcessing, res.ErrorMessage)
	require.Len(t, e.callbacks("form"), 1, "the callback was attempted before the answer")
}

// TestControlPage: the dashboard links to a page describing the API,
// which needs no credentials and shows none.
func TestControlPage(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	dash := call(t, e.srv.URL, http.MethodGet, "/", "", func(*http.Request) {})
	require.Equal(t, http.StatusOK, dash.status)
	require.Contains(t, dash.raw, `href="/test-helpers/" id="control-api"`)
	a := call(t, e.srv.URL, http.MethodGet, "/test-helpers/", "", func(*http.Request) {})
	require.Equal(t, http.StatusOK, a.status)
	require.Contains(t, a.header.Get("Content-Type"), "text/html")
	require.Contains(t, a.header.Get("Content-Security-Policy"), "default-src 'none'")
	for _, s := range []string{`id="control-api"`, e.srv.URL + "/test-helpers/", "orders/{order_id}/complete", "unknown_error_code", "clock/advance"} {
		require.Contains(t, a.raw, s)
	}
	require.NotContains(t, a.raw, e.srv.Secret)
}

// TestDashboardAndControlAgree: a dashboard button and the control API
// take the same path, so they refuse and do the same things.
func TestDashboardAndControlAgree(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	e.pay(t, "by-dash", sandbox.CardChallenge, 1000)
	e.pay(t, "by-ctl", sandbox.CardChallenge, 1000)
	pid := func(id string) string { o, _ := e.srv.Order(id); return o.ProcessingID }
	dashAct := func(id, action string) int {
		return call(t, e.srv.URL, http.MethodPost, "/transactions/"+pid(id)+"/"+action, "", func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "same-origin")
		}).status
	}
	require.Equal(t, http.StatusSeeOther, dashAct("by-dash", "decline"))
	a := e.ctl(t, http.MethodPost, "/test-helpers/orders/by-ctl/complete", `{"action":"decline"}`)
	require.Equal(t, http.StatusOK, a.status, a.raw)
	d, c := e.check(t, "by-dash"), e.check(t, "by-ctl")
	require.Equal(t, d.Status, c.Status)
	require.Equal(t, smartcore.ErrAuthenticationProcessing, d.ErrorMessage)
	require.Equal(t, d.ErrorMessage, c.ErrorMessage)

	// Both refuse to settle what is not pending, and to approve what is final.
	require.Equal(t, http.StatusConflict, dashAct("by-dash", "settle"))
	require.Equal(t, "not_pending", e.ctl(t, http.MethodPost, "/test-helpers/orders/by-ctl/settle", `{}`).code())
	require.Equal(t, http.StatusConflict, dashAct("by-dash", "approve"))
	require.Equal(t, "not_pending", e.ctl(t, http.MethodPost, "/test-helpers/orders/by-ctl/complete", `{"action":"approve"}`).code())
}
