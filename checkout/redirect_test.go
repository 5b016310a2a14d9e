package checkout_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/checkout"
)

func TestCheckRedirect(t *testing.T) {
	def := checkout.RedirectPolicy{}
	sandbox := checkout.RedirectPolicy{SandboxHosts: []string{"127.0.0.1:8090", "[::1]:8090"}}
	custom := checkout.RedirectPolicy{AllowedHosts: []string{"pay.example.com", "Pay.Example.NET:8443"}}

	accepted := []struct {
		url    string
		policy checkout.RedirectPolicy
	}{
		{"https://payment.smartcore.pro/64a7e106d46c5db10d082b13", def},
		{"https://payment.smartcore.pro", def},
		{"https://payment.smartcore.pro/p?a=1&b=%20#frag", def},
		// DNS names are case-insensitive: the same host, not a different one.
		{"https://PAYMENT.SMARTCORE.PRO/x", def},
		{"HTTPS://Payment.SmartCore.pro/x", def},
		// The scheme's default port is the host without a port.
		{"https://payment.smartcore.pro:443/x", def},
		{"http://127.0.0.1:8090/pay/1", sandbox},
		{"https://127.0.0.1:8090/pay/1", sandbox},
		{"http://[::1]:8090/pay", sandbox},
		{"https://payment.smartcore.pro/x", sandbox}, // the default stays allowed
		{"https://pay.example.com/x", custom},
		{"https://pay.example.net:8443/x", custom},
	}
	for _, tt := range accepted {
		require.NoError(t, checkout.CheckRedirect(tt.url, tt.policy), tt.url)
	}

	rejected := []struct {
		url    string
		policy checkout.RedirectPolicy
	}{
		{"", def},
		{" ", def},
		{"http://payment.smartcore.pro/x", def}, // http on a non-sandbox host
		{"https://evil.com/", def},              // other host
		{"https://payment.smartcore.pro.evil.com/", def}, // suffix trick
		{"https://evilpayment.smartcore.pro/", def},
		{"https://smartcore.pro/", def},
		{"https://payment.smartcore.pro@evil.com/", def}, // user info
		{"https://user:pass@payment.smartcore.pro/", def},
		{"https://@payment.smartcore.pro/", def},
		{`https://evil.com\@payment.smartcore.pro`, def}, // backslash: browsers go to evil.com
		{`https://payment.smartcore.pro\evil`, def},
		{"/relative/path", def},
		{"payment.smartcore.pro/x", def},
		{"//payment.smartcore.pro/x", def}, // scheme-relative
		{"https:payment.smartcore.pro/x", def},
		{"https:/payment.smartcore.pro/x", def},
		{"javascript:alert(1)", def},
		{"JavaScript://payment.smartcore.pro/%0aalert(1)", def},
		{"data:text/html,hi", def},
		{"ftp://payment.smartcore.pro/", def},
		{" https://payment.smartcore.pro/", def}, // whitespace and control characters
		{"https://payment.smartcore.pro/ x", def},
		{"https://payment.smartcore.pro/\tx", def},
		{"https://payment.smartcore.pro/\r\nSet-Cookie: a=b", def},
		{"https://payment.smartcore.pro\x00.evil.com/", def},
		{"https://payment.smartcore.pro/\x7f", def},
		{"https://payment.ſmartcore.pro/", def}, // folds to 's' in Unicode, not in DNS
		{"https://payment.smartcore.pro%2eevil.com/", def},
		{"https://payment%2esmartcore.pro/", def},
		{"https://payment.smartcore.pro./", def},     // trailing dot
		{"https://payment.smartcore.pro:8443/", def}, // port differences
		{"https://payment.smartcore.pro:80/", def},
		{"https://payment.smartcore.pro:/", def},
		{"https://payment.smartcore.pro:0443/", def},
		{"https://payment.smartcore.pro:99999/", def},
		{"https://payment.smartcore.pro:44a/", def},
		{"https://[::1]/", def},
		{"http://127.0.0.1:8091/pay", sandbox}, // sandbox port matters
		{"http://127.0.0.1/pay", sandbox},
		{"http://localhost:8090/pay", sandbox},
		{"https://pay.example.net/x", custom}, // configured with a port
		{"https://payment.smartcore.pro/x", custom},
		{"https://" + string(make([]byte, 5000)), def},
	}
	for _, tt := range rejected {
		err := checkout.CheckRedirect(tt.url, tt.policy)
		require.ErrorIs(t, err, checkout.ErrRedirectRejected, "%q", tt.url)
	}
}

func TestCheckRedirectErrorOmitsPath(t *testing.T) {
	err := checkout.CheckRedirect("https://evil.com/secret-token?x=card", checkout.RedirectPolicy{})
	require.ErrorIs(t, err, checkout.ErrRedirectRejected)
	require.Contains(t, err.Error(), "evil.com")
	require.NotContains(t, err.Error(), "secret-token")
	require.NotContains(t, err.Error(), "card")

	err = checkout.CheckRedirect("evil.com/secret-token?x:y", checkout.RedirectPolicy{})
	require.ErrorIs(t, err, checkout.ErrRedirectRejected)
	require.NotContains(t, err.Error(), "secret-token")
}

func TestCheckACSURL(t *testing.T) {
	anyHost := checkout.RedirectPolicy{SandboxHosts: []string{"127.0.0.1:8090"}}
	pinned := checkout.RedirectPolicy{ACSHosts: []string{"acs.bank.example"}}
	for _, ok := range []struct {
		url    string
		policy checkout.RedirectPolicy
	}{
		{"https://acs.issuer.example/challenge", anyHost},
		{"https://acs.bank.example/3ds", pinned},
		{"http://127.0.0.1:8090/acs", anyHost},
	} {
		require.NoError(t, checkout.CheckACSURL(ok.url, ok.policy), ok.url)
	}
	for _, bad := range []struct {
		url    string
		policy checkout.RedirectPolicy
	}{
		{"http://acs.issuer.example/challenge", anyHost}, // not https
		{"https://acs.other.example/3ds", pinned},
		{"https://user@acs.issuer.example/", anyHost},
		{"javascript:alert(1)", anyHost},
		{"/acs", anyHost},
		{"", anyHost},
	} {
		require.ErrorIs(t, checkout.CheckACSURL(bad.url, bad.policy), checkout.ErrRedirectRejected, bad.url)
	}
}

func TestRedirectPolicyValidate(t *testing.T) {
	require.NoError(t, checkout.RedirectPolicy{}.Validate())
	require.NoError(t, checkout.RedirectPolicy{
		AllowedHosts: []string{"payment.smartcore.pro", "PAY.example:8443"},
		SandboxHosts: []string{"127.0.0.1:8090", "[::1]:8090", "localhost"},
	}.Validate())
	for _, bad := range []string{"", "https://payment.smartcore.pro", "payment.smartcore.pro/", "user@host", "host:", "host:abc", "[::1", "a b", "host\\x"} {
		require.Error(t, checkout.RedirectPolicy{AllowedHosts: []string{bad}}.Validate(), bad)
	}
}

func TestCheckRedirectReasons(t *testing.T) {
	for u, reason := range map[string]string{
		"https://payment.smartcore.pro@evil.com/": "user info",
		"http://payment.smartcore.pro/":           "http is allowed only for sandbox hosts",
		"https://evil.com/":                       `host "evil.com" is not allowed`,
		"/pay":                                    "not an absolute URL",
		"javascript:alert(1)":                     `scheme "javascript" is not https`,
		`https://evil.com\@payment.smartcore.pro`: "backslash",
		"https://payment.smartcore.pro:8443/":     `host "payment.smartcore.pro:8443" is not allowed`,
	} {
		err := checkout.CheckRedirect(u, checkout.RedirectPolicy{})
		require.ErrorContains(t, err, reason, u)
	}
}
