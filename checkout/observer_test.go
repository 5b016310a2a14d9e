package checkout_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
)

// checkoutEvents records what an Observer is told.
type checkoutEvents struct {
	mu   sync.Mutex
	list []checkout.Event
}

func (c *checkoutEvents) observe(_ context.Context, e checkout.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, e)
}

// only returns the one event recorded since the last call.
func (c *checkoutEvents) only(t *testing.T) checkout.Event {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	require.Len(t, c.list, 1, "one event per request")
	e := c.list[0]
	c.list = nil
	return e
}

// requireClean fails when e carries card data or a wallet token.
func requireClean(t *testing.T, e checkout.Event) {
	t.Helper()
	text := fmt.Sprintf("%+v", e)
	if e.Err != nil {
		text += e.Err.Error()
	}
	for _, s := range []string{testPAN, "CVV:123", googleToken, "c2VjcmV0LWNhcmQ", base64.StdEncoding.EncodeToString([]byte(googleToken))[:40], formURL} {
		require.NotContains(t, text, s)
	}
}

func TestObserverFormHandler(t *testing.T) {
	got := &checkoutEvents{}
	opts, _ := sandboxOptions(t)
	opts.Observer = got.observe
	h, err := checkout.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, err := srv.Client().Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader("x=1"))
	require.NoError(t, err)
	resp.Body.Close()
	e := got.only(t)
	require.Equal(t, checkout.HandlerForm, e.Handler)
	require.Equal(t, checkout.StepRedirect, e.Step)
	require.Equal(t, http.StatusSeeOther, e.HTTPStatus)
	require.Equal(t, "sb-1", e.OrderID)
	require.NoError(t, e.Err)
	require.Positive(t, e.Duration)

	resp, err = srv.Client().Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	e = got.only(t)
	require.Equal(t, checkout.HandlerForm, e.Handler)
	require.Empty(t, e.Step)
	require.Equal(t, http.StatusMethodNotAllowed, e.HTTPStatus)
	require.Empty(t, e.OrderID, "Build never ran")
	require.Error(t, e.Err)
}

func TestObserverFormHandlerGatewayFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
	}{
		{"refused", &client.APIError{StatusCode: 400, Endpoint: "/initPayment", Code: smartcore.ErrDuplicatedOrderID}, 502},
		{"outcome unknown", &client.OutcomeUnknownError{Endpoint: "/initPayment", OrderID: "order-1"}, 502},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := &checkoutEvents{}
			opts := options(&fakeGateway{err: tc.err})
			opts.Observer = got.observe
			handled := 0
			opts.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
				handled++
				w.WriteHeader(599)
			}
			h, err := checkout.New(opts)
			require.NoError(t, err)
			w := post(h, "/pay", "203.0.113.7:1", nil)
			require.Equal(t, 599, w.Code, "the host's error handler still answers")
			require.Equal(t, 1, handled)
			e := got.only(t)
			require.Empty(t, e.Step)
			require.Equal(t, tc.status, e.HTTPStatus)
			require.ErrorIs(t, e.Err, tc.err)
			require.Equal(t, "order-1", e.OrderID)
		})
	}
}

func TestObserverResponderWithSandbox(t *testing.T) {
	got := &checkoutEvents{}
	opts, _ := sandboxOptions(t)
	opts.Observer = got.observe
	p, err := checkout.NewResponder(opts)
	require.NoError(t, err)
	for _, tc := range []struct {
		id, pan string
		status  smartcore.Status
		step    checkout.Step
	}{
		{"sb-declined", "4000000000000002", smartcore.StatusFail, checkout.StepDone},
		{"sb-limit", "4000000000000119", smartcore.StatusFail, checkout.StepDone},
		{"sb-3ds", "4003830171874018", smartcore.StatusWaitingRedirect, checkout.StepRedirect},
	} {
		req := cardRequest()
		req.OrderID, req.Number = tc.id, tc.pan
		r := httptest.NewRequest(http.MethodPost, "/card", nil)
		r.RemoteAddr = "203.0.113.7:1"
		p.PayCard(httptest.NewRecorder(), r, req)
		e := got.only(t)
		require.Equal(t, checkout.HandlerResponder, e.Handler)
		require.Equal(t, tc.step, e.Step, tc.id)
		require.Equal(t, tc.status, e.Status, tc.id)
		require.Equal(t, http.StatusSeeOther, e.HTTPStatus)
		require.Equal(t, tc.id, e.OrderID)
		require.Positive(t, e.Duration)
		text := fmt.Sprintf("%+v", e)
		require.NotContains(t, text, tc.pan)
		requireClean(t, e)
		require.NoError(t, e.Err)
	}

	// Respond alone: the host made the call itself.
	r := httptest.NewRequest(http.MethodPost, "/card", nil)
	p.Respond(httptest.NewRecorder(), r, &smartcore.PaymentResponse{Status: smartcore.StatusProcessing}, nil)
	e := got.only(t)
	require.Equal(t, checkout.StepPending, e.Step)
	require.Equal(t, http.StatusSeeOther, e.HTTPStatus, "to StatusURL")
}

func TestObserverWallet(t *testing.T) {
	got := &checkoutEvents{}
	ws := newWallet(t, nil, nil, func(o *checkout.WalletOptions) { o.Observer = got.observe })
	w := ws.do("application/json", googleBody(t, "VISA"))
	require.Equal(t, http.StatusOK, w.Code)
	e := got.only(t)
	require.Equal(t, checkout.HandlerWallet, e.Handler)
	require.Equal(t, checkout.StepRedirect, e.Step)
	require.Equal(t, http.StatusOK, e.HTTPStatus)
	require.Equal(t, "wallet-1", e.OrderID)
	requireClean(t, e)

	w = ws.do("text/plain", googleBody(t, "VISA"))
	require.Equal(t, http.StatusUnsupportedMediaType, w.Code)
	e = got.only(t)
	require.Equal(t, http.StatusUnsupportedMediaType, e.HTTPStatus)
	require.Error(t, e.Err)
	requireClean(t, e)

	w = ws.do("application/json", `{"wallet":"google_pay","token":"`+testPAN+`","network":"VISA"}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	e = got.only(t)
	require.Equal(t, http.StatusBadRequest, e.HTTPStatus)
	requireClean(t, e)
}

// Duration covers the gateway call.
func TestObserverDurationCoversTheCall(t *testing.T) {
	got := &checkoutEvents{}
	opts := options(slowGateway{&fakeGateway{}})
	opts.Observer = got.observe
	h, err := checkout.New(opts)
	require.NoError(t, err)
	post(h, "/pay", "203.0.113.7:1", nil)
	require.GreaterOrEqual(t, got.only(t).Duration, 10*time.Millisecond)
}

type slowGateway struct{ *fakeGateway }

func (g slowGateway) InitPayment(ctx context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error) {
	time.Sleep(10 * time.Millisecond)
	return g.fakeGateway.InitPayment(ctx, req)
}
