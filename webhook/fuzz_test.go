package webhook_test

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

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
