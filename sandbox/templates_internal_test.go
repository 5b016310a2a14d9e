package sandbox

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cssRule returns the declarations of the first rule for selector in css
// ("" if there is none).
func cssRule(css, selector string) string {
	for rest := css; ; {
		i := strings.Index(rest, selector+"{")
		if i < 0 {
			return ""
		}
		if i == 0 || strings.ContainsRune("}\n", rune(rest[i-1])) {
			body := rest[i+len(selector)+1:]
			end := strings.IndexByte(body, '}')
			return body[:end]
		}
		rest = rest[i+1:]
	}
}

// A long merchant host name (merchant_site is the merchant's to choose)
// or amount wraps at a 390 px wide phone instead of overflowing: the
// flex item holding the name may shrink and break anywhere, as may the
// "Cancel and return to {merchant}" buttons, and the amount may wrap on
// narrow screens. (Checked by eye with headless Chromium at 390 px: before,
// the name, the cancel link and a 20-digit amount ran off the screen.)
func TestPagesLongNamesWrap(t *testing.T) {
	t.Parallel()
	require.Contains(t, pageTemplates, `<span class="name">{{.Merchant}}</span>`)
	main, narrow, ok := strings.Cut(pageTemplates, "@media (max-width:760px){")
	require.True(t, ok)
	narrow, _, _ = strings.Cut(narrow, "</style>")
	for _, sel := range []string{".merchant .name", ".linkbtn"} {
		rule := cssRule(main, sel)
		require.Contains(t, rule, "min-width:0", sel)
		require.Contains(t, rule, "overflow-wrap:anywhere", sel)
	}
	amount := cssRule(narrow, ".amount")
	require.Contains(t, amount, "white-space:normal")
	require.Contains(t, amount, "overflow-wrap:anywhere")
}
