package validate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

// serve runs body through JSON[T] with opts and reports the response and
// whether the next handler ran.
func serve[T any](t *testing.T, opts validate.Options, contentType, body string) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	called := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		v, ok := validate.FromContext[T](r.Context())
		require.True(t, ok)
		require.NotNil(t, v)
		got, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		require.Equal(t, body, string(got), "next handler reads the same body")
		w.WriteHeader(http.StatusNoContent)
	})
	req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	validate.JSON[T](opts)(next).ServeHTTP(rec, req)
	return rec, called
}

const ctJSON = "application/json"

func TestMiddlewareSuccess(t *testing.T) {
	for _, ct := range []string{ctJSON, "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"} {
		rec, called := serve[smartcore.CardPaymentRequest](t, validate.Options{}, ct, docexamples.CardPayment.Request)
		require.True(t, called, ct)
		require.Equal(t, http.StatusNoContent, rec.Code)
	}
}

func TestMiddlewarePassesDecodedRequest(t *testing.T) {
	var got *smartcore.CardPaymentRequest
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = validate.FromContext[smartcore.CardPaymentRequest](r.Context())
		_, wrongType := validate.FromContext[smartcore.CheckRequest](r.Context())
		require.False(t, wrongType)
	})
	req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(docexamples.CardPayment.Request))
	req.Header.Set("Content-Type", ctJSON)
	validate.JSON[smartcore.CardPaymentRequest](validate.Options{})(next).ServeHTTP(httptest.NewRecorder(), req)
	require.NotNil(t, got)
	require.Equal(t, "4012000000003010", got.Card.Number)
	require.Equal(t, smartcore.Text("121165"), got.ZipCode, "the example's number for a String member, as its text")
	require.Equal(t, int64(1000), got.Amount)

	v, ok := validate.FromContext[smartcore.CardPaymentRequest](req.Context())
	require.False(t, ok)
	require.Nil(t, v)
}

func TestMiddlewareUnsupportedMediaType(t *testing.T) {
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded",
		"application/json; charset=latin1", "application/jsonx", "application/json;;"} {
		rec, called := serve[smartcore.CheckRequest](t, validate.Options{}, ct, docexamples.Check.Request)
		require.False(t, called, ct)
		require.Equal(t, http.StatusUnsupportedMediaType, rec.Code, ct)
		requireErrorBody(t, rec, "content type must be application/json")
	}
}

func TestMiddlewareTooLarge(t *testing.T) {
	big := `{"order_id": "` + strings.Repeat("a", 200) + `"}`
	opts := validate.Options{MaxBytes: 100}
	rec, called := serve[smartcore.CheckRequest](t, opts, ctJSON, big)
	require.False(t, called)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)

	// Without a Content-Length the limit is found while reading.
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", ctJSON)
	rec = httptest.NewRecorder()
	validate.JSON[smartcore.CheckRequest](opts)(mustNotRun(t)).ServeHTTP(rec, req)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	requireErrorBody(t, rec, "request body too large")

	// The default limit is 1 MiB.
	huge := `{"order_id": "o", "x": "` + strings.Repeat("a", 1<<20) + `"}`
	rec, called = serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, huge)
	require.False(t, called)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	_, called = serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, huge[:len(huge)-300]+`"}`)
	require.True(t, called, "a body under 1 MiB passes")
}

func TestMiddlewareMalformed(t *testing.T) {
	for _, body := range []string{
		``, ` `, `{`, `{"order_id":`, `{"order_id": "a"} x`, `{"order_id": "a"}{"order_id": "b"}`,
		`{"order_id": "a"},`, `null`, `[]`, `[{"order_id": "a"}]`, `"order_id"`, `42`,
		`{"order_id": {}}`, `{"order_id": ["a"]}`, `{'order_id': 'a'}`, "\xff",
		// A String member is a string or a number, nothing else.
		`{"order_id": true}`, `{"order_id": false}`,
	} {
		rec, called := serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, body)
		require.False(t, called, body)
		require.Equal(t, http.StatusBadRequest, rec.Code, body)
		requireErrorBody(t, rec, "malformed JSON body")
	}
	// Trailing white space is not trailing data.
	_, called := serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, " {\"order_id\": \"a\"}\r\n\t ")
	require.True(t, called)
}

// encoding/json decodes the last of two members with one name, matching
// names regardless of case, while the next handler may read the first: a
// body whose validated value differs from its bytes is refused.
func TestMiddlewareRefusesRepeatedMembers(t *testing.T) {
	for _, body := range []string{
		`{"order_id": "o-1", "order_id": "o-2"}`,
		`{"order_id": "o-1", "ORDER_ID": "o-2"}`,
		`{"order_id": "o-1", "amount": -500, "AMOUNT": 500}`,
		`{"order_id": "o-1", "reason": "", "rea\u017fon": "refund"}`, // ſ folds to s
		`{"order_id": "o-1", "reaſon": "refund", "reason": ""}`,
		`{"order_id": "o-1", "x": [{"a": 1}, {"b": 2, "b": 3}]}`,
		// encoding/json matches nested struct fields regardless of case too.
		`{"order_id": "o-1", "addr": {"city": "first", "CITY": "last"}}`,
		// A number out of float64's range does not hide the repeat.
		`{"ignored": 1e400, "amount": 100, "AMOUNT": 999999}`,
	} {
		rec, called := serve[smartcore.RefundRequest](t, validate.Options{}, ctJSON, body)
		require.False(t, called, body)
		require.Equal(t, http.StatusBadRequest, rec.Code, body)
		requireErrorBody(t, rec, "request body repeats a member")
	}
	// The same name in sibling objects, or as a value, is no repetition.
	for _, body := range []string{
		`{"order_id": "o-1", "x": [{"a": 1}, {"a": 2}], "a": "a"}`,
		`{"order_id": "order_id", "y": {"order_id": "o-1"}}`,
	} {
		_, called := serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, body)
		require.True(t, called, body)
	}
	// Trailing data is malformed JSON, whatever it repeats.
	rec, called := serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, `{"order_id": "o-1"} {"a": 1, "A": 2}`)
	require.False(t, called)
	requireErrorBody(t, rec, "malformed JSON body")
}

func TestMiddlewareValidationFailure(t *testing.T) {
	body := string(withMember(t, docexamples.CardPayment.Request, "customer_email", "not-an-email", false))
	body = string(withMember(t, body, "card_cvv", "98765", false))
	emailErr := map[string]any{"field": "customer_email", "rule": "email", "message": "customer_email must be an email address"}
	cvvErr := map[string]any{"field": "card_cvv", "rule": "cvv", "message": "card_cvv must be 3 or 4 digits"}
	for _, tc := range []struct {
		strict bool
		fields []any
	}{
		// The document states no CVV format: only Options.Strict checks it.
		{false, []any{emailErr}},
		{true, []any{emailErr, cvvErr}},
	} {
		rec, called := serve[smartcore.CardPaymentRequest](t, validate.Options{Strict: tc.strict}, ctJSON, body)
		require.False(t, called)
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
		require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))

		var got map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
		require.Equal(t, map[string]any{"error": "validation failed", "fields": tc.fields}, got, "strict %v", tc.strict)
		for _, secret := range []string{"not-an-email", "98765", "4012000000003010"} {
			require.NotContains(t, rec.Body.String(), secret)
		}
	}
}

// A request the document allows passes the default middleware and is
// refused only when the host asks for strict formats.
func TestMiddlewareStrictOption(t *testing.T) {
	body := string(withMember(t, docexamples.CardPayment.Request, "customer_phone", "+44 20 7946 0612", false))
	rec, called := serve[smartcore.CardPaymentRequest](t, validate.Options{}, ctJSON, body)
	require.True(t, called, rec.Body.String())
	rec, called = serve[smartcore.CardPaymentRequest](t, validate.Options{Strict: true}, ctJSON, body)
	require.False(t, called)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Contains(t, rec.Body.String(), `"rule":"phone"`)
}

func TestMiddlewareUnknownFields(t *testing.T) {
	body := `{"order_id": "a", "surprise": 1}`
	_, called := serve[smartcore.CheckRequest](t, validate.Options{}, ctJSON, body)
	require.True(t, called, "ignored by default")

	strict := validate.Options{DisallowUnknownFields: true}
	rec, called := serve[smartcore.CheckRequest](t, strict, ctJSON, body)
	require.False(t, called)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	requireErrorBody(t, rec, "request body has an unknown field")
	require.NotContains(t, rec.Body.String(), "surprise")

	// A body that is wrong in another way too is malformed, whether or not
	// unknown members are refused.
	for _, body := range []string{`{"order_id": "a", "surprise": 1} x`, `{"order_id": true, "surprise": 1}`, `{"surprise": 1,}`} {
		rec, called = serve[smartcore.CheckRequest](t, strict, ctJSON, body)
		require.False(t, called, body)
		requireErrorBody(t, rec, "malformed JSON body")
	}
	// An unknown member next to a smartcore.Text member given a number.
	rec, called = serve[smartcore.CardPaymentRequest](t, strict, ctJSON, `{"surprise": 1,`+docexamples.CardPayment.Request[1:])
	require.False(t, called)
	requireErrorBody(t, rec, "request body has an unknown field")

	// Names match as case-insensitively as encoding/json matches them, and
	// members promoted from embedded structs are known.
	_, called = serve[smartcore.CheckRequest](t, strict, ctJSON, `{"ORDER_ID": "a"}`)
	require.True(t, called)
	_, called = serve[smartcore.CardPaymentRequest](t, strict, ctJSON, docexamples.CardPayment.Request)
	require.True(t, called)
	_, called = serve[smartcore.CardPaymentRequest](t, strict, ctJSON, `{"browser_java_enabled": true,`+docexamples.CardPayment.Request[1:])
	require.True(t, called)

	// Nested structs are checked too.
	type inner struct {
		A string `json:"a"`
	}
	type outer struct {
		In   inner    `json:"in"`
		List []*inner `json:"list"`
	}
	_, called = serve[outer](t, strict, ctJSON, `{"in": {"a": "x"}, "list": [{"a": "y"}, null]}`)
	require.True(t, called)
	for _, body := range []string{`{"in": {"b": "x"}}`, `{"list": [{"a": "y"}, {"b": 1}]}`} {
		rec, called = serve[outer](t, strict, ctJSON, body)
		require.False(t, called, body)
		require.Equal(t, http.StatusBadRequest, rec.Code, body)
	}
}

func TestMiddlewareErrorHandler(t *testing.T) {
	var got error
	opts := validate.Options{ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		http.Error(w, "custom", http.StatusTeapot)
	}}
	rec, called := serve[smartcore.CheckRequest](t, opts, ctJSON, `{}`)
	require.False(t, called)
	require.Equal(t, http.StatusTeapot, rec.Code)
	var he *validate.HTTPError
	require.ErrorAs(t, got, &he)
	require.Equal(t, http.StatusUnprocessableEntity, he.Status)
	var errs validate.Errors
	require.ErrorAs(t, got, &errs)
	require.Equal(t, "order_id", errs[0].Field)
	require.Equal(t, "validation failed: order_id is required", got.Error())

	serve[smartcore.CheckRequest](t, opts, "text/plain", `{}`)
	require.ErrorIs(t, got, validate.ErrUnsupportedMediaType)
	serve[smartcore.CheckRequest](t, opts, ctJSON, `{`)
	require.ErrorIs(t, got, validate.ErrMalformedJSON)
	serve[smartcore.CheckRequest](t, validate.Options{MaxBytes: 2, ErrorHandler: opts.ErrorHandler}, ctJSON, `{}  `)
	require.ErrorIs(t, got, validate.ErrBodyTooLarge)
}

// A route whose type has tags go-playground cannot apply answers 500,
// without naming the cause to the client.
func TestMiddlewareBadTagsOnHostType(t *testing.T) {
	type bad struct {
		N int `json:"n" validate:"url"`
	}
	rec, called := serve[bad](t, validate.Options{}, ctJSON, `{"n": 1}`)
	require.False(t, called)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	requireErrorBody(t, rec, "internal error")
}

func TestMiddlewareRejectsNonStructType(t *testing.T) {
	require.Panics(t, func() { validate.JSON[int](validate.Options{}) })
	require.Panics(t, func() { validate.JSON[*smartcore.CheckRequest](validate.Options{}) })
}

func TestMiddlewareReadError(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(`{"or`), errReader{}))
	req.Header.Set("Content-Type", ctJSON)
	rec := httptest.NewRecorder()
	validate.JSON[smartcore.CheckRequest](validate.Options{})(mustNotRun(t)).ServeHTTP(rec, req)
	require.Equal(t, http.StatusBadRequest, rec.Code)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func mustNotRun(t *testing.T) http.Handler {
	return http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("next handler called on a rejected request")
	})
}

func requireErrorBody(t *testing.T, rec *httptest.ResponseRecorder, msg string) {
	t.Helper()
	var got map[string]any
	require.NoError(t, json.NewDecoder(bytes.NewReader(rec.Body.Bytes())).Decode(&got), rec.Body.String())
	require.Equal(t, map[string]any{"error": msg}, got)
}
