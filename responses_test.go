package smartcore_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestCascadeErrorsEveryForm(t *testing.T) {
	docList := []smartcore.CascadeError{
		{GatePriority: 0, ErrorCategory: smartcore.ErrAntifraudRules},
		{GatePriority: 1, ErrorCategory: smartcore.ErrGateSkipped},
	}
	docArray := `[{"gatePriority": 0, "errorCategory": "PLATFORM_ERROR_ANTIFRAUD_RULES"}, {"gatePriority": 1, "errorCategory": "PLATFORM_ERROR_GATE_SKIPPED"}]`
	docArrayCompact := `[{"gatePriority":0,"errorCategory":"PLATFORM_ERROR_ANTIFRAUD_RULES"},{"gatePriority":1,"errorCategory":"PLATFORM_ERROR_GATE_SKIPPED"}]`
	quoted, err := json.Marshal(docArray)
	require.NoError(t, err)
	cases := []struct {
		name, value string
		raw         string
		list        []smartcore.CascadeError
		codes       []smartcore.ErrorCode
	}{
		{"the table's String", `"PLATFORM_ERROR_GATE_SKIPPED"`, "PLATFORM_ERROR_GATE_SKIPPED", nil, []smartcore.ErrorCode{smartcore.ErrGateSkipped}},
		{"several codes in a string", `"PLATFORM_ERROR_ANTIFRAUD_RULES, PLATFORM_ERROR_GATE_SKIPPED"`, "PLATFORM_ERROR_ANTIFRAUD_RULES, PLATFORM_ERROR_GATE_SKIPPED", nil,
			[]smartcore.ErrorCode{smartcore.ErrAntifraudRules, smartcore.ErrGateSkipped}},
		{"the example's array", docArray, docArrayCompact, docList, []smartcore.ErrorCode{smartcore.ErrAntifraudRules, smartcore.ErrGateSkipped}},
		{"the array as JSON in a string", string(quoted), docArray, docList, []smartcore.ErrorCode{smartcore.ErrAntifraudRules, smartcore.ErrGateSkipped}},
		{"priorities as strings", `[{"gatePriority": "1", "errorCategory": "PLATFORM_ERROR_GATE_SKIPPED"}]`,
			`[{"gatePriority":"1","errorCategory":"PLATFORM_ERROR_GATE_SKIPPED"}]`, docList[1:], []smartcore.ErrorCode{smartcore.ErrGateSkipped}},
		{"an array of bare codes", `["PLATFORM_ERROR_ANTIFRAUD_RULES", "PLATFORM_ERROR_GATE_SKIPPED"]`,
			`["PLATFORM_ERROR_ANTIFRAUD_RULES","PLATFORM_ERROR_GATE_SKIPPED"]`, docList, []smartcore.ErrorCode{smartcore.ErrAntifraudRules, smartcore.ErrGateSkipped}},
		{"one object", `{"gatePriority": 1, "errorCategory": "PLATFORM_ERROR_GATE_SKIPPED"}`,
			`{"gatePriority":1,"errorCategory":"PLATFORM_ERROR_GATE_SKIPPED"}`, docList[1:], []smartcore.ErrorCode{smartcore.ErrGateSkipped}},
		{"null", `null`, "", nil, nil},
		{"the string null", `"null"`, "", nil, nil},
		{"empty string", `""`, "", nil, nil},
		{"something else", `42`, "42", nil, []smartcore.ErrorCode{"42"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c smartcore.CheckResponse
			require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "cascadeErrors": `+tc.value+`}`), &c))
			require.Equal(t, tc.raw, c.CascadeErrors.Raw)
			require.Equal(t, tc.list, c.CascadeErrors.List)
			require.Equal(t, tc.codes, c.CascadeErrors.Codes())
			require.Empty(t, c.Undecoded)
			require.Equal(t, smartcore.StatusFail, c.Status)
		})
	}
}

func TestCascadeErrorsMarshal(t *testing.T) {
	out, err := json.Marshal(smartcore.CascadeErrors{Raw: "X_Y", List: []smartcore.CascadeError{{GatePriority: 2, ErrorCategory: "X_Y"}}})
	require.NoError(t, err)
	require.JSONEq(t, `[{"gatePriority": 2, "errorCategory": "X_Y"}]`, string(out))
	out, _ = json.Marshal(smartcore.CascadeErrors{Raw: "X_Y"})
	require.JSONEq(t, `"X_Y"`, string(out))
	out, _ = json.Marshal(smartcore.CascadeErrors{})
	require.Equal(t, "null", string(out))
}

func TestTimestampEveryForm(t *testing.T) {
	at := time.Date(2024, 1, 12, 11, 18, 26, 0, time.UTC)
	ms := at.Add(678 * time.Millisecond)
	cases := []struct {
		value string
		want  time.Time // zero: unknown or absent
		raw   string
	}{
		{`"2024-01-12T11:18:26.678Z"`, ms, "2024-01-12T11:18:26.678Z"},
		{`"2024-01-12T11:18:26Z"`, at, "2024-01-12T11:18:26Z"},
		{`"2024-01-12T14:18:26+03:00"`, at, "2024-01-12T14:18:26+03:00"},
		{`"2024-01-12T11:18:26+0000"`, at, "2024-01-12T11:18:26+0000"},
		{`"2024-01-12T11:18:26.678"`, ms, "2024-01-12T11:18:26.678"},
		{`"2024-01-12T11:18:26"`, at, "2024-01-12T11:18:26"},
		{`"2024-01-12 11:18:26"`, at, "2024-01-12 11:18:26"},
		{`"2024-01-12 11:18:26.678"`, ms, "2024-01-12 11:18:26.678"},
		{`"2024-01-12"`, time.Date(2024, 1, 12, 0, 0, 0, 0, time.UTC), "2024-01-12"},
		{`1705058306`, at, "1705058306"},
		{`"1705058306"`, at, "1705058306"},
		{`1705058306678`, ms, "1705058306678"},
		{`"1705058306678"`, ms, "1705058306678"},
		{`null`, time.Time{}, ""},
		{`"null"`, time.Time{}, ""},
		{`""`, time.Time{}, ""},
		{`"12/01/2024 11:18"`, time.Time{}, "12/01/2024 11:18"},
		{`"garbage"`, time.Time{}, "garbage"},
		{`20240112`, time.Time{}, "20240112"},
		{`true`, time.Time{}, "true"},
		{`{"seconds": 1}`, time.Time{}, `{"seconds":1}`},
	}
	for _, tc := range cases {
		t.Run(tc.value, func(t *testing.T) {
			var c smartcore.CheckResponse
			require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "endDate": `+tc.value+`}`), &c))
			require.True(t, c.EndDate.Equal(tc.want), "got %v want %v", c.EndDate.Time, tc.want)
			require.Equal(t, tc.want.IsZero(), c.EndDate.IsZero())
			require.Equal(t, tc.raw, c.EndDate.Raw)
			require.Equal(t, smartcore.StatusSuccess, c.Status)
			require.Empty(t, c.Undecoded)
		})
	}
}

func TestTimestampMarshalAndString(t *testing.T) {
	ts := smartcore.ParseTimestamp("2024-01-12T11:18:26.678Z")
	out, err := json.Marshal(ts)
	require.NoError(t, err)
	require.Equal(t, `"2024-01-12T11:18:26.678Z"`, string(out))
	unknown := smartcore.ParseTimestamp("soon")
	out, _ = json.Marshal(unknown)
	require.Equal(t, `"soon"`, string(out))
	require.Equal(t, "soon", unknown.String())
	out, _ = json.Marshal(smartcore.Timestamp{})
	require.Equal(t, "null", string(out))
	require.Empty(t, smartcore.Timestamp{}.String())
}

// TestSecondaryMembersNeverFailTheAnswer: one odd member is left zero and
// listed, the rest of the answer stays.
func TestSecondaryMembersNeverFailTheAnswer(t *testing.T) {
	var c smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{
		"order_id": "o-1", "status": 2, "amount": "abc", "finalAmount": [1], "card": "401200******3010",
		"endDate": "garbage", "type": {"x": 1}, "firstName": "John", "rrn": 1234
	}`), &c))
	require.Equal(t, smartcore.StatusSuccess, c.Status)
	require.True(t, c.HasStatus)
	require.Equal(t, "o-1", c.OrderID)
	require.Zero(t, c.Amount)
	require.Zero(t, c.FinalAmount)
	require.Nil(t, c.Card)
	require.True(t, c.EndDate.IsZero())
	require.Equal(t, "garbage", c.EndDate.Raw)
	require.Empty(t, c.Type)
	require.Equal(t, "John", c.FirstName)
	require.Equal(t, "1234", c.RRN)
	require.ElementsMatch(t, []smartcore.FieldError{
		{Field: "amount", Reason: "is not an integer"},
		{Field: "finalAmount", Reason: "is not an integer"},
		{Field: "card", Reason: "is not an object"},
		{Field: "type", Reason: "is not a string"},
	}, c.Undecoded)

	// Inside the card, too.
	require.NoError(t, json.Unmarshal([]byte(`{"status": 1, "card": {"number": "401200******3010", "bin": {"a": 1}, "type": "VISA"}}`), &c))
	require.Equal(t, &smartcore.CardInfo{Number: "401200******3010", Type: "VISA"}, c.Card)
	require.Equal(t, []smartcore.FieldError{{Field: "card.bin", Reason: "is not a string"}}, c.Undecoded)

	var p smartcore.PaymentResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": 1, "order_id": 77, "form_url": ["x"], "endDate": 1.5, "description": {}}`), &p))
	require.Equal(t, smartcore.StatusProcessing, p.Status)
	require.Equal(t, "77", p.OrderID)
	require.Len(t, p.Undecoded, 2)

	var b smartcore.BalanceResponse
	require.NoError(t, json.Unmarshal([]byte(`{"balance": "10000", "holdBalance": "n/a"}`), &b))
	require.Equal(t, int64(10000), b.Balance)
	require.Error(t, json.Unmarshal([]byte(`{"balance": "n/a"}`), &b), "the balance is the answer")
}

// TestMembersThatDecideStillFail: status and order_id that cannot be read
// leave the answer without a verdict.
func TestMembersThatDecideStillFail(t *testing.T) {
	for _, body := range []string{
		`{"status": "abc"}`, `{"status": {}}`, `{"status": 1.5}`, `{"status": true}`, `{"status": 99999999999}`,
		`{"status": 1, "order_id": {}}`, `{"status": 1, "order_id": [1]}`, `[]`, `"x"`,
	} {
		var p smartcore.PaymentResponse
		require.Error(t, json.Unmarshal([]byte(body), &p), body)
		var c smartcore.CheckResponse
		require.Error(t, json.Unmarshal([]byte(body), &c), body)
		var w smartcore.WithdrawalResponse
		require.Error(t, json.Unmarshal([]byte(body), &w), body)
		var cr smartcore.CaptureResponse
		require.Error(t, json.Unmarshal([]byte(body), &cr), body)
	}
	// JSON null changes nothing, as with encoding/json.
	c := smartcore.CheckResponse{OrderID: "kept"}
	require.NoError(t, json.Unmarshal([]byte(`null`), &c))
	require.Equal(t, "kept", c.OrderID)
}

func TestCheckWithoutStatusIsNotStatusZero(t *testing.T) {
	var missing, zero, null smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{"order_id": "o", "err": "not found"}`), &missing))
	require.NoError(t, json.Unmarshal([]byte(`{"order_id": "o", "status": 0}`), &zero))
	require.NoError(t, json.Unmarshal([]byte(`{"order_id": "o", "status": "null"}`), &null))
	require.False(t, missing.HasStatus)
	require.True(t, zero.HasStatus)
	require.Equal(t, smartcore.StatusWaitingRedirect, zero.Status)
	require.False(t, null.HasStatus)

	var s smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": "0"}`), &s))
	require.True(t, s.HasStatus)
}

func TestDeclineCodeOnAnswers(t *testing.T) {
	var p smartcore.PaymentResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "order_id": "o", "err": null, "msg": "INSUFFICIENT_FUNDS_PROCESSING_ERROR"}`), &p))
	require.Equal(t, smartcore.ErrInsufficientFundsProcessing, p.Code)
	require.Equal(t, smartcore.CategoryDeclined, p.Code.Category())

	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "err": "declined: EMITTER_DENIAL_PROCESSING_ERROR", "msg": "TECHNICAL_PROCESSING_ERROR"}`), &p))
	require.Equal(t, smartcore.ErrEmitterDenialProcessing, p.Code, "err first")

	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "msg": "NEW_ISSUER_REFUSAL_CODE"}`), &p))
	require.Equal(t, smartcore.ErrorCode("NEW_ISSUER_REFUSAL_CODE"), p.Code, "kept verbatim")
	require.False(t, p.Code.Known())
	require.Equal(t, smartcore.CategoryUnknown, p.Code.Category())

	require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "msg": "Payment accepted"}`), &p))
	require.Empty(t, p.Code, "a message is not a code")

	var w smartcore.WithdrawalResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "order_id": "w", "msg": "PROCESSOR_DENIAL_PROCESSING_ERROR"}`), &w))
	require.Equal(t, smartcore.CategoryGatewayFailure, w.Code.Category())

	var r smartcore.RecurrentResponse
	require.NoError(t, json.Unmarshal([]byte(`{"success": false, "order_id": "r", "status": -1, "message": "DO_NOT_HONOUR_PROCESSING_ERROR"}`), &r))
	require.Equal(t, smartcore.ErrDoNotHonourProcessing, r.Code)
	require.True(t, r.HasStatus)
	require.Equal(t, smartcore.StatusFail, r.Status)

	var cr smartcore.CaptureResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "order_id": "c", "err": "VALIDATION_PROCESSING_ERROR"}`), &cr))
	require.Equal(t, smartcore.CategoryInvalidRequest, cr.Code.Category())
}

func TestCardNumbersInAnswersAreMasked(t *testing.T) {
	var c smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "card": {"number": "4012000000003010"}}`), &c))
	require.Equal(t, "401200******3010", c.Card.Number)
}

// FuzzResponseMembers: whatever well-formed JSON stands in the secondary
// members, the answer decodes and keeps its status, and the members it
// does not decode are kept as JSON.
func FuzzResponseMembers(f *testing.F) {
	for _, seed := range []string{`"x"`, `null`, `1e400`, `[{"gatePriority": "a"}]`, `{"number": 4012000000003010}`, `{"card_cvv": [1, {"pan": 4012000000003010}], "x": "\u0034012000000003010"}`, `"1705058306678"`, `-1`, `"\u0000"`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !json.Valid([]byte(v)) {
			return
		}
		body := `{"status": 2, "order_id": "o", "amount": ` + v + `, "card": ` + v + `, "endDate": ` + v +
			`, "cascadeErrors": ` + v + `, "type": ` + v + `, "err": ` + v + `}`
		var c smartcore.CheckResponse
		require.NoError(t, json.Unmarshal([]byte(body), &c))
		require.Equal(t, smartcore.StatusSuccess, c.Status)
		require.Equal(t, "o", c.OrderID)
		var p smartcore.PaymentResponse
		require.NoError(t, json.Unmarshal([]byte(`{"status": -1, "endDate": `+v+`, "msg": `+v+`, "form_url": `+v+`}`), &p))
		require.Equal(t, smartcore.StatusFail, p.Status)
		// A kept member stays JSON, masked by any name at any depth.
		var x smartcore.PaymentResponse
		require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "x": `+v+`, "card": `+v+`, "cvv": {"a": `+v+`}, "l": [`+v+`]}`), &x))
		for _, name := range x.ExtraNames() {
			raw, _ := x.Extra(name)
			require.True(t, json.Valid(raw), "%s: %s", name, raw)
		}
	})
}

// TestCheckTellsAZeroAmountFromNone: a tokenization's check carries no
// amount, and 0 then must not pass for one.
func TestCheckTellsAZeroAmountFromNone(t *testing.T) {
	for body, want := range map[string][2]bool{
		`{"status": 2, "amount": 0, "finalAmount": 900}`:       {true, true},
		`{"status": 2, "amount": "1000", "finalAmount": null}`: {true, false},
		`{"status": 2, "amount": "null", "finalAmount": ""}`:   {false, false},
		`{"status": 2}`: {false, false},
		`{"status": 2, "amount": "ten", "finalAmount": "twenty"}`: {false, false},
	} {
		var c smartcore.CheckResponse
		require.NoError(t, json.Unmarshal([]byte(body), &c), body)
		require.Equal(t, want, [2]bool{c.HasAmount, c.HasFinalAmount}, body)
	}
}
