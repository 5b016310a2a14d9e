package client

import (
	"net/http"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/answerscrub"
)

// newResponse records an answer with what must not be kept scrubbed.
func newResponse(status int, header http.Header, body []byte, scrub scrubber) *smartcore.Response {
	r := &smartcore.Response{HTTPStatus: status}
	if header != nil {
		r.Header = make(http.Header, len(header))
		for k, vs := range header {
			clean := make([]string, len(vs))
			for i, v := range vs {
				clean[i] = scrub.raw(v)
			}
			r.Header[k] = clean
		}
	}
	if body != nil {
		r.RawBody = []byte(scrub.raw(string(body)))
	}
	return r
}

// decodeScrubbed decodes a 2xx body into out (see decodeObject) with
// scrub handed to the decoding of out's embedded Response, so that the
// members it keeps for Extra are scrubbed as RawBody is.
func decodeScrubbed(body []byte, out any, scrub scrubber) error {
	m, ok := out.(interface{ Meta() *smartcore.Response })
	if !ok {
		return decodeObject(body, out)
	}
	meta := m.Meta()
	answerscrub.Set(meta, scrub.raw)
	defer answerscrub.Set(meta, nil) // a failed decoding leaves it set
	return decodeObject(body, out)
}

// recordResponse copies the HTTP answer into out's embedded Response,
// keeping what decoding recorded there, and returns it. It returns nil when
// out has no Response.
func recordResponse(out any, res *smartcore.Response) *smartcore.Response {
	m, ok := out.(interface{ Meta() *smartcore.Response })
	if !ok {
		return nil
	}
	dst := m.Meta()
	dst.HTTPStatus, dst.Header, dst.RawBody = res.HTTPStatus, res.Header, res.RawBody
	return dst
}
