package checkout_test

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
)

const testPAN = "4012000000003010"

func cardRequest() *smartcore.CardPaymentRequest {
	o := order("card-1")
	return &smartcore.CardPaymentRequest{
		Order: o.Order, MerchantSite: o.MerchantSite, Customer: o.Customer,
		Card: smartcore.Card{Holder: "John Doe", Number: testPAN, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	}
}

// payCard runs Responder.PayCard with the gateway answering resp.
func payCard(t *testing.T, resp *smartcore.PaymentResponse, mutate func(*checkout.Options)) (*httptest.ResponseRecorder, *fakeGateway, string) {
	t.Helper()
	g := &fakeGateway{resp: resp}
	logger, logs := logBuffer()
	opts := options(g)
	opts.Build = nil
	opts.Logger = logger
	if mutate != nil {
		mutate(&opts)
	}
	p, err := checkout.NewResponder(opts)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/card", nil)
	r.RemoteAddr = "203.0.113.7:1"
	r.Header.Set("User-Agent", "TestBrowser/1.0")
	r.Header.Set("Accept", "text/html")
	w := httptest.NewRecorder()
	p.PayCard(w, r, cardRequest())
	return w, g, logs.String()
}

func TestPayCardFillsRequest(t *testing.T) {
	w, g, logs := payCard(t, nil, nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	require.Len(t, g.card, 1)
	got := g.card[0]
	require.Equal(t, "203.0.113.7", got.IPAddress)
	require.Equal(t, configured, got.ReturnURLs)
	require.Equal(t, "TestBrowser/1.0", got.UserAgent)
	require.Equal(t, "text/html", got.AcceptHeader)
	require.Equal(t, testPAN, got.Number)
	require.NotContains(t, logs, testPAN)
}

func TestChallenge3DS1(t *testing.T) {
	resp := &smartcore.PaymentResponse{
		Status: smartcore.StatusProcessing, ACSURL: "https://acs.issuer.example/pareq?x=1&y=2",
		PaReq: `eJx"><script>alert(1)</script>`, MD: "md&<1>", TermURL: "https://payment.smartcore.pro/term?a=1&b=2",
	}
	w, _, _ := payCard(t, resp, func(o *checkout.Options) {
		o.CSPNonce = func(*http.Request) string { return `n0nce"x` }
	})
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	require.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	require.Empty(t, w.Header().Get("Content-Security-Policy"), "the host's policy carries the nonce")
	body := w.Body.String()

	require.Contains(t, body, `<form id="threeds" method="post" action="https://acs.issuer.example/pareq?x=1&amp;y=2">`)
	require.NotContains(t, body, "<script>alert(1)")
	for name, value := range map[string]string{"PaReq": resp.PaReq, "MD": resp.MD, "TermUrl": resp.TermURL} {
		m := regexp.MustCompile(`<input type="hidden" name="` + name + `" value="([^"]*)">`).FindStringSubmatch(body)
		require.NotNil(t, m, name)
		require.Equal(t, value, html.UnescapeString(m[1]), name)
	}
	require.Contains(t, body, `<script nonce="n0nce&#34;x">`)
	require.Regexp(t, `<noscript>.*<button type="submit">Continue</button>.*</noscript>`, body)
	require.NotContains(t, body, "creq")
}

func TestChallenge3DS2WithoutNonceSendsHashPolicy(t *testing.T) {
	resp := &smartcore.PaymentResponse{Status: smartcore.StatusProcessing, ACSURL: "https://acs.issuer.example/v2", CReq: "eyJjcmVxIjoxfQ"}
	w, _, _ := payCard(t, resp, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	require.Contains(t, body, `<input type="hidden" name="creq" value="eyJjcmVxIjoxfQ">`)
	require.NotContains(t, body, "PaReq")
	require.NotContains(t, body, "nonce=")

	// The policy allows exactly the inline script, by its hash.
	m := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(body)
	require.NotNil(t, m)
	sum := sha256.Sum256([]byte(m[1]))
	csp := w.Header().Get("Content-Security-Policy")
	require.Contains(t, csp, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	require.Contains(t, csp, "default-src 'none'")
}

func TestChallengeRejected(t *testing.T) {
	tests := map[string]*smartcore.PaymentResponse{
		"ACS over http":          {Status: 1, ACSURL: "http://acs.issuer.example/v2", CReq: "x"},
		"ACS with user info":     {Status: 1, ACSURL: "https://a@acs.issuer.example/", CReq: "x"},
		"ACS javascript":         {Status: 1, ACSURL: "javascript:alert(1)", CReq: "x"},
		"PaReq without TermUrl":  {Status: 1, ACSURL: "https://acs.issuer.example/", PaReq: "x"},
		"ACS without fields":     {Status: 1, ACSURL: "https://acs.issuer.example/"},
		"fields without ACS URL": {Status: 1, CReq: "x"},
	}
	for name, resp := range tests {
		w, _, _ := payCard(t, resp, nil)
		require.Equal(t, http.StatusBadGateway, w.Code, name)
		require.NotContains(t, w.Body.String(), "<form", name)
	}
	// Pinned ACS hosts.
	w, _, _ := payCard(t, &smartcore.PaymentResponse{Status: 1, ACSURL: "https://acs.other.example/", CReq: "x"},
		func(o *checkout.Options) { o.ACSHosts = []string{"acs.issuer.example"} })
	require.Equal(t, http.StatusBadGateway, w.Code)
	// http for a sandbox ACS.
	w, _, _ = payCard(t, &smartcore.PaymentResponse{Status: 1, ACSURL: "http://127.0.0.1:8090/acs", CReq: "x"},
		func(o *checkout.Options) { o.SandboxHosts = []string{"127.0.0.1:8090"} })
	require.Equal(t, http.StatusOK, w.Code)
}

func TestRespondFinalAndPending(t *testing.T) {
	tests := []struct {
		name     string
		resp     *smartcore.PaymentResponse
		urls     bool
		wantCode int
		wantLoc  string
		wantText string
	}{
		{"success to SuccessURL", &smartcore.PaymentResponse{Status: smartcore.StatusSuccess}, true, 303, configured.SuccessURL, ""},
		{"fail to FailURL", &smartcore.PaymentResponse{Status: smartcore.StatusFail}, true, 303, configured.FailURL, ""},
		{"processing to StatusURL", &smartcore.PaymentResponse{Status: smartcore.StatusProcessing}, true, 303, configured.StatusURL, ""},
		{"final wins over form_url", &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, FormURL: formURL}, true, 303, configured.SuccessURL, ""},
		{"success page", &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, OrderID: "gw-<9>"}, false, 200, "", "Payment successful"},
		{"fail page", &smartcore.PaymentResponse{Status: smartcore.StatusFail}, false, 200, "", "Payment failed"},
		{"pending page", &smartcore.PaymentResponse{Status: smartcore.StatusProcessing}, false, 200, "", "being processed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _, _ := payCard(t, tt.resp, func(o *checkout.Options) {
				if !tt.urls {
					o.ReturnURLs = smartcore.ReturnURLs{}
				}
			})
			require.Equal(t, tt.wantCode, w.Code)
			require.Equal(t, tt.wantLoc, w.Header().Get("Location"))
			require.Contains(t, w.Body.String(), tt.wantText)
			require.NotContains(t, w.Body.String(), "gw-<9>")
		})
	}
}

func TestRespondPassesErrorsOn(t *testing.T) {
	var got error
	p, err := checkout.NewResponder(checkout.Options{Gateway: &fakeGateway{}, ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		w.WriteHeader(http.StatusTeapot)
	}})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	apiErr := &client.APIError{StatusCode: 200, Endpoint: "/initPaymentHost2Host", Err: "declined"}
	// A refusal inside a 2xx answer comes with the response too: the error wins.
	p.Respond(w, httptest.NewRequest("POST", "/", nil), &smartcore.PaymentResponse{FormURL: formURL}, apiErr)
	require.Equal(t, http.StatusTeapot, w.Code)
	require.Same(t, apiErr, got)

	w = httptest.NewRecorder()
	p.PayCard(w, httptest.NewRequest("POST", "/", nil), nil)
	require.Equal(t, http.StatusTeapot, w.Code)
}

func TestWriteChallengeRefusesOtherSteps(t *testing.T) {
	w := httptest.NewRecorder()
	require.Error(t, checkout.WriteChallenge(w, checkout.Next{Step: checkout.StepRedirect, URL: formURL}, ""))
	require.Error(t, checkout.WriteChallenge(w, checkout.Next{Step: checkout.StepChallenge, URL: "https://acs.example/"}, ""))
	require.Zero(t, w.Body.Len())
	require.Empty(t, w.Header())
}
