package smartcore_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestResponsesDecodeTolerantly(t *testing.T) {
	var check smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{
		"order_id": 12345, "status": "2", "amount": "1000", "finalAmount": 900,
		"card": {"number": "401200******3010", "bin": 401200, "type": "VISA"},
		"errorMessage": "null", "cascadeErrors": "null", "endDate": "null",
		"authorize_status": null, "type": "Payment", "firstName": "null", "rrn": 1234
	}`), &check))
	require.Equal(t, "12345", check.OrderID)
	require.Equal(t, smartcore.StatusSuccess, check.Status)
	require.Equal(t, int64(1000), check.Amount)
	require.Equal(t, "401200", check.Card.BIN)
	require.Empty(t, check.ErrorMessage)
	require.True(t, check.CascadeErrors.IsZero())
	require.True(t, check.EndDate.IsZero())
	require.Empty(t, check.EndDate.Raw)
	require.Empty(t, check.FirstName)
	require.Equal(t, "1234", check.RRN)

	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "cascadeErrors": "[{\"gatePriority\": \"0\", \"errorCategory\": \"PLATFORM_ERROR_GATE_SKIPPED\"}]", "endDate": "2024-01-12T11:18:26.678Z"}`), &check))
	require.Equal(t, []smartcore.CascadeError{{GatePriority: 0, ErrorCategory: smartcore.ErrGateSkipped}}, check.CascadeErrors.List)
	require.Equal(t, time.Date(2024, 1, 12, 11, 18, 26, 678e6, time.UTC), check.EndDate.Time)

	// Both spellings of the 3-D Secure fields the document shows.
	var p smartcore.PaymentResponse
	require.NoError(t, json.Unmarshal([]byte(`{"ACSUrl": "https://acs", "MD": "m", "TermUrl": "https://t", "status": 1}`), &p))
	require.Equal(t, "https://acs", p.ACSURL)
	require.Equal(t, "m", p.MD)
	require.Equal(t, "https://t", p.TermURL)
	require.NoError(t, json.Unmarshal([]byte(`{"acsurl": "https://b", "md": "n", "termUrl": "https://u", "paReq": "pr", "creq": "cr"}`), &p))
	require.Equal(t, "https://b", p.ACSURL)
	require.Equal(t, "pr", p.PaReq)

	var r smartcore.RefundResponse
	require.NoError(t, json.Unmarshal([]byte(`{"success": "false", "refund_id": "x"}`), &r))
	require.False(t, r.Success)
	require.NoError(t, json.Unmarshal([]byte(`{"success": "true"}`), &r))
	require.True(t, r.Success)

	// A secondary member that cannot fit is left zero and listed; only the
	// members that decide the answer are still an error.
	require.NoError(t, json.Unmarshal([]byte(`{"amount": "ten", "status": 2}`), &check))
	require.Zero(t, check.Amount)
	require.Equal(t, []smartcore.FieldError{{Field: "amount", Reason: "is not an integer"}}, check.Undecoded)
	require.Error(t, json.Unmarshal([]byte(`{"status": {}}`), &check))
	require.Error(t, json.Unmarshal([]byte(`{"order_id": ["x"]}`), &check))
	require.Error(t, json.Unmarshal([]byte(`not json`), &check))
}

func TestRequestsEncodeAsDeclaredAndDecodeTheDocumentsNumbers(t *testing.T) {
	var req smartcore.InitPaymentRequest
	require.NoError(t, json.Unmarshal([]byte(`{"amount": 1000, "customer_zip_code": 121165, "recurrent": "false", "order_id": "x"}`), &req))
	require.Equal(t, "121165", req.ZipCode)
	require.Equal(t, int64(1000), req.Amount)
	out, err := json.Marshal(req)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(out, &m))
	require.Equal(t, "121165", m["customer_zip_code"], "sent as the table's String")

	c := smartcore.CaptureRequest{OrderID: "o", Amount: 500}
	out, err = json.Marshal(c)
	require.NoError(t, err)
	require.JSONEq(t, `{"order_id": "o", "amount": "500"}`, string(out))
	var back smartcore.CaptureRequest
	require.NoError(t, json.Unmarshal([]byte(`{"order_id": "o", "amount": 500}`), &back))
	require.Equal(t, c, back)
	require.NoError(t, json.Unmarshal([]byte(`{"order_id": "o", "amount": "500"}`), &back))
	require.Equal(t, c, back)
	out, _ = json.Marshal(smartcore.CaptureRequest{OrderID: "o"})
	require.JSONEq(t, `{"order_id": "o"}`, string(out), "no amount captures everything")
}

func FuzzResponseDecode(f *testing.F) {
	f.Add([]byte(`{"status": "2", "cascadeErrors": "[1]", "card": {"bin": 1}}`))
	f.Add([]byte(`{"endDate": "null", "amount": "1e3"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c smartcore.CheckResponse
		_ = json.Unmarshal(data, &c)
		var p smartcore.PaymentResponse
		_ = json.Unmarshal(data, &p)
		var r smartcore.InitPaymentRequest
		_ = json.Unmarshal(data, &r)
	})
}
