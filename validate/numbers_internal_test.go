package validate

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
)

// fuzzHost has a string in every place numbersAsText follows, and members
// whose names collide the ways encoding/json resolves.
type fuzzHost struct {
	fuzzEmbedded
	*fuzzOther
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
