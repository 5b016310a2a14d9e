package webhook

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

// documentCallbackKeys is the document's table of callback parameters, in
// its order, copied from the document: the kit's own table must match it.
var documentCallbackKeys = []string{"orderId", "status", "amount", "finalAmount", "currency", "type", "message",
	"errorCategory", "cascadeErrors", "isTrustedTransaction", "authorize_status", "paymentPhoneNumber",
	"paymentPhoneOperator", "eci", "firstName", "lastName", "rrn", "sign"}

func TestCallbackParamsAreTheDocumentsTable(t *testing.T) {
	var keys []string
	for i, p := range callbackParams {
		keys = append(keys, p.key)
		require.NotNil(t, p.decode, p.key)
		require.Equal(t, i, callbackParamIndex(p.key), p.key)
		require.Equal(t, -1, callbackParamIndex(strings.ToUpper(p.key)), p.key)
		require.Equal(t, -1, callbackParamIndex(p.key+"x"), p.key)
	}
	require.Equal(t, documentCallbackKeys, keys)
	for _, k := range []string{"", "card_number", "card_holder", "sig", "orderid", "order_id"} {
		require.Equal(t, -1, callbackParamIndex(k), k)
	}
}

// TestCallbackTagsFollowTheTable keeps the json tags, the one other
// spelling of the keys, in step with the table: every documented key names
// exactly one field, and no other field takes a documented key. No field
// carries a schema tag: DecodeParams decodes into the application's struct,
// never into Callback.
func TestCallbackTagsFollowTheTable(t *testing.T) {
	typ := reflect.TypeFor[smartcore.Callback]()
	var tagged []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		_, hasSchema := f.Tag.Lookup("schema")
		require.False(t, hasSchema, "%s has a schema tag that nothing reads", f.Name)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if callbackParamIndex(name) < 0 {
			continue
		}
		tagged = append(tagged, name)
	}
	require.Equal(t, documentCallbackKeys, tagged)
}

// TestEveryDocumentedKeyDecodesAndEncodes drives each row of the table
// through ParseCallback and AppendFields: its value lands in the Callback,
// is not an extra, may not repeat, and (but for sign) is encoded back.
func TestEveryDocumentedKeyDecodesAndEncodes(t *testing.T) {
	base := []smartcore.Field{{Key: "orderId", Value: "o"}, {Key: "status", Value: "2"}, {Key: "sign", Value: "s"}}
	for _, p := range callbackParams {
		value := "42"
		in := append([]smartcore.Field{}, base...)
		if i := indexOfKey(in, p.key); i >= 0 {
			in[i].Value = value
		} else {
			in = append(in, smartcore.Field{Key: p.key, Value: value})
		}
		cb, err := ParseCallback(in)
		require.NoError(t, err, p.key)
		require.Empty(t, cb.Extra, p.key)
		if p.key == "sign" {
			require.Equal(t, value, cb.Sign)
			require.Equal(t, -1, indexOfKey(AppendFields(nil, cb), p.key), "sign is the signer's")
		} else {
			out := AppendFields(nil, cb)
			i := indexOfKey(out, p.key)
			require.GreaterOrEqual(t, i, 0, p.key)
			require.Equal(t, value, out[i].Value, p.key)
		}
		_, err = ParseCallback(append(in, smartcore.Field{Key: p.key, Value: value}))
		require.ErrorIs(t, err, smartcore.ErrInvalidCallback, p.key)
		var fe *smartcore.FieldError
		require.ErrorAs(t, err, &fe, p.key)
		require.Equal(t, p.key, fe.Field)
	}
}

// TestAppendFieldsHandBuilt pins the encoding of a callback built by hand,
// where AmountUnknown and HasFinalAmount keep their zero values.
func TestAppendFieldsHandBuilt(t *testing.T) {
	cb := &smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, FinalAmount: 5, Message: "m", RRN: "r", Sign: "s",
		Extra: []smartcore.Field{{Key: "x", Value: "y"}}}
	require.Equal(t, []smartcore.Field{{Key: "orderId", Value: "o"}, {Key: "status", Value: "2"}, {Key: "amount", Value: "0"},
		{Key: "finalAmount", Value: "5"}, {Key: "message", Value: "m"}, {Key: "rrn", Value: "r"}, {Key: "x", Value: "y"}},
		AppendFields(nil, cb))
}

func indexOfKey(fields []smartcore.Field, key string) int {
	for i, f := range fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// TestParseCallbackAllocatesOnce holds the decode to one allocation, the
// Callback with its Extra, for up to four extra parameters (the document's
// callback carries four), and to two for eight.
func TestParseCallbackAllocatesOnce(t *testing.T) {
	base := []smartcore.Field{{Key: "orderId", Value: "o"}, {Key: "status", Value: "2"}, {Key: "amount", Value: "5"},
		{Key: "message", Value: "null"}, {Key: "sign", Value: "s"}}
	for _, extras := range []int{0, 4, 8} {
		in := append([]smartcore.Field{}, base...)
		for i := range extras {
			in = append(in, smartcore.Field{Key: "x" + string(rune('a'+i)), Value: "v"})
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := ParseCallback(in); err != nil {
				t.Fatal(err)
			}
		})
		require.Equal(t, float64(1+extras/8), allocs, "%d extras", extras)
	}
}
