package demoshoptest

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop"
)

// The scenarios run against each example's wiring in its own module; here,
// the table itself, and the one scenario that needs nothing but the page.
func TestScenarios(t *testing.T) {
	var names []string
	for _, s := range Scenarios() {
		require.NotEmpty(t, s.Name)
		require.NotNil(t, s.Test, s.Name)
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"CheckoutThroughTheSandbox", "MismatchedCallbackIsNotApplied",
		"TheKitAnswersBadRequests", "RunPrintsItsURL"}, names)

	page := func(cfg demoshop.Config) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, demoshop.ProductName)
		}), nil
	}
	runPrintsItsURL(t, page)
}
