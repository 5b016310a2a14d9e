package form

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/signing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		body string
		want []signing.Field
	}{
		{"a=1", []signing.Field{{Key: "a", Value: "1"}}},
		{"a=1&b=&c", []signing.Field{{Key: "a", Value: "1"}, {Key: "b"}, {Key: "c"}}},
		{"a=1&&b=2&", []signing.Field{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}},
		{"a=x=y", []signing.Field{{Key: "a", Value: "x=y"}}},
		{"k%20=v+1&k%20=v%2B1", []signing.Field{{Key: "k ", Value: "v 1"}, {Key: "k ", Value: "v+1"}}},
		{"%E6%97%A5=%F0%9F%98%80", []signing.Field{{Key: "日", Value: "😀"}}},
		{"a=%25&b=%", nil}, // refused: a '%' without two hex digits
		{"a=1;b=2", nil},
		{"a;=1", nil},
		{"=x", nil},
		{"=", nil},
		{"&&", nil},
		{"", nil},
		{"a=%G0", nil},
		{"a%=1", nil},
		{"a=%", nil},
		{"%%%=1", nil},
		{"a=1&b=%%", nil},
	}
	for _, tc := range tests {
		got, err := Parse(tc.body, nil)
		if tc.want == nil {
			require.Error(t, err, "%q", tc.body)
			require.True(t, errors.Is(err, ErrMalformed), "%q: %v", tc.body, err)
			if len(tc.body) > 2 {
				require.NotContains(t, err.Error(), tc.body, "errors carry no body text")
			}
			continue
		}
		require.NoError(t, err, "%q", tc.body)
		require.Equal(t, tc.want, got, "%q", tc.body)
	}
}

// TestParseDecodesIntoOneBuffer decodes escaped tokens of 3, 40 and 200
// bytes into the shared buffer and checks that every string decoded earlier
// is still intact afterwards.
func TestParseDecodesIntoOneBuffer(t *testing.T) {
	values := url.Values{}
	want := map[string]string{}
	for i, v := range []string{"N/A", strings.Repeat("é", 20), "plain", strings.Repeat("a b", 67), "x*y", strings.Repeat("%", 10)} {
		k := "k" + string(rune('a'+i))
		values.Set(k, v)
		want[k] = v
	}
	body := values.Encode()
	got, err := Parse(body, nil)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for _, f := range got {
		require.Equal(t, want[f.Key], f.Value, f.Key)
	}
	again, err := Parse(Encode(got), nil)
	require.NoError(t, err)
	require.Equal(t, got, again, "Encode is Parse's inverse")
}

func TestParseAppendsToDst(t *testing.T) {
	dst := []signing.Field{{Key: "kept", Value: "1"}}
	got, err := Parse("a=2", dst)
	require.NoError(t, err)
	require.Equal(t, []signing.Field{{Key: "kept", Value: "1"}, {Key: "a", Value: "2"}}, got)
}

func TestParseAllocations(t *testing.T) {
	var stack [32]signing.Field
	plain := "orderId=1&status=2&amount=3&sign=ab"
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Parse(plain, stack[:0]) }),
		"a body without escapes is parsed without allocating")
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _, _ = Parse(benchBody, stack[:0]) }),
		"escapes share one buffer")
}
