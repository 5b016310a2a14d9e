package validate_test

import (
	"testing"
	"time"

	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Code string `json:"code" validate:"required"`
}

type node struct {
	Next *node  `json:"next"`
	Name string `json:"name" validate:"required"`
}

type cyclicUnsupported struct {
	Self *cyclicUnsupported `json:"self"`
	Tags []string           `json:"tags" validate:"dive,required"`
}

// Types whose tags the fast path cannot reproduce are left to
// go-playground, and Struct's answer is go-playground's either way.
func TestFastPathSupport(t *testing.T) {
	for _, tc := range []struct {
		name      string
		v         any
		supported bool
	}{
		{"plain", &struct {
			A string `validate:"required,max=3"`
			N int32  `validate:"gte=-2,lte=4"` // not lt: TestValidatorTurnsFastPathOff replaces it
			O string `validate:"omitempty,oneof=a b"`
		}{A: "abc", N: -2}, true},
		{"nested and pointer structs", &struct {
			In  inner
			Ptr *inner
			T   time.Time
			P   *bool
		}{In: inner{"x"}, Ptr: &inner{"y"}}, true},
		{"self-reference", &node{Name: "a", Next: &node{Name: "b"}}, true},
		{"self-reference, invalid inside", &node{Name: "a", Next: &node{}}, true},
		{"cycle with an unsupported field", &cyclicUnsupported{Tags: []string{"a"}}, false},
		{"dive", &struct {
			L []string `validate:"dive,required"`
		}{L: []string{""}}, false},
		{"or", &struct {
			S string `validate:"email|weburl"`
		}{S: "https://a.com"}, false},
		{"tagged pointer", &struct {
			P *string `validate:"required"`
		}{}, false},
		{"interface", &struct{ I any }{I: inner{}}, false},
		{"duration", &struct {
			D time.Duration `validate:"gt=1s"`
		}{D: time.Second}, false},
		{"unknown tag", &struct {
			S string `validate:"alpha"`
		}{S: "abc"}, false},
		{"omitempty not first", &struct {
			S string `validate:"max=3,omitempty"`
		}{}, false},
		{"oneof with quotes", &struct {
			S string `validate:"oneof='a b' c"`
		}{S: "a b"}, false},
		{"uint", &struct {
			U uint `validate:"gt=0"`
		}{U: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			valid, supported := validate.FastVerdict(tc.v)
			require.Equal(t, tc.supported, supported)
			upstream := validate.Upstream(tc.v)
			if supported {
				require.Equal(t, upstream == nil, valid, "upstream: %v", upstream)
			}
			err := validate.Struct(tc.v)
			require.Equal(t, upstream == nil, err == nil, "Struct %v, upstream %v", err, upstream)
		})
	}
}
