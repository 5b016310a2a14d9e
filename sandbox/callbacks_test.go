package sandbox_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

func TestCallbackRetriedUntilHostAnswers200(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock, RetrySchedule: []time.Duration{10 * time.Second, 30 * time.Second, time.Minute}})
	h := newHost(t, srv.Secret)
	h.failAfter = 2 // the host processes the callback but answers 500, twice

	_, err := srv.Client.Authorize(context.Background(), authorizeRequest("retry-1", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	_, err = srv.Client.Capture(context.Background(), &smartcore.CaptureRequest{OrderID: "retry-1"})
	require.NoError(t, err)
	flush(t, srv)
	require.Equal(t, 1, clock.Pending(), "the first callback waits for its retry")
	received, _ := h.stats()
	require.Equal(t, 1, received, "the capture callback waits behind the authorized one")

	clock.Advance(9 * time.Second)
	flush(t, srv)
	received, _ = h.stats()
	require.Equal(t, 1, received, "not due yet")

	clock.Advance(time.Second)
	flush(t, srv)
	clock.Advance(30 * time.Second)
	flush(t, srv)
	received, codes := h.stats()
	require.Equal(t, 4, received)
	require.Equal(t, []int{500, 500, 200, 200}, codes)
	require.Equal(t, 0, clock.Pending())

	// Each status reached the application exactly once, in order.
	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing, smartcore.StatusSuccess}, h.statuses("retry-1"))

	ds := srv.Deliveries("retry-1")
	require.Len(t, ds, 4)
	start := sandbox.NewFakeClock(time.Time{}).Now()
	for i, want := range []struct {
		attempt int
		code    int
		at      time.Duration
		status  smartcore.Status
	}{
		{1, 500, 0, smartcore.StatusProcessing},
		{2, 500, 10 * time.Second, smartcore.StatusProcessing},
		{3, 200, 40 * time.Second, smartcore.StatusProcessing},
		{1, 200, 40 * time.Second, smartcore.StatusSuccess},
	} {
		require.Equal(t, want.attempt, ds[i].Attempt, i)
		require.Equal(t, want.code, ds[i].StatusCode, i)
		require.Equal(t, start.Add(want.at), ds[i].Time, i)
		require.Equal(t, want.status, ds[i].Status, i)
		require.Equal(t, delivery.Normal, ds[i].Kind)
		require.NoError(t, ds[i].Err)
	}
	require.Equal(t, ds[0].Body, ds[2].Body, "a retry sends the same signed body")
}

func TestCallbackGivesUpAfterSchedule(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock, RetrySchedule: []time.Duration{time.Minute}})
	down := newHost(t, srv.Secret)
	down.failAfter = 100
	_, err := srv.Client.PayCard(context.Background(), cardPayment("give-up", sandbox.CardSuccess, 1000, down.URL))
	require.NoError(t, err)
	flush(t, srv)
	clock.Advance(time.Hour)
	flush(t, srv)
	require.Len(t, srv.Deliveries("give-up"), 2)
	require.Equal(t, 0, clock.Pending())
	require.True(t, srv.Idle())
}

func TestCallbackTransportErrorRetried(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock})
	// A loopback port nothing listens on: connection refused.
	_, err := srv.Client.PayCard(context.Background(), cardPayment("refused-conn", sandbox.CardSuccess, 1000, "http://127.0.0.1:1/callback"))
	require.NoError(t, err)
	flush(t, srv)
	ds := srv.Deliveries("refused-conn")
	require.Len(t, ds, 1)
	require.Error(t, ds[0].Err)
	require.False(t, ds[0].Refused)
	require.Equal(t, 1, clock.Pending())
	clock.Advance(sandbox.DefaultRetrySchedule[0])
	flush(t, srv)
	require.Len(t, srv.Deliveries("refused-conn"), 2)
}

func TestSendDuplicateAndRedeliver(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("dup-cb", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	flush(t, srv)

	require.NoError(t, srv.SendDuplicate("dup-cb"))
	require.NoError(t, srv.Redeliver("dup-cb"))
	flush(t, srv)
	ds := srv.Deliveries("dup-cb")
	require.Len(t, ds, 3)
	require.Equal(t, delivery.Duplicate, ds[1].Kind)
	require.Equal(t, delivery.Redelivery, ds[2].Kind)
	for _, d := range ds {
		require.True(t, d.OK(), "acknowledged")
		require.Equal(t, ds[0].Body, d.Body, "the very same signed body")
	}
	require.Len(t, h.callbacks("dup-cb"), 1, "but processed once")

	require.ErrorIs(t, srv.SendDuplicate("nope"), sandbox.ErrUnknownOrder)
	_, err = srv.Client.PayCard(context.Background(), cardPayment("no-cb-url", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.ErrorIs(t, srv.Redeliver("no-cb-url"), sandbox.ErrNoCallback)
	_, err = srv.Client.InitPayment(context.Background(), formPayment("no-change-yet", 1000, h.URL))
	require.NoError(t, err)
	require.ErrorIs(t, srv.SendDuplicate("no-change-yet"), sandbox.ErrNoCallback)
}

func TestSendBadSignatureRejected(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock})
	h := newHost(t, srv.Secret)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("bad-sig", sandbox.CardDeclined, 1000, h.URL))
	require.NoError(t, err)
	flush(t, srv)
	require.NoError(t, srv.SendBadSignature("bad-sig"))
	flush(t, srv)
	ds := srv.Deliveries("bad-sig")
	require.Len(t, ds, 2)
	require.Equal(t, delivery.BadSignature, ds[1].Kind)
	require.Equal(t, http.StatusUnauthorized, ds[1].StatusCode)
	require.NotEqual(t, ds[0].Body, ds[1].Body)
	require.Equal(t, 0, clock.Pending(), "a deliberate bad signature is not retried")
	require.Len(t, h.callbacks("bad-sig"), 1)
}

func TestNonLoopbackCallbackRefusedWithoutNetwork(t *testing.T) {
	t.Parallel()
	var roundTrips atomic.Int32
	spy := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		roundTrips.Add(1)
		return nil, http.ErrHandlerTimeout
	})}
	srv := settled(t, sandbox.Options{HTTPClient: spy})
	for i, target := range []string{
		"https://site.com/callback",
		"http://10.0.0.1/callback",
		"http://[2001:db8::1]:8080/cb",
		"http://localhost.example.com/cb",
		"http://127.0.0.1.nip.io/cb",
	} {
		id := "refused-" + string(rune('a'+i))
		_, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardSuccess, 1000, target))
		require.NoError(t, err)
		flush(t, srv)
		ds := srv.Deliveries(id)
		require.Len(t, ds, 1, target)
		require.True(t, ds[0].Refused, target)
		require.ErrorIs(t, ds[0].Err, sandbox.ErrHostNotAllowed)
		require.Contains(t, ds[0].Body, "sign=", "the log shows what would have been sent")
		// Asking again is refused again.
		require.NoError(t, srv.Redeliver(id))
	}
	require.Equal(t, int32(0), roundTrips.Load(), "no network attempt at all")

	for _, host := range []string{"localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1"} {
		require.True(t, sandbox.IsLoopbackHost(host), host)
	}
	for _, host := range []string{"site.com", "10.0.0.1", "0.0.0.0", "::", "localhost.", ""} {
		require.False(t, sandbox.IsLoopbackHost(host), host)
	}
}

func TestAllowCallbackHostOption(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{AllowCallbackHost: func(string) bool { return false }})
	h := newHost(t, srv.Secret)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("deny-all", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	flush(t, srv)
	require.True(t, srv.Deliveries("deny-all")[0].Refused)
	received, _ := h.stats()
	require.Equal(t, 0, received)
}

func TestCallbackRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock})
	h := newHost(t, srv.Secret)
	redirect := newRedirector(t, h.URL)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("redirected", sandbox.CardSuccess, 1000, redirect))
	require.NoError(t, err)
	flush(t, srv)
	ds := srv.Deliveries("redirected")
	require.Equal(t, http.StatusTemporaryRedirect, ds[0].StatusCode)
	received, _ := h.stats()
	require.Equal(t, 0, received)
	require.Equal(t, 1, clock.Pending(), "a redirect is not a 2xx: retried later")
}

// TestCallbackWireFormat checks a callback against the document: the keys
// of its example, form-encoded, signed with getSign's algorithm.
func TestCallbackWireFormat(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	_, err := srv.Client.WithdrawCard(context.Background(), &smartcore.CardWithdrawalRequest{Payout: payout("200004", 10000, h.URL), CardNumber: sandbox.CardSuccess})
	require.NoError(t, err)
	flush(t, srv)
	body := srv.Deliveries("200004")[0].Body
	values, err := url.ParseQuery(body)
	require.NoError(t, err)
	// Every key of the document's example callback, plus errorCategory and sign.
	for _, key := range []string{"orderId", "status", "type", "message", "cascadeErrors", "isTrustedTransaction",
		"amount", "finalAmount", "currency", "authorize_status", "eci", "firstName", "lastName", "rrn",
		"card_holder", "card_number", "card_exp_month", "card_exp_year", "errorCategory", "sign"} {
		require.Len(t, values[key], 1, key)
	}
	require.Equal(t, "2", values.Get("status"))
	require.Equal(t, "Withdrawal", values.Get("type"))
	require.Equal(t, "401200******3010", values.Get("card_number"))
	require.Equal(t, "N/A", values.Get("card_exp_month"))
	require.Equal(t, "null", values.Get("firstName"))
	require.NotContains(t, body, sandbox.CardSuccess)

	fields, err := form.Parse(body, nil)
	require.NoError(t, err)
	signer, err := signing.New(srv.Secret)
	require.NoError(t, err)
	require.NoError(t, signer.VerifyFields(fields))
	other, err := signing.New("not-the-secret")
	require.NoError(t, err)
	require.Error(t, other.VerifyFields(fields))
}

func TestCloseStopsRetries(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock})
	down := newHost(t, srv.Secret)
	down.failAfter = 100
	_, err := srv.Client.PayCard(context.Background(), cardPayment("closing", sandbox.CardSuccess, 1000, down.URL))
	require.NoError(t, err)
	flush(t, srv)
	require.Equal(t, 1, clock.Pending())
	require.NoError(t, srv.Close())
	require.NoError(t, srv.Close(), "closing twice is harmless")
	require.Equal(t, 0, clock.Pending())
	clock.Advance(time.Hour)
	require.Len(t, srv.Deliveries("closing"), 1)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newRedirector answers every request with a 307 to target.
func newRedirector(t *testing.T, target string) string {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	}))
	return srv + "/cb"
}

// The delivery log keeps an order's last DeliveryLogLimit attempts: a
// long-running sandbox does not keep every body it ever sent.
func TestDeliveryLogKeepsLastAttempts(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	_, err := srv.Client.PayCard(context.Background(), cardPayment("long-log", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	flush(t, srv)
	first := srv.Deliveries("long-log")
	require.Len(t, first, 1)
	require.Equal(t, delivery.Normal, first[0].Kind)

	for range sandbox.DeliveryLogLimit + 20 {
		require.NoError(t, srv.SendDuplicate("long-log"))
	}
	require.NoError(t, srv.SendBadSignature("long-log"))
	flush(t, srv)
	received, _ := h.stats()
	require.Equal(t, sandbox.DeliveryLogLimit+22, received, "every callback was sent")

	ds := srv.Deliveries("long-log")
	require.Equal(t, sandbox.DeliveryLogLimit, len(ds))
	for _, d := range ds[:len(ds)-1] {
		require.Equal(t, delivery.Duplicate, d.Kind, "the oldest attempts were dropped")
		require.True(t, d.OK())
		require.Equal(t, first[0].Body, d.Body)
	}
	last := ds[len(ds)-1]
	require.Equal(t, delivery.BadSignature, last.Kind, "the newest attempt is last")
	require.Equal(t, http.StatusUnauthorized, last.StatusCode)
	require.Len(t, h.callbacks("long-log"), 1)
}

// The document requires only orderId, status, amount and sign in a
// callback: the kit must process one that carries nothing else, and a
// Router must still route it by its status.
func TestMinimalCallbacksReachTheKit(t *testing.T) {
	t.Parallel()
	srv := settled(t, sandbox.Options{MinimalCallbacks: true})
	var routed []*smartcore.Callback
	var mu sync.Mutex
	var rt webhook.Router
	rt.HandleFunc(smartcore.TypePayment, webhook.AnyOutcome, func(context.Context, *smartcore.Callback) error {
		return errors.New("a callback without a type matched the Payment route")
	})
	rt.HandleFunc(webhook.AnyType, webhook.Succeeded, func(_ context.Context, cb *smartcore.Callback) error {
		mu.Lock()
		defer mu.Unlock()
		routed = append(routed, cb)
		return nil
	})
	wh, err := webhook.New(&rt, webhook.Options{Secrets: []string{srv.Secret}})
	require.NoError(t, err)
	callbackURL := newTestServer(t, wh) + "/cb"
	_, err = srv.Client.PayCard(context.Background(), cardPayment("minimal", sandbox.CardSuccess, 1250, callbackURL))
	require.NoError(t, err)
	flush(t, srv)

	d := srv.Deliveries("minimal")
	require.Len(t, d, 1)
	require.True(t, d[0].OK(), "answered %d", d[0].StatusCode)
	values, err := url.ParseQuery(d[0].Body)
	require.NoError(t, err)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	require.ElementsMatch(t, []string{"orderId", "status", "amount", "sign"}, keys)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, routed, 1)
	cb := routed[0]
	require.Equal(t, "minimal", cb.OrderID)
	require.Equal(t, int64(1250), cb.Amount)
	require.Empty(t, cb.Type)
	require.False(t, cb.HasFinalAmount)
}
