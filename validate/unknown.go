package validate

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Unknown-member detection for Options.DisallowUnknownFields. encoding/json
// has its own (Decoder.DisallowUnknownFields), but it stops at any type with
// an UnmarshalJSON method, and every smartcore request type has one (the
// lenient decoder), so the names are compared here against the type's JSON
// fields instead.

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// knownNames caches, per struct type, its JSON member names (including
// those promoted from embedded structs) mapped to the member's type.
var knownNames sync.Map // reflect.Type -> map[string]reflect.Type

func jsonNames(t reflect.Type) map[string]reflect.Type {
	if m, ok := knownNames.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	collectNames(t, m, 0)
	knownNames.Store(t, m)
	return m
}

func collectNames(t reflect.Type, m map[string]reflect.Type, depth int) {
	if depth > 16 { // a cycle through embedded pointers
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			collectNames(ft, m, depth+1)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
}

// hasUnknownField reports whether the JSON object data has a member that
// struct type t does not declare, looking into nested objects and arrays
// of structs too. Names match case-insensitively, as encoding/json matches
// them. data must already be known to be valid JSON.
func hasUnknownField(data []byte, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		if t.Kind() != reflect.Pointer {
			var items []json.RawMessage
			if json.Unmarshal(data, &items) != nil {
				return false
			}
			for _, it := range items {
				if hasUnknownField(it, t.Elem()) {
					return true
				}
			}
			return false
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return false // null, or not an object: not ours to judge here
	}
	names := jsonNames(t)
	for key, raw := range members {
		ft, ok := lookup(names, key)
		if !ok {
			return true
		}
		// A member type that decodes itself decides what it accepts.
		if !reflect.PointerTo(ft).Implements(unmarshalerType) && hasUnknownField(raw, ft) {
			return true
		}
	}
	return false
}

func lookup(names map[string]reflect.Type, key string) (reflect.Type, bool) {
	if t, ok := names[key]; ok {
		return t, true
	}
	for name, t := range names {
		if strings.EqualFold(name, key) {
			return t, true
		}
	}
	return nil, false
}
