package pages

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
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
	require.Contains(t, pageTemplates, `<span class="name" id="merchant-name">{{.Merchant}}</span>`)
	main, narrow, ok := strings.Cut(pageCSS, "@media (max-width:760px){")
	require.True(t, ok)
	for _, sel := range []string{".merchant .name", ".linkbtn"} {
		rule := cssRule(main, sel)
		require.Contains(t, rule, "min-width:0", sel)
		require.Contains(t, rule, "overflow-wrap:anywhere", sel)
	}
	amount := cssRule(narrow, ".amount")
	require.Contains(t, amount, "white-space:normal")
	require.Contains(t, amount, "overflow-wrap:anywhere")
}

// The script's hash in the Content-Security-Policy is the hash of the
// bytes the pages insert: a page that carries the script carries it
// verbatim, and the policy lists exactly that script.
func TestScriptHashIsTheEmbeddedFiles(t *testing.T) {
	t.Parallel()
	require.NotEmpty(t, cardScript)
	sum := sha256.Sum256([]byte(cardScript))
	require.Contains(t, csp, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	rec := httptest.NewRecorder()
	render(rec, http.StatusOK, "tokenize", pageData{Title: "t", Script: script})
	require.Contains(t, rec.Body.String(), "<script>"+cardScript+"</script>")
	require.Equal(t, csp, rec.Header().Get("Content-Security-Policy"))
	require.Contains(t, rec.Body.String(), pageCSS, "the stylesheet is inlined whole")
}
