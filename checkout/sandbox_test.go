package checkout_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// sandboxOptions points Options at an in-process gateway, whose pages are
// served over plain http on loopback: its host must be a sandbox host.
func sandboxOptions(t *testing.T) (checkout.Options, *sandbox.Server) {
	t.Helper()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	opts := options(srv.Client)
	opts.SandboxHosts = []string{u.Host}
	var n atomic.Int32 // the sandbox refuses a repeated order_id, as the gateway does
	opts.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) {
		return order(fmt.Sprintf("sb-%d", n.Add(1))), nil
	}
	return opts, srv
}

func TestSandboxPaymentForm(t *testing.T) {
	opts, srv := sandboxOptions(t)
	h, err := checkout.New(opts)
	require.NoError(t, err)
	w := post(h, "/pay?success_url=https://evil.example", "203.0.113.7:1", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	require.Regexp(t, "^"+srv.URL+"/pay/", w.Header().Get("Location"))

	// Without the sandbox host the same answer is refused.
	opts.SandboxHosts = nil
	h, err = checkout.New(opts)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadGateway, post(h, "/pay", "203.0.113.7:1", nil).Code)
}

func TestSandboxCardPayments(t *testing.T) {
	opts, srv := sandboxOptions(t)
	p, err := checkout.NewResponder(opts)
	require.NoError(t, err)
	pay := func(id, pan string) *http.Response {
		req := cardRequest()
		req.OrderID, req.Number = id, pan
		r, _ := http.NewRequest(http.MethodPost, "/card", nil)
		r.RemoteAddr = "203.0.113.7:1"
		w := httptest.NewRecorder()
		p.PayCard(w, r, req)
		return w.Result()
	}
	// The document's flow: the frictionless card answers status 1 with
	// form_url, where the shopper goes; opening it settles the payment and
	// returns the shopper to success_url.
	res := pay("sb-frictionless", "4012000000003010")
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	formURL := res.Header.Get("Location")
	require.Regexp(t, "^"+srv.URL+"/pay/", formURL)
	require.Equal(t, configured.SuccessURL, openFormURL(t, formURL))
	chk, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: "sb-frictionless"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, chk.Status)

	res = pay("sb-challenge", "4003830171874018")
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Regexp(t, "^"+srv.URL+"/", res.Header.Get("Location"))

	res = pay("sb-declined", "4000000000000002")
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, configured.FailURL, res.Header.Get("Location"))
}

func TestSandboxWallets(t *testing.T) {
	opts, srv := sandboxOptions(t)
	logger, logs := logBuffer()
	opts.Logger = logger
	h, err := checkout.NewWalletHandler(checkout.WalletOptions{
		Options: opts,
		DecryptApplePay: func(context.Context, json.RawMessage) ([]byte, error) {
			return applePayDecrypted(t), nil
		},
	})
	require.NoError(t, err)
	ws := &walletSetup{h: h}
	for _, body := range []string{googleBody(t, "VISA"), appleBody("Visa")} {
		// As the document's examples answer: status 1 and form_url, where
		// the shopper goes and the payment settles (frictionless).
		w := ws.do("application/json", body)
		require.Equal(t, http.StatusOK, w.Code, logs.String())
		got := decodeJSON(t, w)
		require.Equal(t, "redirect", got["next"], got)
		require.Equal(t, float64(smartcore.StatusProcessing), got["status"])
		formURL, _ := got["url"].(string)
		require.Regexp(t, "^"+srv.URL+"/pay/", formURL)
		require.Equal(t, configured.SuccessURL, openFormURL(t, formURL))
	}
}

// openFormURL opens a sandbox form_url as the shopper's browser would and
// returns where the sandbox sends the browser on.
func openFormURL(t *testing.T, formURL string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(formURL)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	return resp.Header.Get("Location")
}
