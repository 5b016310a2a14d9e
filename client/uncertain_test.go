package client_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// An answer that says the gateway may have acted, or may yet act, is never
// reported to a state-changing call as a certain refusal (issue #17).
func TestUncertainAnswersToPaymentsAreOutcomeUnknown(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		body    string
		unknown bool
		decoded smartcore.Status // the response's status when one comes back too (-9: no response)
	}{
		// A 2xx whose status says the operation is still going, or one the
		// document does not define, next to an error member.
		{"processing with an error code", 200, `{"status": 1, "order_id": "order-42", "err": "TECHNICAL_PROCESSING_ERROR", "msg": "Acquirer timeout"}`, true, smartcore.StatusProcessing},
		{"waiting for redirect with an error code", 200, `{"status": 0, "order_id": "order-42", "err": "TECHNICAL_PROCESSING_ERROR"}`, true, smartcore.StatusWaitingRedirect},
		{"processing as text with free text", 200, `{"status": "1", "order_id": "order-42", "err": "Acquirer timeout"}`, true, smartcore.StatusProcessing},
		{"undefined status with an error", 201, `{"status": 7, "order_id": "order-42", "err": "TECHNICAL_PROCESSING_ERROR"}`, true, smartcore.Status(7)},
		// The refusals the status does not contradict stay certain.
		{"fail with an error code", 200, `{"status": -1, "order_id": "order-42", "err": "EMITTER_DENIAL_PROCESSING_ERROR"}`, false, smartcore.StatusFail},
		{"no status with an error code", 200, `{"order_id": "order-42", "err": "EMITTER_DENIAL_PROCESSING_ERROR"}`, false, smartcore.StatusWaitingRedirect},
		{"null status with an error code", 200, `{"status": null, "order_id": "order-42", "err": "EMITTER_DENIAL_PROCESSING_ERROR"}`, false, smartcore.StatusWaitingRedirect},
		// 502 and 504 come from an intermediary, whatever they say.
		{"502 with msg", 502, `{"msg": "upstream timed out"}`, true, -9},
		{"504 with err", 504, `{"err": "TECHNICAL_PROCESSING_ERROR", "msg": "timeout"}`, true, -9},
		{"504 with errorMessage", 504, `{"errorMessage": "PROCESSING_ERROR"}`, true, -9},
		{"500 with err", 500, `{"err": "TECHNICAL_PROCESSING_ERROR"}`, false, -9},
		{"503 with err", 503, `{"err": "TECHNICAL_PROCESSING_ERROR"}`, false, -9},
		// The gateway does not redirect API calls; a 303 even says the POST
		// was processed.
		{"301", 301, ``, true, -9},
		{"302", 302, ``, true, -9},
		{"303", 303, ``, true, -9},
		{"307", 307, ``, true, -9},
		{"308", 308, ``, true, -9},
		{"304", 304, ``, true, -9},
		{"300 with err", 300, `{"err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID"}`, true, -9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, hits, err := payCardVia(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.status >= 300 && tc.status < 400 {
					w.Header().Set("Location", "/elsewhere")
				}
				answerJSON(tc.status, tc.body)(w, r)
			})
			require.Equal(t, 1, hits, "never sent twice")
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr, "the answer stays readable")
			require.Equal(t, tc.status, apiErr.StatusCode)
			require.NotNil(t, apiErr.Response)
			if tc.unknown {
				ou := requireOutcomeUnknown(t, err)
				require.Same(t, apiErr.Response, ou.Response)
			} else {
				require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
			}
			if tc.decoded == -9 {
				require.Nil(t, resp)
				return
			}
			require.NotNil(t, resp, "a 2xx answer is returned too")
			require.Equal(t, tc.decoded, resp.Status)
			require.Equal(t, "order-42", resp.OrderID)
		})
	}
}

// Check changes nothing: an error next to a status 1 is the gateway's word
// on that check, returned with the decoded answer; a redirect is an ordinary
// error; a 502 with a reason is retried.
func TestUncertainAnswersToCheck(t *testing.T) {
	t.Run("processing with an error", func(t *testing.T) {
		gw := newFakeHost(t, answerJSON(200, `{"status": 1, "order_id": "o-1", "err": "TECHNICAL_PROCESSING_ERROR", "msg": "Acquirer timeout"}`))
		c := newTestClient(t, gw, newFakeHost(t, nil))
		resp, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o-1"})
		require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, smartcore.ErrTechnicalProcessing, apiErr.Code)
		require.NotNil(t, resp)
		require.True(t, resp.HasStatus)
		require.Equal(t, smartcore.StatusProcessing, resp.Status)
		require.Equal(t, "o-1", resp.OrderID)
		require.Len(t, gw.Hits(), 1)
	})
	t.Run("502 with msg is retried", func(t *testing.T) {
		gw := newFakeHost(t, answerJSON(502, `{"msg": "upstream timed out"}`))
		c := newTestClient(t, gw, newFakeHost(t, nil))
		_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o-1"})
		require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, 502, apiErr.StatusCode)
		require.Len(t, gw.Hits(), 3)
	})
	for _, status := range []int{http.StatusSeeOther, http.StatusTemporaryRedirect} {
		t.Run("redirect "+http.StatusText(status)+" with the caller's http.Client", func(t *testing.T) {
			target := newFakeHost(t, answerJSON(200, `{"status": 2, "order_id": "o-1"}`))
			gw := newFakeHost(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target.URL+"/check", status)
			})
			c := newTestClient(t, gw, newFakeHost(t, nil), client.WithHTTPClient(&http.Client{}))
			_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o-1"})
			require.NotErrorIs(t, err, client.ErrOutcomeUnknown)
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, status, apiErr.StatusCode)
			require.Len(t, gw.Hits(), 1, "a redirect is not retried")
			require.Empty(t, target.Hits(), "redirects are never followed")
		})
	}
}

// countingTransport counts the requests that go through it.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// A caller's http.Client that follows redirects must not make net/http
// replay a payment: the server sees one POST, and the caller's client is
// left as it was, its Transport still in use.
func TestRedirectIsNeverFollowedWithTheCallersHTTPClient(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var posts atomic.Int32
			pci := newFakeHost(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					posts.Add(1)
				}
				if r.URL.Path == "/initPaymentHost2Host" {
					http.Redirect(w, r, "/again", status)
					return
				}
				answerJSON(200, `{"status": 2, "order_id": "order-42"}`)(w, r)
			})
			tr := &countingTransport{}
			followed := false
			hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
				followed = true
				return nil
			}}
			c := newTestClient(t, newFakeHost(t, nil), pci, client.WithHTTPClient(hc))
			resp, err := c.PayCard(t.Context(), curlCardRequest())
			require.Nil(t, resp)
			requireOutcomeUnknown(t, err)
			var apiErr *client.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, status, apiErr.StatusCode)
			require.EqualValues(t, 1, posts.Load(), "the server saw one POST")
			require.Len(t, pci.Hits(), 1, "nor anything else")
			require.False(t, followed, "the caller's CheckRedirect is not asked")
			require.NotNil(t, hc.CheckRedirect, "the caller's client is not changed")
			require.EqualValues(t, 1, tr.n.Load(), "the caller's Transport carries the call")
		})
	}
}
