package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/sandbox"
)

// TestDocumentExamples posts every curl body of the document, verbatim but
// for the e-mail (see package docexamples), as raw JSON to a fresh sandbox
// and compares the answer's keys, in order, with the document's example
// answer. Orders the example refers to are created first, from the
// document's own examples where it has one.
func TestDocumentExamples(t *testing.T) {
	t.Parallel()
	setup := map[string]func(t *testing.T, srv *sandbox.Server){
		"Check":  func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, docexamples.CardPayment) },
		"Refund": func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, docexamples.CardPayment) },
		"Recurrent": func(t *testing.T, srv *sandbox.Server) {
			parent := docexamples.CardPayment
			parent.Request = strings.Replace(parent.Request, `"recurrent": false`, `"recurrent": true`, 1)
			postExample(t, srv, parent)
		},
		"TokenWithdrawal": func(t *testing.T, srv *sandbox.Server) {
			postExample(t, srv, docexamples.TokenizeForm)
			require.NoError(t, srv.Complete("tokenizeOrderId_1050", sandbox.OutcomeSuccess))
		},
		"Capture": func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, docexamples.Authorize) },
		"Cancel":  func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, docexamples.Authorize) },
	}
	for _, ex := range docexamples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			srv := sandbox.NewServer(t)
			if f := setup[ex.Name]; f != nil {
				f(t, srv)
			}
			data := postExample(t, srv, ex)
			require.Equal(t, jsonKeys(t, []byte(ex.Response)), jsonKeys(t, data), "keys of %s", data)
			if card := nested(t, []byte(ex.Response), "card"); card != nil {
				require.Equal(t, jsonKeys(t, card), jsonKeys(t, nested(t, data, "card")))
			}
		})
	}
}

// TestDocumentCheckErrorExample compares a failed transaction's check with
// the document's "in case of an error" answer.
func TestDocumentCheckErrorExample(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	declined := docexamples.CardPayment
	declined.Request = strings.Replace(declined.Request, sandbox.CardSuccess, sandbox.CardDeclined, 1)
	postExample(t, srv, declined)
	check := docexamples.Check
	data := postExample(t, srv, check)
	require.Equal(t, jsonKeys(t, []byte(check.ErrorResponse)), jsonKeys(t, data))
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
	srv := sandbox.NewServer(t)
	postExample(t, srv, docexamples.CardPayment) // it succeeds at once
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
		smartcore.DefaultBaseURL, srv.URL,
		smartcore.DefaultPCIBaseURL, srv.PCIURL,
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
