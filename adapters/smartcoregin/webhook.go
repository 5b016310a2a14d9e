package smartcoregin

import (
	"github.com/gin-gonic/gin"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// Webhook returns a gin handler that verifies each callback and passes it
// to h, answering as webhook.New does: 200 once h returned nil, 500 when it
// failed, 4xx for a rejected request. The chain ends there.
//
// Register it with Any so that the kit answers a wrong method (405 with
// "Allow: POST"). It returns webhook.New's error for unusable options.
func Webhook(h webhook.CallbackHandler, opts webhook.Options) (gin.HandlerFunc, error) {
	wh, err := webhook.New(h, opts)
	if err != nil {
		return nil, err
	}
	return handler(wh), nil
}

// WebhookMiddleware returns gin middleware that verifies a callback as
// webhook.Middleware does. A rejected request is answered (4xx) and the
// chain is aborted: no later handler runs. A valid one goes on with the
// callback available through [Callback] and the body readable again.
//
// The status the rest of the chain answers decides the outcome for the
// dedup.Deduplicator: 2xx acknowledges the callback; anything else —
// c.AbortWithStatus(500), c.AbortWithError, a panic (answered 500) —
// releases it so that the gateway's retry is processed.
//
// It returns webhook.Middleware's error for unusable options.
func WebhookMiddleware(opts webhook.Options) (gin.HandlerFunc, error) {
	mw, err := webhook.Middleware(opts)
	if err != nil {
		return nil, err
	}
	return middleware(mw, true), nil
}

// Callback returns the verified callback [WebhookMiddleware] put in the
// request context, and false when there is none.
func Callback(c *gin.Context) (*smartcore.Callback, bool) {
	if c == nil || c.Request == nil {
		return nil, false
	}
	return webhook.FromContext(c.Request.Context())
}
