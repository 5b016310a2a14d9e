package signing

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// alphabet mixes ASCII (including the form and separator metacharacters),
// Latin-1, CJK, surrogate-pair characters and characters from U+E000..U+FFFF,
// so random keys regularly hit the UTF-16/UTF-8 order difference.
var alphabet = []string{
	"a", "b", "z", "A", "Z", "0", "1", "9", "_", "-", ".", "|", "+", "%", " ", "=", "&",
	"é", "ü", "日", "本", "\u00a0", "\ud7ff",
	"😀", "𝄞", "𐍈", "\U0010FFFF",
	"\ue000", "\uff5e", "\ufffd", "\uffff",
}

func randString(r *rand.Rand, maxLen int) string {
	var b strings.Builder
	for n := r.IntN(maxLen + 1); n > 0; n-- {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

type nodeCase struct {
	Secret string            `json:"secret"`
	Body   map[string]string `json:"body"`
	Sign   string            `json:"sign,omitempty"`
}

// TestNodeLive signs random callbacks with the document's JavaScript and
// compares. It is skipped without node locally, but fails in CI (CI set) so
// parity cannot silently stop being checked.
func TestNodeLive(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("node not on PATH; set CI to make this a failure")
		}
		t.Fatal("node not on PATH (required when CI is set)")
	}

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed>>32))

	cases := make([]nodeCase, 300)
	for i := range cases {
		secret := randString(r, 20)
		if secret == "" {
			secret = "x"
		}
		body := map[string]string{}
		// Up to 40 keys, so some bodies take the large-sort path.
		for n := r.IntN(41); n > 0; n-- {
			body[randString(r, 4)] = randString(r, 10)
		}
		delete(body, Param) // getSign would sign it; we never do
		cases[i] = nodeCase{Secret: secret, Body: body}
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(node, "testdata/getsign.js")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var signed []nodeCase
	if err := json.Unmarshal(out, &signed); err != nil {
		t.Fatal(err)
	}
	if len(signed) != len(cases) {
		t.Fatalf("node returned %d cases, want %d", len(signed), len(cases))
	}

	utf16Sensitive := 0
	for i, c := range cases {
		want := signed[i].Sign
		fields := bodyFields(c.Body)
		s := mustNew(t, c.Secret)
		if got := s.SignFields(fields); got != want {
			t.Errorf("case %d: SignFields = %s, node = %s\nsecret %q\nbody %q", i, got, want, c.Secret, c.Body)
			continue
		}
		if err := s.Verify(valuesOf(withSign(fields, want))); err != nil {
			t.Errorf("case %d: Verify: %v", i, err)
		}
		if Canonical(fields) != joinValues(fields) {
			utf16Sensitive++
		}
	}
	t.Logf("%d of %d random bodies sign differently under byte order", utf16Sensitive, len(cases))
}

// joinValues joins values in the given (byte-sorted) order, which is what a
// sort.Strings implementation would sign.
func joinValues(fields []Field) string {
	vals := make([]string, len(fields))
	for i, f := range fields {
		vals[i] = f.Value
	}
	return strings.Join(vals, "|")
}
