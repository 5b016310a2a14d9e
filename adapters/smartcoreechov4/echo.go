package smartcoreechov4

// The lines where echo v4 and v5 differ beyond the handler's signature.
// This package is generated from package smartcoreecho's other files and
// keeps its own copy of this one (and of doc.go and echo_test.go).

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// newResponse returns c's echo response writer over w.
func newResponse(c echo.Context, w http.ResponseWriter) *echo.Response {
	return echo.NewResponse(w, c.Echo())
}

// renderError renders err with c.Error (the Echo's HTTPErrorHandler), when
// c belongs to an Echo.
func renderError(c echo.Context, err error) {
	if c.Echo() != nil {
		c.Error(err)
	}
}
