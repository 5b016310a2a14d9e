package smartcore

import "net/http"

// Response is what came back over HTTP for one call, for support tickets
// and debugging. Every response type embeds it, so res.HTTPStatus,
// res.Header and res.RawBody work on all of them; [APIError] and
// [OutcomeUnknownError] carry one too when an answer arrived.
//
// Nothing secret is kept: RawBody and the header values have the client's
// secret and Authorization value removed, the request's card number masked
// and its CVV and DPAN removed, and every other run of 13 to 19 digits
// that passes the Luhn check masked like a card number ("401200******3010").
// The Authorization header is a request header and never appears here.
// Because of that masking RawBody is for people to read; decode the typed
// fields instead of parsing it.
//
// The client fills HTTPStatus, Header and RawBody; decoding (including
// json.Unmarshal into a response type) fills Undecoded. A response built by
// hand has a zero Response.
type Response struct {
	HTTPStatus int         // the HTTP status code, e.g. 200
	Header     http.Header // the response headers, values scrubbed as above
	RawBody    []byte      // the body as received, scrubbed as above
	// Undecoded lists the members that were present but could not be
	// read, and so were left at their zero value (for example "amount"
	// sent as "abc", or "card" sent as a string). Members that decide the
	// answer (status, order_id) are never listed: when they cannot be read
	// the call fails instead.
	Undecoded []FieldError
}

// Meta returns r itself. Through embedding, every response type has it, so
// code can reach the HTTP answer of any response through one interface:
//
//	interface{ Meta() *smartcore.Response }
func (r *Response) Meta() *Response { return r }
