package validate_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

// decodeWith runs body through JSON[T] and returns the decoded value, or
// nil and the status of the refusal. The next handler must read the body
// as sent, numbers unquoted.
func decodeWith[T any](t *testing.T, body string) (*T, int) {
	t.Helper()
	var got *T
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = validate.FromContext[T](r.Context())
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		require.Equal(t, body, string(b), "the next handler reads the body as sent")
	})
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	validate.JSON[T](validate.Options{})(next).ServeHTTP(rec, req)
	return got, rec.Code
}

// Issue 17: a String member is a JSON string or a JSON number, whichever
// member it is; a boolean, an object or an array is refused, smartcore.Text
// members (customer_zip_code) included.
func TestJSONStringMembersTakeNumbers(t *testing.T) {
	for _, tc := range []struct {
		body string
		want func(r *smartcore.PhoneWithdrawalRequest) bool
	}{
		{`{"payment_method": "phoneBalance", "account": 1, "amount": 100, "order_id": 12345, "phone_withdrawal": 79123456789}`,
			func(r *smartcore.PhoneWithdrawalRequest) bool {
				return r.Account == "1" && r.OrderID == "12345" && r.Phone == "79123456789" && r.Amount == 100
			}},
		{`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": -1.5E+3, "phone_withdrawal": 0.5, "customer_zip_code": 121165, "customer_first_name": 1e400}`,
			func(r *smartcore.PhoneWithdrawalRequest) bool {
				return r.OrderID == "-1.5E+3" && r.Phone == "0.5" && r.ZipCode == "121165" && r.FirstName == "1e400"
			}},
		{`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": "null", "phone_withdrawal": "7", "customer_zip_code": "null"}`,
			func(r *smartcore.PhoneWithdrawalRequest) bool { return r.OrderID == "null" && r.ZipCode == "null" }},
		// encoding/json matches names regardless of case.
		{`{"PAYMENT_METHOD": "phoneBalance", "Account": "a", "amount": 100, "Order_ID": 7, "phone_withdrawal": 7}`,
			func(r *smartcore.PhoneWithdrawalRequest) bool { return r.OrderID == "7" }},
	} {
		got, code := decodeWith[smartcore.PhoneWithdrawalRequest](t, tc.body)
		require.Equal(t, http.StatusOK, code, tc.body)
		require.True(t, tc.want(got), "%s: %+v", tc.body, got)
	}
	for _, body := range []string{
		`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": true, "phone_withdrawal": "7"}`,
		`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": "o", "phone_withdrawal": false}`,
		`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": "o", "phone_withdrawal": "7", "customer_zip_code": true}`,
		`{"payment_method": "phoneBalance", "account": "a", "amount": 100, "order_id": "o", "phone_withdrawal": "7", "customer_zip_code": [1]}`,
		// Other types keep their own rules: a Long is a number, not a string.
		`{"payment_method": "phoneBalance", "account": "a", "amount": "100", "order_id": "o", "phone_withdrawal": "7"}`,
	} {
		_, code := decodeWith[smartcore.PhoneWithdrawalRequest](t, body)
		require.Equal(t, http.StatusBadRequest, code, body)
	}
	// recur_exp: an ISO 8601 string, or its table's Long as a number.
	for body, want := range map[string]int{
		`{"recur_exp": 1702476053421}`:   http.StatusOK,
		`{"recur_exp": "1702476053421"}`: http.StatusOK,
		`{"recur_exp": "2023-12-13"}`:    http.StatusOK,
		`{"recur_exp": 1.5}`:             http.StatusUnprocessableEntity,
		`{"recur_exp": true}`:            http.StatusBadRequest,
	} {
		_, code := decodeWith[smartcore.Recurrence](t, body)
		require.Equal(t, want, code, body)
	}
}

// A host's own type: numbers are quoted exactly where encoding/json would
// put them into a string, at any depth, and nowhere else.
func TestJSONNumbersFollowTheType(t *testing.T) {
	type Inner struct {
		S string
		N int
	}
	type Embedded struct {
		Promoted string `json:"promoted"`
		Hidden   string `json:"hidden"`
	}
	type Other struct {
		Hidden string `json:"hidden"`
	}
	type host struct {
		Embedded
		*Other
		Ptr     *string           `json:"ptr"`
		List    []string          `json:"list"`
		Arr     [2]string         `json:"arr"`
		Map     map[string]string `json:"map"`
		Nested  Inner             `json:"nested"`
		Deep    []map[string]*Inner
		Any     any            `json:"any"`
		Num     json.Number    `json:"num"`
		Quoted  string         `json:"quoted,string"`
		Skipped string         `json:"-"`
		Text    smartcore.Text `json:"text"`
		F       float64        `json:"f"`
	}
	body := `{"promoted": 1, "ptr": 2, "list": [3, "x", 4], "arr": [5, 6], "map": {"k": 7},
		"nested": {"S": 8, "N": 9}, "deep": [{"a": {"s": 10, "n": 11}}], "any": 12, "num": 13,
		"text": 14, "f": 15.5, "Nested": {"s": 16}}`
	_, code := decodeWith[host](t, body)
	require.Equal(t, http.StatusBadRequest, code, "a member named twice up to case is refused first")
	body = strings.Replace(body, `, "Nested": {"s": 16}`, "", 1)
	got, code := decodeWith[host](t, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "1", got.Promoted)
	require.Equal(t, "2", *got.Ptr)
	require.Equal(t, []string{"3", "x", "4"}, got.List)
	require.Equal(t, [2]string{"5", "6"}, got.Arr)
	require.Equal(t, map[string]string{"k": "7"}, got.Map)
	require.Equal(t, Inner{S: "8", N: 9}, got.Nested)
	require.Equal(t, Inner{S: "10", N: 11}, *got.Deep[0]["a"])
	require.Equal(t, float64(12), got.Any, "an interface takes a number as encoding/json does")
	require.Equal(t, json.Number("13"), got.Num)
	require.Equal(t, smartcore.Text("14"), got.Text)
	require.Equal(t, 15.5, got.F)

	// hidden is ambiguous (two fields at one depth): encoding/json ignores
	// it, so no number is quoted for it and it decodes nowhere.
	got, code = decodeWith[host](t, `{"hidden": 1}`)
	require.Equal(t, http.StatusOK, code)
	require.Empty(t, got.Embedded.Hidden)
	require.Nil(t, got.Other)
	// A ",string" field and a "-" field keep encoding/json's rules.
	_, code = decodeWith[host](t, `{"quoted": 1}`)
	require.Equal(t, http.StatusBadRequest, code)
	got, code = decodeWith[host](t, `{"quoted": "\"q\"", "-": 1, "Skipped": 2}`)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "q", got.Quoted)
	require.Empty(t, got.Skipped)
}
