package smartcoreecho

import (
	"github.com/labstack/echo/v5"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// Webhook returns an echo handler that verifies each callback and passes
// it to h, answering as webhook.New does: 200 once h returned nil, 500 when
// it failed, 4xx for a rejected request. It always returns nil: the answer
// is written.
//
// Register it with Any so that the kit answers a wrong method (405 with
// "Allow: POST"). It returns webhook.New's error for unusable options.
func Webhook(h webhook.CallbackHandler, opts webhook.Options) (echo.HandlerFunc, error) {
	wh, err := webhook.New(h, opts)
	if err != nil {
		return nil, err
	}
	return handler(wh), nil
}

// WebhookMiddleware returns echo middleware that verifies a callback as
// webhook.Middleware does. A rejected request is answered (4xx) and the
// next handler is not called. A valid one goes on with the callback
// available through [Callback] and the body readable again.
//
// What the next handler answers decides the outcome for the
// dedup.Deduplicator: a 2xx acknowledges the callback; another status, a
// returned error (rendered then and there by the Echo's HTTPErrorHandler)
// or a panic (answered 500) releases it so that the gateway's retry is
// processed.
//
// It returns webhook.Middleware's error for unusable options.
func WebhookMiddleware(opts webhook.Options) (echo.MiddlewareFunc, error) {
	mw, err := webhook.Middleware(opts)
	if err != nil {
		return nil, err
	}
	return middleware(mw, true), nil
}

// Callback returns the verified callback [WebhookMiddleware] put in the
// request context, and false when there is none.
func Callback(c *echo.Context) (*smartcore.Callback, bool) {
	if c == nil || c.Request() == nil {
		return nil, false
	}
	return webhook.FromContext(c.Request().Context())
}
