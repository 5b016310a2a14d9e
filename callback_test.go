package smartcore_test

import (
	"fmt"
	"log/slog"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func fields(kv ...string) []smartcore.Field {
	out := make([]smartcore.Field, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, smartcore.Field{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func TestCallbackLogsNoCardNumberOrRaw(t *testing.T) {
	const pan = "4012001037141112" // passes Luhn
	cb := &smartcore.Callback{OrderID: "o-1", Status: smartcore.StatusFail, Amount: 5,
		Message: "card " + pan + " declined", FirstName: "Ann", Sign: "ab",
		Extra: fields("card_number", pan, "card_holder", "Bob Holder"),
		Raw:   "orderId=o-1&card_number=" + pan + "&sign=ab"}
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("callback", "cb", cb)
	for _, out := range []string{logs.String(), fmt.Sprint(cb), fmt.Sprintf("%+v", *cb), fmt.Sprintf("%#v", cb)} {
		require.NotContains(t, out, pan)
		require.NotContains(t, out, "Ann")
		require.NotContains(t, out, "Bob Holder")
		require.Contains(t, out, "card_holder")
		require.Contains(t, out, "o-1")
		require.Contains(t, out, "401200******1112")
	}
}

// TestRootPackageDoesNotDecodeCallbacks keeps callback decoding in package
// webhook: an application that only calls the API links neither the
// reflection-based form decoder nor the form parser.
func TestRootPackageDoesNotDecodeCallbacks(t *testing.T) {
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "the go command lists the package's dependencies")
	out, err := exec.Command(goTool, "list", "-deps", "github.com/smartcorekit/smartcore").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.True(t, slices.Contains(deps, "github.com/smartcorekit/smartcore/signing"), "the listing is the package's")
	for _, banned := range []string{"github.com/gorilla/schema", "github.com/smartcorekit/smartcore/internal/form"} {
		require.False(t, slices.Contains(deps, banned), "the root package depends on %s", banned)
	}
}
