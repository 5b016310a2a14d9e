package smartcoreecho

import (
	"github.com/labstack/echo/v5"

	"github.com/smartcorekit/smartcore/validate"
)

// Validate returns echo middleware that decodes and validates a JSON
// request of type T, a struct, as validate.JSON does. An invalid request is
// answered (415, 413, 400 or 422, with the kit's JSON error body or
// opts.ErrorHandler's) and the next handler is not called. A valid one
// goes on with the *T available through [Request] and the body readable
// again.
//
// Use it instead of c.Bind when the request type is one of the kit's: its
// rules (card numbers, URLs, phones) and error messages, which never
// contain submitted values, are the kit's. Like validate.JSON, it panics
// when T is not a struct type.
func Validate[T any](opts validate.Options) echo.MiddlewareFunc {
	return middleware(validate.JSON[T](opts), false)
}

// Request returns the *T that [Validate] decoded for this request, and
// false when there is none (no Validate on the route, or for another type).
func Request[T any](c *echo.Context) (*T, bool) {
	if c == nil || c.Request() == nil {
		return nil, false
	}
	return validate.FromContext[T](c.Request().Context())
}
