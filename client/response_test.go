package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// TestOddMembersDoNotMakeTheOutcomeUnknown: a 200 answer with a documented
// status is an answer, whatever its secondary members hold.
func TestOddMembersDoNotMakeTheOutcomeUnknown(t *testing.T) {
	odd := `"card": "401200******3010", "amount": "abc", "endDate": "the day after", "description": {"x": 1}, "cascadeErrors": "PLATFORM_ERROR_GATE_SKIPPED"`

	resp, hits, err := payCardVia(t, answerJSON(200, `{"status": -1, "order_id": "order-42", `+odd+`, "msg": "EMITTER_DENIAL_PROCESSING_ERROR"}`))
	require.NoError(t, err)
	require.Equal(t, 1, hits)
	require.Equal(t, smartcore.StatusFail, resp.Status)
	require.Equal(t, "order-42", resp.OrderID)
	require.Equal(t, "the day after", resp.EndDate.Raw)
	require.Equal(t, smartcore.ErrEmitterDenialProcessing, resp.Code)
	require.Equal(t, smartcore.CategoryDeclined, resp.Code.Category())
	require.Equal(t, []smartcore.FieldError{{Field: "description", Reason: "is not a string"}}, resp.Undecoded)

	gw, pci := newFakeHost(t, answerJSON(200, `{"status": 2, "order_id": "order-42", `+odd+`}`)), newFakeHost(t, answerJSON(200, `{"status": 1, "order_id": "w-1", `+odd+`}`))
	c := newTestClient(t, gw, pci)
	chk, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "order-42"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Nil(t, chk.Card)
	require.Zero(t, chk.Amount)
	require.Equal(t, []smartcore.ErrorCode{smartcore.ErrGateSkipped}, chk.CascadeErrors.Codes())
	require.ElementsMatch(t, []string{"card", "amount"}, fieldsOf(chk.Undecoded))

	wd, err := c.WithdrawCard(t.Context(), &smartcore.CardWithdrawalRequest{Payout: curlPayout(), CardNumber: "4123540003981114"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, wd.Status)
	require.Equal(t, "w-1", wd.OrderID)
	require.Nil(t, wd.Card)
}

func fieldsOf(errs []smartcore.FieldError) []string {
	var names []string
	for _, e := range errs {
		names = append(names, e.Field)
	}
	return names
}

// TestUnreadableStatusIsStillOutcomeUnknown keeps the rule's other half.
func TestUnreadableStatusIsStillOutcomeUnknown(t *testing.T) {
	for _, body := range []string{`{"status": "done", "order_id": "order-42"}`, `{"status": 1, "order_id": {"id": 1}}`} {
		resp, _, err := payCardVia(t, answerJSON(200, body))
		require.Nil(t, resp)
		ou := requireOutcomeUnknown(t, err)
		require.NotNil(t, ou.Response, "the answer is kept for support")
		require.Equal(t, 200, ou.Response.HTTPStatus)
		require.JSONEq(t, body, string(ou.Response.RawBody))
	}
}

// echoSecrets answers 200 with a body and header quoting the request's
// card number, CVV and the client's secret, as a careless gateway might.
func echoSecrets(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-1")
		w.Header().Set("X-Debug", "secret=qwerty pan=4012000000003010")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, body)
	}
}

func TestEveryResponseRecordsTheAnswerScrubbed(t *testing.T) {
	body := `{"status": 1, "order_id": "o", "success": true, "balance": 5, "description": "card 4012000000003010 cvv 123 key qwerty"}`
	gw, pci := newFakeHost(t, echoSecrets(body)), newFakeHost(t, echoSecrets(body))
	c := newTestClient(t, gw, pci)
	ctx := t.Context()
	type meta interface{ Meta() *smartcore.Response }
	calls := map[string]func() (meta, error){
		"InitPayment": func() (meta, error) {
			return c.InitPayment(ctx, &smartcore.InitPaymentRequest{Order: curlOrder("o"), Customer: curlCustomer(), IPAddress: "127.0.0.1"})
		},
		"PayCard": func() (meta, error) { return c.PayCard(ctx, curlCardRequest()) },
		"Authorize": func() (meta, error) {
			return c.Authorize(ctx, &smartcore.AuthorizeRequest{Order: curlOrder("o"), MerchantSite: "https://merchant.site", Customer: curlCustomer(), Card: curlCard()})
		},
		"Capture": func() (meta, error) { return c.Capture(ctx, &smartcore.CaptureRequest{OrderID: "o"}) },
		"Cancel":  func() (meta, error) { return c.Cancel(ctx, &smartcore.CancelRequest{OrderID: "o"}) },
		"Check":   func() (meta, error) { return c.Check(ctx, &smartcore.CheckRequest{OrderID: "o"}) },
		"Refund": func() (meta, error) {
			return c.Refund(ctx, &smartcore.RefundRequest{OrderID: "o", Amount: 1, Reason: "r"})
		},
		"Recurrent": func() (meta, error) {
			return c.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "o", ParentOrderID: "p", Amount: 1, Purpose: "p"})
		},
		"TokenizeForm": func() (meta, error) {
			return c.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "a", OrderID: "o"})
		},
		"WithdrawCard": func() (meta, error) {
			return c.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{Payout: curlPayout(), CardNumber: "4123540003981114"})
		},
		"WithdrawPhone": func() (meta, error) {
			return c.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: curlPayout(), Phone: "79123456789"})
		},
		"Balance": func() (meta, error) { return c.Balance(ctx, &smartcore.BalanceRequest{Account: "a"}) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			res, err := call()
			require.NoError(t, err)
			m := res.Meta()
			require.Equal(t, 200, m.HTTPStatus)
			require.Equal(t, "req-1", m.Header.Get("X-Request-Id"))
			require.Equal(t, "secret=[redacted] pan=401200******3010", m.Header.Get("X-Debug"))
			raw := string(m.RawBody)
			require.Contains(t, raw, `"status": 1`)
			require.Contains(t, raw, "card 401200******3010")
			require.NotContains(t, raw, "4012000000003010")
			require.NotContains(t, raw, "qwerty")
			require.Empty(t, m.Header.Get("Authorization"))
			var logged bytes.Buffer
			slog.New(slog.NewJSONHandler(&logged, nil)).Info("answer", "res", res, "body", string(m.RawBody))
			printed := fmt.Sprintf("%+v %s %v", res, m.RawBody, m.Header) + logged.String()
			require.NotContains(t, printed, "4012000000003010")
			if name == "PayCard" || name == "Authorize" {
				require.NotContains(t, raw, "cvv 123", "the request's CVV")
			}
		})
	}
}

func TestAPIErrorCarriesTheAnswer(t *testing.T) {
	_, _, err := payCardVia(t, answerJSON(http.StatusBadRequest, `{"err": "card 4012000000003010 refused", "msg": "qwerty"}`))
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.NotNil(t, apiErr.Response)
	require.Equal(t, 400, apiErr.Response.HTTPStatus)
	require.Equal(t, "application/json", apiErr.Response.Header.Get("Content-Type"))
	require.JSONEq(t, `{"err": "card 401200******3010 refused", "msg": "[redacted]"}`, string(apiErr.Response.RawBody))

	// Inside a 2xx answer the error shares the response's record.
	gw := newFakeHost(t, answerJSON(200, `{"status": -1, "order_id": "o", "err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID"}`))
	c := newTestClient(t, gw, newFakeHost(t, nil))
	resp, err := c.Capture(t.Context(), &smartcore.CaptureRequest{OrderID: "o"})
	require.ErrorAs(t, err, &apiErr)
	require.Same(t, &resp.Response, apiErr.Response)
	require.Equal(t, smartcore.ErrDuplicatedOrderID, resp.Code)
}

func TestAPIErrorKeepsUnlistedCodes(t *testing.T) {
	_, _, err := payCardVia(t, answerJSON(http.StatusUnprocessableEntity, `{"err": "PLATFORM_ERROR_BRAND_NEW", "msg": "something new"}`))
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, smartcore.ErrorCode("PLATFORM_ERROR_BRAND_NEW"), apiErr.Code)
	require.False(t, apiErr.Code.Known())
	require.Empty(t, apiErr.Code.Description())
	require.Equal(t, smartcore.CategoryUnknown, apiErr.Category())
	require.Equal(t, smartcore.CategoryUnknown, apiErr.Code.Category())
	require.Equal(t, "smartcore: /initPaymentHost2Host: HTTP 422: PLATFORM_ERROR_BRAND_NEW: something new", apiErr.Error())

	_, _, err = payCardVia(t, answerJSON(http.StatusUnprocessableEntity, `{"errorMessage": "Something odd happened"}`))
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, smartcore.ErrorCode("Something odd happened"), apiErr.Code, "errorMessage is kept as sent")
}

func TestAPIErrorCategory(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   smartcore.DeclineCategory
	}{
		{400, `{"err": "VALIDATION_PROCESSING_ERROR"}`, smartcore.CategoryInvalidRequest},
		{409, `{"err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID"}`, smartcore.CategoryInvalidRequest},
		{402, `{"err": "INSUFFICIENT_FUNDS_PROCESSING_ERROR"}`, smartcore.CategoryDeclined},
		{500, `{"err": "TECHNICAL_PROCESSING_ERROR"}`, smartcore.CategoryGatewayFailure},
		{401, `{"error": "Unauthorized"}`, smartcore.CategoryInvalidRequest},
		{422, `{"err": "PROCESSING_ERROR"}`, smartcore.CategoryUnknown},
	}
	for _, tc := range cases {
		_, _, err := payCardVia(t, answerJSON(tc.status, tc.body))
		var apiErr *client.APIError
		require.True(t, errors.As(err, &apiErr), tc.body)
		require.Equal(t, tc.want, apiErr.Category(), tc.body)
	}
}

func TestErrorCodeCategories(t *testing.T) {
	want := map[smartcore.DeclineCategory][]smartcore.ErrorCode{
		smartcore.CategoryDeclined: {
			smartcore.ErrAuthenticationProcessing, smartcore.ErrDoNotHonourProcessing, smartcore.ErrEmitterDenialProcessing,
			smartcore.ErrFormTimeoutProcessing, smartcore.ErrInsufficientFundsProcessing, smartcore.ErrLimitProcessing,
			smartcore.Err3DSRedirectTimeoutProcessing, smartcore.Err3DSTimeoutProcessing, smartcore.ErrCardTimeLimitProcessing,
			smartcore.Err3DSRedirectTimeout, smartcore.Err3DSCancelProcessing, smartcore.ErrAntifraudRules, smartcore.ErrCardBrandUnavailable,
		},
		smartcore.CategoryInvalidRequest: {smartcore.ErrValidationProcessing, smartcore.ErrDuplicatedOrderID},
		smartcore.CategoryGatewayFailure: {
			smartcore.ErrProcessorDenialProcessing, smartcore.ErrTechnicalProcessing, smartcore.ErrGateExchangeNotAllowed,
			smartcore.ErrGateNotFound, smartcore.ErrOrderBilling, smartcore.ErrGateSkipped,
		},
		smartcore.CategoryUnknown: {smartcore.ErrProcessing, "", "SOMETHING_ELSE"},
	}
	seen := 0
	for cat, codes := range want {
		for _, code := range codes {
			require.Equal(t, cat, code.Category(), code)
			if code.Known() {
				seen++
			}
		}
	}
	require.Equal(t, len(smartcore.ErrorCodes()), seen, "every listed code is placed")
	require.Equal(t, "declined", smartcore.CategoryDeclined.String())
	require.Equal(t, "invalid request", smartcore.CategoryInvalidRequest.String())
	require.Equal(t, "gateway failure", smartcore.CategoryGatewayFailure.String())
	require.Equal(t, "unknown", smartcore.CategoryUnknown.String())
	require.Equal(t, "DeclineCategory(9)", smartcore.DeclineCategory(9).String())
}

// TestSuccessIsNotAnErrorOverAStrayErr: next to status 2, only an error
// code in err makes the call an error; an empty-looking err never does.
func TestSuccessIsNotAnErrorOverAStrayErr(t *testing.T) {
	for _, errMember := range []string{`false`, `{}`, `[]`, `0`, `""`, `null`, `"OK"`, `"Success"`} {
		gw := newFakeHost(t, answerJSON(200, `{"order_id": "o-1", "status": 2, "err": `+errMember+`}`))
		c := newTestClient(t, gw, gw)
		res, err := c.Capture(t.Context(), &smartcore.CaptureRequest{OrderID: "o-1"})
		require.NoError(t, err, "err: %s", errMember)
		require.Equal(t, smartcore.StatusSuccess, res.Status)
	}
	// Any text next to a pending or failed status is a refusal, certain
	// only next to the failed one: a pending status says the operation is
	// still going.
	for body, unknown := range map[string]bool{
		`{"order_id": "o-1", "status": 1, "err": "gate unavailable"}`:            true,
		`{"order_id": "o-1", "status": -1, "err": "TECHNICAL_PROCESSING_ERROR"}`: false,
	} {
		gw := newFakeHost(t, answerJSON(200, body))
		c := newTestClient(t, gw, gw)
		_, err := c.Capture(t.Context(), &smartcore.CaptureRequest{OrderID: "o-1"})
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr, body)
		require.Equal(t, unknown, errors.Is(err, client.ErrOutcomeUnknown), body)
	}
	// A code next to status 2 contradicts the status: neither is certain,
	// so a state-changing call's outcome is unknown, with the answer and
	// the code kept.
	body := `{"order_id": "o-1", "status": 2, "err": "TECHNICAL_PROCESSING_ERROR"}`
	gw := newFakeHost(t, answerJSON(200, body))
	c := newTestClient(t, gw, gw)
	_, err := c.Capture(t.Context(), &smartcore.CaptureRequest{OrderID: "o-1"})
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, smartcore.ErrTechnicalProcessing, apiErr.Code)
	require.Equal(t, 200, apiErr.Response.HTTPStatus)
	// Check changes nothing: its answer is returned with the refusal.
	gw = newFakeHost(t, answerJSON(200, body))
	c = newTestClient(t, gw, gw)
	res, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o-1"})
	require.ErrorAs(t, err, &apiErr)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
	require.NotNil(t, res)
}

// TestExtraIsScrubbedAsRawBody: the members an answer's type does not
// decode (Response.Extra) lose what RawBody loses, the client's secret and
// Authorization value and the request's card data, in names and values,
// at any depth; members nested in an unknown object are masked by their
// own names. Printing the response shows none of it either.
func TestExtraIsScrubbedAsRawBody(t *testing.T) {
	body := `{"status": 1, "order_id": "o",
		"debug": "auth Basic dGVzdDpxd2VydHk= secret qwerty cvv 123 pan 4012000000003010",
		"echo": {"cvv": "123", "number": "4012 0000 0000 3010", "code": 123, "card": {"card_number": "4111 2222 3333 4445", "CVC2": 987}},
		"list": [{"Cvv": 987}, "qwerty"], "qwerty": 1, "plain": {"a": [1, "b"]}}`
	resp, _, err := payCardVia(t, answerJSON(http.StatusOK, body))
	require.NoError(t, err)
	raw := string(resp.RawBody)
	require.Contains(t, raw, `"cvv": "[redacted]"`, "RawBody is scrubbed")
	require.Equal(t, []string{"debug", "echo", "list", "[redacted]", "plain"}, resp.ExtraNames())
	for name, want := range map[string]string{
		"debug": `"auth [redacted] secret [redacted] cvv [redacted] pan 401200******3010"`,
		"echo": `{"cvv": "[redacted]", "number": "4012 0000 0000 3010", "code": "[redacted]",
			"card": {"card_number": "**** **** **** 4445", "CVC2": "[redacted]"}}`,
		"list":       `[{"Cvv": "[redacted]"}, "[redacted]"]`,
		"[redacted]": `1`,
		"plain":      `{"a": [1, "b"]}`,
	} {
		got, ok := resp.Extra(name)
		require.True(t, ok, name)
		require.JSONEq(t, want, string(got), name)
	}
	plain, _ := resp.Extra("plain")
	require.Equal(t, `{"a": [1, "b"]}`, string(plain), "a value with nothing to mask is kept as sent")
	_, ok := resp.Extra("qwerty")
	require.False(t, ok, "a name holding the secret is scrubbed too")

	printed := fmt.Sprintf("%v %+v %#v", resp, resp, resp)
	for _, leak := range []string{"qwerty", "dGVzdDpxd2VydHk=", "4012000000003010"} {
		require.False(t, strings.Contains(printed, leak), "printing shows %q", leak)
		require.False(t, strings.Contains(printed, strings.Trim(fmt.Sprint([]byte(leak)), "[]")), "printing shows the bytes of %q", leak)
	}
	// RawBody keeps the 987s (it masks by content only); the extras do not.
	for _, name := range resp.ExtraNames() {
		v, _ := resp.Extra(name)
		require.NotContains(t, string(v), "987", name)
		require.NotContains(t, string(v), "123", name)
	}

	// A wallet's DPAN is removed; a Do call into a response type scrubs
	// the request's extras the same way.
	dpan := curlApplePayDPan
	gw := newFakeHost(t, answerJSON(http.StatusOK, `{"status": 1, "order_id": "o", "echo": {"token": "`+dpan+`"}, "note": "cvv 987"}`))
	c := newTestClient(t, gw, gw)
	wallet, err := c.PayApplePay(t.Context(), &smartcore.ApplePayPaymentRequest{
		Order: curlOrder("o"), MerchantSite: "https://merchant.site", Customer: curlCustomer(),
		IPAddress: "127.0.0.1", ReturnURLs: curlURLs(), DPan: dpan, Network: "Visa",
	})
	require.NoError(t, err)
	echo, _ := wallet.Extra("echo")
	require.JSONEq(t, `{"token": "[redacted]"}`, string(echo))

	req := &smartcore.CheckRequest{OrderID: "o"}
	require.NoError(t, req.AddExtra("card_cvv", "987"))
	var viaDo smartcore.PaymentResponse
	require.NoError(t, c.Do(t.Context(), "/v2/verifyCard", req, &viaDo))
	note, _ := viaDo.Extra("note")
	require.JSONEq(t, `"cvv [redacted]"`, string(note))
}

// TestMalformedAnswerErrorIsScrubbed: encoding/json's error for a value it
// cannot store quotes the number, here the card number the gateway
// echoed; the error the call returns masks it, and errors.As still finds
// the *json.UnmarshalTypeError, scrubbed as well.
func TestMalformedAnswerErrorIsScrubbed(t *testing.T) {
	pci := newFakeHost(t, answerJSON(http.StatusOK, `{"status": 1, "order_id": "order-42", "card_number": 4012000000003010, "code": 123}`))
	c := newTestClient(t, newFakeHost(t, nil), pci)
	for _, out := range []any{
		&struct {
			CardNumber int32 `json:"card_number"`
		}{},
		&struct {
			Code bool `json:"code"` // the request's CVV
		}{},
	} {
		err := c.Do(t.Context(), "/initPaymentHost2Host", curlCardRequest(), out)
		requireOutcomeUnknown(t, err)
		require.NotContains(t, err.Error(), "4012000000003010")
		require.NotContains(t, err.Error(), "123")
		require.Contains(t, err.Error(), "malformed body: json: cannot unmarshal number ")
		var te *json.UnmarshalTypeError
		require.ErrorAs(t, err, &te)
		require.NotContains(t, te.Error(), "4012000000003010")
		require.NotContains(t, te.Value, "123")
	}
	var te *json.UnmarshalTypeError
	err := c.Do(t.Context(), "/initPaymentHost2Host", curlCardRequest(), &struct {
		CardNumber int32 `json:"card_number"`
	}{})
	require.ErrorAs(t, err, &te)
	require.Equal(t, "number 401200******3010", te.Value)
	require.Contains(t, err.Error(), "number 401200******3010 into Go struct field .card_number of type int32")
}
