// Package webhooktest signs synthetic gateway callbacks for tests, the way
// net/http/httptest builds requests: the bodies it produces verify with the
// webhook handler and with the gateway's own JavaScript.
//
// Its functions panic on an empty secret, as httptest.NewRequest panics on a
// bad target: they are for tests, where a panic is a clear failure.
package webhooktest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

// SignFields returns fields with a `sign` parameter appended, computed with
// secret. Any `sign` already in fields is dropped first.
func SignFields(secret string, fields []smartcore.Field) []smartcore.Field {
	s, err := signing.New(secret)
	if err != nil {
		panic("webhooktest: " + err.Error())
	}
	return s.Signed(fields)
}

// Encode renders fields as an application/x-www-form-urlencoded body, in
// their order.
func Encode(fields []smartcore.Field) string { return form.Encode(fields) }

// Body returns the signed form body the gateway would send for cb: its
// documented fields that are set (see webhook.AppendFields),
// then cb.Extra, then sign. cb.Sign and cb.Raw are ignored. Any Status is
// encoded as its number, and cb.AmountUnknown as amount=null, so that tests
// can send what a tokenization callback or a new status looks like.
func Body(secret string, cb *smartcore.Callback) string {
	return Encode(SignFields(secret, webhook.AppendFields(nil, cb)))
}

// BodyValues returns a signed form body holding values, keys in the
// signature's order. A key with several values is encoded several times,
// which the webhook handler refuses: useful for testing that refusal.
func BodyValues(secret string, values url.Values) string {
	fields := make([]smartcore.Field, 0, len(values))
	for k, vs := range values {
		for _, v := range vs {
			fields = append(fields, smartcore.Field{Key: k, Value: v})
		}
	}
	signing.SortFields(fields)
	return Encode(SignFields(secret, fields))
}

// NewRequest returns a signed callback request for cb, ready to pass to a
// handler's ServeHTTP: POST to target with a form content type.
func NewRequest(target, secret string, cb *smartcore.Callback) *http.Request {
	return newRequest(target, Body(secret, cb))
}

// NewRequestValues is NewRequest for raw values; see BodyValues.
func NewRequestValues(target, secret string, values url.Values) *http.Request {
	return newRequest(target, BodyValues(secret, values))
}

func newRequest(target, body string) *http.Request {
	r, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		panic("webhooktest: " + err.Error())
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r.URL.Host == "" {
		r.Host = "example.com"
	}
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}

// Post sends cb, signed with secret, to target as the gateway would and
// returns the response, whose body the caller must close. A nil client
// means one with a 10-second timeout (never http.DefaultClient).
func Post(ctx context.Context, client *http.Client, target, secret string, cb *smartcore.Callback) (*http.Response, error) {
	return PostBody(ctx, client, target, Body(secret, cb))
}

// PostBody sends an already encoded form body to target; see Post.
func PostBody(ctx context.Context, client *http.Client, target, body string) (*http.Response, error) {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return client.Do(req)
}
