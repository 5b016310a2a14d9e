package client_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/validate"
)

func curlCardRequest() *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order: curlOrder("order-42"), MerchantSite: "https://merchant.site",
		Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(), Card: curlCard(),
	}
}

// payCardVia sends the document's card payment to a gateway whose PCI host
// answers with handler, returning the error and how often the host was hit.
func payCardVia(t *testing.T, handler http.HandlerFunc, opts ...client.Option) (*smartcore.PaymentResponse, int, error) {
	t.Helper()
	pci := newFakeHost(t, handler)
	c := newTestClient(t, newFakeHost(t, nil), pci, opts...)
	resp, err := c.PayCard(t.Context(), curlCardRequest())
	return resp, len(pci.Hits()), err
}

func requireOutcomeUnknown(t *testing.T, err error) *client.OutcomeUnknownError {
	t.Helper()
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	var ou *client.OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	require.Equal(t, "/initPaymentHost2Host", ou.Endpoint)
	require.Equal(t, "order-42", ou.OrderID)
	require.Contains(t, err.Error(), `call Check with order_id "order-42"`)
	return ou
}

func TestAPIError4xxWithErr(t *testing.T) {
	resp, hits, err := payCardVia(t, answerJSON(http.StatusBadRequest, `{"err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID", "msg": "order exists"}`))
	require.Nil(t, resp)
	require.Equal(t, 1, hits)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
	require.NotNil(t, apiErr.Response)
	require.Equal(t, 400, apiErr.Response.HTTPStatus)
	require.JSONEq(t, `{"err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID", "msg": "order exists"}`, string(apiErr.Response.RawBody))
	apiErr.Response = nil
	require.Equal(t, &client.APIError{
		StatusCode: 400, Endpoint: "/initPaymentHost2Host", Code: smartcore.ErrDuplicatedOrderID,
		Err: "PLATFORM_ERROR_DUPLICATED_ORDER_ID", Msg: "order exists",
	}, apiErr)
	require.Equal(t, "smartcore: /initPaymentHost2Host: HTTP 400: PLATFORM_ERROR_DUPLICATED_ORDER_ID: order exists", err.Error())
}

func TestAPIErrorIn2xxReturnsResponseToo(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, `{"status": -1, "order_id": "order-42", "err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID", "msg": null}`))
	c := newTestClient(t, gw, newFakeHost(t, nil))
	resp, err := c.InitPayment(t.Context(), &smartcore.InitPaymentRequest{
		Order: curlOrder("order-42"), Customer: curlCustomer(), IPAddress: "127.0.0.1",
	})
	require.NotNil(t, resp, "the caller still sees the status")
	require.Equal(t, smartcore.StatusFail, resp.Status)
	require.Equal(t, "order-42", resp.OrderID)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 200, apiErr.StatusCode)
	require.Equal(t, smartcore.ErrDuplicatedOrderID, apiErr.Code)
	require.Empty(t, apiErr.Msg)
}

func TestAPIErrorCode(t *testing.T) {
	cases := []struct {
		body string
		want smartcore.ErrorCode
	}{
		{`{"err": "rejected: PLATFORM_ERROR_DUPLICATED_ORDER_ID"}`, smartcore.ErrDuplicatedOrderID},
		{`{"err": "Bad request", "msg": "LIMIT_PROCESSING_ERROR"}`, smartcore.ErrLimitProcessing},
		{`{"err": "declined", "errorMessage": "PLATFORM_ERROR_GATE_NOT_FOUND"}`, smartcore.ErrGateNotFound},
		{`{"errorMessage": "SOMETHING_NEW"}`, "SOMETHING_NEW"},
		// Not PROCESSING_ERROR as a word, but shaped like a code: kept verbatim.
		{`{"err": "XPROCESSING_ERROR"}`, "XPROCESSING_ERROR"},
		{`{"err": "Bad request"}`, ""},
		{`{"error": "Unauthorized"}`, ""},
		{`not json`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			_, _, err := payCardVia(t, answerJSON(http.StatusUnprocessableEntity, tc.body))
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, 422, apiErr.StatusCode)
			require.Equal(t, tc.want, apiErr.Code)
		})
	}
}

func TestAPIErrorFallbackKeysAndStatusText(t *testing.T) {
	_, _, err := payCardVia(t, answerJSON(http.StatusUnauthorized, `{"error": "Unauthorized", "message": "bad credentials"}`))
	require.EqualError(t, err, "smartcore: /initPaymentHost2Host: HTTP 401: Unauthorized: bad credentials")

	_, _, err = payCardVia(t, answerJSON(http.StatusForbidden, `<html>forbidden</html>`))
	require.EqualError(t, err, "smartcore: /initPaymentHost2Host: HTTP 403 Forbidden")
}

func TestServerErrors(t *testing.T) {
	t.Run("5xx with a gateway reason is an answer", func(t *testing.T) {
		_, hits, err := payCardVia(t, answerJSON(http.StatusInternalServerError, `{"err": "TECHNICAL_PROCESSING_ERROR"}`))
		require.Equal(t, 1, hits)
		require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, smartcore.ErrTechnicalProcessing, apiErr.Code)
	})
	t.Run("a proxy's JSON 5xx on a payment is outcome-unknown", func(t *testing.T) {
		// "error" and "message" are what proxies and frameworks answer
		// with; only the document's err, msg and errorMessage are the
		// gateway's word on the payment.
		for status, body := range map[int]string{
			504: `{"message":"Endpoint request timed out"}`,
			502: `{"message":"Bad Gateway"}`,
			500: `{"timestamp":"2026-11-30T10:00:00Z","status":500,"error":"Internal Server Error","path":"/initPaymentHost2Host"}`,
		} {
			_, hits, err := payCardVia(t, answerJSON(status, body))
			require.Equal(t, 1, hits)
			requireOutcomeUnknown(t, err)
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr, "the proxy's words stay readable")
			require.NotEmpty(t, apiErr.Err+apiErr.Msg, body)
		}
	})
	t.Run("unexplained 5xx on a payment is outcome-unknown and not retried", func(t *testing.T) {
		for _, status := range []int{500, 502, 503, 504} {
			_, hits, err := payCardVia(t, answerJSON(status, `<html>Bad Gateway</html>`))
			require.Equal(t, 1, hits)
			requireOutcomeUnknown(t, err)
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr, "the status stays reachable")
			require.Equal(t, status, apiErr.StatusCode)
		}
	})
}

func TestMalformedBodies(t *testing.T) {
	for name, body := range map[string]string{
		"garbage": `{"status": `, "empty": ``, "null": `null`, "array": `[]`, "html": `<html>ok</html>`,
		"wrong type": `{"status": {"a": 1}}`,
	} {
		t.Run("2xx "+name+" on a payment", func(t *testing.T) {
			resp, hits, err := payCardVia(t, answerJSON(200, body))
			require.Nil(t, resp)
			require.Equal(t, 1, hits)
			requireOutcomeUnknown(t, err)
		})
	}
	t.Run("2xx garbage on check is a plain error", func(t *testing.T) {
		gw := newFakeHost(t, answerJSON(200, `{"status"`))
		c := newTestClient(t, gw, newFakeHost(t, nil))
		_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
		require.Error(t, err)
		require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
		require.Len(t, gw.Hits(), 1, "a malformed answer is not retried")
	})
	t.Run("non-2xx garbage is an APIError", func(t *testing.T) {
		_, _, err := payCardVia(t, answerJSON(400, `{"err": `))
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, 400, apiErr.StatusCode)
		require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
	})
	t.Run("oversized 2xx", func(t *testing.T) {
		_, _, err := payCardVia(t, answerJSON(200, `{"description": "`+strings.Repeat("x", 2<<20)+`"}`))
		requireOutcomeUnknown(t, err)
	})
}

func TestClientTimeoutIsOutcomeUnknown(t *testing.T) {
	hc := &http.Client{Timeout: 50 * time.Millisecond}
	_, hits, err := payCardVia(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}, client.WithHTTPClient(hc))
	require.Equal(t, 1, hits)
	ou := requireOutcomeUnknown(t, err)
	require.Error(t, ou.Err)
}

func TestContextCancelledAfterSending(t *testing.T) {
	received := make(chan struct{})
	pci := newFakeHost(t, func(w http.ResponseWriter, r *http.Request) {
		close(received)
		<-r.Context().Done()
	})
	c := newTestClient(t, newFakeHost(t, nil), pci)
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-received; cancel() }()
	_, err := c.PayCard(ctx, curlCardRequest())
	requireOutcomeUnknown(t, err)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, pci.Hits(), 1)
}

func TestContextDoneBeforeSendingIsPlain(t *testing.T) {
	pci := newFakeHost(t, nil)
	c := newTestClient(t, newFakeHost(t, nil), pci)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.PayCard(ctx, curlCardRequest())
	require.ErrorIs(t, err, context.Canceled)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
	require.Empty(t, pci.Hits())
}

// closeConnAfter answers by closing the connection after writing prefix.
func closeConnAfter(prefix string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		_, _ = buf.WriteString(prefix)
		_ = buf.Flush()
		_ = conn.Close()
	}
}

func TestConnectionClosed(t *testing.T) {
	t.Run("mid-response", func(t *testing.T) {
		_, hits, err := payCardVia(t, closeConnAfter("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"status\": 2, \"ord"))
		require.Equal(t, 1, hits)
		requireOutcomeUnknown(t, err)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	t.Run("before any response", func(t *testing.T) {
		_, hits, err := payCardVia(t, closeConnAfter(""))
		require.Equal(t, 1, hits)
		requireOutcomeUnknown(t, err)
	})
}

func TestConnectionRefusedIsPlain(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	c, err := client.New("test", "qwerty", client.WithPCIBaseURL("http://"+addr))
	require.NoError(t, err)
	_, err = c.PayCard(t.Context(), curlCardRequest())
	require.Error(t, err)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	require.Equal(t, "dial", op.Op)
}

func TestInvalidRequestSendsNothing(t *testing.T) {
	gw, pci := newFakeHost(t, nil), newFakeHost(t, nil)
	c := newTestClient(t, gw, pci, client.WithValidator(validate.Strict)) // Luhn is a strict rule

	bad := curlCardRequest()
	bad.Number = "4012000000003011" // fails the Luhn check
	bad.PaymentMethod = ""
	_, err := c.PayCard(t.Context(), bad)
	var verrs validate.Errors
	require.ErrorAs(t, err, &verrs)
	_, ok := verrs.Field("card_number")
	require.True(t, ok, err)
	require.NotContains(t, err.Error(), "4012000000003011")

	_, err = c.Check(t.Context(), &smartcore.CheckRequest{})
	require.ErrorAs(t, err, &verrs)

	wrongMethod := curlCardRequest()
	wrongMethod.PaymentMethod = "applePayDPan"
	_, err = c.PayCard(t.Context(), wrongMethod)
	require.ErrorAs(t, err, &verrs)

	require.Empty(t, gw.Hits())
	require.Empty(t, pci.Hits())
}

func TestNilRequestsAndClient(t *testing.T) {
	gw, pci := newFakeHost(t, nil), newFakeHost(t, nil)
	c := newTestClient(t, gw, pci)
	ctx := t.Context()
	calls := map[string]func(*client.Client) error{
		"InitPayment":   func(c *client.Client) error { _, err := c.InitPayment(ctx, nil); return err },
		"PayCard":       func(c *client.Client) error { _, err := c.PayCard(ctx, nil); return err },
		"PayApplePay":   func(c *client.Client) error { _, err := c.PayApplePay(ctx, nil); return err },
		"PayGooglePay":  func(c *client.Client) error { _, err := c.PayGooglePay(ctx, nil); return err },
		"Authorize":     func(c *client.Client) error { _, err := c.Authorize(ctx, nil); return err },
		"Capture":       func(c *client.Client) error { _, err := c.Capture(ctx, nil); return err },
		"Cancel":        func(c *client.Client) error { _, err := c.Cancel(ctx, nil); return err },
		"Check":         func(c *client.Client) error { _, err := c.Check(ctx, nil); return err },
		"Refund":        func(c *client.Client) error { _, err := c.Refund(ctx, nil); return err },
		"Recurrent":     func(c *client.Client) error { _, err := c.Recurrent(ctx, nil); return err },
		"TokenizeForm":  func(c *client.Client) error { _, err := c.TokenizeForm(ctx, nil); return err },
		"WithdrawCard":  func(c *client.Client) error { _, err := c.WithdrawCard(ctx, nil); return err },
		"WithdrawPhone": func(c *client.Client) error { _, err := c.WithdrawPhone(ctx, nil); return err },
		"WithdrawToken": func(c *client.Client) error { _, err := c.WithdrawToken(ctx, nil); return err },
		"Balance":       func(c *client.Client) error { _, err := c.Balance(ctx, nil); return err },
	}
	for name, call := range calls {
		require.ErrorContains(t, call(c), "nil request", name)
	}
	require.Empty(t, gw.Hits())
	require.Empty(t, pci.Hits())

	var nilClient *client.Client
	_, err := nilClient.Check(ctx, &smartcore.CheckRequest{OrderID: "x"})
	require.ErrorContains(t, err, "nil *Client")
	// A nil context must be an error, not a panic.
	//lint:ignore SA1012 a nil context is what this test sends
	_, err = c.Check(nil, &smartcore.CheckRequest{OrderID: "x"})
	require.ErrorContains(t, err, "nil context")
}

func TestOutcomeUnknownErrorUnwrap(t *testing.T) {
	cause := errors.New("boom")
	err := &client.OutcomeUnknownError{Endpoint: "/refund", OrderID: "o1", Err: cause}
	require.ErrorIs(t, err, cause)
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	require.Equal(t, `smartcore: /refund: outcome unknown (boom); call Check with order_id "o1" to reconcile before retrying`, err.Error())
	require.ErrorIs(t, &client.OutcomeUnknownError{Endpoint: "/x"}, client.ErrOutcomeUnknown)
}
