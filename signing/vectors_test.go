package signing

import (
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// vector is one element of testdata/vectors.json, whose Sign was computed by
// Node running the document's getSign (see testdata/README).
type vector struct {
	Name   string            `json:"name"`
	Secret string            `json:"secret"`
	Body   map[string]string `json:"body"`
	Sign   string            `json:"sign"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	// Guard against a truncated or emptied file passing vacuously.
	if len(vs) < 19 {
		t.Fatalf("only %d vectors in testdata/vectors.json", len(vs))
	}
	return vs
}

// bodyFields returns the body in Go's byte order, which differs from the
// signing order for some vectors, so the sort is exercised.
func bodyFields(body map[string]string) []Field {
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := make([]Field, 0, len(keys))
	for _, k := range keys {
		fields = append(fields, Field{k, body[k]})
	}
	return fields
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			if len(v.Sign) != 64 {
				t.Fatalf("vector has no Node signature: %q", v.Sign)
			}
			s := mustNew(t, v.Secret)
			fields := bodyFields(v.Body)

			if got := s.SignFields(fields); got != v.Sign {
				t.Errorf("SignFields = %s, node = %s", got, v.Sign)
			}
			reversed := slices.Clone(fields)
			slices.Reverse(reversed)
			if got := s.SignFields(reversed); got != v.Sign {
				t.Errorf("SignFields(reversed) = %s, node = %s", got, v.Sign)
			}
			if got := s.Sign(valuesOf(fields)); got != v.Sign {
				t.Errorf("Sign = %s, node = %s", got, v.Sign)
			}
			if got := hmacHex(v.Secret, Canonical(fields)); got != v.Sign {
				t.Errorf("HMAC(Canonical) = %s, node = %s", got, v.Sign)
			}

			if err := s.VerifyFields(withSign(reversed, v.Sign)); err != nil {
				t.Errorf("VerifyFields: %v", err)
			}
			if err := s.VerifyFields(withSign(fields, strings.ToUpper(v.Sign))); err != nil {
				t.Errorf("VerifyFields(upper-case sign): %v", err)
			}
			// Through the wire format, so "+", "%", "&", "=" and "|" in
			// values survive encoding and parsing.
			parsed, err := url.ParseQuery(valuesOf(withSign(fields, v.Sign)).Encode())
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Verify(parsed); err != nil {
				t.Errorf("Verify(parsed form): %v", err)
			}
		})
	}
}

// TestVectorsCoverUTF16Order makes sure the vectors would catch an
// implementation that sorts keys with sort.Strings (UTF-8 byte order).
func TestVectorsCoverUTF16Order(t *testing.T) {
	differing := 0
	for _, v := range loadVectors(t) {
		byBytes := make([]string, 0, len(v.Body))
		for k := range v.Body {
			byBytes = append(byBytes, k)
		}
		sort.Strings(byBytes)
		byUTF16 := slices.Clone(byBytes)
		slices.SortFunc(byUTF16, Compare)
		if !slices.Equal(byBytes, byUTF16) {
			differing++
			if Canonical(bodyFields(v.Body)) == strings.Join(valuesInOrder(v.Body, byBytes), "|") {
				t.Errorf("%s: key orders differ but the canonical strings do not", v.Name)
			}
		}
	}
	if differing == 0 {
		t.Fatal("no vector has keys whose UTF-16 order differs from their byte order")
	}
}

func valuesInOrder(body map[string]string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = body[k]
	}
	return out
}
