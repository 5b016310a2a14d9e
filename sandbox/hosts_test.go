package sandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// hostRequest sends a request to srv with the given Host header (and
// Origin, when not empty) and returns the status and body.
func hostRequest(t *testing.T, method, target, host, origin string, body string, hdr http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	require.NoError(t, err)
	req.Host = host
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}

// apiHeaders are an API call's headers with the sandbox's credentials.
func apiHeaders(srv *sandbox.Server) http.Header {
	req, _ := http.NewRequest(http.MethodPost, "/", nil)
	req.SetBasicAuth(srv.MerchantKey, srv.Secret)
	req.Header.Set("Content-Type", "application/json")
	return req.Header
}

func initPaymentBody(t *testing.T, id string) string {
	t.Helper()
	data, err := json.Marshal(formPayment(id, 990, "http://127.0.0.1:1/cb"))
	require.NoError(t, err)
	return string(data)
}

func TestSandboxAnswersOnlyItsHostNames(t *testing.T) {
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	port := u.Port()
	for _, tc := range []struct {
		host string
		want int // of GET /, the dashboard
	}{
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"LocalHost.:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"127.0.0.1", http.StatusMisdirectedRequest},      // port 80: not this server
		{"127.0.0.1:1", http.StatusMisdirectedRequest},    // another port
		{"rebind.example", http.StatusMisdirectedRequest}, // DNS rebinding
		{"rebind.example:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.1.nip.io:" + port, http.StatusMisdirectedRequest}, // resolves to loopback: still a name of someone else's
	} {
		got, body := hostRequest(t, http.MethodGet, srv.URL+"/", tc.host, "", "", nil)
		require.Equal(t, tc.want, got, "Host %q", tc.host)
		if got == http.StatusMisdirectedRequest {
			require.Contains(t, body, sandbox.CodeMisdirected)
		}
	}
}

// TestDNSRebindingIsRefused is the attack of issue 18: a page on
// rebind.example, its name now resolving to 127.0.0.1, is same-origin with
// the sandbox for the browser, so Host and Origin both name it and
// CrossOriginProtection lets its POSTs through.
func TestDNSRebindingIsRefused(t *testing.T) {
	d := newDash(t)
	pid := d.pay(t, "rebind-1", sandbox.CardSuccess, d.host.URL)
	u, _ := url.Parse(d.srv.URL)
	rebind := "rebind.example:" + u.Port()

	code, body := hostRequest(t, http.MethodGet, d.srv.URL+"/transactions/"+pid, rebind, "http://"+rebind, "", nil)
	require.Equal(t, http.StatusMisdirectedRequest, code, "the dashboard is not shown")
	require.NotContains(t, body, "rebind-1")

	code, _ = hostRequest(t, http.MethodPost, d.srv.URL+"/transactions/"+pid+"/resend", rebind, "http://"+rebind, "", nil)
	require.Equal(t, http.StatusMisdirectedRequest, code, "no action is taken")
	flush(t, d.srv)
	require.Len(t, d.srv.Deliveries("rebind-1"), 1, "nothing was resent")

	// The API, whose credentials are public by default, is refused too:
	// no payment is created, so no callback can be aimed at loopback.
	code, body = hostRequest(t, http.MethodPost, d.srv.URL+"/initPayment", "evil.example", "http://evil.example",
		initPaymentBody(t, "rebind-2"), apiHeaders(d.srv))
	require.Equal(t, http.StatusMisdirectedRequest, code, body)
	_, ok := d.srv.Order("rebind-2")
	require.False(t, ok, "no transaction was created")

	// The control API too, in its own error shape.
	code, body = hostRequest(t, http.MethodPost, d.srv.URL+"/test-helpers/orders/rebind-1/callbacks", rebind, "http://"+rebind,
		`{"kind":"resend"}`, apiHeaders(d.srv))
	require.Equal(t, http.StatusMisdirectedRequest, code, body)
	require.JSONEq(t, `{"error":{"code":"misdirected_request","message":"the sandbox answers only loopback host names (127.0.0.1, localhost, ::1) and its public URL (Options.BaseURL, --public-url)"}}`, body)
	flush(t, d.srv)
	require.Len(t, d.srv.Deliveries("rebind-1"), 1, "nothing was resent")
}

func TestFormURLIsBuiltFromTheConfiguredBase(t *testing.T) {
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	u, _ := url.Parse(srv.URL)
	// Another name of this server: accepted, but the URLs it is given
	// are on the configured base, never on the Host the request named.
	code, body := hostRequest(t, http.MethodPost, srv.URL+"/initPayment", "localhost:"+u.Port(), "",
		initPaymentBody(t, "base-1"), apiHeaders(srv))
	require.Equal(t, http.StatusOK, code, body)
	var res struct {
		FormURL string `json:"form_url"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	require.True(t, strings.HasPrefix(res.FormURL, srv.URL+"/pay/"), res.FormURL)

	// With a public URL (a tunnel), its name is answered and used.
	pub := sandboxtest.NewServer(t, sandbox.Options{BaseURL: "https://pay.tunnel.example/"})
	code, body = hostRequest(t, http.MethodPost, pub.URL+"/initPayment", "pay.tunnel.example", "",
		initPaymentBody(t, "base-2"), apiHeaders(pub))
	require.Equal(t, http.StatusOK, code, body)
	res = struct {
		FormURL string `json:"form_url"`
	}{}
	require.NoError(t, json.Unmarshal([]byte(body), &res))
	require.True(t, strings.HasPrefix(res.FormURL, "https://pay.tunnel.example/pay/"), res.FormURL)
	code, _ = hostRequest(t, http.MethodGet, pub.URL+"/", "pay.tunnel.example:8443", "", "", nil)
	require.Equal(t, http.StatusMisdirectedRequest, code, "the public name on another port")
	code, _ = hostRequest(t, http.MethodGet, pub.URL+"/", "evil.example", "", "", nil)
	require.Equal(t, http.StatusMisdirectedRequest, code)
}

func TestHandlerWithoutBaseURLAnswersLoopbackOnly(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	t.Cleanup(func() { _ = sb.Close() })
	for host, want := range map[string]int{
		"127.0.0.1:5555": http.StatusOK, // served as a handler: any port
		"localhost":      http.StatusOK,
		"example.com":    http.StatusMisdirectedRequest,
		"10.0.0.1:8090":  http.StatusMisdirectedRequest,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		require.Equal(t, want, rec.Code, host)
	}
}

func TestRemoteDashboardRequiresCredentialsAndHidesAnswers(t *testing.T) {
	secret := "s3cret-of-this-test"
	leak := "token=TOPSECRET-4242"
	cbURL := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte(leak))
	}))
	for _, remote := range []bool{false, true} {
		srv := sandboxtest.NewServer(t, sandbox.Options{Secret: secret, Remote: remote, SettleImmediately: true})
		_, err := srv.Client.PayCard(context.Background(), cardPayment("remote-1", sandbox.CardSuccess, 1050, cbURL+"/cb"))
		require.NoError(t, err)
		flush(t, srv)
		tx, _ := srv.Order("remote-1")
		page := srv.URL + "/transactions/" + tx.ProcessingID

		code, body := hostRequest(t, http.MethodGet, page, "", "", "", nil)
		if !remote {
			require.Equal(t, http.StatusOK, code)
			require.Contains(t, body, leak, "on loopback the dashboard shows the host's answer")
			continue
		}
		require.Equal(t, http.StatusUnauthorized, code, "Remote: no credentials, no dashboard")
		require.NotContains(t, body, "remote-1")
		code, _ = hostRequest(t, http.MethodPost, page+"/resend", "", srv.URL, "", nil)
		require.Equal(t, http.StatusUnauthorized, code, "nor its actions")

		req, _ := http.NewRequest(http.MethodGet, page, nil)
		req.SetBasicAuth(srv.MerchantKey, "qwerty")
		code, _ = hostRequest(t, http.MethodGet, page, "", "", "", req.Header)
		require.Equal(t, http.StatusUnauthorized, code, "the public secret is not this sandbox's")

		req.SetBasicAuth(srv.MerchantKey, secret)
		code, body = hostRequest(t, http.MethodGet, page, "", "", "", req.Header)
		require.Equal(t, http.StatusOK, code)
		require.Contains(t, body, "remote-1")
		require.Contains(t, body, "418", "the attempt is listed")
		require.NotContains(t, body, "TOPSECRET", "but not what the host answered")
		require.Contains(t, srv.Deliveries("remote-1")[0].Answer, leak, "the Go API still has it")
	}
}

// With Options.Remote the control API's page asks for the credentials
// too, and a refusal is in the control API's own error shape.
func TestRemoteControlAPIRequiresCredentials(t *testing.T) {
	for _, remote := range []bool{false, true} {
		srv := sandboxtest.NewServer(t, sandbox.Options{Secret: "s3cret-of-this-test", Remote: remote})
		code, _ := hostRequest(t, http.MethodGet, srv.URL+"/test-helpers/", "", "", "", nil)
		if !remote {
			require.Equal(t, http.StatusOK, code, "on loopback the page is public")
		} else {
			require.Equal(t, http.StatusUnauthorized, code, "Remote: the page asks for the credentials")
		}
		code, body := hostRequest(t, http.MethodGet, srv.URL+"/test-helpers/orders/x", "", "", "", nil)
		require.Equal(t, http.StatusUnauthorized, code)
		require.JSONEq(t, `{"error":{"code":"unauthorized","message":"missing or invalid Basic credentials (the merchant key and secret)"}}`, body)
	}
}
