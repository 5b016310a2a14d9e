package docexamples_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore/internal/docexamples"
)

// TestExamplesAreWellFormed checks what the tests that use the examples
// take for granted: sixteen examples with unique names, each a POST to one
// of the two hosts, with JSON bodies and answers, and the document's
// mangled e-mail replaced everywhere.
func TestExamplesAreWellFormed(t *testing.T) {
	all := docexamples.All()
	if len(all) != 16 {
		t.Fatalf("%d examples, the document has 16", len(all))
	}
	seen := map[string]bool{}
	for _, ex := range all {
		if ex.Name == "" || seen[ex.Name] {
			t.Errorf("name %q empty or not unique", ex.Name)
		}
		seen[ex.Name] = true
		if ex.Method != http.MethodPost {
			t.Errorf("%s: method %s, the document posts every example", ex.Name, ex.Method)
		}
		if ex.Host != docexamples.Gateway && ex.Host != docexamples.PCI {
			t.Errorf("%s: host %q", ex.Name, ex.Host)
		}
		if !strings.HasPrefix(ex.Path, "/") {
			t.Errorf("%s: path %q", ex.Name, ex.Path)
		}
		if ex.Request == "" || ex.Response == "" {
			t.Errorf("%s: empty body or answer", ex.Name)
		}
		for _, s := range []string{ex.Request, ex.Response, ex.ErrorResponse} {
			if s != "" && !json.Valid([]byte(s)) {
				t.Errorf("%s: not JSON: %s", ex.Name, s)
			}
			if strings.Contains(s, docexamples.MangledEmail) {
				t.Errorf("%s: the mangled e-mail is left in: %s", ex.Name, s)
			}
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(ex.Request), &body); err != nil {
			t.Fatalf("%s: %v", ex.Name, err)
		}
		if v, ok := body["customer_email"]; ok && v != docexamples.Email {
			t.Errorf("%s: customer_email %v", ex.Name, v)
		}
	}
	if docexamples.Check.ErrorResponse == "" {
		t.Error("the check example has the document's answer in case of an error")
	}
}

func TestURL(t *testing.T) {
	if got := docexamples.InitPayment.URL(); got != "https://api-gateway.smartcore.pro/initPayment" {
		t.Error(got)
	}
	if got := docexamples.CardPayment.URL(); got != "https://chd-api.smartcore.pro/initPaymentHost2Host" {
		t.Error(got)
	}
}

// All returns a new slice: a test that changes it changes no other's.
func TestAllIsACopy(t *testing.T) {
	docexamples.All()[0].Request = "changed"
	if docexamples.All()[0].Request == "changed" {
		t.Error("All shares its slice")
	}
}
