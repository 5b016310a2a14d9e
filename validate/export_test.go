package validate

import "reflect"

// Test hooks, compiled only into this package's tests.

// Upstream validates v with go-playground alone: no fast path and no
// panic recovery.
func Upstream(v any) error { return shared.Struct(v) }

// FastVerdict reports what the fast path says of v, a pointer to a struct:
// supported is false when its type is left to go-playground.
func FastVerdict(v any) (valid, supported bool) {
	rv := reflect.ValueOf(v).Elem()
	p := planFor(rv.Type())
	if !p.supported {
		return false, false
	}
	return p.valid(rv), true
}

// FastOff reports whether the fast path has been turned off, and
// ResetFast turns it back on (for tests that turn it off on purpose).
func FastOff() bool { return fastOff.Load() }

func ResetFast() { fastOff.Store(false) }
