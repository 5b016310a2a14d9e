// Package smartcoreechov4 mounts the SmartCore kit on echo v4: the webhook
// handler and middleware, the JSON validation middleware, the checkout
// handlers and the rate limiter as echo.HandlerFunc and
// echo.MiddlewareFunc, and accessors that read what they put in the
// request context ([Callback], [Request], [ClientIP]). It is package
// smartcoreecho with echo v4's signatures (handlers take the echo.Context
// interface); an application on echo v5 uses smartcoreecho.
//
// Each function wraps the kit's own net/http handler, so an echo
// application answers exactly as a net/http one: same statuses, headers
// and bodies (the repository's internal/conformance table checks it). What
// the wrapping adds over echo.WrapMiddleware:
//
//   - a request the kit rejects is answered and the next handler is not
//     called;
//   - the request the kit hands on, carrying the verified callback or the
//     decoded body in its context, is set with c.SetRequest, so the
//     accessors work in the handlers that follow;
//   - for the webhook middleware, an error returned by the next handler is
//     rendered with c.Error (the Echo's HTTPErrorHandler) inside the
//     middleware, so the kit sees the failure status and releases the
//     callback in the Deduplicator: the gateway's retry is then processed.
//     (Wrapped with echo.WrapMiddleware, the error would be rendered only
//     after the middleware had returned, and the callback taken for
//     acknowledged.) The error is still returned, as echo's own middlewares
//     do; the default error handler skips a response already committed.
//
// # Client addresses
//
// Unless Echo.IPExtractor is set, echo v4's c.RealIP() believes the first
// X-Forwarded-For or X-Real-IP value from any client. Nothing here uses
// it: the checkout handlers and the rate limiter decide the customer's
// address with the kit's clientip.Policy from their options. Set
// e.IPExtractor to [IPExtractor] so that c.RealIP() agrees with that
// policy in the rest of the application too.
//
// # Routes
//
// Register the webhook and checkout handlers with e.Any (or e.Match) rather
// than e.POST, so that a wrong method gets the kit's 405 with
// "Allow: POST" rather than echo's.
package smartcoreechov4

//go:generate go run ./internal/echogen
