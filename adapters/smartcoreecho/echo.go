package smartcoreecho

// The lines where echo v5 and v4 differ beyond the handler's signature.
// Package smartcoreechov4 is generated from this package's other files and
// keeps its own copy of this one (and of doc.go and echo_test.go).

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// newResponse returns c's echo response writer over w.
func newResponse(c *echo.Context, w http.ResponseWriter) *echo.Response {
	return echo.NewResponse(w, c.Logger())
}

// renderError renders err with the Echo's HTTPErrorHandler, when c belongs
// to an Echo that has one.
func renderError(c *echo.Context, err error) {
	if e := c.Echo(); e != nil && e.HTTPErrorHandler != nil {
		e.HTTPErrorHandler(c, err)
	}
}
