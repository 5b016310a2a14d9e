package conformance

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// Peer is the RemoteAddr of every request unless a case says otherwise: a
// client talking to the application directly.
const Peer = "203.0.113.7:41000"

// maxBody is the body limit the cases configure, so that "too large" is
// cheap to send.
const maxBody = 1 << 10

// callback returns the callback most cases send.
func callback() *smartcore.Callback {
	return &smartcore.Callback{
		OrderID: "order-42", Status: smartcore.StatusSuccess, Amount: 1999, Currency: "EUR",
		Type: smartcore.TypePayment, Extra: []smartcore.Field{{Key: "card_number", Value: "401200******3010"}},
	}
}

// newRequest builds a request to Path (plus query) from Peer.
func newRequest(method, query, contentType, body string) *http.Request {
	r := httptest.NewRequest(method, Path+query, strings.NewReader(body))
	if body == "" {
		r = httptest.NewRequest(method, Path+query, nil)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	r.RemoteAddr = Peer
	return r
}

// chunked drops the length of r's body, as a chunked upload arrives: the
// limit must then be enforced while reading.
func chunked(r *http.Request) *http.Request {
	r.ContentLength = -1
	r.Body = io.NopCloser(r.Body)
	return r
}

const formType = "application/x-www-form-urlencoded"

// signed returns a request carrying cb signed with secret.
func signed(secret string, cb *smartcore.Callback) func() *http.Request {
	return func() *http.Request {
		return newRequest(http.MethodPost, "", formType, webhooktest.Body(secret, cb))
	}
}

// form returns a POST of body with the form content type.
func form(body string) func() *http.Request {
	return func() *http.Request { return newRequest(http.MethodPost, "", formType, body) }
}

// unsignedBody is a well-formed callback body without sign.
func unsignedBody() string {
	return webhooktest.Encode(webhook.AppendFields(nil, callback()))
}

// duplicateKeyBody signs a body whose orderId appears twice.
func duplicateKeyBody() string {
	return webhooktest.BodyValues(Secret, url.Values{
		"orderId": {"order-42", "order-43"}, "status": {"2"}, "amount": {"1999"},
	})
}

// missingFieldBody signs a body without orderId, which the document requires.
func missingFieldBody() string {
	return webhooktest.Encode(webhooktest.SignFields(Secret, []smartcore.Field{
		{Key: "status", Value: "2"}, {Key: "amount", Value: "1000"},
	}))
}

// oversizedBody is a signed callback padded past maxBody.
func oversizedBody() string {
	cb := callback()
	cb.Message = strings.Repeat("x", 2*maxBody)
	return webhooktest.Body(Secret, cb)
}
