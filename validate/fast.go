package validate

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// The fast path. go-playground (v10.30) calls reflect.Value.Interface on
// every field it visits, to look for its Valuer interface, and that boxes a
// copy of each string and number: about 40 allocations and several
// microseconds for a card payment. Valid requests are the common case, so
// Struct first runs a plan compiled from the same tags that only answers
// "valid" or "not sure"; anything else, every failure included, goes to
// go-playground, which produces the errors. The plan therefore never
// decides an error on its own, and it covers only tags whose meaning it
// reproduces exactly (checked against go-playground by the tests); a type
// with any other tag, an OR ('|'), dive, a Valuer or a tagged pointer,
// slice or struct field is always left to go-playground.

// fastOff turns the fast path off for good once the shared validator is
// handed out (Validator) or one of the rules it knows is replaced
// (RegisterValidation): it could then disagree with go-playground.
var fastOff atomic.Bool

// plans caches a *plan per struct type.
var plans sync.Map // reflect.Type -> *plan

type plan struct {
	supported bool
	fields    []fieldPlan
}

type fieldPlan struct {
	index     int
	kind      reflect.Kind // String or Int*: checks; Struct or Pointer: sub
	omitempty bool
	checks    []check
	sub       *plan // nested struct, or the struct a pointer field points to
}

type op uint8

const (
	opRequired op = iota
	opGT
	opGTE
	opLT
	opLTE
	opEQ
	opOneOf
	opRule   // a string rule of ours
	opLookup // iso4217 / iso3166_1_alpha2, memoised from go-playground
)

type check struct {
	op  op
	n   int64    // numeric parameter
	s   string   // eq parameter; lookup tag
	set []string // oneof values
	fn  func(string) bool
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	valuerType = reflect.TypeFor[validator.Valuer]()
)

// fastValid reports whether rv, a struct, is certainly valid. False means
// "let go-playground decide".
func fastValid(rv reflect.Value) bool {
	if fastOff.Load() {
		return false
	}
	p := planFor(rv.Type())
	return p.supported && p.valid(rv)
}

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	building := map[reflect.Type]*plan{}
	p := compile(t, building)
	// A type reached again through a cycle was still "supported" when its
	// parent looked; if any part turned out unsupported, so is the whole.
	for _, sub := range building {
		if !sub.supported {
			p.supported = false
		}
	}
	plans.Store(t, p)
	return p
}

// compile builds t's plan; building maps types in progress, for
// self-referencing types.
func compile(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{supported: true}
	building[t] = p
	if reflect.PointerTo(t).Implements(valuerType) || t.Implements(valuerType) {
		p.supported = false
		return p
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("validate")
		if tag == "-" || (!f.Anonymous && !f.IsExported()) {
			continue // go-playground skips these too
		}
		if !f.IsExported() || f.Type.Implements(valuerType) {
			p.supported = false
			return p
		}
		fp := fieldPlan{index: i, kind: f.Type.Kind()}
		switch fp.kind {
		case reflect.Struct, reflect.Pointer:
			st := f.Type
			if fp.kind == reflect.Pointer {
				st = st.Elem()
			}
			if tag != "" || st.Implements(valuerType) || reflect.PointerTo(st).Implements(valuerType) {
				p.supported = false
				return p
			}
			if st.Kind() == reflect.Pointer || st.Kind() == reflect.Interface {
				p.supported = false // go-playground follows these to any struct inside
				return p
			}
			if st.Kind() != reflect.Struct || st.ConvertibleTo(timeType) {
				continue // untagged scalars behind pointers, times: nothing to check
			}
			if fp.sub = compile(st, building); !fp.sub.supported {
				p.supported = false
				return p
			}
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if f.Type.PkgPath() != "" && fp.kind != reflect.String {
				p.supported = false // named numbers (time.Duration) parse params differently
				return p
			}
			if tag == "" {
				continue
			}
			var ok bool
			if fp.omitempty, fp.checks, ok = parseTag(tag, fp.kind); !ok {
				p.supported = false
				return p
			}
		case reflect.Interface:
			p.supported = false // go-playground validates a struct found inside
			return p
		default:
			if tag != "" {
				p.supported = false
				return p
			}
			continue // untagged bools, slices, maps: go-playground checks nothing
		}
		p.fields = append(p.fields, fp)
	}
	return p
}

// parseTag translates a tag into checks; ok is false for anything the fast
// path does not reproduce exactly.
func parseTag(tag string, kind reflect.Kind) (omitempty bool, checks []check, ok bool) {
	if strings.ContainsAny(tag, "|'") || strings.Contains(tag, "0x2C") || strings.Contains(tag, "0x7C") {
		return false, nil, false
	}
	str := kind == reflect.String
	for i, part := range strings.Split(tag, ",") {
		name, param, hasParam := strings.Cut(part, "=")
		var c check
		switch {
		case name == "omitempty" && i == 0 && !hasParam:
			omitempty = true
			continue
		case name == "required" && !hasParam:
			c.op = opRequired
		case name == "oneof" && hasParam:
			// go-playground splits on the regexp \S+, i.e. ASCII spaces.
			c.op, c.set = opOneOf, strings.FieldsFunc(param, func(r rune) bool {
				return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
			})
			if !str {
				return false, nil, false
			}
		case name == "eq" && hasParam && str:
			c.op, c.s = opEQ, param
		case (name == "iso4217" || name == "iso3166_1_alpha2") && !hasParam && str:
			c.op, c.s = opLookup, name
		case rules[name] != nil && !hasParam && str:
			c.op, c.fn = opRule, rules[name]
		default:
			n, err := strconv.ParseInt(param, 0, 64)
			if !hasParam || err != nil {
				return false, nil, false
			}
			c.n = n
			switch name {
			case "gt":
				c.op = opGT
			case "gte", "min":
				c.op = opGTE
			case "lt":
				c.op = opLT
			case "lte", "max":
				c.op = opLTE
			case "eq":
				c.op = opEQ
			default:
				return false, nil, false
			}
		}
		checks = append(checks, c)
	}
	return omitempty, checks, true
}

func (p *plan) valid(rv reflect.Value) bool {
	for i := range p.fields {
		fp := &p.fields[i]
		f := rv.Field(fp.index)
		switch fp.kind {
		case reflect.Struct:
			if !fp.sub.valid(f) {
				return false
			}
		case reflect.Pointer:
			if !f.IsNil() && !fp.sub.valid(f.Elem()) {
				return false
			}
		case reflect.String:
			s := f.String()
			if s == "" && fp.omitempty {
				continue
			}
			for _, c := range fp.checks {
				if !c.string(s) {
					return false
				}
			}
		default:
			n := f.Int()
			if n == 0 && fp.omitempty {
				continue
			}
			for _, c := range fp.checks {
				if !c.number(n) {
					return false
				}
			}
		}
	}
	return true
}

func (c *check) string(s string) bool {
	switch c.op {
	case opRequired:
		return s != ""
	case opRule:
		return c.fn(s)
	case opLookup:
		return lookupCode(c.s, s)
	case opEQ:
		return s == c.s
	case opOneOf:
		for _, v := range c.set {
			if s == v {
				return true
			}
		}
		return false
	}
	// Length limits count runes, as go-playground does.
	return c.number(int64(utf8.RuneCountInString(s)))
}

func (c *check) number(n int64) bool {
	switch c.op {
	case opRequired:
		return n != 0
	case opGT:
		return n > c.n
	case opGTE:
		return n >= c.n
	case opLT:
		return n < c.n
	case opLTE:
		return n <= c.n
	case opEQ:
		return n == c.n
	}
	return false
}

// known remembers codes go-playground accepted for iso4217 and
// iso3166_1_alpha2. Only accepted codes are stored, so the map stays as
// small as those lists whatever the input.
var known struct {
	sync.RWMutex
	m map[[2]string]bool
}

func lookupCode(tag, s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	known.RLock()
	ok := known.m[[2]string{tag, s}]
	known.RUnlock()
	if ok {
		return true
	}
	if shared.Var(s, tag) != nil {
		return false
	}
	known.Lock()
	if known.m == nil {
		known.m = map[[2]string]bool{}
	}
	known.m[[2]string{tag, s}] = true
	known.Unlock()
	return true
}
