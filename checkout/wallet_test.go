package checkout_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
)

// googleToken is paymentMethodData.tokenizationData.token as the Google Pay
// API returns it: a string holding JSON, whose signedKey and signedMessage
// are strings holding JSON themselves.
const googleToken = `{"signature":"MEUCIQDsig==","intermediateSigningKey":{"signedKey":"{\"keyValue\":\"MFkwEwYH\",\"keyExpiration\":\"1711434452836\"}","signatures":["MEQCIDsig"]},"protocolVersion":"ECv2","signedMessage":"{\"encryptedMessage\":\"c2VjcmV0LWNhcmQ\",\"ephemeralPublicKey\":\"BOdo\",\"tag\":\"dGFn\"}"}`

// The document's examples of the two DPAN fields.
const (
	docGooglePayDPan = "eyJzaWduYXR1cmUiOiIqKioiLCJpbnRlcm1lZGlhdGVTaWduaW5nS2V5Ijp7InNpZ25lZEtleSI6Insia2V5VmFsdWUiOiIqKioiLCJrZXlFeHBpcmF0aW9uIjoiMTcxMTQzNDQ1MjgzNiJ9Iiwic2lnbmF0dXJlcyI6WyIqKioiXX0sInByb3RvY29sVmVyc2lvbiI6IkVDdjIiLCJzaWduZWRNZXNzYWdlIjoieyJlbmNyeXB0ZWRNZXNzYWdlIjoiKioqIiwiZXBoZW1lcmFsUHVibGljS2V5IjoiKioqIiwidGFnIjoiKioqIn0ifQ"
	docApplePayDPan  = "eyJhcHBsaWNhdGlvblByaW1hcnlBY2NvdW50TnVtYmVyIjoiKioqIiwiYXBwbGljYXRpb25FeHBpcmF0aW9uRGF0ZSI6IioqKiIsImN1cnJlbmN5Q29kZSI6Ijk3OCIsInRyYW5zYWN0aW9uQW1vdW50IjoxMDAsImRldmljZU1hbnVmYWN0dXJlcklkZW50aWZpZXIiOiIqKioiLCJwYXltZW50RGF0YVR5cGUiOiIzRFNlY3VyZSIsInBheW1lbnREYXRhIjp7Im9ubGluZVBheW1lbnRDcnlwdG9ncmFtIjoiKioqIiwiZWNpSW5kaWNhdG9yIjoiNyJ9fQ=="
)

// applePaymentData is payment.token.paymentData from Apple Pay JS.
const applePaymentData = `{"version":"EC_v1","data":"c2VhbGVkLWFwcGxlLXBheS1kYXRh","signature":"MIAGCSqG","header":{"ephemeralPublicKey":"MFkwEw","publicKeyHash":"LbsU","transactionId":"aabb"}}`

// applePayDecrypted is what the merchant's key decrypts it to: the
// document's example payload.
func applePayDecrypted(t testing.TB) []byte {
	b, err := base64.StdEncoding.DecodeString(docApplePayDPan)
	require.NoError(t, err)
	return b
}

func TestDPanEncodingMatchesDocument(t *testing.T) {
	// Google Pay: base64 of the token string; the document's unpadded
	// example is the same bytes.
	raw, err := base64.RawStdEncoding.DecodeString(docGooglePayDPan)
	require.NoError(t, err)
	require.Equal(t, docGooglePayDPan+"==", checkout.GooglePayDPan(string(raw)))
	// Apple Pay: base64 of the decrypted payment data, exactly the example.
	require.Equal(t, docApplePayDPan, checkout.ApplePayDPan(applePayDecrypted(t)))
}

type walletSetup struct {
	gw     *fakeGateway
	h      http.Handler
	builds *atomic.Int32
	logs   *syncBuffer
}

func newWallet(t *testing.T, resp *smartcore.PaymentResponse, gwErr error, mutate func(*checkout.WalletOptions)) *walletSetup {
	t.Helper()
	ws := &walletSetup{gw: &fakeGateway{resp: resp, err: gwErr}, builds: new(atomic.Int32)}
	logger, logs := logBuffer()
	ws.logs = logs
	opts := checkout.WalletOptions{Options: options(ws.gw)}
	opts.Logger = logger
	opts.Build = func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
		ws.builds.Add(1)
		return order("wallet-1"), nil
	}
	opts.DecryptApplePay = func(_ context.Context, pd json.RawMessage) ([]byte, error) {
		require.JSONEq(t, applePaymentData, string(pd))
		return applePayDecrypted(t), nil
	}
	if mutate != nil {
		mutate(&opts)
	}
	h, err := checkout.NewWalletHandler(opts)
	require.NoError(t, err)
	ws.h = h
	return ws
}

func (ws *walletSetup) do(contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/wallet?success_url=https://evil.example", strings.NewReader(body))
	r.RemoteAddr = "203.0.113.7:1"
	r.Header.Set("Accept", "text/html") // errors are JSON anyway
	r.Header.Set("User-Agent", "TestBrowser/1.0")
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	ws.h.ServeHTTP(w, r)
	return w
}

func googleBody(t testing.TB, network string) string {
	b, err := json.Marshal(map[string]string{"wallet": "google_pay", "token": googleToken, "network": network})
	require.NoError(t, err)
	return string(b)
}

func appleBody(network string) string {
	return `{"wallet":"apple_pay","paymentData":` + applePaymentData + `,"network":"` + network + `"}`
}

func decodeJSON(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	var m map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m), w.Body.String())
	return m
}

func TestWalletGooglePay(t *testing.T) {
	ws := newWallet(t, nil, nil, nil)
	w := ws.do("application/json", googleBody(t, "VISA"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, map[string]any{"next": "redirect", "url": formURL, "status": float64(0), "order_id": "gw-1"}, decodeJSON(t, w))

	require.Len(t, ws.gw.google, 1)
	got := ws.gw.google[0]
	require.Equal(t, base64.StdEncoding.EncodeToString([]byte(googleToken)), got.DPan)
	decoded, err := base64.StdEncoding.DecodeString(got.DPan)
	require.NoError(t, err)
	require.Equal(t, googleToken, string(decoded), "the token is sent byte for byte, escapes included")
	require.Equal(t, "VISA", got.Network)
	require.Equal(t, "203.0.113.7", got.IPAddress)
	require.Equal(t, configured, got.ReturnURLs)
	require.Equal(t, "wallet-1", got.OrderID)
	require.Equal(t, "https://merchant.site", got.MerchantSite)
	require.Equal(t, "TestBrowser/1.0", got.UserAgent)

	logs := ws.logs.String()
	require.NotContains(t, logs, "c2VjcmV0LWNhcmQ")
	require.NotContains(t, logs, got.DPan[:40])
}

func TestWalletApplePay(t *testing.T) {
	ws := newWallet(t, &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, OrderID: "gw-2"}, nil, nil)
	w := ws.do("application/json; charset=utf-8", appleBody("Visa"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, map[string]any{"next": "done", "status": float64(2), "order_id": "gw-2"}, decodeJSON(t, w))

	require.Len(t, ws.gw.apple, 1)
	got := ws.gw.apple[0]
	require.Equal(t, docApplePayDPan, got.DPan)
	require.Equal(t, "Visa", got.Network)
	require.Equal(t, "203.0.113.7", got.IPAddress)
	require.NotContains(t, ws.logs.String(), "c2VhbGVkLWFwcGxlLXBheS1kYXRh")
}

func TestWalletChallenge(t *testing.T) {
	ws := newWallet(t, &smartcore.PaymentResponse{Status: 1, ACSURL: "https://acs.issuer.example/v2", CReq: "Y3JlcQ"}, nil, nil)
	w := ws.do("application/json", googleBody(t, "MASTERCARD"))
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, map[string]any{
		"next": "3ds", "url": "https://acs.issuer.example/v2", "method": "POST",
		"fields": map[string]any{"creq": "Y3JlcQ"}, "status": float64(1),
	}, decodeJSON(t, w))
}

func TestWalletDecodeApplePayDataLiteral(t *testing.T) {
	ws := newWallet(t, nil, nil, func(o *checkout.WalletOptions) {
		o.DecryptApplePay = func(_ context.Context, data json.RawMessage) ([]byte, error) {
			return checkout.DecodeApplePayData(data)
		}
	})
	w := ws.do("application/json", appleBody("Visa"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "c2VhbGVkLWFwcGxlLXBheS1kYXRh", ws.gw.apple[0].DPan)
}

func TestWalletRefusals(t *testing.T) {
	big := `{"wallet":"google_pay","token":"` + strings.Repeat("a", 2048) + `","network":"VISA"}`
	tests := []struct {
		name        string
		contentType string
		body        string
		mutate      func(*checkout.WalletOptions)
		wantCode    int
	}{
		{"text/plain", "text/plain", googleBody(t, "VISA"), nil, 415},
		{"form", "application/x-www-form-urlencoded", "wallet=google_pay", nil, 415},
		{"no content type", "", googleBody(t, "VISA"), nil, 415},
		{"latin1", "application/json; charset=iso-8859-1", googleBody(t, "VISA"), nil, 415},
		{"malformed JSON", "application/json", `{"wallet":`, nil, 400},
		{"not an object", "application/json", `["google_pay"]`, nil, 400},
		{"empty body", "application/json", ``, nil, 400},
		{"trailing data", "application/json", googleBody(t, "VISA") + `{}`, nil, 400},
		{"wrong type", "application/json", `{"wallet":"google_pay","token":5,"network":"VISA"}`, nil, 400},
		{"unknown wallet", "application/json", `{"wallet":"paypal","token":"{}","network":"VISA"}`, nil, 400},
		{"missing token", "application/json", `{"wallet":"google_pay","network":"VISA"}`, nil, 400},
		{"token not JSON", "application/json", `{"wallet":"google_pay","token":"abc","network":"VISA"}`, nil, 400},
		{"missing network", "application/json", googleBody(t, ""), nil, 400},
		// Any other network is the gateway's to judge: the document gives no list.
		{"apple without data", "application/json", `{"wallet":"apple_pay","paymentData":{"version":"EC_v1"},"network":"Visa"}`, nil, 400},
		{"apple data not base64", "application/json", `{"wallet":"apple_pay","paymentData":{"data":"**"},"network":"Visa"}`, nil, 400},
		{"apple without paymentData", "application/json", `{"wallet":"apple_pay","network":"Visa"}`, nil, 400},
		{"apple not enabled", "application/json", appleBody("Visa"), func(o *checkout.WalletOptions) { o.DecryptApplePay = nil }, 400},
		{"too large", "application/json", big, func(o *checkout.WalletOptions) { o.MaxBodyBytes = 1024 }, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := newWallet(t, nil, nil, tt.mutate)
			w := ws.do(tt.contentType, tt.body)
			require.Equal(t, tt.wantCode, w.Code, w.Body.String())
			body := decodeJSON(t, w)
			require.NotEmpty(t, body["error"])
			require.NotEmpty(t, body["reference"])
			require.NotContains(t, w.Body.String(), "MEUCIQ")
			require.Zero(t, ws.builds.Load(), "Build must not run for a refused request")
			require.Zero(t, ws.gw.calls())
		})
	}
}

func TestWalletTooLargeWithoutContentLength(t *testing.T) {
	ws := newWallet(t, nil, nil, func(o *checkout.WalletOptions) { o.MaxBodyBytes = 64 })
	r := httptest.NewRequest(http.MethodPost, "/wallet", strings.NewReader(googleBody(t, "VISA")))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "203.0.113.7:1"
	w := httptest.NewRecorder()
	ws.h.ServeHTTP(w, r)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
}

func TestWalletMethodNotAllowed(t *testing.T) {
	ws := newWallet(t, nil, nil, nil)
	w := httptest.NewRecorder()
	ws.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/wallet", nil))
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, "POST", w.Header().Get("Allow"))
	require.NotEmpty(t, decodeJSON(t, w)["error"])
}

func TestWalletFailures(t *testing.T) {
	tests := []struct {
		name     string
		gwErr    error
		mutate   func(*checkout.WalletOptions)
		wantCode int
		wantMsg  string
	}{
		{"gateway refusal", &client.APIError{StatusCode: 400, Err: rawGatewayText}, nil, 502, "could not process"},
		{"outcome unknown", &client.OutcomeUnknownError{Endpoint: "/initPaymentHost2Host"}, nil, 502, "being checked"},
		{"decryption fails", nil, func(o *checkout.WalletOptions) {
			o.DecryptApplePay = func(context.Context, json.RawMessage) ([]byte, error) { return nil, errors.New("certificate expired") }
		}, 500, "went wrong on our side"},
		{"decrypter refuses the token", nil, func(o *checkout.WalletOptions) {
			o.DecryptApplePay = func(context.Context, json.RawMessage) ([]byte, error) {
				return nil, &checkout.Error{Status: 400, Message: "The Apple Pay token is invalid."}
			}
		}, 400, "token is invalid"},
		{"decrypter returns nothing", nil, func(o *checkout.WalletOptions) {
			o.DecryptApplePay = func(context.Context, json.RawMessage) ([]byte, error) { return nil, nil }
		}, 500, "went wrong"},
		{"Build refuses", nil, func(o *checkout.WalletOptions) {
			o.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) {
				return nil, &checkout.Error{Status: 409, Message: "Your cart is empty."}
			}
		}, 409, "cart is empty"},
		{"Build without merchant_site", nil, func(o *checkout.WalletOptions) {
			o.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) {
				r := order("w")
				r.MerchantSite = ""
				return r, nil
			}
		}, 500, "went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := newWallet(t, nil, tt.gwErr, tt.mutate)
			w := ws.do("application/json", appleBody("Visa"))
			require.Equal(t, tt.wantCode, w.Code)
			body := decodeJSON(t, w)
			require.Contains(t, body["error"], tt.wantMsg)
			require.NotContains(t, w.Body.String(), "gate 7")
			require.NotContains(t, w.Body.String(), "certificate")
		})
	}
}

func TestNewWalletHandlerOptions(t *testing.T) {
	_, err := checkout.NewWalletHandler(checkout.WalletOptions{Options: options(&fakeGateway{}), MaxBodyBytes: -1})
	require.Error(t, err)
	_, err = checkout.NewWalletHandler(checkout.WalletOptions{Options: checkout.Options{Gateway: &fakeGateway{}}})
	require.Error(t, err, "Build is required")
}

func TestGooglePayTokenizationSpecification(t *testing.T) {
	b, err := json.Marshal(checkout.GooglePayTokenizationSpecification("BCR2DN4T"))
	require.NoError(t, err)
	require.Equal(t, `{"type":"PAYMENT_GATEWAY","parameters":{"gateway":"primepay","gatewayMerchantId":"BCR2DN4T"}}`, string(b))
}
