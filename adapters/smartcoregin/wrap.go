package smartcoregin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// handler runs one of the kit's handlers as the end of a gin chain. The
// handler has answered in full when it returns, so the chain is aborted:
// a handler registered after it must not write to an answered request.
func handler(h http.Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		h.ServeHTTP(c.Writer, c.Request)
		c.Abort()
	}
}

// middleware runs one of the kit's net/http middlewares inside a gin
// chain. The middleware either answers the request itself, and the chain
// is aborted so that nothing after it runs, or calls its next handler,
// which sets c.Request to the request the middleware handed on (with its
// context and re-readable body) and goes on with the chain.
//
// With reportStatus, the middleware is told the status the rest of the
// chain answered with. gin's handlers write to c.Writer, not to the writer
// the middleware passed on, so otherwise the middleware would see no status
// and take it for an implicit 200.
func middleware(mw func(http.Handler) http.Handler, reportStatus bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		reached, finished := false, false
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reached = true
			c.Request = r
			if reportStatus {
				// Deferred so that it runs on a panic too: if the chain wrote
				// before panicking, the middleware must not write a 500 over
				// it; if it wrote nothing, the middleware answers 500 itself.
				defer func() {
					if finished || c.Writer.Written() {
						w.WriteHeader(c.Writer.Status())
					}
				}()
			}
			c.Next()
			finished = true
		})
		mw(next).ServeHTTP(c.Writer, c.Request)
		// Not reached: the middleware answered. Reached but not finished: a
		// handler panicked and the middleware recovered, leaving gin's index
		// in the middle of the chain. Either way nothing more may run.
		if !reached || !finished {
			c.Abort()
		}
	}
}
