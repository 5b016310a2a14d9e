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
// With throughMiddleware, the rest of the chain writes through the writer
// the middleware passed on (gin's handlers write to c.Writer), so that the
// middleware sees the status, and holds the answer back as it does for a
// net/http handler: a handler that writes 200 and then panics has sent
// nothing, and gin's Recovery answers 500.
func middleware(mw func(http.Handler) http.Handler, throughMiddleware bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		reached, finished := false, false
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reached = true
			c.Request = r
			if throughMiddleware {
				through := &throughWriter{ResponseWriter: c.Writer, w: w, size: -1, status: http.StatusOK}
				c.Writer = through
				// Deferred so that after a panic gin's Recovery writes to
				// the real writer, which nothing has reached.
				defer func() { c.Writer = through.ResponseWriter }()
				defer func() {
					if finished {
						// What gin writes when the chain only set a status.
						through.WriteHeaderNow()
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

// throughWriter is a gin.ResponseWriter that writes to w, the writer a
// middleware passed on, with the semantics of gin's own: the status is
// recorded until the first write or WriteHeaderNow. Hijack, CloseNotify
// and Pusher go to the gin writer it replaces.
type throughWriter struct {
	gin.ResponseWriter
	w      http.ResponseWriter
	size   int // -1 until the header is written
	status int
}

func (t *throughWriter) Header() http.Header { return t.w.Header() }

func (t *throughWriter) WriteHeader(code int) {
	if code > 0 && !t.Written() {
		t.status = code
	}
}

func (t *throughWriter) WriteHeaderNow() {
	if !t.Written() {
		t.size = 0
		t.w.WriteHeader(t.status)
	}
}

func (t *throughWriter) Write(b []byte) (int, error) {
	t.WriteHeaderNow()
	n, err := t.w.Write(b)
	t.size += n
	return n, err
}

func (t *throughWriter) WriteString(s string) (int, error) { return t.Write([]byte(s)) }

func (t *throughWriter) Status() int   { return t.status }
func (t *throughWriter) Size() int     { return t.size }
func (t *throughWriter) Written() bool { return t.size != -1 }

func (t *throughWriter) Flush() {
	t.WriteHeaderNow()
	_ = http.NewResponseController(t.w).Flush()
}

// Unwrap lets http.ResponseController reach the middleware's writer.
func (t *throughWriter) Unwrap() http.ResponseWriter { return t.w }
