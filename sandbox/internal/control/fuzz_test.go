package control_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore/sandbox"
)

// FuzzControl sends any path and body to the control API: nothing panics,
// every answer is JSON, and an error answer has a code and a message.
func FuzzControl(f *testing.F) {
	for _, seed := range []struct{ path, body string }{
		{"orders/o-1/complete", `{"action":"decline","code":"PROCESSING_ERROR","cascade":["A","B"]}`},
		{"orders/o-1/settle", `{"outcome":"fail"}`},
		{"declines", `{"amount":1000,"card_number":"4012000000003010"}`},
		{"faults", `{"kind":"slow","delay_ms":1,"times":1}`},
		{"clock/advance", `{"seconds":1e308}`},
		{"orders/%2F/callbacks", `{"kind":"resend"}`},
		{"orders/o-1", ``},
	} {
		f.Add(seed.path, seed.body)
	}
	sb := sandbox.New(sandbox.Options{Clock: sandbox.NewFakeClock(time.Time{})})
	f.Cleanup(func() { _ = sb.Close() })
	f.Fuzz(func(t *testing.T, path, body string) {
		req := httptest.NewRequest(http.MethodPost, "/test-helpers/", strings.NewReader(body))
		req.URL.Path, req.URL.RawPath = "/test-helpers/"+path, ""
		req.Host = "127.0.0.1" // a name the sandbox serves: the control API itself answers
		req.SetBasicAuth(sb.MerchantKey(), sb.Secret())
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			return // the API's page, or the gateway's own answer for a path that is not the API's
		}
		var got struct {
			Error *struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: not JSON: %q", path, rec.Body.String())
		}
		if rec.Code == http.StatusMisdirectedRequest {
			t.Fatalf("%s: answered 421: the request never reached the control API", path)
		}
		if rec.Code != http.StatusOK && (got.Error == nil || got.Error.Code == "" || got.Error.Message == "") {
			t.Fatalf("%s: HTTP %d without an error code and message: %s", path, rec.Code, rec.Body.String())
		}
	})
}
