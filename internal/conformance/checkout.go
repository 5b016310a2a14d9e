package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
)

// FormURL is where the fake gateway sends the customer.
const FormURL = "https://payment.smartcore.pro/64a7e106d46c5db10d082b13"

// Proxies is the trusted proxy network of the checkout and rate limit
// cases; Peer is outside it.
var Proxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}

// returnURLs are the configured return URLs.
var returnURLs = smartcore.ReturnURLs{
	SuccessURL:  "https://shop.example/success",
	FailURL:     "https://shop.example/fail",
	CallbackURL: "https://shop.example/callback",
	StatusURL:   "https://shop.example/status",
}

// order is what Build returns.
func order() *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "acc-1", Amount: 1999, Currency: "EUR", OrderID: "order-42"},
		Customer: smartcore.Customer{FirstName: "Ada", LastName: "Lovelace", Address: "1 Main St", City: "London",
			ZipCode: "N1", Country: "GB", Phone: "+442071234567", Email: "ada@example.com"},
	}
}

// checkoutConf is the fake gateway's answer.
type checkoutConf struct {
	resp *smartcore.PaymentResponse // nil: a redirect to FormURL
	err  error
}

type checkoutCase = tcase[smartcore.InitPaymentRequest, checkoutConf]

// gateway is a fake checkout.Gateway that records each InitPayment in a
// probe and answers as the case says.
type gateway struct {
	conf  checkoutConf
	probe *probe[smartcore.InitPaymentRequest]
}

func (g *gateway) InitPayment(_ context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error) {
	c := *req
	g.probe.next(Seen[smartcore.InitPaymentRequest]{Value: &c, OK: true})
	if g.conf.resp == nil && g.conf.err == nil {
		return &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: FormURL, OrderID: "gw-1"}, nil
	}
	return g.conf.resp, g.conf.err
}

func (g *gateway) PayCard(context.Context, *smartcore.CardPaymentRequest) (*smartcore.PaymentResponse, error) {
	return nil, fmt.Errorf("conformance: PayCard not expected")
}

func (g *gateway) PayApplePay(context.Context, *smartcore.ApplePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	return nil, fmt.Errorf("conformance: PayApplePay not expected")
}

func (g *gateway) PayGooglePay(context.Context, *smartcore.GooglePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	return nil, fmt.Errorf("conformance: PayGooglePay not expected")
}

// checkoutOptions configures the handler the way every case does.
func checkoutOptions(g checkout.Gateway) checkout.Options {
	return checkout.Options{
		Gateway:    g,
		Build:      func(*http.Request) (*smartcore.InitPaymentRequest, error) { return order(), nil },
		ReturnURLs: returnURLs,
		ClientIP:   clientip.Policy{TrustedProxies: Proxies},
	}
}

// pay is the Pay button's POST from peer, with extra headers.
func pay(peer string, header ...string) func() *http.Request {
	return func() *http.Request {
		r := newRequest(http.MethodPost, "", formType, "")
		r.RemoteAddr = peer
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Add(header[i], header[i+1])
		}
		return r
	}
}

// paidFrom checks a redirect to the form and the address the gateway was
// sent.
func paidFrom(ip string) func(*testing.T, []*httptest.ResponseRecorder, []Seen[smartcore.InitPaymentRequest]) {
	return func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.InitPaymentRequest]) {
		expect[smartcore.InitPaymentRequest]([]int{http.StatusSeeOther}, 1)(t, answers, seen)
		require.Equal(t, FormURL, answers[0].Header().Get("Location"))
		require.Equal(t, ip, seen[0].Value.IPAddress, "customer_ip_address")
		require.Equal(t, returnURLs, seen[0].Value.ReturnURLs)
		require.Equal(t, "order-42", seen[0].Value.OrderID)
	}
}

// refusedRedirect checks that a gateway answer was not followed.
func refusedRedirect(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.InitPaymentRequest]) {
	expect[smartcore.InitPaymentRequest]([]int{http.StatusBadGateway}, 1)(t, answers, seen)
	require.Empty(t, answers[0].Header().Get("Location"), "no redirect")
}

func runCheckout(t *testing.T, h Harness) {
	peerIP := netip.MustParseAddrPort(Peer).Addr().String()
	cases := []checkoutCase{
		{name: "redirects to the form with 303", reqs: []func() *http.Request{pay(Peer)}, lv: full,
			check: paidFrom(peerIP)},
		{name: "spoofed X-Forwarded-For from an untrusted peer is ignored", lv: full,
			reqs:  []func() *http.Request{pay(Peer, "X-Forwarded-For", "6.6.6.6", "X-Real-IP", "6.6.6.6")},
			check: paidFrom(peerIP)},
		{name: "a trusted proxy's X-Forwarded-For is believed", lv: full,
			reqs:  []func() *http.Request{pay("10.0.0.1:5000", "X-Forwarded-For", "6.6.6.6, 198.51.100.2")},
			check: paidFrom("198.51.100.2")},
		{name: "GET is 405 without calling the gateway", lv: headers,
			reqs: []func() *http.Request{func() *http.Request { return newRequest(http.MethodGet, "", "", "") }},
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.InitPaymentRequest]) {
				expect[smartcore.InitPaymentRequest]([]int{http.StatusMethodNotAllowed}, 0)(t, answers, seen)
				require.Equal(t, http.MethodPost, answers[0].Header().Get("Allow"))
			}},
		{name: "a form_url on a foreign host is not followed", lv: headers,
			conf:  checkoutConf{resp: &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: "https://evil.example/pay"}},
			reqs:  []func() *http.Request{pay(Peer)},
			check: refusedRedirect},
		{name: "a plain http form_url is not followed", lv: headers,
			conf:  checkoutConf{resp: &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: "http://payment.smartcore.pro/x"}},
			reqs:  []func() *http.Request{pay(Peer)},
			check: refusedRedirect},
		{name: "a gateway refusal is 502, in JSON when asked", lv: headers,
			conf: checkoutConf{err: &client.APIError{StatusCode: 400, Endpoint: "/initPayment", Err: "bad request"}},
			reqs: []func() *http.Request{pay(Peer, "Accept", "application/json")},
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.InitPaymentRequest]) {
				refusedRedirect(t, answers, seen)
				require.Contains(t, answers[0].Header().Get("Content-Type"), "application/json")
				require.NotContains(t, answers[0].Body.String(), "bad request", "the gateway's text is not shown")
			}},
		{name: "a final success goes to the success URL", lv: full,
			conf: checkoutConf{resp: &smartcore.PaymentResponse{Status: smartcore.StatusSuccess}},
			reqs: []func() *http.Request{pay(Peer)},
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.InitPaymentRequest]) {
				expect[smartcore.InitPaymentRequest]([]int{http.StatusSeeOther}, 1)(t, answers, seen)
				require.Equal(t, returnURLs.SuccessURL, answers[0].Header().Get("Location"))
			}},
	}
	runCases(t, h.Name, cases, func(t *testing.T, c checkoutCase) (core, fw stack[smartcore.InitPaymentRequest]) {
		core.probe, fw.probe = newProbe(c), newProbe(c)
		ref, err := checkout.New(checkoutOptions(&gateway{conf: c.conf, probe: core.probe}))
		require.NoError(t, err)
		core.h = ref
		fw.h = h.Checkout(t, checkoutOptions(&gateway{conf: c.conf, probe: fw.probe}))
		return core, fw
	})
}
