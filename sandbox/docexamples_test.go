package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

// TestDocumentExamples posts every curl body of the document, verbatim, as
// raw JSON to a fresh sandbox and compares the answer's keys, in order,
// with the document's example answer. Orders the example refers to are
// created first, from the document's own examples where it has one.
func TestDocumentExamples(t *testing.T) {
	t.Parallel()
	byName := map[string]docExample{}
	for _, ex := range docExamples {
		byName[ex.name] = ex
	}
	setup := map[string]func(t *testing.T, srv *sandbox.Server){
		"Check":  func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, byName["CardPayment"]) },
		"Refund": func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, byName["CardPayment"]) },
		"Recurrent": func(t *testing.T, srv *sandbox.Server) {
			parent := byName["CardPayment"]
			parent.body = strings.Replace(parent.body, `"recurrent": false`, `"recurrent": true`, 1)
			postExample(t, srv, parent)
		},
		"TokenWithdrawal": func(t *testing.T, srv *sandbox.Server) {
			postExample(t, srv, byName["TokenizeForm"])
			require.NoError(t, srv.Complete("tokenizeOrderId_1050", sandbox.OutcomeSuccess))
		},
		"Capture": func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, byName["Authorize"]) },
		"Cancel":  func(t *testing.T, srv *sandbox.Server) { postExample(t, srv, byName["Authorize"]) },
	}
	for _, ex := range docExamples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			srv := sandbox.NewServer(t)
			if f := setup[ex.name]; f != nil {
				f(t, srv)
			}
			data := postExample(t, srv, ex)
			require.Equal(t, jsonKeys(t, []byte(ex.response)), jsonKeys(t, data), "keys of %s", data)
			if card := nested(t, []byte(ex.response), "card"); card != nil {
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
	var check docExample
	for _, ex := range docExamples {
		if ex.name == "Check" {
			check = ex
		}
		if ex.name == "CardPayment" {
			ex.body = strings.Replace(ex.body, sandbox.CardSuccess, sandbox.CardDeclined, 1)
			postExample(t, srv, ex)
		}
	}
	data := postExample(t, srv, check)
	require.Equal(t, jsonKeys(t, []byte(check.errResp)), jsonKeys(t, data))
	var got, want struct {
		CascadeErrors []json.RawMessage `json:"cascadeErrors"`
	}
	require.NoError(t, json.Unmarshal(data, &got))
	require.NoError(t, json.Unmarshal([]byte(check.errResp), &want))
	require.Equal(t, jsonKeys(t, want.CascadeErrors[0]), jsonKeys(t, got.CascadeErrors[0]))
}

// TestDocumentCallbackURLIsRefused: the document's callback_url is
// https://site.com/callback, which the sandbox must never contact.
func TestDocumentCallbackURLIsRefused(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	postExample(t, srv, docExamples[2]) // the card payment, which succeeds at once
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
func postExample(t *testing.T, srv *sandbox.Server, ex docExample) []byte {
	t.Helper()
	target := strings.NewReplacer(
		smartcore.DefaultBaseURL, srv.URL,
		smartcore.DefaultPCIBaseURL, srv.PCIURL,
	).Replace(ex.url)
	code, data := rawPost(t, target, srv.MerchantKey, srv.Secret, ex.body)
	require.Equal(t, http.StatusOK, code, "%s: %s", ex.name, data)
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
