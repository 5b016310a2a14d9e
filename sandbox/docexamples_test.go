package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// TestDocumentExamples posts every curl body of the document, verbatim but
// for the e-mail (see package docexamples), as raw JSON to a fresh sandbox
// and compares the answer's keys, in order, with the document's example
// answer, followed by the members the endpoint's response table documents
// beyond its example (documentedExtras). Orders the example refers to are
// created first, from the document's own examples where it has one, and
// settled as the shopper would (the card payment's form_url).
func TestDocumentExamples(t *testing.T) {
	t.Parallel()
	paid := func(t *testing.T, srv *sandbox.Server, ex docexamples.Example, id string) {
		postExample(t, srv, ex)
		require.NoError(t, srv.Complete(id, sandbox.Approve))
	}
	setup := map[string]func(t *testing.T, srv *sandbox.Server){
		"Check":  func(t *testing.T, srv *sandbox.Server) { paid(t, srv, docexamples.CardPayment, "sandboxId_1015") },
		"Refund": func(t *testing.T, srv *sandbox.Server) { paid(t, srv, docexamples.CardPayment, "sandboxId_1015") },
		// The document's sequence: a parent created with "recurrent": false.
		"Recurrent": func(t *testing.T, srv *sandbox.Server) { paid(t, srv, docexamples.CardPayment, "sandboxId_1015") },
		"TokenWithdrawal": func(t *testing.T, srv *sandbox.Server) {
			postExample(t, srv, docexamples.TokenizeForm)
			require.NoError(t, srv.Complete("tokenizeOrderId_1050", sandbox.Approve))
		},
		"Capture": func(t *testing.T, srv *sandbox.Server) { paid(t, srv, docexamples.Authorize, "sandboxId_1016") },
		"Cancel":  func(t *testing.T, srv *sandbox.Server) { paid(t, srv, docexamples.Authorize, "sandboxId_1016") },
	}
	for _, ex := range docexamples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			srv := sandboxtest.NewServer(t, sandbox.Options{})
			if f := setup[ex.Name]; f != nil {
				f(t, srv)
			}
			data := postExample(t, srv, ex)
			want := append(jsonKeys(t, []byte(ex.Response)), documentedExtras[ex.Name]...)
			require.Equal(t, want, jsonKeys(t, data), "keys of %s", data)
			if card := nested(t, []byte(ex.Response), "card"); card != nil {
				want := append(jsonKeys(t, card), documentedCardExtras[ex.Name]...)
				require.Equal(t, want, jsonKeys(t, nested(t, data, "card")))
			}
			// A payment answers as the example does: status 1, form_url,
			// REDIRECT.
			var got struct {
				Status       int     `json:"status"`
				FormURL      *string `json:"form_url"`
				ResponseType *string `json:"responseType"`
			}
			require.NoError(t, json.Unmarshal(data, &got))
			if got.ResponseType != nil {
				var doc struct {
					Status int `json:"status"`
				}
				require.NoError(t, json.Unmarshal([]byte(ex.Response), &doc))
				require.Equal(t, doc.Status, got.Status, "%s: %s", ex.Name, data)
				require.Equal(t, "REDIRECT", *got.ResponseType)
				require.NotNil(t, got.FormURL)
			}
		})
	}
}

// documentedExtras are, per example, the members its response table lists
// that its example answer leaves out; the sandbox sends them after the
// example's.
var documentedExtras = map[string][]string{
	"Check":           {"rrn", "eci"},
	"Recurrent":       {"order_id"},
	"CardWithdrawal":  {"processing_order_id"},
	"PhoneWithdrawal": {"processing_order_id"},
	"TokenWithdrawal": {"processing_order_id"},
}

// documentedCardExtras are check's card members beyond its example's.
var documentedCardExtras = map[string][]string{
	"Check": {"card_holder", "card_exp_month", "card_exp_year"},
}

// TestDocumentCheckErrorExample compares a failed transaction's check with
// the document's "in case of an error" answer.
func TestDocumentCheckErrorExample(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	declined := docexamples.CardPayment
	declined.Request = strings.Replace(declined.Request, sandbox.CardSuccess, sandbox.CardDeclined, 1)
	postExample(t, srv, declined)
	check := docexamples.Check
	data := postExample(t, srv, check)
	require.Equal(t, append(jsonKeys(t, []byte(check.ErrorResponse)), documentedExtras["Check"]...), jsonKeys(t, data))
	var got, want struct {
		CascadeErrors []json.RawMessage `json:"cascadeErrors"`
	}
	require.NoError(t, json.Unmarshal(data, &got))
	require.NoError(t, json.Unmarshal([]byte(check.ErrorResponse), &want))
	require.Equal(t, jsonKeys(t, want.CascadeErrors[0]), jsonKeys(t, got.CascadeErrors[0]))
}

// TestDocumentCallbackURLIsRefused: the document's callback_url is
// https://site.com/callback, which the sandbox must never contact.
func TestDocumentCallbackURLIsRefused(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	postExample(t, srv, docexamples.CardPayment)
	require.NoError(t, srv.Complete("sandboxId_1015", sandbox.Approve)) // the shopper opens form_url
	flush(t, srv)
	ds := srv.Deliveries("sandboxId_1015")
	require.Len(t, ds, 1)
	require.True(t, ds[0].Refused)
	require.ErrorIs(t, ds[0].Err, sandbox.ErrHostNotAllowed)
	require.Equal(t, "https://site.com/callback", ds[0].URL)
	require.Equal(t, 0, ds[0].StatusCode)
}

// postExample posts an example's body to the sandbox host its URL names and
// requires a 200.
func postExample(t *testing.T, srv *sandbox.Server, ex docexamples.Example) []byte {
	t.Helper()
	require.Equal(t, http.MethodPost, ex.Method)
	target := strings.NewReplacer(
		client.DefaultBaseURL, srv.URL,
		client.DefaultPCIBaseURL, srv.PCIURL,
	).Replace(ex.URL())
	require.NotEqual(t, ex.URL(), target, "%s: not a URL of the kit's hosts", ex.Name)
	code, data := rawPost(t, target, srv.MerchantKey, srv.Secret, ex.Request)
	require.Equal(t, http.StatusOK, code, "%s: %s", ex.Name, data)
	return data
}

// nested returns the raw value of a top-level key, or nil when it is
// absent or null.
func nested(t *testing.T, data []byte, key string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	v := m[key]
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	return v
}
