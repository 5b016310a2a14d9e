// Package rules checks the sandbox's API requests against the document:
// a request is checked in three steps, all written here from the document
// (rules.go holds its tables) rather than borrowed from the kit: the body
// is parsed as one JSON object with its numbers kept as text ([Parse]),
// each row of the endpoint's table is applied to it ([Table.Check]), and
// only then are the checked values copied into the kit's request type,
// which the handlers use ([Fill]). Values the table does not list are not
// copied.
package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// kind is the shape a table row's type asks of a value.
type kind uint8

const (
	kindString    kind = iota + 1 // a JSON string or number
	kindLong                      // a JSON integer
	kindBoolean                   // true or false
	kindCents                     // a JSON integer above zero
	kindCentsText                 // a string or number of digits
	kindAlpha3                    // three ASCII letters
	kindISO8601                   // an ISO 8601 date or date-time string, or a Long as a JSON integer or its digits
	kindOneOf                     // one of the listed strings
)

// valueType is the Type column of a table row.
type valueType struct {
	kind   kind
	values []string // kindOneOf: the values the document lists
}

// The types of the tables' rows; see rules.go for what each accepts.
var (
	typString    = valueType{kind: kindString}
	typLong      = valueType{kind: kindLong}
	typBoolean   = valueType{kind: kindBoolean}
	typCents     = valueType{kind: kindCents}
	typCentsText = valueType{kind: kindCentsText}
	typAlpha3    = valueType{kind: kindAlpha3}
	typISO8601   = valueType{kind: kindISO8601}
)

// oneOf is a String field that takes only the values the document lists.
func oneOf(values ...string) valueType { return valueType{kind: kindOneOf, values: values} }

// Rule is one row of a table: Parameter, Required, Type.
type Rule struct {
	Name     string
	Required bool
	typ      valueType
}

// IsString reports whether the row's type is the document's String
// without a list of values: a JSON string or a JSON number.
func (r Rule) IsString() bool { return r.typ.kind == kindString }

// Table is one endpoint's request table.
type Table struct {
	Endpoint string // as messages name it
	Rows     []Rule
}

// Parse parses a request body that must be exactly one JSON object.
// Numbers stay json.Number, so that 1000 and 1000.5 can be told apart and
// no integer loses precision.
func Parse(body []byte) (map[string]any, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	return m, nil
}

// absent reports whether a parsed value counts as not given: missing, null
// or the empty string.
func absent(v any) bool {
	s, isString := v.(string)
	return v == nil || (isString && s == "")
}

// Check applies the table to a parsed body and returns one message per
// failing field, in the table's order, or nil. A message names the field
// and what it must be, never the value: requests carry card data.
func (t *Table) Check(m map[string]any) []string {
	var problems []string
	for _, r := range t.Rows {
		v := m[r.Name]
		if absent(v) {
			if r.Required {
				problems = append(problems, r.Name+" is required")
			}
			continue
		}
		if want := r.typ.mismatch(v); want != "" {
			problems = append(problems, r.Name+" must be "+want)
		}
	}
	return problems
}

// mismatch returns what v should have been ("a string", ...), or "" when v
// is of type t.
func (t valueType) mismatch(v any) string {
	s, isString := v.(string)
	n, isNumber := v.(json.Number)
	switch t.kind {
	case kindString:
		if isString || isNumber {
			return ""
		}
		return "a string"
	case kindLong:
		if isNumber && isInteger(string(n)) {
			return ""
		}
		return "a whole number (Long)"
	case kindBoolean:
		if _, ok := v.(bool); ok {
			return ""
		}
		return "true or false"
	case kindCents:
		if isNumber && isInteger(string(n)) && !strings.HasPrefix(string(n), "-") && strings.Trim(string(n), "0") != "" {
			return ""
		}
		return "a whole number of cents above zero"
	case kindCentsText:
		if isNumber {
			s = string(n)
		}
		if (isString || isNumber) && isDigits(s) && isInteger(s) {
			return ""
		}
		return "a whole number of cents"
	case kindAlpha3:
		if isString && len(s) == 3 && isLetters(s) {
			return ""
		}
		return "a three-letter currency code (Alpha3)"
	case kindISO8601:
		if (isString && (isISO8601(s) || isLongText(s))) || (isNumber && isInteger(string(n))) {
			return ""
		}
		return "an ISO 8601 date or date-time, or a whole number (Long)"
	case kindOneOf:
		for _, want := range t.values {
			if isString && s == want {
				return ""
			}
		}
		return "one of " + strings.Join(t.values, ", ")
	}
	return "of a known type"
}

// isInteger reports whether s is a base-10 integer that fits in 64 bits:
// what a Long holds.
func isInteger(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// isLongText reports whether s is a Long written out: an optional '-' and
// digits, within 64 bits (no '+', which no JSON number has).
func isLongText(s string) bool {
	return isDigits(strings.TrimPrefix(s, "-")) && isInteger(s)
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for i := range len(s) {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// For returns the table of the document for the request type v
// points to; an initPayment body with form_prefilled_phone is the Mobile
// Commerce variant. It returns nil for a type without a table.
func For(v any, m map[string]any) *Table {
	switch v.(type) {
	case *smartcore.InitPaymentRequest:
		if _, ok := m["form_prefilled_phone"]; ok {
			return &MobileCommerceTable
		}
		return &InitPaymentTable
	case *smartcore.CardPaymentRequest:
		return &CardPaymentTable
	case *smartcore.ApplePayPaymentRequest:
		return &ApplePayTable
	case *smartcore.GooglePayPaymentRequest:
		return &GooglePayTable
	case *smartcore.AuthorizeRequest:
		return &AuthorizeTable
	case *smartcore.CaptureRequest:
		return &CaptureTable
	case *smartcore.CancelRequest:
		return &CancelTable
	case *smartcore.CheckRequest:
		return &CheckTable
	case *smartcore.RefundRequest:
		return &RefundTable
	case *smartcore.RecurrentRequest:
		return &RecurrentTable
	case *smartcore.TokenizeFormRequest:
		return &TokenizeFormTable
	case *smartcore.CardWithdrawalRequest:
		return &CardWithdrawalTable
	case *smartcore.PhoneWithdrawalRequest:
		return &PhoneWithdrawalTable
	case *smartcore.TokenWithdrawalRequest:
		return &TokenWithdrawalTable
	case *smartcore.BalanceRequest:
		return &BalanceTable
	}
	return nil
}

// Fill copies the values of m that t lists into the struct v points to,
// matching JSON names exactly (encoding/json would also match them in
// another case, and so copy a value the table never checked). A recur_exp
// sent as a Long, a JSON number or its digits in a string ("1000", which
// Check accepts too; a string that is also an ISO 8601 basic date, such as
// "20231213", is that date), is copied as the ISO 8601 instant it names
// (see fromEpochMillis), so that handlers read one form. t.Check must have
// passed.
func Fill(v any, t *Table, m map[string]any) {
	dst := reflect.ValueOf(v).Elem()
	slots := FieldSlots(dst.Type())
	for _, r := range t.Rows {
		val := m[r.Name]
		idx, ok := slots[r.Name]
		if !ok || absent(val) {
			continue
		}
		if s, isString := val.(string); r.typ.kind == kindISO8601 && (!isString || isLongText(s) && !isISO8601(s)) {
			val = fromEpochMillis(text(val)) // a json.Number or a Long's digits
		}
		f := dst.FieldByIndex(idx)
		switch f.Kind() {
		case reflect.String:
			f.SetString(text(val))
		case reflect.Int64:
			n, _ := strconv.ParseInt(text(val), 10, 64) // checked: an integer
			f.SetInt(n)
		case reflect.Bool:
			f.SetBool(val == true)
		case reflect.Pointer:
			if f.Type().Elem().Kind() == reflect.Bool {
				b := val == true
				f.Set(reflect.ValueOf(&b))
			}
		}
	}
}

// text is a checked String or number value as text.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	return ""
}

var slotCache sync.Map // reflect.Type -> map[string][]int

// FieldSlots maps the JSON names of a struct type's fields, promoted ones
// included, to their index paths.
func FieldSlots(t reflect.Type) map[string][]int {
	if m, ok := slotCache.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	collectSlots(t, nil, m)
	slotCache.Store(t, m)
	return m
}

func collectSlots(t reflect.Type, prefix []int, m map[string][]int) {
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			collectSlots(sf.Type, index, m)
			continue
		}
		if sf.IsExported() && name != "" && name != "-" {
			m[name] = index
		}
	}
}
