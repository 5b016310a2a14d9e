package validate_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
)

// Arbitrary bodies never panic the middleware, never reach the next
// handler unless they are a single JSON object that decodes and validates,
// and are always answered with one of the documented statuses.
func FuzzJSONMiddleware(f *testing.F) {
	for _, s := range []string{
		docexamples.CardPayment.Request, docexamples.Check.Request, docexamples.Authorize.Request,
		`{}`, `{"order_id": "a"} x`, `null`, `[]`,
		`{"card_number": 4012000000003010}`, `{"amount": "1e3"}`, "{\"a\":\"\xff\"}",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, strict bool) {
		var got []byte
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, ok := validate.FromContext[smartcore.CardPaymentRequest](r.Context())
			if !ok {
				t.Fatal("no request in context")
			}
			if err := validate.Struct(v); err != nil {
				t.Fatalf("invalid request passed: %v", err)
			}
			got, _ = io.ReadAll(r.Body)
		})
		h := validate.JSON[smartcore.CardPaymentRequest](validate.Options{
			MaxBytes: 4096, DisallowUnknownFields: strict})(next)
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		switch rec.Code {
		case http.StatusOK:
			if !json.Valid(body) || string(got) != string(body) {
				t.Fatalf("passed a body that is not the valid JSON sent: %q", body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			if got != nil {
				t.Fatal("next handler ran on a rejected body")
			}
			var eb struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error == "" {
				t.Fatalf("error body %q", rec.Body.String())
			}
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
	})
}

// Each custom rule agrees with the standard library's parser on arbitrary
// strings, at both levels: what a rule accepts, the parser accepts with the
// expected meaning, and for base64 and pan the two agree both ways.
func FuzzRules(f *testing.F) {
	for _, s := range []string{"https://site.com/cb?x=1#f", "http://[::1]:80", "javascript:alert(1)",
		"2023-12-13T14:00:53.421Z", "2024-02-29T23:59:59+03:00", "2023-12-13", "20231213T140053,5+0100",
		"2023-12-13T14:00:53+0000", "2023-12-13T14", "QUI=", "eyJzaWdu", "127.0.0.1", "::1",
		"4012000000003010", "+442079460612", "06.06.1997", "john@example.com", "fe80::1%eth0",
		"1702476053421", "-1", "+1", "9223372036854775808", "QUJD\r\nREVG", "QUJD\nREVG\n", "\n", "QU\nI="} {
		f.Add(s)
	}
	doc := func(s, tag string) bool { return validate.Var(s, tag) == nil }
	strict := func(s, tag string) bool { return validate.StrictVar(s, tag) == nil }
	f.Fuzz(func(t *testing.T, s string) {
		if doc(s, "weburl") {
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("weburl accepted %q: %v %#v", s, err, u)
			}
		}
		if strict(s, "weburl") {
			u, _ := url.Parse(s)
			if u.User != nil {
				t.Fatalf("strict weburl accepted user info in %q", s)
			}
		}
		if doc(s, "iso8601") && !parsesAsISO8601(s) && !parsesAsLong(s) {
			t.Fatalf("iso8601 accepted %q, which no ISO 8601 layout parses and which is no Long", s)
		}
		if parsesAsLong(s) && !doc(s, "iso8601") {
			t.Fatalf("iso8601 refused %q, a Long", s)
		}
		if strict(s, "iso8601") {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				t.Fatalf("strict iso8601 accepted %q: %v", s, err)
			}
		}
		// encoding/base64 skips line breaks, as the rule does (RFC 2045).
		if doc(s, "base64any") != decodesAsBase64(s) {
			t.Fatalf("base64any(%q) = %v, encoding/base64 disagrees", s, doc(s, "base64any"))
		}
		luhn := len(s) >= 12 && len(s) <= 19 && strings.Trim(s, "0123456789") == "" &&
			validateUpstream(s, "luhn_checksum")
		if strict(s, "pan") != luhn {
			t.Fatalf("pan(%q) = %v, luhn_checksum disagrees", s, strict(s, "pan"))
		}
		if strict(s, "birthdate") {
			if _, err := time.Parse("02.01.2006", s); err != nil {
				t.Fatalf("birthdate accepted %q: %v", s, err)
			}
		}
		if doc(s, "email") && !strings.Contains(s, "@") {
			t.Fatalf("email accepted %q", s)
		}
		if strict(s, "email") && strings.ContainsAny(s, " <>()\",;:\\[]") {
			t.Fatalf("strict email accepted %q", s)
		}
		if doc(s, "currency") && (len(s) != 3 || strings.ToUpper(s) == strings.ToLower(s)) {
			t.Fatalf("currency accepted %q", s)
		}
		// What the strict level accepts, the document's level accepts.
		for _, tag := range validate.CustomTags() {
			if strict(s, tag) && !doc(s, tag) {
				t.Fatalf("%s: Strict accepts %q, Struct refuses it", tag, s)
			}
		}
	})
}

// parsesAsISO8601 reports whether time.Parse reads s with one of the
// layouts of the ISO 8601 forms that the iso8601 rule documents. time.Parse
// takes a fraction of a second (after '.' or ',') wherever the layout has
// seconds.
func parsesAsISO8601(s string) bool {
	for _, date := range []string{"2006-01-02", "20060102"} {
		for _, clock := range []string{"", "T15", "T15:04", "T15:04:05", "T1504", "T150405"} {
			for _, zone := range []string{"", "Z07:00", "Z0700", "Z07"} {
				if clock == "" && zone != "" {
					continue
				}
				if _, err := time.Parse(date+clock+zone, s); err == nil {
					return true
				}
			}
		}
	}
	return false
}

// parsesAsLong reports whether strconv reads s as a 64-bit integer
// written as a JSON number writes it (no '+').
func parsesAsLong(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil && !strings.HasPrefix(s, "+")
}

func decodesAsBase64(s string) bool {
	if strings.Trim(s, "\r\n") == "" {
		return false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if _, err := enc.DecodeString(s); err == nil {
			return true
		}
	}
	return false
}

func validateUpstream(s, tag string) bool { return upstream.Var(s, tag) == nil }

// Struct and Strict never panic on any request, answer nil or Errors, and
// agree: every field Struct refuses, Strict refuses too. The requests are
// the document's examples with one field, then a second, set to fuzzed
// values.
func FuzzStrictRefusesWhatStructRefuses(f *testing.F) {
	f.Add(uint16(0), "x", int64(0), uint16(1), "")
	f.Add(uint16(7), "4012 0000 0000 3010", int64(-1), uint16(3), "eur")
	f.Add(uint16(40), "https://site.com", int64(1<<40), uint16(9), "gb")
	f.Add(uint16(13), "+44 20 7946 0612", int64(5), uint16(28), "2023-12-13")
	reqs := make([]any, len(cases))
	for i, c := range cases {
		reqs[i] = c.newReq()
		if err := json.Unmarshal([]byte(c.body), reqs[i]); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, s string, n int64, pick2 uint16, s2 string) {
		proto := reflect.ValueOf(reqs[int(pick)%len(reqs)]).Elem()
		v := reflect.New(proto.Type())
		v.Elem().Set(proto)
		leaves := leafFields(v.Elem())
		setLeaf(leaves[int(pick)/len(reqs)%len(leaves)], s, n)
		setLeaf(leaves[int(pick2)%len(leaves)], s2, n)
		req := v.Interface()

		var docErrs, strictErrs validate.Errors
		if err := validate.Struct(req); err != nil && !errors.As(err, &docErrs) {
			t.Fatalf("Struct: %v", err)
		}
		if err := validate.Strict(req); err != nil && !errors.As(err, &strictErrs) {
			t.Fatalf("Strict: %v", err)
		}
		for _, fe := range docErrs {
			if _, ok := strictErrs.Field(fe.Field); !ok {
				t.Fatalf("Struct refuses %s (%s), Strict does not", fe.Field, fe.Rule)
			}
		}
	})
}

// leafFields lists the settable non-struct fields under v.
func leafFields(v reflect.Value) []reflect.Value {
	var out []reflect.Value
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Struct {
			out = append(out, leafFields(f)...)
		} else if f.CanSet() {
			out = append(out, f)
		}
	}
	return out
}

func setLeaf(f reflect.Value, s string, n int64) {
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Int64, reflect.Int:
		f.SetInt(n)
	case reflect.Bool:
		f.SetBool(n%2 == 0)
	case reflect.Pointer:
		if n%3 == 0 {
			f.SetZero()
		} else {
			f.Set(reflect.New(f.Type().Elem()))
		}
	}
}
