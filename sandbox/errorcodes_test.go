package sandbox_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// TestEveryDocumentedErrorCode walks each of the document's 19
// transaction error codes through the kit: made to happen with the
// control API (a queued decline before a host-to-host payment, and a
// decline of a hosted form), reported by the client's Check, and
// delivered by callback to the kit's webhook handler, with the document's
// three-gate cascade on every other code.
func TestEveryDocumentedErrorCode(t *testing.T) {
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	codes := smartcore.ErrorCodes()[:19]
	require.Equal(t, smartcore.Err3DSCancelProcessing, codes[18], "the Dictionary's 19 codes come first")
	threeGates := []string{"PLATFORM_ERROR_ANTIFRAUD_RULES", "PLATFORM_ERROR_GATE_SKIPPED", "PLATFORM_ERROR_CARD_BRAND_UNAVAILABLE"}
	ctl := func(path string, body any) {
		t.Helper()
		b, err := json.Marshal(body)
		require.NoError(t, err)
		status, data := rawPost(t, srv.URL+"/test-helpers/"+path, srv.MerchantKey, srv.Secret, string(b))
		require.Equal(t, http.StatusOK, status, string(data))
	}
	for i, code := range codes {
		var cascade []string
		if i%2 == 0 {
			cascade = threeGates
		}
		want := cascade
		if want == nil {
			want = []string{string(code)}
		}
		seen := func(id string) {
			t.Helper()
			res := check(t, srv, id)
			require.Equal(t, smartcore.StatusFail, res.Status, id)
			require.Equal(t, code, res.ErrorMessage, id)
			require.Equal(t, want, codeStrings(res.CascadeErrors.Codes()), id)
			flush(t, srv)
			cbs := h.callbacks(id)
			require.Len(t, cbs, 1, id)
			require.Equal(t, smartcore.StatusFail, cbs[0].Status)
			require.Equal(t, code, cbs[0].ErrorCategory, id)
			var got smartcore.CascadeErrors
			require.NoError(t, json.Unmarshal([]byte(strconv.Quote(cbs[0].CascadeErrors)), &got))
			require.Equal(t, want, codeStrings(got.Codes()), id)
		}

		id := "h2h-" + strconv.Itoa(i)
		ctl("declines", map[string]any{"code": code, "cascade": cascade, "card_number": sandbox.CardSuccess})
		res, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardSuccess, 1000, h.URL))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusFail, res.Status, "the payment fails in its answer")
		seen(id)

		id = "form-" + strconv.Itoa(i)
		_, err = srv.Client.InitPayment(context.Background(), formPayment(id, 1000, h.URL))
		require.NoError(t, err)
		ctl("orders/"+id+"/complete", map[string]any{"action": "decline", "code": code, "cascade": cascade})
		seen(id)
	}
}

func codeStrings(codes []smartcore.ErrorCode) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}
