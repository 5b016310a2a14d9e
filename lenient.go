package smartcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// unmarshalLenient decodes data into v (a pointer to a request struct type
// without an UnmarshalJSON method of its own) the way the document's
// examples need: they show numbers where the tables declare strings and the
// string "null" for absent values. Only request types use it (the sandbox
// and the validation middleware decode requests); the gateway's answers
// decode member by member, without reflection (response_decode.go). Well-formed input takes encoding/json's path alone; only
// when that fails on a type mismatch is the value coerced field by field and
// decoded again, so the tolerance costs nothing on the common path.
func unmarshalLenient(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	var syntaxErr *json.SyntaxError
	if err != nil && !errors.As(err, &syntaxErr) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var raw any
		if dec.Decode(&raw) != nil {
			return err
		}
		fixed, merr := json.Marshal(coerce(raw, reflect.TypeOf(v).Elem(), false))
		if merr != nil {
			return err
		}
		if err = json.Unmarshal(fixed, v); err != nil {
			return err
		}
	}
	if err == nil {
		clearNullStrings(reflect.ValueOf(v).Elem())
	}
	return err
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func isNullText(s string) bool { return s == "" || s == "null" }

// coerce rewrites a decoded JSON value so that it fits type t. Values it
// cannot make fit are returned unchanged, for encoding/json to report.
func coerce(val any, t reflect.Type, asString bool) any {
	if s, ok := val.(string); ok && isNullText(s) && t.Kind() != reflect.String && !asString {
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return val
	}
	switch t.Kind() {
	case reflect.Pointer:
		return coerce(val, t.Elem(), asString)
	case reflect.String:
		switch v := val.(type) {
		case json.Number:
			return v.String()
		case bool:
			return strconv.FormatBool(v)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		switch v := val.(type) {
		case string:
			if asString {
				return v
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return json.Number(strings.TrimSpace(v))
			}
		case json.Number:
			if asString {
				return v.String()
			}
		}
	case reflect.Bool:
		switch v := val.(type) {
		case string:
			if b, err := strconv.ParseBool(v); err == nil {
				return b
			}
		case json.Number:
			if b, err := strconv.ParseBool(v.String()); err == nil {
				return b
			}
		}
	case reflect.Struct:
		if m, ok := val.(map[string]any); ok {
			fields := jsonFields(t)
			for k, fv := range m {
				f, ok := fields[k]
				if !ok {
					f, ok = fields[strings.ToLower(k)]
				}
				if ok {
					m[k] = coerce(fv, f.typ, f.asString)
				}
			}
		}
	}
	return val
}

type jsonField struct {
	typ      reflect.Type
	asString bool
}

var fieldCache sync.Map // reflect.Type -> map[string]jsonField

// jsonFields maps a struct's JSON names, as written and lower-cased (so that
// lookups match as case-insensitively as encoding/json does), to their types,
// including fields promoted from embedded structs.
func jsonFields(t reflect.Type) map[string]jsonField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	m := map[string]jsonField{}
	collectFields(t, m)
	fieldCache.Store(t, m)
	return m
}

func collectFields(t reflect.Type, m map[string]jsonField) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			collectFields(sf.Type, m)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f := jsonField{typ: sf.Type, asString: strings.Contains(","+opts+",", ",string,")}
		m[name] = f
		if _, taken := m[strings.ToLower(name)]; !taken {
			m[strings.ToLower(name)] = f
		}
	}
}

// clearNullStrings sets every string field holding exactly "null" to "",
// so that callers test for absence one way.
func clearNullStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && v.String() == "null" {
			v.SetString("")
		}
	case reflect.Pointer:
		if !v.IsNil() {
			clearNullStrings(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearNullStrings(v.Field(i))
			}
		}
	}
}
