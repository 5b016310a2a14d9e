package form

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/signing"
)

// values is fields as net/url.Values, for comparing Parse with net/url.
func values(fields []signing.Field) url.Values {
	v := url.Values{}
	for _, f := range fields {
		v.Add(f.Key, f.Value)
	}
	return v
}

func TestParseMatchesNetURL(t *testing.T) {
	for _, body := range []string{
		benchBody,
		"a=1&b=&c",
		"k%20ey=v+a%2Bl%7Cue&x=%E6%97%A5",
		"a=1&&b=2&",
	} {
		fields, err := Parse(body, nil)
		require.NoError(t, err, body)
		want, err := url.ParseQuery(body)
		require.NoError(t, err)
		require.Equal(t, want, values(fields), body)
	}
	for _, body := range []string{"", "&", "a=1;b=2", "a=%4", "a=%G0", "%=1", "=1"} {
		_, err := Parse(body, nil)
		require.ErrorIs(t, err, ErrMalformed, "%q", body)
	}
}

// FuzzParse holds Parse to net/url.ParseQuery: the same pairs, and no
// refusal beyond an empty key or an empty body.
func FuzzParse(f *testing.F) {
	for _, s := range []string{benchBody, "a=1&b=&c", "a=%zz", "=x", "a=1;b", "k%20=v+1&&", "%E6%97%A5=%F0%9F%98%80", "a=N%2FA&b=" + strings.Repeat("%C3%A9", 40) + "&c=x+y&d=%2A%2A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fields, err := Parse(body, nil)
		want, werr := url.ParseQuery(body)
		if err != nil {
			if werr == nil && len(want) > 0 && want[""] == nil {
				t.Fatalf("Parse refused %q that net/url reads: %v", body, err)
			}
			return
		}
		if werr != nil {
			t.Fatalf("Parse read %q that net/url refuses: %v", body, werr)
		}
		if got := values(fields); !equalValues(got, want) {
			t.Fatalf("%q: got %v, net/url %v", body, got, want)
		}
	})
}

func equalValues(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, vs := range b {
		if len(a[k]) != len(vs) {
			return false
		}
		for i := range vs {
			if a[k][i] != vs[i] {
				return false
			}
		}
	}
	return true
}
