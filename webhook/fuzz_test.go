package webhook_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

func FuzzParseForm(f *testing.F) {
	for _, s := range []string{docBody(), "a=1&b=&c", "a=%zz", "=x", "a=1;b", "k%20=v+1&&", "%E6%97%A5=%F0%9F%98%80", "a=N%2FA&b=" + strings.Repeat("%C3%A9", 40) + "&c=x+y&d=%2A%2A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fields, err := webhook.ParseForm([]byte(body))
		want, werr := url.ParseQuery(body)
		if err != nil {
			// Refusals beyond net/url's are an empty key or an empty body.
			if werr == nil && len(want) > 0 && want[""] == nil {
				t.Fatalf("ParseForm refused %q that net/url reads: %v", body, err)
			}
			return
		}
		if werr != nil {
			t.Fatalf("ParseForm read %q that net/url refuses: %v", body, werr)
		}
		got := url.Values{}
		for _, f := range fields {
			got.Add(f.Key, f.Value)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: got %v, net/url %v", body, got, want)
		}
		for k, vs := range want {
			if len(got[k]) != len(vs) {
				t.Fatalf("%q: key %q got %v, net/url %v", body, k, got[k], vs)
			}
			for i := range vs {
				if got[k][i] != vs[i] {
					t.Fatalf("%q: key %q got %v, net/url %v", body, k, got[k], vs)
				}
			}
		}
	})
}

// FuzzHandler feeds arbitrary bodies, signed and unsigned, to the handler:
// it must never panic, never pass an unsigned body on, and pass a signed
// one on only when it decodes.
func FuzzHandler(f *testing.F) {
	f.Add(docBody(), false)
	f.Add("orderId=1&status=2&amount=5", true)
	f.Add("orderId=1&status=2&amount=5&amount=6", true)
	f.Add("orderId=&status=x&amount=-", true)
	f.Fuzz(func(t *testing.T, body string, sign bool) {
		host := &recorder{}
		h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}, MaxBodyBytes: 4096})
		if err != nil {
			t.Fatal(err)
		}
		if sign {
			if v, err := url.ParseQuery(body); err == nil && len(v) > 0 && v[""] == nil {
				v.Del("sign")
				body = webhooktest.BodyValues(secret, v)
			}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", body))
		switch w.Code {
		case 200:
			if host.calls.Load() != 1 {
				t.Fatalf("200 without reaching the host")
			}
		case 400, 401, 413:
			if host.calls.Load() != 0 {
				t.Fatalf("%d but the host was called", w.Code)
			}
		default:
			t.Fatalf("unexpected status %d", w.Code)
		}
	})
}
