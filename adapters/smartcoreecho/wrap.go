package smartcoreecho

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// handler runs one of the kit's handlers as an echo handler. It answers in
// full, so it returns nil: there is nothing left for the error handler.
func handler(h http.Handler) echo.HandlerFunc {
	return func(c *echo.Context) error {
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// middleware runs one of the kit's net/http middlewares as echo
// middleware. When the kit's middleware answers the request itself, next is
// not called. Otherwise next runs with the request the middleware handed
// on and a response writer that goes through the middleware's, so that it
// sees what next answers.
//
// With renderErrors, an error from next is rendered (see renderError)
// before the middleware returns, so that the middleware sees the error's
// status rather than nothing (which it would take for an implicit 200). The
// error is returned as well, as echo's own middlewares do.
func middleware(mw func(http.Handler) http.Handler, renderErrors bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			var err error
			outer := c.Response()
			// Every write went through to outer, which then knows the
			// status and that the response is committed. Deferred, so that
			// after a panic echo's Recover renders its 500 to outer too.
			defer c.SetResponse(outer)
			mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c.SetRequest(r)
				c.SetResponse(newResponse(c, w))
				err = next(c)
				if err != nil && renderErrors {
					renderError(c, err)
				}
			})).ServeHTTP(outer, c.Request())
			return err
		}
	}
}
