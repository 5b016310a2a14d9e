package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/docexamples"
)

// curlEmail is the address the shared examples put in place of the
// document's obfuscated "[email protected]", which no e-mail validation
// accepts.
const curlEmail = docexamples.Email

// The document's example data, as typed request parts.

func curlOrder(id string) smartcore.Order {
	return smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id, Purpose: "description"}
}

func curlCustomer() smartcore.Customer {
	return smartcore.Customer{
		FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
		ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: curlEmail,
	}
}

func curlURLs() smartcore.ReturnURLs {
	return smartcore.ReturnURLs{
		CallbackURL: "https://site.com/callback", SuccessURL: "https://site.com/success",
		FailURL: "https://site.com/fail", StatusURL: "https://site.com/redir",
	}
}

func curlCard() smartcore.Card {
	return smartcore.Card{Holder: "John Doe", Number: "4012000000003010", ExpMonth: "02", ExpYear: "25", CVV: "123"}
}

func curlPayee() smartcore.Payee {
	return smartcore.Payee{FirstName: "John", MiddleName: "Jerom", LastName: "Doe", Phone: "+442079460612", Birthdate: "06.06.1997", ZipCode: "121165"}
}

func curlPayout() smartcore.Payout {
	return smartcore.Payout{Account: "EUR-sandbox-payout", OrderID: "testPayout_1050", Amount: 10000, CallbackURL: "https://site.com/callback"}
}

// curlCall sends an example's request through the client and checks the
// decoded answer against the example's response.
type curlCall func(t *testing.T, ctx context.Context, c *client.Client)

var curlCalls = map[string]curlCall{
	"InitPayment": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.InitPayment(ctx, &smartcore.InitPaymentRequest{
			Order: curlOrder("sandboxFormId_1015"), MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(),
		})
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusProcessing, got.Status)
		require.Equal(t, "https://payment.smartcore.pro/64a7e106d46c5db10d082b13", got.FormURL)
		require.Equal(t, "sandboxFormId_1015", got.OrderID)
		require.Equal(t, smartcore.ResponseRedirect, got.ResponseType)
		require.Empty(t, got.ACSURL)
	},
	"MobileCommerce": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.InitPayment(ctx, &smartcore.InitPaymentRequest{
			Order: curlOrder("sandboxFormId_1015"), MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(),
			FormPrefilledPhone: "7122321576",
		})
		require.NoError(t, err)
		require.Equal(t, "https://payment.smartcore.pro/64a7e106d46c5db10d082b13", got.FormURL)
	},
	"CardPayment": func(t *testing.T, ctx context.Context, c *client.Client) {
		req := &smartcore.CardPaymentRequest{
			Order: curlOrder("sandboxId_1015"), MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(), Card: curlCard(),
		}
		got, err := c.PayCard(ctx, req)
		require.NoError(t, err)
		require.Empty(t, req.PaymentMethod, "the caller's request is not modified")
		require.Equal(t, "sandboxId_1015", got.OrderID)
		require.Equal(t, "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d", got.FormURL)
		require.True(t, got.EndDate.IsZero())
		require.Empty(t, got.Err)
	},
	"ApplePay": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.PayApplePay(ctx, &smartcore.ApplePayPaymentRequest{
			Order: curlOrder("sandboxId_1015"), MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(),
			DPan: curlApplePayDPan, Network: "Visa",
		})
		require.NoError(t, err)
		require.Equal(t, "64a7eec2d46c5db10d082b3d", got.OrderID)
		require.Equal(t, smartcore.StatusProcessing, got.Status)
	},
	"GooglePay": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.PayGooglePay(ctx, &smartcore.GooglePayPaymentRequest{
			Order: curlOrder("sandboxId_1015"), MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), IPAddress: "127.0.0.1", ReturnURLs: curlURLs(),
			DPan: curlGooglePayDPan, Network: "Visa",
		})
		require.NoError(t, err)
		require.Equal(t, "64a7eec2d46c5db10d082b3d", got.OrderID)
	},
	"Authorize": func(t *testing.T, ctx context.Context, c *client.Client) {
		order := curlOrder("sandboxId_1016")
		got, err := c.Authorize(ctx, &smartcore.AuthorizeRequest{
			Order: order, MerchantSite: "https://merchant.site",
			Customer: curlCustomer(), ReturnURLs: curlURLs(), Card: curlCard(),
		})
		require.NoError(t, err)
		require.Equal(t, "64a7eec2d46c5db10d082b3d", got.OrderID)
		require.Equal(t, "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d", got.FormURL)
	},
	"Check": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "sandboxId_1015"})
		require.NoError(t, err)
		require.Equal(t, "sandboxFormId_1015", got.OrderID)
		require.Equal(t, smartcore.StatusSuccess, got.Status)
		require.EqualValues(t, 1000, got.Amount)
		require.EqualValues(t, 900, got.FinalAmount)
		require.Equal(t, &smartcore.CardInfo{Number: "401200******3010", BIN: "401200", Country: "Spain", ISO: "ESP", Type: "VISA"}, got.Card)
		require.Empty(t, got.ErrorMessage)
		require.True(t, got.CascadeErrors.IsZero())
		require.True(t, got.EndDate.Equal(time.Date(2023, 7, 4, 13, 22, 7, 87e6, time.UTC)), got.EndDate)
		require.Empty(t, got.AuthorizeStatus)
		require.Equal(t, smartcore.TypePayment, got.Type)
		require.Equal(t, "John", got.FirstName)
		require.Equal(t, "Doe", got.LastName)
	},
	"Refund": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Refund(ctx, &smartcore.RefundRequest{OrderID: "sandboxId_1015", Amount: 1000, Reason: "refund"})
		require.NoError(t, err, "success false is not an error: it means not final yet")
		require.Equal(t, &smartcore.RefundResponse{RefundID: "0719e590-1cda-11ee-82d1-a58ec416e4a2", ParentTransaction: "64a40ee3c4125fdb1d5cf635"}, withoutMeta(got))
	},
	"Recurrent": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Recurrent(ctx, &smartcore.RecurrentRequest{
			OrderID: "sandboxRecurId_1015", ParentOrderID: "sandboxId_1015", Amount: 1000, Purpose: "test recurrent",
		})
		require.NoError(t, err)
		require.Equal(t, &smartcore.RecurrentResponse{Success: true, FormURL: "https://example.com/12345", PaymentID: "0719e590-1cda-11ee-82d1-a58ec416e4a2"}, withoutMeta(got))
	},
	"TokenizeForm": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{
			Account: "EUR-sandbox-payout", OrderID: "tokenizeOrderId_1050",
			CallbackURL: "https://site.com/callback", SuccessURL: "https://site.com/success", FailURL: "https://site.com/fail",
		})
		require.NoError(t, err)
		require.Equal(t, "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d", got.FormURL)
		require.Equal(t, "64a7eec2d46c5db10d082b3d", got.OrderID)
	},
	"CardWithdrawal": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{
			Payout: curlPayout(), MerchantSite: "https://merchant.site", CardNumber: "4123540003981114", Payee: curlPayee(),
		})
		require.NoError(t, err)
		require.Equal(t, "testPayout_1050", got.OrderID)
		require.Equal(t, smartcore.StatusProcessing, got.Status)
		require.Equal(t, &smartcore.CardInfo{Number: "401200******3010", BIN: "401200", Country: "Spain", ISO: "ESP", Type: "VISA"}, got.Card)
	},
	"PhoneWithdrawal": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: curlPayout(), Phone: "79123456789", Payee: curlPayee()})
		require.NoError(t, err)
		require.Equal(t, &smartcore.WithdrawalResponse{OrderID: "testPayout_1050", Status: smartcore.StatusProcessing, HasStatus: true}, withoutMeta(got))
	},
	"TokenWithdrawal": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{Payout: curlPayout(), TokenizeOrderID: "tokenizeOrderId_1050", Payee: curlPayee()})
		require.NoError(t, err)
		require.Equal(t, &smartcore.WithdrawalResponse{OrderID: "testPayout_1050", Status: smartcore.StatusProcessing, HasStatus: true}, withoutMeta(got))
	},
	"Balance": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Balance(ctx, &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
		require.NoError(t, err)
		require.Equal(t, &smartcore.BalanceResponse{Balance: 10000}, withoutMeta(got))
	},
	"Capture": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Capture(ctx, &smartcore.CaptureRequest{OrderID: "sandboxId_1016"})
		require.NoError(t, err)
		require.Equal(t, &smartcore.CaptureResponse{OrderID: "66f55a03b2eb068a084168c2", Status: smartcore.StatusSuccess, HasStatus: true}, withoutMeta(got))
	},
	"Cancel": func(t *testing.T, ctx context.Context, c *client.Client) {
		got, err := c.Cancel(ctx, &smartcore.CancelRequest{OrderID: "sandboxId_1016"})
		require.NoError(t, err, "a failed status is an answer, not an error")
		require.Equal(t, &smartcore.CancelResponse{OrderID: "66f40c8fb6ff9364083fc9a5", Status: smartcore.StatusFail, HasStatus: true}, withoutMeta(got))
	},
}

// withoutMeta returns a copy of a response without its HTTP record, which
// the examples do not show, so that it compares with a literal.
func withoutMeta[T any](res *T) *T {
	c := *res
	*any(&c).(interface{ Meta() *smartcore.Response }).Meta() = smartcore.Response{}
	return &c
}

// The DPANs of the document's wallet examples.
var (
	curlApplePayDPan  = curlField(docexamples.ApplePay, "apple_pay_dpan")
	curlGooglePayDPan = curlField(docexamples.GooglePay, "google_pay_dpan")
)

func curlField(ex docexamples.Example, key string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(ex.Request), &m); err != nil {
		panic(err)
	}
	return m[key].(string)
}

// TestDocumentExamples sends every curl example of the document through
// the client and checks the request on the wire and the decoded answer.
func TestDocumentExamples(t *testing.T) {
	examples := docexamples.All()
	require.Len(t, examples, 16, "the document has 16 curl examples")
	require.Len(t, curlCalls, len(examples))
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			gw := newFakeHost(t, answerJSON(200, ex.Response))
			pci := newFakeHost(t, answerJSON(200, ex.Response))
			c := newTestClient(t, gw, pci)
			call, ok := curlCalls[ex.Name]
			require.True(t, ok, "no call for example %s", ex.Name)
			call(t, t.Context(), c)

			u, err := url.Parse(ex.URL())
			require.NoError(t, err)
			target, other := gw, pci
			if u.Host == "chd-api.smartcore.pro" {
				target, other = pci, gw
			} else {
				require.Equal(t, "api-gateway.smartcore.pro", u.Host)
			}
			require.Empty(t, other.Hits(), "the other host must receive nothing")
			hits := target.Hits()
			require.Len(t, hits, 1)
			h := hits[0]
			require.Equal(t, http.MethodPost, ex.Method)
			require.Equal(t, http.MethodPost, h.method)
			require.Equal(t, u.Path, h.path)
			require.Equal(t, sandboxAuth, h.header.Get("Authorization"))
			require.Equal(t, "application/json", h.header.Get("Content-Type"))
			require.Equal(t, "application/json", h.header.Get("Accept"))

			requireCurlBody(t, ex.Request, h.body)
		})
	}
}

// requireCurlBody compares the body sent with the document's, as decoded
// JSON, after accounting explicitly for the places where the client
// deliberately differs from the document's example (and for its e-mail,
// replaced in the shared examples).
func requireCurlBody(t *testing.T, docBody string, sent []byte) {
	t.Helper()
	var want, got map[string]any
	require.NoError(t, json.Unmarshal([]byte(docBody), &want))
	require.NoError(t, json.Unmarshal(sent, &got))

	if v, ok := want["customer_email"]; ok {
		// The document's e-mail is obfuscated; the shared examples carry
		// curlEmail in its place, and so must the body sent.
		require.Equal(t, curlEmail, v)
		require.Equal(t, curlEmail, got["customer_email"])
	}
	if v, ok := want["customer_zip_code"]; ok {
		if n, isNumber := v.(float64); isNumber {
			// The payment examples send the zip code as a number; the tables
			// declare a String, and the client sends one.
			require.Equal(t, float64(121165), n)
			require.Equal(t, "121165", got["customer_zip_code"])
			want["customer_zip_code"] = "121165"
		}
	}
	if v, ok := want["recurrent"]; ok {
		// recurrent is optional and omitted when false.
		require.Equal(t, false, v)
		_, sentIt := got["recurrent"]
		require.False(t, sentIt)
		delete(want, "recurrent")
	}
	require.Equal(t, want, got)
}

// TestDocumentCheckErrorResponse decodes the document's check answer for a
// failed transaction: a failed transaction is a successful check.
func TestDocumentCheckErrorResponse(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, docexamples.Check.ErrorResponse))
	c := newTestClient(t, gw, newFakeHost(t, nil))
	got, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "sandboxFormId_1016"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, got.Status)
	require.Equal(t, smartcore.ErrGateNotFound, got.ErrorMessage)
	require.Equal(t, []smartcore.CascadeError{
		{GatePriority: 0, ErrorCategory: smartcore.ErrAntifraudRules},
		{GatePriority: 1, ErrorCategory: smartcore.ErrGateSkipped},
		{GatePriority: 2, ErrorCategory: smartcore.ErrCardBrandUnavailable},
	}, got.CascadeErrors.List)
	require.True(t, got.EndDate.Equal(time.Date(2024, 1, 12, 11, 18, 26, 678e6, time.UTC)), got.EndDate)
	require.Equal(t, "401200******3010", got.Card.Number)
}
