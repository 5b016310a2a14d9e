package checkout_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/validate"
)

const rawGatewayText = "PLATFORM_ERROR_GATE_NOT_FOUND: gate 7 of merchant EUR-sandbox at 10.1.2.3"

func TestErrorPageOrJSON(t *testing.T) {
	apiErr := &client.APIError{StatusCode: 400, Endpoint: "/initPayment", Err: rawGatewayText}
	unknown := &client.OutcomeUnknownError{Endpoint: "/initPayment", OrderID: "order-1", Err: errors.New("EOF from " + rawGatewayText)}
	tests := []struct {
		name     string
		err      error
		accept   string
		wantJSON bool
		wantCode int
		wantMsg  string
	}{
		{"browser gets HTML", apiErr, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false, 502, "could not process the payment"},
		{"no Accept gets HTML", apiErr, "", false, 502, "could not process"},
		{"*/* gets HTML", apiErr, "*/*", false, 502, "could not process"},
		{"script gets JSON", apiErr, "application/json", true, 502, "could not process"},
		{"JSON preferred by q", apiErr, "text/html;q=0.5, application/json", true, 502, "could not process"},
		{"HTML preferred by q", apiErr, "text/html, application/json;q=0.9", false, 502, "could not process"},
		{"outcome unknown", unknown, "application/json", true, 502, "status is being checked"},
		{"outcome unknown page", unknown, "", false, 502, "status is being checked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, buf := logBuffer()
			h, err := checkout.New(checkout.Options{Gateway: &fakeGateway{err: tt.err}, Build: buildOrder, Logger: logger})
			require.NoError(t, err)
			header := http.Header{}
			if tt.accept != "" {
				header.Set("Accept", tt.accept)
			}
			w := post(h, "/pay", "203.0.113.7:1", header)
			logs := buf.String()
			require.Equal(t, tt.wantCode, w.Code)
			require.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			body := w.Body.String()
			require.NotContains(t, body, "gate 7")
			require.NotContains(t, body, "PLATFORM_ERROR")
			require.NotContains(t, body, "10.1.2.3")

			var ref string
			if tt.wantJSON {
				require.Equal(t, "application/json", w.Header().Get("Content-Type"))
				var got map[string]string
				require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
				require.Contains(t, got["error"], tt.wantMsg)
				ref = got["reference"]
			} else {
				require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
				require.Contains(t, body, tt.wantMsg)
				m := regexp.MustCompile(`Reference: <code>([0-9a-f]+)</code>`).FindStringSubmatch(body)
				require.NotNil(t, m, body)
				ref = m[1]
				require.Contains(t, body, `<a href="/">Back to the shop</a>`, "a way back from the error")
			}
			require.Len(t, ref, 16)
			// The log has the same reference, the cause and the order.
			require.Contains(t, logs, `"reference":"`+ref+`"`)
			require.Contains(t, logs, "gate 7")
			require.Contains(t, logs, `"order_id":"order-1"`)
			require.Contains(t, logs, `"client_ip":"203.0.113.7"`)
			require.Contains(t, logs, `"level":"ERROR"`)
		})
	}
}

func TestCustomErrorHandler(t *testing.T) {
	var got error
	var order smartcore.Order
	h, err := checkout.New(checkout.Options{
		Gateway: &fakeGateway{err: &client.APIError{StatusCode: 400, Err: "nope"}},
		Build:   buildOrder,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			got = err
			order, _ = checkout.OrderFromContext(r.Context())
			http.Error(w, "custom", checkout.StatusCode(err))
		},
	})
	require.NoError(t, err)
	w := post(h, "/pay", "203.0.113.7:1", nil)
	require.Equal(t, http.StatusBadGateway, w.Code)
	require.Equal(t, "custom\n", w.Body.String())
	var apiErr *client.APIError
	require.ErrorAs(t, got, &apiErr)
	require.Equal(t, "order-1", order.OrderID)
}

func TestStatusCodeAndPublicMessage(t *testing.T) {
	validation := fmt.Errorf("smartcore: /initPayment: invalid request: %w",
		validate.Errors{{Field: "customer_email", Rule: "email", Reason: "must be an email address"}})
	tests := []struct {
		err      error
		wantCode int
		wantMsg  string
	}{
		{&client.APIError{StatusCode: 400}, 502, "could not process"},
		{fmt.Errorf("wrapped: %w", &client.APIError{StatusCode: 200}), 502, "could not process"},
		{&client.OutcomeUnknownError{Endpoint: "/initPayment"}, 502, "being checked"},
		{fmt.Errorf("x: %w", client.ErrOutcomeUnknown), 502, "being checked"},
		{checkout.ErrRedirectRejected, 502, "could not process"},
		{checkout.ErrUnexpectedResponse, 502, "could not process"},
		{validation, 500, "went wrong on our side"},
		{errors.New("boom"), 500, "went wrong on our side"},
		{context.Canceled, 500, "went wrong on our side"},
		{&checkout.Error{Status: 409, Message: "Cart is empty."}, 409, "Cart is empty."},
		{&checkout.Error{Status: 400}, 400, "Bad Request."},
		{&checkout.Error{Status: 302, Message: "x"}, 500, "x"},
		{fmt.Errorf("build: %w", &checkout.Error{Status: 422, Err: &client.APIError{}}), 422, "Unprocessable Entity."},
	}
	for _, tt := range tests {
		require.Equal(t, tt.wantCode, checkout.StatusCode(tt.err), "%v", tt.err)
		require.Contains(t, checkout.PublicMessage(tt.err), tt.wantMsg, "%v", tt.err)
	}
	require.NotContains(t, checkout.PublicMessage(validation), "customer_email")
}

func TestWantsJSON(t *testing.T) {
	for accept, want := range map[string]bool{
		"":                                       false,
		"*/*":                                    false,
		"application/json":                       true,
		"Application/JSON; charset=utf-8":        true,
		"application/json;q=0":                   false,
		"text/html, application/json":            false,
		"application/json;q=1, text/html;q=0.99": true,
		"application/json;q=bogus":               true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		require.Equal(t, want, checkout.WantsJSON(r), accept)
	}
}

func TestErrorMessage(t *testing.T) {
	e := &checkout.Error{Status: 409, Message: "Cart is empty.", Err: errors.New("cart 1")}
	require.Equal(t, "checkout: 409 Cart is empty.: cart 1", e.Error())
	require.True(t, strings.HasPrefix((&checkout.Error{Status: 400}).Error(), "checkout: 400"))
}
