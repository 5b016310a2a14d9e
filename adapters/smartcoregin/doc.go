// Package smartcoregin mounts the SmartCore kit on gin: the webhook handler
// and middleware, the JSON validation middleware, the checkout handlers and
// the rate limiter as gin.HandlerFunc, and accessors that read what they
// put in the request context in gin's idiom ([Callback], [Request],
// [ClientIP]).
//
// Each function wraps the kit's own net/http handler, so a gin application
// answers exactly as a net/http one: same statuses, headers and bodies
// (the repository's internal/conformance table checks it). What the
// wrapping adds is what gin.WrapH gets wrong:
//
//   - a request the kit rejects stops the chain (c.Abort): with gin.WrapH
//     the next handler would still run after a 401 was written;
//   - the request the kit hands on, carrying the verified callback or the
//     decoded body in its context, becomes c.Request, so the accessors work
//     in the handlers that follow;
//   - for the webhook middleware, the status the following gin handlers
//     answer (c.Status, c.AbortWithError, a panic) is what the kit sees, so
//     a failed callback is released in the Deduplicator and processed again
//     when the gateway retries.
//
// # Client addresses
//
// gin's c.ClientIP trusts X-Forwarded-For from every peer unless
// SetTrustedProxies was called, so any client could choose the address
// the gateway's antifraud sees. Nothing here uses it: the checkout handlers
// and the rate limiter decide the address with the kit's clientip.Policy
// from their options (checkout.Options.ClientIP,
// ratelimit.Options.ClientIP), which by default believes no header.
// [ClientIP] returns the address they decided; use it, not c.ClientIP(),
// after [RateLimit].
//
// # Handlers of your own
//
// To handle the callback in a gin handler of your own, put
// [WebhookMiddleware] before it and read cb, _ := [Callback](c). Answer 2xx
// once the callback is processed; c.AbortWithStatus(500), c.AbortWithError
// or a panic make the gateway retry, even after the handler wrote 200:
// behind the middleware the chain writes through it, and nothing goes out
// until the chain returns.
//
// # Dependencies
//
// gin v1.12.0 pulls in quic-go v0.59.0, which has a reachable
// memory-exhaustion advisory (GO-2026-5676); this module requires v0.59.1,
// and so should an application's go.mod that names gin's version itself.
//
// # Routes
//
// Register the webhook and checkout handlers with r.Any (or r.Match) rather
// than r.POST, so that a wrong method gets the kit's 405 with "Allow: POST"
// instead of gin's 404.
package smartcoregin
