package loose

import (
	"encoding/json"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want string
		ok   bool
	}{
		{`"a"`, "a", true}, {`"null"`, "", true}, {`null`, "", true}, {``, "", true},
		{`121165`, "121165", true}, {`-1.5`, "-1.5", true}, {`true`, "true", true},
		{`{}`, "", false}, {`[1]`, "", false},
	} {
		got, ok := String(json.RawMessage(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("String(%s) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

func TestInt(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want int64
		ok   bool
	}{
		{`1000`, 1000, true}, {`"1000"`, 1000, true}, {`1000.0`, 1000, true}, {`"1e3"`, 1000, true},
		{`""`, 0, true}, {`null`, 0, true}, {`1.5`, 0, false}, {`"ten"`, 0, false}, {`1e19`, 0, false},
	} {
		got, ok := Int(json.RawMessage(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("Int(%s) = %d, %v; want %d, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBool(t *testing.T) {
	for _, tc := range []struct {
		raw      string
		want, ok bool
	}{
		{`true`, true, true}, {`"1"`, true, true}, {`0`, false, true}, {`""`, false, true}, {`"yes"`, false, false},
	} {
		got, ok := Bool(json.RawMessage(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("Bool(%s) = %v, %v; want %v, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

func TestTextAndAbsent(t *testing.T) {
	for raw, want := range map[string]string{
		`" x "`: "x", `"null"`: "", `null`: "", `{"a": 1}`: `{"a":1}`, `{`: "",
	} {
		if got := Text(json.RawMessage(raw)); got != want {
			t.Errorf("Text(%s) = %q, want %q", raw, got, want)
		}
	}
	for raw, want := range map[string]bool{``: true, `null`: true, `""`: true, `"null"`: true, `0`: false, `"a"`: false} {
		if got := Absent(json.RawMessage(raw)); got != want {
			t.Errorf("Absent(%s) = %v, want %v", raw, got, want)
		}
	}
}
