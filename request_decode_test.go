package smartcore_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
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
	require.NoError(t, json.Unmarshal([]byte(`{"amount": 1000, "customer_zip_code": 121165, "recurrent": false, "order_id": "x"}`), &req))
	require.Equal(t, smartcore.Text("121165"), req.ZipCode)
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

// Only the members the document types loosely accept another JSON type:
// every other member decodes as encoding/json decodes its Go type, so a
// number for order_id or a string for a Boolean is an error, and so is
// an unknown member under json.Decoder.DisallowUnknownFields.
func TestRequestsDecodeWithEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`{"order_id": 12345}`, `{"order_id": true}`, `{"order_id": "o", "amount": "1000"}`,
	} {
		var r smartcore.RefundRequest
		require.Error(t, json.Unmarshal([]byte(body), &r), body)
	}
	var p smartcore.CardPaymentRequest
	require.Error(t, json.Unmarshal([]byte(`{"recurrent": "false"}`), &p))
	require.Error(t, json.Unmarshal([]byte(`{"customer_zip_code": {"a": 1}}`), &p))
	require.Error(t, json.Unmarshal([]byte(`{"customer_zip_code": [1]}`), &p))

	dec := json.NewDecoder(strings.NewReader(`{"order_id": "o", "customer_zip_code": 121165, "surprise": 1}`))
	dec.DisallowUnknownFields()
	require.ErrorContains(t, dec.Decode(&p), `unknown field "surprise"`)
	dec = json.NewDecoder(strings.NewReader(docexamples.CardPayment.Request))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&p), "the document's example declares no unknown member")
}

// Text takes a string as it is ("null" too) and a number as its literal
// text, refuses a boolean, an object and an array (the document's String:
// a string or a number, nothing else), and encodes as a string.
func TestText(t *testing.T) {
	for in, want := range map[string]smartcore.Text{
		`"SW1A 2AA"`: "SW1A 2AA", `121165`: "121165", `-1.5e3`: "-1.5e3", `"null"`: "null", `null`: "kept", `""`: "",
	} {
		got := smartcore.Text("kept")
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{`{}`, `[]`, `["1"]`, `true`, `false`} {
		got := smartcore.Text("kept")
		var typeErr *json.UnmarshalTypeError
		require.ErrorAs(t, json.Unmarshal([]byte(in), &got), &typeErr, in)
		require.Equal(t, smartcore.Text("kept"), got)
	}
	out, err := json.Marshal(struct{ Z smartcore.Text }{"121165"})
	require.NoError(t, err)
	require.Equal(t, `{"Z":"121165"}`, string(out))
}

// CentsText takes an integer as a number or as a string of digits, and
// encodes as the string the table declares.
func TestCentsText(t *testing.T) {
	for in, want := range map[string]smartcore.CentsText{
		`500`: 500, `"500"`: 500, `"0"`: 0, `-5`: -5, `"9223372036854775807"`: 1<<63 - 1, `null`: 7,
	} {
		got := smartcore.CentsText(7)
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{`"ten"`, `"+500"`, `" 500"`, `"5.0"`, `5.5`, `1e3`, `"9223372036854775808"`, `true`, `{}`, `[]`, `""`} {
		got := smartcore.CentsText(7)
		err := json.Unmarshal([]byte(in), &got)
		var typeErr *json.UnmarshalTypeError
		require.ErrorAs(t, err, &typeErr, in)
		if v := strings.Trim(in, `"`); v != "" {
			require.NotContains(t, err.Error(), v, "the error quotes no value")
		}
		require.Equal(t, smartcore.CentsText(7), got, in)
	}
	for n, want := range map[smartcore.CentsText]string{0: `"0"`, 500: `"500"`, -1: `"-1"`} {
		out, err := json.Marshal(n)
		require.NoError(t, err)
		require.Equal(t, want, string(out))
	}
}

func FuzzResponseDecode(f *testing.F) {
	f.Add([]byte(`{"status": "2", "cascadeErrors": "[1]", "card": {"bin": 1}}`))
	f.Add([]byte(`{"endDate": "null", "amount": "1e3"}`))
	f.Add([]byte(`{"order_id": "o", "amount": "500", "customer_zip_code": 121165}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c smartcore.CheckResponse
		_ = json.Unmarshal(data, &c)
		var p smartcore.PaymentResponse
		_ = json.Unmarshal(data, &p)
		// A request that decodes encodes to what decodes to it again.
		var r smartcore.InitPaymentRequest
		if json.Unmarshal(data, &r) == nil {
			roundTrip(t, r)
		}
		var cr smartcore.CaptureRequest
		if json.Unmarshal(data, &cr) == nil {
			roundTrip(t, cr)
		}
	})
}

func roundTrip[T any](t *testing.T, v T) {
	out, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(out, &back), "%s", out)
	require.Equal(t, v, back)
}
