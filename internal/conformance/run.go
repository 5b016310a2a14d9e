package conformance

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Run runs every case against h, each in a sub-test, comparing each answer
// with the core net/http handler's.
func Run(t *testing.T, h Harness) {
	t.Helper()
	require.NotEmpty(t, h.Name, "Harness.Name")
	require.NotNil(t, h.Webhook, "Harness.Webhook")
	require.NotNil(t, h.WebhookMiddleware, "Harness.WebhookMiddleware")
	require.NotNil(t, h.Validate, "Harness.Validate")
	require.NotNil(t, h.Checkout, "Harness.Checkout")
	require.NotNil(t, h.RateLimit, "Harness.RateLimit")
	t.Run("webhook handler", func(t *testing.T) { runWebhook(t, h) })
	t.Run("webhook middleware", func(t *testing.T) { runMiddleware(t, h) })
	t.Run("validate", func(t *testing.T) { runValidate(t, h) })
	t.Run("checkout", func(t *testing.T) { runCheckout(t, h) })
	t.Run("rate limit", func(t *testing.T) { runRateLimit(t, h) })
}

// probe stands for the application behind a handler or middleware: it
// records what it saw and answers as told.
type probe[T any] struct {
	answer func(call int) Answer // nil: 200; may panic, as an application may

	mu   sync.Mutex
	seen []Seen[T]
}

// next is the function a Harness's downstream handler calls.
func (p *probe[T]) next(s Seen[T]) Answer {
	p.mu.Lock()
	n := len(p.seen)
	p.seen = append(p.seen, s)
	p.mu.Unlock()
	if p.answer == nil {
		return Answer{}
	}
	return p.answer(n)
}

// calls returns what the probe saw, in order.
func (p *probe[T]) calls() []Seen[T] {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Seen[T](nil), p.seen...)
}

// stack is one built handler with the probe behind it.
type stack[T any] struct {
	h     http.Handler
	probe *probe[T]
}

// serveAll sends each request in turn and returns the answers. Each goes
// through an outer recoverer, as in an application that has one (Sentry,
// OpenTelemetry, a framework's Recovery): the kit's middleware lets a
// panic go on up to it.
func serveAll(h http.Handler, reqs []func() *http.Request) []*httptest.ResponseRecorder {
	out := make([]*httptest.ResponseRecorder, len(reqs))
	for i, req := range reqs {
		w := httptest.NewRecorder()
		recovering(h).ServeHTTP(w, req())
		out[i] = w
	}
	return out
}

// recovering answers 500 when h panics, as an application's outermost
// recoverer does.
func recovering(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				http.Error(w, "recovered: "+http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// level says how much of two answers must match.
type level int

const (
	// statusOnly: the status and the headers that carry the answer's
	// meaning (Allow, Location, Retry-After). For answers the framework
	// renders itself, such as an error returned from an echo handler.
	statusOnly level = iota
	// headers: also the representation headers the kit sets.
	headers
	// full: also the body, byte for byte.
	full
)

// meaning and representation are the headers compared at each level.
// Others (Date, a framework's own) may differ.
var (
	meaning        = []string{"Allow", "Location", "Retry-After"}
	representation = []string{"Content-Type", "X-Content-Type-Options", "Cache-Control"}
)

// requireSame requires got to answer like want, as far as lv says.
func requireSame(t *testing.T, want, got []*httptest.ResponseRecorder, lv level) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		require.Equal(t, want[i].Code, got[i].Code, "status of request %d (body %q)", i+1, got[i].Body.String())
		names := meaning
		if lv >= headers {
			names = append(append([]string(nil), meaning...), representation...)
		}
		for _, k := range names {
			require.Equal(t, want[i].Header().Values(k), got[i].Header().Values(k), "header %s of request %d", k, i+1)
		}
		if lv >= full {
			require.Equal(t, want[i].Body.String(), got[i].Body.String(), "body of request %d", i+1)
		}
	}
}

// codes returns the statuses of answers, for checks.
func codes(answers []*httptest.ResponseRecorder) []int {
	out := make([]int, len(answers))
	for i, a := range answers {
		out[i] = a.Code
	}
	return out
}

// netHTTPNext is the reference downstream handler: what an application
// behind the core net/http middleware does, reading the value with read.
func netHTTPNext[T any](read func(*http.Request) (*T, bool), next func(Seen[T]) Answer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := read(r)
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a := next(Seen[T]{Value: v, OK: ok, Body: body})
		if a.Err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(a.Code())
		if a.PanicAfterWriting {
			_, _ = w.Write([]byte("partial"))
			panic("conformance: the application panicked after writing")
		}
	})
}

// tcase is one case of a family: its requests are sent in turn to the core
// handler and to the framework's stack, each built afresh with conf; the
// answers are compared at lv, and check runs on each side's answers and on
// what its application saw.
type tcase[T, C any] struct {
	name   string
	conf   C
	reqs   []func() *http.Request
	answer func(call int) Answer // the application's answers; nil: 200
	lv     level
	check  func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[T])
}

// builder returns the core's and the framework's stack for a case, each
// with its own probe and state (deduplicator, limiter, gateway).
type builder[T, C any] func(t *testing.T, c tcase[T, C]) (core, framework stack[T])

// runCases runs each case as a sub-test. The core's answers are checked
// against the case's expectations too, so that a change of the core shows
// up as such rather than as an adapter's failure.
func runCases[T, C any](t *testing.T, name string, cases []tcase[T, C], build builder[T, C]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			core, fw := build(t, c)
			want := serveAll(core.h, c.reqs)
			have := serveAll(fw.h, c.reqs)
			if c.check != nil {
				t.Run("core", func(t *testing.T) { c.check(t, want, core.probe.calls()) })
				t.Run(name, func(t *testing.T) { c.check(t, have, fw.probe.calls()) })
			}
			t.Run(name+" answers like core", func(t *testing.T) { requireSame(t, want, have, c.lv) })
		})
	}
}

// newProbe returns a probe answering as c says.
func newProbe[T, C any](c tcase[T, C]) *probe[T] {
	return &probe[T]{answer: c.answer}
}
