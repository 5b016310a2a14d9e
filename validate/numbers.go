package validate

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/smartcorekit/smartcore/internal/fold"
)

// The document declares most request members String, and its own examples
// send some of them as JSON numbers (customer_zip_code: 121165): a String
// member is a JSON string or a JSON number, and nothing else. Go's request
// types hold such members as plain strings, which encoding/json refuses to
// fill from a number, so [JSON] applies the rule once, before decoding:
// numbersAsText quotes every JSON number whose destination in T is a
// string, so that it decodes as its literal text ("121165", "-1.5e3").
// A boolean, an object or an array for a string stays an error of
// encoding/json. Types with their own decoding (json.Unmarshaler,
// encoding.TextUnmarshaler, such as smartcore.Text) and fields with the
// ",string" option keep their own rules.

// numbersAsText returns body with the numbers quoted whose destination in
// a value of type t is a string, or body itself when there is none. It
// follows encoding/json's matching of member names to fields (exact name
// first, then regardless of case; embedded structs' fields promoted), into
// structs, pointers, slices, arrays and maps. A body it cannot read is
// returned as it is, for the decoding to refuse.
func numbersAsText(body []byte, t reflect.Type) []byte {
	type frame struct {
		object  bool
		wantKey bool
		t       reflect.Type // the container's type, pointers removed; nil when not followed
		next    reflect.Type // in an object: where the current member's value goes
	}
	var (
		stack  []frame
		spans  []int // start offsets of the numbers to quote
		ends   []int
		quoted int
	)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
walk:
	for {
		tok, err := dec.Token()
		if err != nil {
			return body
		}
		var dest reflect.Type
		switch n := len(stack); {
		case n == 0:
			dest = t
		case stack[n-1].object:
			top := &stack[n-1]
			if top.wantKey {
				if name, ok := tok.(string); ok {
					top.next, top.wantKey = memberType(top.t, name), false
					continue
				}
			}
			dest = top.next
		default:
			dest = elemType(stack[n-1].t)
		}
		dest = follow(dest)
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				stack = append(stack, frame{object: tok == '{', wantKey: tok == '{', t: dest})
				continue
			}
			stack = stack[:len(stack)-1]
		case json.Number:
			if dest != nil && dest.Kind() == reflect.String {
				end := int(dec.InputOffset())
				start := end - len(tok)
				if start < 0 || string(body[start:end]) != string(tok) {
					return body // cannot happen: a number token is its text
				}
				spans, ends = append(spans, start), append(ends, end)
				quoted += 2
			}
		}
		if len(stack) == 0 {
			break walk // the value ended; the decoding refuses what follows
		}
		if top := &stack[len(stack)-1]; top.object {
			top.wantKey = true
		}
	}
	if len(spans) == 0 {
		return body
	}
	out := make([]byte, 0, len(body)+quoted)
	last := 0
	for i, start := range spans {
		out = append(out, body[last:start]...)
		out = append(out, '"')
		out = append(out, body[start:ends[i]]...)
		out = append(out, '"')
		last = ends[i]
	}
	return append(out, body[last:]...)
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// follow removes pointers from t and returns nil where encoding/json hands
// the value to the type's own decoding, or where the value goes nowhere.
func follow(t reflect.Type) reflect.Type {
	for t != nil {
		if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) ||
			t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
			return nil
		}
		if t.Kind() != reflect.Pointer {
			return t
		}
		t = t.Elem()
	}
	return nil
}

// elemType is where an array element goes in a value of type t.
func elemType(t reflect.Type) reflect.Type {
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		return t.Elem()
	}
	return nil
}

// memberType is where the member name goes in a value of type t: a
// struct's field (nil for a ",string" field or none), or a map's value.
func memberType(t reflect.Type, name string) reflect.Type {
	switch {
	case t == nil:
		return nil
	case t.Kind() == reflect.Map:
		return t.Elem()
	case t.Kind() != reflect.Struct:
		return nil
	}
	fs := fieldsOf(t)
	if f, ok := fs.exact[name]; ok {
		return f
	}
	return fs.folded[fold.Case(name)]
}

// fields are a struct type's JSON members as encoding/json resolves them.
type fields struct {
	exact  map[string]reflect.Type
	folded map[string]reflect.Type // the first field in order for each folded name
}

var fieldCache sync.Map // reflect.Type -> *fields

// fieldsOf resolves t's members as encoding/json's typeFields does: breadth
// first through untagged embedded structs (a tag name encoding/json finds
// invalid counts as none); of the fields with one name, the shallowest
// wins, then the only tagged one among the shallowest; any other tie hides
// the name, and so does a struct embedded more than once at one depth for
// every field it brings. A field with the ",string" option maps to nil
// when encoding/json applies the option (a bool, number or string,
// possibly behind an unnamed pointer); on any other kind it is ignored.
func fieldsOf(t reflect.Type) *fields {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*fields)
	}
	type field struct {
		name   string
		typ    reflect.Type
		index  []int
		tagged bool
	}
	var all []field
	visited := map[reflect.Type]bool{}
	type level struct {
		t     reflect.Type
		index []int
	}
	next := []level{{t, nil}}
	count := map[reflect.Type]int{} // how often each struct of current was embedded at its depth
	for len(next) > 0 {
		current := next
		next = nil
		nextCount := map[reflect.Type]int{}
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTag(name) {
					name = ""
				}
				index := append(append([]int(nil), l.index...), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					f := field{name: name, typ: sf.Type, index: index, tagged: name != ""}
					if name == "" {
						f.name = sf.Name
					}
					if hasOption(opts, "string") && quotable(ft.Kind()) {
						f.typ = nil
					}
					all = append(all, f)
					if count[l.t] > 1 {
						// Embedded twice at this depth: a second copy makes
						// the tie below hide the name, as in encoding/json.
						all = append(all, f)
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, level{ft, index})
				}
			}
		}
		count = nextCount
	}
	// Dominance, as encoding/json applies it.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].name != all[j].name {
			return all[i].name < all[j].name
		}
		if len(all[i].index) != len(all[j].index) {
			return len(all[i].index) < len(all[j].index)
		}
		return all[i].tagged && !all[j].tagged
	})
	var kept []field
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		group := all[i:j]
		i = j
		depth := len(group[0].index)
		n := 0
		for n < len(group) && len(group[n].index) == depth {
			n++
		}
		if n > 1 && group[0].tagged == group[1].tagged {
			continue // a tie: encoding/json drops the name
		}
		kept = append(kept, group[0])
	}
	// Field order, for the first field of each folded name.
	sort.Slice(kept, func(i, j int) bool { return lessIndex(kept[i].index, kept[j].index) })
	fs := &fields{exact: map[string]reflect.Type{}, folded: map[string]reflect.Type{}}
	for _, f := range kept {
		fs.exact[f.name] = f.typ
		if k := fold.Case(f.name); !hasKey(fs.folded, k) {
			fs.folded[k] = f.typ
		}
	}
	actual, _ := fieldCache.LoadOrStore(t, fs)
	return actual.(*fields)
}

// quotable reports whether encoding/json applies a ",string" option to a
// field of kind k: only to booleans, numbers and strings.
func quotable(k reflect.Kind) bool {
	switch k {
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.String:
		return true
	}
	return false
}

// validTag reports whether encoding/json takes name from a struct tag as
// a member name (its isValidTag): letters, digits and punctuation but the
// backslash and the quote marks.
func validTag(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

func hasKey(m map[string]reflect.Type, k string) bool { _, ok := m[k]; return ok }

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

func lessIndex(a, b []int) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
