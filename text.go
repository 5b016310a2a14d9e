package smartcore

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore/internal/loose"
)

// Text is a request member that the document's tables declare a String
// but that is sent as a JSON number too: by the document's own examples
// (customer_zip_code: 121165), or because the value is a number where it
// comes from (the browser's screen size, color depth and time zone
// offset). It is a string: a literal or a conversion sets it, and it
// encodes as a JSON string, as the tables declare.
//
// Decoding follows the rule of the document's String request members: a
// JSON string is taken as it is ("null" included), a number becomes its
// literal text ("121165"); null leaves it unchanged (empty in a new
// request). A boolean, an object or an array is an error
// (*json.UnmarshalTypeError), as for a string. Every other member of the
// request types is a plain Go type that encoding/json decodes by itself,
// so a number for any other String member is an error there (package
// validate's JSON middleware takes it as its text), and
// json.Decoder.DisallowUnknownFields applies.
type Text string

// UnmarshalJSON sets t from a JSON string or number, and leaves it
// unchanged for null (see [Text]); for a boolean, an object or an array it
// returns a *json.UnmarshalTypeError and leaves t unchanged.
func (t *Text) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil // encoding/json's convention: null leaves a value as it is
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
		return nil
	case len(b) > 0 && (b[0] == '-' || loose.IsDigit(b[0])):
		*t = Text(b) // encoding/json hands over a valid number, as sent
		return nil
	}
	return &json.UnmarshalTypeError{Value: "boolean, object or array", Type: reflect.TypeFor[Text]()}
}

// CentsText is an amount in cents that the document's table declares a
// String (capture's amount) where every other amount is a Long. It is an
// integer in Go; it encodes as a JSON string of its digits ("500"), as the
// table declares, and decodes from that string or from a JSON number (500),
// the way every other amount is sent.
type CentsText int64

// MarshalJSON encodes c as a JSON string of its decimal digits.
func (c CentsText) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, strconv.FormatInt(int64(c), 10)), nil
}

// UnmarshalJSON sets c from a JSON integer or a string holding one ("500",
// 500); null leaves it unchanged. Anything else (a fraction, an exponent,
// a "+" sign, a word, a value beyond int64) is a *json.UnmarshalTypeError,
// without the value, and leaves c unchanged.
func (c *CentsText) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if json.Unmarshal(b, &s) != nil {
			s = ""
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || strings.HasPrefix(s, "+") {
		// The value itself is left out: errors never quote submitted data.
		return &json.UnmarshalTypeError{Value: "a value that is not an integer", Type: reflect.TypeFor[CentsText]()}
	}
	*c = CentsText(n)
	return nil
}
