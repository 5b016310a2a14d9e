package checkout_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
)

func TestNewRedirectsToFormURL(t *testing.T) {
	tests := []struct {
		name   string
		remote string
		xff    string
		wantIP string
	}{
		{"direct client, spoofed header ignored", "203.0.113.7:5555", "6.6.6.6", "203.0.113.7"},
		{"behind the trusted proxy", "10.0.0.1:80", "6.6.6.6, 198.51.100.2", "198.51.100.2"},
		{"IPv6 client", "[2001:db8::7]:443", "", "2001:db8::7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &fakeGateway{}
			opts := options(g)
			opts.ClientIP = trusting(t, "10.0.0.0/8")
			var sawIP netip.Addr
			opts.Build = func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
				sawIP, _ = clientip.FromContext(r.Context())
				o := order("order-1")
				// A careless host copies the query into the request: it must not matter.
				o.SuccessURL = r.URL.Query().Get("success_url")
				o.FailURL = "https://evil.example/fail"
				return o, nil
			}
			h, err := checkout.New(opts)
			require.NoError(t, err)

			header := http.Header{}
			if tt.xff != "" {
				header.Set("X-Forwarded-For", tt.xff)
			}
			w := post(h, "/pay?success_url=https://evil.example&callback_url=https://evil.example/cb", tt.remote, header)

			require.Equal(t, http.StatusSeeOther, w.Code)
			require.Equal(t, formURL, w.Header().Get("Location"))
			require.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			require.Len(t, g.init, 1)
			got := g.init[0]
			require.Equal(t, tt.wantIP, got.IPAddress)
			require.Equal(t, tt.wantIP, sawIP.String())
			require.Equal(t, configured, got.ReturnURLs)
			require.Equal(t, "order-1", got.OrderID)
			require.Equal(t, "John", got.FirstName)
		})
	}
}

func TestNewDoesNotModifyBuiltRequest(t *testing.T) {
	g := &fakeGateway{}
	shared := order("shared")
	opts := options(g)
	opts.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) { return shared, nil }
	h, err := checkout.New(opts)
	require.NoError(t, err)
	post(h, "/pay", "203.0.113.7:1", nil)
	require.Equal(t, order("shared"), shared)
	require.Equal(t, configured, g.init[0].ReturnURLs)
}

func TestNewEmptyReturnURLsAreSentEmpty(t *testing.T) {
	g := &fakeGateway{}
	logger, logs := logBuffer()
	h, err := checkout.New(checkout.Options{Gateway: g, Logger: logger, Build: func(*http.Request) (*smartcore.InitPaymentRequest, error) {
		o := order("o")
		o.CallbackURL = "https://evil.example/cb"
		return o, nil
	}})
	require.NoError(t, err)
	require.Equal(t, http.StatusSeeOther, post(h, "/pay", "203.0.113.7:1", nil).Code)
	require.Equal(t, smartcore.ReturnURLs{}, g.init[0].ReturnURLs)
	require.Contains(t, logs.String(), "return URLs were replaced")
}

func TestNewMethodNotAllowed(t *testing.T) {
	g := &fakeGateway{}
	h, err := checkout.New(options(g))
	require.NoError(t, err)
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(m, "/pay", nil))
		require.Equal(t, http.StatusMethodNotAllowed, w.Code, m)
		require.Equal(t, "POST", w.Header().Get("Allow"))
	}
	require.Zero(t, g.calls())
}

// A page on another site must not start payments with the shopper's
// cookies by submitting a form to the checkout handler.
func TestNewRefusesCrossOriginPosts(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"same origin", http.Header{"Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
		{"typed or bookmarked", http.Header{"Sec-Fetch-Site": {"none"}}, http.StatusSeeOther},
		{"no browser headers (server to server)", nil, http.StatusSeeOther},
		{"same origin by Origin alone", http.Header{"Origin": {"http://example.com"}}, http.StatusSeeOther},
		{"another site", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"another site, old browser", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"a sibling subdomain", http.Header{"Sec-Fetch-Site": {"same-site"}, "Origin": {"https://blog.example.com"}}, http.StatusForbidden},
		{"a trusted origin", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://shop.example"}}, http.StatusSeeOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &fakeGateway{resp: &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect,
				FormURL: "https://payment.smartcore.pro/form/1"}}
			opts := options(g)
			opts.TrustedOrigins = []string{"https://shop.example"}
			h, err := checkout.New(opts)
			require.NoError(t, err)
			w := post(h, "http://example.com/pay", "203.0.113.7:5000", tc.header)
			require.Equal(t, tc.want, w.Code, w.Body.String())
			if tc.want == http.StatusForbidden {
				require.Zero(t, g.calls(), "no order was created at the gateway")
				require.Contains(t, w.Body.String(), "own page")
			} else {
				require.Equal(t, 1, g.calls())
			}
		})
	}
	_, err := checkout.New(checkout.Options{Gateway: &fakeGateway{}, Build: buildOrder, TrustedOrigins: []string{"shop.example"}})
	require.Error(t, err, "an origin needs its scheme")
}

func TestNewOptionErrors(t *testing.T) {
	g := &fakeGateway{}
	tests := map[string]func(*checkout.Options){
		"nil gateway":          func(o *checkout.Options) { o.Gateway = nil },
		"nil build":            func(o *checkout.Options) { o.Build = nil },
		"relative success URL": func(o *checkout.Options) { o.ReturnURLs.SuccessURL = "/success" },
		"javascript fail URL":  func(o *checkout.Options) { o.ReturnURLs.FailURL = "javascript:alert(1)" },
		"user info in callback": func(o *checkout.Options) {
			o.ReturnURLs.CallbackURL = "https://user:pass@shop.example/cb"
		},
		"allowed host with scheme": func(o *checkout.Options) { o.AllowedHosts = []string{"https://payment.smartcore.pro"} },
		"sandbox host with path":   func(o *checkout.Options) { o.SandboxHosts = []string{"127.0.0.1:8090/x"} },
		"ACS host with empty port": func(o *checkout.Options) { o.ACSHosts = []string{"acs.bank:"} },
		"unsupported header":       func(o *checkout.Options) { o.ClientIP.Header = "Forwarded" },
	}
	for name, mutate := range tests {
		opts := options(g)
		mutate(&opts)
		_, err := checkout.New(opts)
		require.Error(t, err, name)
	}
}

func TestNewRejectsUnsafeFormURL(t *testing.T) {
	for _, u := range []string{
		"https://evil.example/pay",
		"http://payment.smartcore.pro/pay",
		"https://payment.smartcore.pro@evil.example/",
		"javascript:alert(1)",
	} {
		g := &fakeGateway{resp: &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: u}}
		h, err := checkout.New(options(g))
		require.NoError(t, err)
		w := post(h, "/pay", "203.0.113.7:1", nil)
		require.Equal(t, http.StatusBadGateway, w.Code, u)
		require.Empty(t, w.Header().Get("Location"), u)
		require.NotContains(t, w.Body.String(), "evil", u)
	}
}

func TestNewSandboxFormURL(t *testing.T) {
	g := &fakeGateway{resp: &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: "http://127.0.0.1:8090/pay/1"}}
	opts := options(g)
	opts.SandboxHosts = []string{"127.0.0.1:8090"}
	h, err := checkout.New(opts)
	require.NoError(t, err)
	w := post(h, "/pay", "203.0.113.7:1", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	require.Equal(t, "http://127.0.0.1:8090/pay/1", w.Header().Get("Location"))
}

func TestNewBuildFailures(t *testing.T) {
	tests := []struct {
		name     string
		build    checkout.BuildFunc
		wantCode int
		wantMsg  string
	}{
		{"host refuses with its own status", func(*http.Request) (*smartcore.InitPaymentRequest, error) {
			return nil, &checkout.Error{Status: http.StatusConflict, Message: "Your cart is empty.", Err: errors.New("cart 42 empty")}
		}, http.StatusConflict, "Your cart is empty."},
		{"plain error", func(*http.Request) (*smartcore.InitPaymentRequest, error) {
			return nil, errors.New("database down: password=hunter2")
		}, http.StatusInternalServerError, "Something went wrong"},
		{"nil request", func(*http.Request) (*smartcore.InitPaymentRequest, error) { return nil, nil },
			http.StatusInternalServerError, "Something went wrong"},
		{"invalid request is the host's bug", func(*http.Request) (*smartcore.InitPaymentRequest, error) {
			o := order("o")
			o.Email = "not an email"
			return o, nil
		}, http.StatusInternalServerError, "Something went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &fakeGateway{}
			opts := options(g)
			opts.Build = tt.build
			h, err := checkout.New(opts)
			require.NoError(t, err)
			w := post(h, "/pay", "203.0.113.7:1", http.Header{"Accept": {"application/json"}})
			require.Equal(t, tt.wantCode, w.Code)
			var body map[string]string
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
			require.Contains(t, body["error"], tt.wantMsg)
			require.NotContains(t, w.Body.String(), "hunter2")
			require.NotContains(t, w.Body.String(), "cart 42")
		})
	}
}

func TestNewClientIPFailure(t *testing.T) {
	g := &fakeGateway{}
	h, err := checkout.New(options(g))
	require.NoError(t, err)
	w := post(h, "/pay", "@", nil)
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Zero(t, g.calls())
}

// TestWithClient runs the handler against the real client and a stand-in
// for the gateway's HTTP API.
func TestWithClient(t *testing.T) {
	var got map[string]any
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &got)
		w.Header().Set("Content-Type", "application/json")
		if got["order_id"] == "refused" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"err":"INTERNAL: merchant EUR-sandbox misconfigured at gate 7","msg":"stack trace"}`)
			return
		}
		_, _ = io.WriteString(w, `{"ACSUrl":null,"MD":null,"TermUrl":null,"description":"","status":1,"form_url":"`+formURL+`","order_id":"sandboxFormId_1015","responseType":"REDIRECT"}`)
	}))
	defer api.Close()
	apiClient, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret, client.WithBaseURL(api.URL))
	require.NoError(t, err)

	id := "order-1"
	opts := options(apiClient)
	opts.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) { return order(id), nil }
	h, err := checkout.New(opts)
	require.NoError(t, err)

	w := post(h, "/pay?success_url=https://evil.example", "203.0.113.7:1", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	require.Equal(t, formURL, w.Header().Get("Location"))
	require.Equal(t, "203.0.113.7", got["customer_ip_address"])
	require.Equal(t, configured.SuccessURL, got["success_url"])
	require.Equal(t, configured.StatusURL, got["status_url"])

	id = "refused"
	w = post(h, "/pay", "203.0.113.7:1", nil)
	require.Equal(t, http.StatusBadGateway, w.Code)
	require.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "text/html"))
	require.NotContains(t, w.Body.String(), "misconfigured")
	require.NotContains(t, w.Body.String(), "stack trace")
}

func TestNewFillsTheOrderIDPlaceholder(t *testing.T) {
	g := &fakeGateway{}
	opts := options(g)
	opts.ReturnURLs = smartcore.ReturnURLs{
		SuccessURL:  "https://shop.example/orders/{order_id}/done",
		FailURL:     "https://shop.example/fail?order={order_id}",
		CallbackURL: "https://shop.example/webhooks/smartcore",
	}
	opts.Build = func(*http.Request) (*smartcore.InitPaymentRequest, error) { return order("A 1/2?&"), nil }
	h, err := checkout.New(opts)
	require.NoError(t, err)
	require.Equal(t, http.StatusSeeOther, post(h, "/pay", "203.0.113.7:1", nil).Code)
	require.Equal(t, smartcore.ReturnURLs{
		SuccessURL:  "https://shop.example/orders/A%201%2F2%3F%26/done",
		FailURL:     "https://shop.example/fail?order=A%201%2F2%3F%26",
		CallbackURL: "https://shop.example/webhooks/smartcore",
	}, g.init[0].ReturnURLs)
}
