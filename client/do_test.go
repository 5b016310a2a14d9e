package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

// newRecordedSandbox serves a sandbox behind a recording host: its gateway
// host at the root, its PCI host under /pci, as the client sees them.
func newRecordedSandbox(t *testing.T, opts ...client.Option) (*fakeHost, *client.Client) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{})
	t.Cleanup(func() { _ = sb.Close() })
	host := newFakeHost(t, sb.ServeHTTP)
	base := []client.Option{client.WithBaseURL(host.URL), client.WithPCIBaseURL(host.URL + "/pci")}
	c, err := client.New(sb.MerchantKey(), sb.Secret(), append(base, opts...)...)
	require.NoError(t, err)
	return host, c
}

// sentMembers decodes a recorded request body.
func sentMembers(t *testing.T, r recordedRequest) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(r.body, &m), "%s", r.body)
	return m
}

func TestExtraMembersReachTheSandbox(t *testing.T) {
	host, c := newRecordedSandbox(t)
	req := &smartcore.InitPaymentRequest{
		Order: curlOrder("extra-1"), Customer: curlCustomer(), IPAddress: "127.0.0.1",
	}
	require.NoError(t, req.AddExtra("installments", 3))
	require.NoError(t, req.AddExtra("loyalty", map[string]any{"program": "gold", "points": 120}))
	require.NoError(t, req.AddExtra("gift", true))
	require.NoError(t, req.AddExtra("note", json.RawMessage(`"as is"`)))

	res, err := c.InitPayment(t.Context(), req)
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, res.Status)

	hits := host.Hits()
	require.Len(t, hits, 1)
	sent := sentMembers(t, hits[0])
	require.JSONEq(t, `3`, string(sent["installments"]))
	require.JSONEq(t, `{"program": "gold", "points": 120}`, string(sent["loyalty"]))
	require.JSONEq(t, `true`, string(sent["gift"]))
	require.JSONEq(t, `"as is"`, string(sent["note"]))
	require.JSONEq(t, `"extra-1"`, string(sent["order_id"]), "the typed members are sent too")
	require.Equal(t, "/initPayment", hits[0].path)

	// A typed call with extras on the PCI host: the extras travel with the card.
	card := &smartcore.CardPaymentRequest{
		Order: curlOrder("extra-2"), MerchantSite: "https://merchant.site", Customer: curlCustomer(),
		IPAddress: "127.0.0.1", Card: curlCard(),
	}
	require.NoError(t, card.AddExtra("installments", 6))
	_, err = c.PayCard(t.Context(), card)
	require.NoError(t, err)
	hits = host.Hits()
	require.Equal(t, "/pci/initPaymentHost2Host", hits[1].path)
	require.JSONEq(t, `6`, string(sentMembers(t, hits[1])["installments"]))
}

func TestExtraMemberClashingWithATypedOneIsRefused(t *testing.T) {
	cases := map[string]struct {
		name string
		call func(c *client.Client, name string) error
	}{
		"set member": {"order_id", func(c *client.Client, name string) error {
			r := &smartcore.CheckRequest{OrderID: "o-1"}
			if err := r.AddExtra(name, "other"); err != nil {
				return err
			}
			_, err := c.Check(t.Context(), r)
			return err
		}},
		"omitted member": {"form_prefilled_phone", func(c *client.Client, name string) error {
			r := &smartcore.InitPaymentRequest{Order: curlOrder("o-2"), Customer: curlCustomer(), IPAddress: "127.0.0.1"}
			if err := r.AddExtra(name, "7122321576"); err != nil {
				return err
			}
			_, err := c.InitPayment(t.Context(), r)
			return err
		}},
		"promoted member in another case": {"Customer_Email", func(c *client.Client, name string) error {
			r := &smartcore.InitPaymentRequest{Order: curlOrder("o-3"), Customer: curlCustomer(), IPAddress: "127.0.0.1"}
			if err := r.AddExtra(name, "x@example.com"); err != nil {
				return err
			}
			_, err := c.InitPayment(t.Context(), r)
			return err
		}},
		"through Do": {"amount", func(c *client.Client, name string) error {
			r := &smartcore.RefundRequest{OrderID: "o-4", Amount: 100, Reason: "r"}
			if err := r.AddExtra(name, 1); err != nil {
				return err
			}
			return c.Do(t.Context(), "/refund", r, nil)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			host, c := newRecordedSandbox(t)
			err := tc.call(c, tc.name)
			require.ErrorContains(t, err, "extra member")
			require.ErrorContains(t, err, tc.name)
			require.Empty(t, host.Hits(), "nothing is sent")
		})
	}
}

func TestDoAgainstTheSandbox(t *testing.T) {
	host, c := newRecordedSandbox(t)
	ctx := t.Context()

	// A typed request through Do, to a PCI endpoint: the PCI host.
	var paid smartcore.PaymentResponse
	err := c.Do(ctx, "/initPaymentHost2Host", &smartcore.CardPaymentRequest{
		PaymentMethod: smartcore.MethodCard, Order: curlOrder("do-1"), MerchantSite: "https://merchant.site",
		Customer: curlCustomer(), IPAddress: "127.0.0.1", Card: curlCard(),
	}, &paid)
	require.NoError(t, err)
	require.True(t, paid.HasStatus)
	require.Equal(t, "do-1", paid.OrderID)
	require.Equal(t, http.StatusOK, paid.HTTPStatus)
	require.NotEmpty(t, paid.RawBody)

	// A map of one's own to check, answered into a map.
	var checked map[string]any
	require.NoError(t, c.Do(ctx, "/check", map[string]any{"order_id": "do-1"}, &checked))
	require.Equal(t, "do-1", checked["order_id"])
	require.Contains(t, checked, "status")

	// Into the typed response, and into raw JSON.
	var typed smartcore.CheckResponse
	require.NoError(t, c.Do(ctx, "/check", &smartcore.CheckRequest{OrderID: "do-1"}, &typed))
	require.Equal(t, "do-1", typed.OrderID)
	require.EqualValues(t, typed.Status, checked["status"])
	var raw json.RawMessage
	require.NoError(t, c.Do(ctx, "/check", json.RawMessage(`{"order_id": "do-1"}`), &raw))
	require.Contains(t, string(raw), `"order_id"`)
	require.NoError(t, c.Do(ctx, "/check", map[string]string{"order_id": "do-1"}, nil))

	paths := []string{}
	for _, h := range host.Hits() {
		paths = append(paths, h.path)
		require.Equal(t, sandboxAuth, h.header.Get("Authorization"))
	}
	require.Equal(t, []string{"/pci/initPaymentHost2Host", "/check", "/check", "/check", "/check"}, paths)

	// The sandbox's refusal comes back as the typed methods return it.
	err = c.Do(ctx, "/check", map[string]any{}, nil)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, smartcore.ErrValidationProcessing, apiErr.Code)
	require.Equal(t, "/check", apiErr.Endpoint)
}

func TestDoValidatesStructsAsTypedMethodsDo(t *testing.T) {
	host, c := newRecordedSandbox(t)
	err := c.Do(t.Context(), "/check", &smartcore.CheckRequest{}, nil)
	require.ErrorContains(t, err, "invalid request")
	require.Empty(t, host.Hits())
}

func TestDoRefusesWhatIsNotACall(t *testing.T) {
	host, c := newRecordedSandbox(t)
	var notPointer smartcore.CheckResponse
	var nilPointer *smartcore.CheckResponse
	for name, tc := range map[string]struct {
		path      string
		body, out any
	}{
		"empty path":       {"", nil, nil},
		"no slash":         {"check", nil, nil},
		"query":            {"/check?x=1", nil, nil},
		"dot dot":          {"/a/../check", nil, nil},
		"space":            {"/ch eck", nil, nil},
		"escape":           {"/%2e%2e/check", nil, nil},
		"out not pointer":  {"/check", nil, notPointer},
		"out nil pointer":  {"/check", nil, nilPointer},
		"body not object":  {"/check", []int{1}, nil},
		"body unencodable": {"/check", map[string]any{"f": func() {}}, nil},
		// card data must never reach the gateway host
		"card to a gateway endpoint": {"/initPayment", map[string]string{"card_number": "4012000000003010"}, nil},
		"cvv to a gateway endpoint":  {"/refund", map[string]string{"order_id": "x", "card_cvv": "123"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			require.Error(t, c.Do(t.Context(), tc.path, tc.body, tc.out))
		})
	}
	require.Empty(t, host.Hits(), "nothing is sent")
}

func TestDoHostsAndRetries(t *testing.T) {
	cases := map[string]struct {
		path     string
		body     any
		pci      bool
		attempts int // against a gateway answering 503
		unknown  bool
	}{
		"known read-only is retried":          {"/check", map[string]string{"order_id": "o"}, false, 3, false},
		"balance is retried":                  {"/withdrawal/balance/get", map[string]string{"account": "a"}, false, 3, false},
		"known state-changing":                {"/refund", map[string]any{"order_id": "o"}, false, 1, true},
		"known PCI":                           {"/authorize", map[string]any{"order_id": "o"}, true, 1, true},
		"unknown is state-changing":           {"/v2/newThing", map[string]any{"order_id": "o"}, false, 1, true},
		"unknown with a card goes to PCI":     {"/v2/newCardThing", map[string]any{"order_id": "o", "card_number": "4012000000003010"}, true, 1, true},
		"unknown with a CVV goes to PCI":      {"/v2/newCardThing", map[string]any{"order_id": "o", "card_cvv": "123"}, true, 1, true},
		"card withdrawal goes to PCI":         {"/withdrawal/init", map[string]any{"order_id": "o", "payment_method": "card", "customer_card_number": "4012000000003010"}, true, 1, true},
		"phone withdrawal stays on gateway":   {"/withdrawal/init", map[string]any{"order_id": "o", "payment_method": "phoneBalance", "phone_withdrawal": "+4420"}, false, 1, true},
		"unknown, card holder only":           {"/v2/holder", map[string]any{"order_id": "o", "card_holder": "John Doe"}, false, 1, true},
		"unknown, CVV flag only":              {"/v2/flag", map[string]any{"order_id": "o", "cvv_required": true}, false, 1, true},
		"extra card number moves unknown too": {"/v2/x", extraCard(t), true, 1, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			gw := newFakeHost(t, answerJSON(http.StatusServiceUnavailable, `{}`))
			pci := newFakeHost(t, answerJSON(http.StatusServiceUnavailable, `{}`))
			var events callEvents
			c := newTestClient(t, gw, pci, client.WithoutValidation(), client.WithObserver(events.observe))
			err := c.Do(t.Context(), tc.path, tc.body, nil)
			require.Error(t, err)
			require.Equal(t, tc.unknown, errors.Is(err, client.ErrOutcomeUnknown), "%v", err)
			hit, idle := gw, pci
			if tc.pci {
				hit, idle = pci, gw
			}
			require.Len(t, hit.Hits(), tc.attempts)
			require.Empty(t, idle.Hits())
			require.Equal(t, tc.path, hit.Hits()[0].path)
			e := events.only(t)
			require.Equal(t, tc.path, e.Endpoint)
			require.Equal(t, tc.pci, e.PCI)
			require.Equal(t, tc.attempts, e.Attempts)
			if m, ok := tc.body.(map[string]any); ok {
				require.Equal(t, m["order_id"], e.OrderID)
			}
			var unknown *client.OutcomeUnknownError
			if errors.As(err, &unknown) {
				require.Equal(t, "o", unknown.OrderID)
			}
		})
	}
}

func extraCard(t *testing.T) *smartcore.CheckRequest {
	r := &smartcore.CheckRequest{OrderID: "o"}
	require.NoError(t, r.AddExtra("card_number", "4012000000003010"))
	return r
}

func TestExtraCardDataIsScrubbedFromErrors(t *testing.T) {
	// The gateway echoes the request in its refusal. The values fail the
	// Luhn check, so only their names tell that they are card data.
	const number, cvv = "4111222233334445", "987"
	gw := newFakeHost(t, answerJSON(http.StatusBadRequest,
		`{"err": "bad card `+number+` cvv `+cvv+`", "msg": "`+number+`/`+cvv+`"}`))
	pci := newFakeHost(t, answerJSON(http.StatusBadRequest,
		`{"err": "bad card `+number+` cvv `+cvv+`", "msg": "`+number+`/`+cvv+`"}`))
	c := newTestClient(t, gw, pci)

	req := &smartcore.CheckRequest{OrderID: "o-1"}
	require.NoError(t, req.AddExtra("customer_card_number", number))
	require.NoError(t, req.AddExtra("card_cvv", cvv))
	err := c.Do(t.Context(), "/v2/verifyCard", req, nil)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, text := range []string{err.Error(), apiErr.Err, apiErr.Msg, string(apiErr.Response.RawBody)} {
		require.NotContains(t, text, number)
		require.NotContains(t, text, cvv)
	}
	require.Contains(t, apiErr.Err, "411122******4445")
	require.Len(t, pci.Hits(), 1, "card data went to the PCI host")

	// Printing the request never shows an extra's value.
	for _, s := range []string{strings.Join([]string{
		fmtAll(req), fmtAll(*req)}, " ")} {
		require.NotContains(t, s, number)
		require.NotContains(t, s, cvv)
	}
}

func TestUnknownResponseMembersReadBack(t *testing.T) {
	gw := newFakeHost(t, answerJSON(http.StatusOK, `{"status": 2, "order_id": "o-1", "amount": 100,
		"installments": {"count": 3, "plan": "monthly"}, "Card_CVV": "123", "payer_pan": 4012000000003010,
		"amount_left": "abc", "cascadeErrors": []}`))
	c := newTestClient(t, gw, gw)
	res, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o-1"})
	require.NoError(t, err)
	require.Equal(t, []string{"installments", "Card_CVV", "payer_pan", "amount_left"}, res.ExtraNames())
	raw, ok := res.Extra("installments")
	require.True(t, ok)
	var plan struct {
		Count int
		Plan  string
	}
	require.NoError(t, json.Unmarshal(raw, &plan))
	require.Equal(t, 3, plan.Count)
	raw, ok = res.Extra("card_cvv") // any case
	require.True(t, ok)
	require.JSONEq(t, `"[redacted]"`, string(raw))
	raw, _ = res.Extra("payer_pan")
	require.JSONEq(t, `"401200******3010"`, string(raw))
	_, ok = res.Extra("amount")
	require.False(t, ok, "a decoded member is not an extra")

	// Through Do into a typed response too.
	var viaDo smartcore.CheckResponse
	require.NoError(t, c.Do(t.Context(), "/check", &smartcore.CheckRequest{OrderID: "o-1"}, &viaDo))
	require.Equal(t, res.ExtraNames(), viaDo.ExtraNames())
}

// fmtAll prints v with the verbs a log line might use.
func fmtAll(v any) string {
	return fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
}

// Card data never reaches the gateway host, through a typed method either:
// an extra member named for a card on a gateway-host call is refused
// before anything is sent.
func TestTypedCallRefusesCardDataForTheGatewayHost(t *testing.T) {
	for name, call := range map[string]func(c *client.Client) error{
		"check with a card number": func(c *client.Client) error {
			r := &smartcore.CheckRequest{OrderID: "o-1"}
			require.NoError(t, r.AddExtra("card_number", "4012000000003010"))
			_, err := c.Check(t.Context(), r)
			return err
		},
		"refund with a CVV": func(c *client.Client) error {
			r := &smartcore.RefundRequest{OrderID: "o-2", Amount: 100, Reason: "r"}
			require.NoError(t, r.AddExtra("card_cvv", "123"))
			_, err := c.Refund(t.Context(), r)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			host, c := newRecordedSandbox(t)
			err := call(c)
			require.ErrorContains(t, err, "the gateway host must not receive")
			require.NotContains(t, err.Error(), "4012000000003010")
			require.Empty(t, host.Hits(), "nothing is sent")
		})
	}
}
