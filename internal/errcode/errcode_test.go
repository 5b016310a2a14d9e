package errcode

import "testing"

type code string

var known = []code{
	"PROCESSING_ERROR", "INSUFFICIENT_FUNDS_PROCESSING_ERROR",
	"PLATFORM_ERROR_DUPLICATED_ORDER_ID", "3DS Redirect Timeout",
}

func TestIn(t *testing.T) {
	for s, want := range map[string]code{
		"PLATFORM_ERROR_DUPLICATED_ORDER_ID":             "PLATFORM_ERROR_DUPLICATED_ORDER_ID",
		"declined (INSUFFICIENT_FUNDS_PROCESSING_ERROR)": "INSUFFICIENT_FUNDS_PROCESSING_ERROR",
		"3DS Redirect Timeout":                           "3DS Redirect Timeout",
		"PROCESSING_ERROR: x":                            "PROCESSING_ERROR",
		"NOT_A_PROCESSING_ERRORS":                        "",
		"":                                               "",
	} {
		if got := In(known, s); got != want {
			t.Errorf("In(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		texts []string
		want  code
	}{
		{[]string{"ORDER_NOT_FOUND", "PLATFORM_ERROR_DUPLICATED_ORDER_ID"}, "PLATFORM_ERROR_DUPLICATED_ORDER_ID"},
		{[]string{"Bad request", " ORDER_NOT_FOUND "}, "ORDER_NOT_FOUND"},
		{[]string{"Bad request", "SUCCESS", "order_not_found"}, ""},
		{nil, ""},
	} {
		if got := Of(known, tc.texts...); got != tc.want {
			t.Errorf("Of(%q) = %q, want %q", tc.texts, got, tc.want)
		}
	}
}
