//lint:file-ignore SA5008 the test types hold the struct tags encoding/json ignores or refuses, on purpose

package validate

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
)

// fuzzHost has a string in every place numbersAsText follows, and members
// whose names collide the ways encoding/json resolves.
type fuzzHost struct {
	fuzzEmbedded
	*fuzzOther
	fuzzTwiceA
	fuzzTwiceB
	TWICE any `json:"TWICE"`
	//lint:ignore SA5008 encoding/json ignores ",string" on a slice, which numbersAsText must mirror
	Items  []fuzzItem        `json:"items,string"`
	Name   string            `json:"name"`
	NAME   int               `json:"NAME"`
	Ptr    *string           `json:"ptr"`
	List   []string          `json:"list"`
	Arr    [2]string         `json:"arr"`
	Map    map[string]string `json:"map"`
	Nested *fuzzHost         `json:"nested"`
	Any    any               `json:"any"`
	Text   smartcore.Text    `json:"text"`
	Quoted string            `json:"quoted,string"`
	Int    int64             `json:"int"`
	Untagd string
}

type fuzzEmbedded struct {
	Shared string `json:"shared"`
	Tie    string `json:"tie"`
}

// fuzzTwice is embedded twice at one depth (through fuzzTwiceA and
// fuzzTwiceB), which hides its fields from encoding/json.
type fuzzTwice struct{ Twice string }
type fuzzTwiceA struct{ fuzzTwice }
type fuzzTwiceB struct{ fuzzTwice }

type fuzzItem struct {
	Zip string `json:"zip"`
}

type fuzzOther struct {
	Shared int    `json:"-"`
	Tie    string `json:"tie"`
}

// numbersAsText agrees with encoding/json on where a value goes: a valid
// body stays valid JSON; one that decodes as it is is left unchanged; once
// changed, a body no longer puts a number into a string (encoding/json
// reports the first type error only).
func FuzzNumbersAsText(f *testing.F) {
	for _, s := range []string{
		`{"name": 1, "NAME": 2, "ptr": 3, "list": [4, "x"], "arr": [5], "map": {"a": 6}, "nested": {"name": 7, "nested": {"list": [8]}}}`,
		`{"any": 1, "text": 2, "quoted": "\"q\"", "int": 3, "untagd": 4, "shared": 5, "tie": 6}`,
		`{"Name": 1e400, "name": -0.5}`, `[1]`, `{"list": [[1]]}`, `{"nested": null, "ptr": null}`,
		`{"Twice": 1, "twice": 2, "items": [{"zip": 3}], "nested": {"TWICE": 4}}`,
		docexamples.CardPayment.Request,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		changed := numbersAsText(body, reflect.TypeFor[fuzzHost]())
		var before, after fuzzHost
		errBefore := json.Unmarshal(body, &before)
		errAfter := json.Unmarshal(changed, &after)
		if string(changed) == string(body) || !json.Valid(body) {
			return // an invalid body is refused by the decoding, changed or not
		}
		if !json.Valid(changed) {
			t.Fatalf("%q became invalid JSON %q", body, changed)
		}
		if errBefore == nil {
			t.Fatalf("%q was changed to %q, but it decodes as it is", body, changed)
		}
		var te *json.UnmarshalTypeError
		if errors.As(errAfter, &te) && te.Value == "number" && te.Type.Kind() == reflect.String {
			t.Fatalf("%q still puts a number in a string once changed to %q: %v", body, changed, errAfter)
		}
	})
}

// twiceX reaches its Amount along two embedding paths at one depth
// (twiceB.twiceX and twiceC.twiceX): encoding/json hides the field, so
// "Amount" folds to twiceHost.AMOUNT, an any.
type twiceX struct{ Amount string }
type twiceB struct{ twiceX }
type twiceC struct{ twiceX }
type twiceHost struct {
	twiceB
	twiceC
	AMOUNT any
	Count  int `json:"COUNT"`
}

type twiceY struct{ Count string }
type twiceD struct{ twiceY }
type twiceE struct{ twiceY }
type twiceHost2 struct {
	twiceD
	twiceE
	COUNT int
}

// A field of a struct embedded twice at one depth is no member for
// encoding/json, so its string type must not make a number text: that
// would change what a member means, or refuse a body encoding/json takes.
func TestNumbersAsTextHidesFieldsOfStructsEmbeddedTwice(t *testing.T) {
	body := []byte(`{"Amount": 5}`)
	require.Equal(t, string(body), string(numbersAsText(body, reflect.TypeFor[twiceHost]())))
	var v twiceHost
	require.NoError(t, json.Unmarshal(body, &v))
	require.Equal(t, 5.0, v.AMOUNT, "encoding/json puts it in AMOUNT")

	h := JSON[twiceHost2](Options{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"Count": 5}`))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, "a body encoding/json decodes into COUNT: %s", rec.Body)
}

type zipItem struct{ Zip string }

// stringOptionHost has ",string" where encoding/json ignores it (a slice,
// a struct, a pointer to one, a map) and where it applies (a string
// behind a pointer).
type stringOptionHost struct {
	Items  []zipItem          `json:"items,string"`
	Item   zipItem            `json:"item,string"`
	PItem  *zipItem           `json:"pitem,string"`
	Map    map[string]zipItem `json:"map,string"`
	Quoted *string            `json:"quoted,string"`
}

// encoding/json applies ",string" to booleans, numbers and strings only
// and ignores it on any other kind, whose members still take a number as
// text.
func TestNumbersAsTextFollowsStringOptionAsEncodingJSON(t *testing.T) {
	body := []byte(`{"items": [{"Zip": 1}], "item": {"Zip": 2}, "pitem": {"Zip": 3}, "map": {"a": {"Zip": 4}}, "quoted": 5}`)
	changed := numbersAsText(body, reflect.TypeFor[stringOptionHost]())
	require.Equal(t, `{"items": [{"Zip": "1"}], "item": {"Zip": "2"}, "pitem": {"Zip": "3"}, "map": {"a": {"Zip": "4"}}, "quoted": 5}`, string(changed))
	var v stringOptionHost
	// A quoted field keeps its own rule: a bare number is refused (how
	// encoding/json words it depends on the Go release).
	require.Error(t, json.Unmarshal(changed, &v))
	require.Equal(t, "1", v.Items[0].Zip)
	require.Equal(t, "4", v.Map["a"].Zip)
}

// badTagHost's tag names are not names encoding/json takes (a quote mark,
// a backslash): its members are the fields' names, Zip and Code.
type badTagHost struct {
	Zip  string `json:"zip'code"`
	Code string `json:"a\\b"`
}

// Which of these names encoding/json takes has changed between Go
// releases; whatever the running one does, the numbers become the text a
// body written with strings gives.
func TestNumbersAsTextIgnoresTagNamesEncodingJSONRefuses(t *testing.T) {
	body := []byte(`{"zip": 1, "code": 2}`)
	changed := numbersAsText(body, reflect.TypeFor[badTagHost]())
	var got, want badTagHost
	require.NoError(t, json.Unmarshal(changed, &got), "%s", changed)
	require.NoError(t, json.Unmarshal([]byte(`{"zip": "1", "code": "2"}`), &want))
	require.Equal(t, want, got)
}

// memberNames adds to out every JSON and Go name of t's fields at any
// depth, in three cases, and to quoted the names of fields with a
// ",string" option, whose own rule refuses a bare number.
func memberNames(t reflect.Type, seen map[reflect.Type]bool, out, quoted map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		n, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		for _, s := range []string{n, f.Name} {
			if s != "" && s != "-" {
				out[s], out[strings.ToUpper(s)], out[strings.ToLower(s)] = true, true, true
				if opts == "string" {
					quoted[strings.ToLower(s)] = true
				}
			}
		}
		memberNames(f.Type, seen, out, quoted)
	}
}

// numbersAsText changes what a body with one member means only when
// encoding/json refuses it, and once changed no number goes into a string
// (but where a ",string" field's own rule refuses it): for every
// name of every request type, and of the types above.
func TestNumbersAsTextAgreesWithEncodingJSONOnEveryName(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[smartcore.InitPaymentRequest](), reflect.TypeFor[smartcore.CardPaymentRequest](),
		reflect.TypeFor[smartcore.ApplePayPaymentRequest](), reflect.TypeFor[smartcore.GooglePayPaymentRequest](),
		reflect.TypeFor[smartcore.AuthorizeRequest](), reflect.TypeFor[smartcore.CaptureRequest](),
		reflect.TypeFor[smartcore.CancelRequest](), reflect.TypeFor[smartcore.CheckRequest](),
		reflect.TypeFor[smartcore.RefundRequest](), reflect.TypeFor[smartcore.RecurrentRequest](),
		reflect.TypeFor[smartcore.TokenizeFormRequest](), reflect.TypeFor[smartcore.CardWithdrawalRequest](),
		reflect.TypeFor[smartcore.PhoneWithdrawalRequest](), reflect.TypeFor[smartcore.TokenWithdrawalRequest](),
		reflect.TypeFor[smartcore.BalanceRequest](),
		reflect.TypeFor[twiceHost](), reflect.TypeFor[twiceHost2](), reflect.TypeFor[stringOptionHost](),
		reflect.TypeFor[badTagHost](), reflect.TypeFor[fuzzHost](),
	} {
		names, quoted := map[string]bool{}, map[string]bool{}
		memberNames(typ, map[reflect.Type]bool{}, names, quoted)
		for n := range names {
			for _, v := range []string{"5", "-1.5e3", `{"Zip": 5}`, `[{"Zip": 5}]`} {
				body := []byte(`{"` + n + `": ` + v + `}`)
				changed := numbersAsText(body, typ)
				before, after := reflect.New(typ).Interface(), reflect.New(typ).Interface()
				errBefore := json.Unmarshal(body, before)
				errAfter := json.Unmarshal(changed, after)
				// A body encoding/json takes must mean the same once changed
				// (a member the running release ignores may be quoted).
				if errBefore == nil && (errAfter != nil || !reflect.DeepEqual(before, after)) {
					t.Errorf("%v: %s decodes as it is but %s decodes otherwise: %v", typ, body, changed, errAfter)
				}
				var te *json.UnmarshalTypeError
				if errors.As(errAfter, &te) && te.Value == "number" && te.Type.Kind() == reflect.String && !quoted[strings.ToLower(n)] {
					t.Errorf("%v: %s still puts a number in a string: %v", typ, changed, errAfter)
				}
			}
		}
	}
}
