package sandbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

// countingHost records every body it receives and answers 500 to its first
// failLeft requests, 200 to the rest.
type countingHost struct {
	mu       sync.Mutex
	bodies   []string
	failLeft int
}

func (h *countingHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.bodies = append(h.bodies, string(body))
	if h.failLeft > 0 {
		h.failLeft--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (h *countingHost) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

func (d *deliverer) queueCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.queues)
}

func (d *deliverer) logCap(orderID string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return cap(d.logs[orderID])
}

func flushDeliverer(t *testing.T, d *deliverer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, d.flush(ctx))
}

// Many deliveries over many orders leave no queue behind, and each order's
// log keeps only its last DeliveryLogLimit attempts, in order.
func TestDeliveryQueuesAndLogsBounded(t *testing.T) {
	t.Parallel()
	h := &countingHost{}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	d := newDeliverer(Options{Clock: NewFakeClock(time.Time{})}.settings())
	t.Cleanup(d.close)

	const orders, perOrder = 8, DeliveryLogLimit*2 + 50
	for i := range perOrder {
		for o := range orders {
			id := fmt.Sprintf("order-%d", o)
			cb := &callback{orderID: id, status: smartcore.StatusSuccess, url: ts.URL + "/cb", body: id + "&n=" + strconv.Itoa(i)}
			d.enqueue(cb, delivery.Normal)
		}
	}
	flushDeliverer(t, d)
	require.Len(t, h.received(), orders*perOrder, "every callback was delivered")
	require.Equal(t, 0, d.queueCount(), "drained queues are deleted")

	for o := range orders {
		id := fmt.Sprintf("order-%d", o)
		log := d.log(id)
		require.Equal(t, DeliveryLogLimit, len(log), id)
		for k, e := range log {
			n := perOrder - DeliveryLogLimit + k
			require.Equal(t, id+"&n="+strconv.Itoa(n), e.Body, "the last attempts are kept, oldest first")
			require.True(t, e.OK())
			require.Equal(t, 1, e.Attempt)
		}
		require.LessOrEqual(t, d.logCap(id), 2*DeliveryLogLimit, "the log's backing array stops growing")
	}

	// A new callback for a drained order gets a new queue, which drains too.
	d.enqueue(&callback{orderID: "order-0", status: smartcore.StatusFail, url: ts.URL + "/cb", body: "order-0&n=last"}, delivery.Normal)
	flushDeliverer(t, d)
	require.Equal(t, 0, d.queueCount())
	log := d.log("order-0")
	require.Equal(t, DeliveryLogLimit, len(log))
	require.Equal(t, "order-0&n=last", log[len(log)-1].Body)
	require.Equal(t, "order-0&n="+strconv.Itoa(perOrder-DeliveryLogLimit+1), log[0].Body)
}

// A queue waiting for a retry is kept (later callbacks queue behind it) and
// deleted once the retry succeeds and the queue drains.
func TestDeliveryQueueKeptDuringRetry(t *testing.T) {
	t.Parallel()
	h := &countingHost{failLeft: 1}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	clock := NewFakeClock(time.Time{})
	d := newDeliverer(Options{Clock: clock, RetrySchedule: []time.Duration{time.Minute}}.settings())
	t.Cleanup(d.close)

	d.enqueue(&callback{orderID: "r", status: smartcore.StatusProcessing, url: ts.URL, body: "first"}, delivery.Normal)
	flushDeliverer(t, d)
	require.Equal(t, 1, d.queueCount(), "the queue waits for its retry")
	d.enqueue(&callback{orderID: "r", status: smartcore.StatusSuccess, url: ts.URL, body: "second"}, delivery.Normal)
	flushDeliverer(t, d)
	require.Equal(t, []string{"first"}, h.received(), "the second waits behind the first")

	clock.Advance(time.Minute)
	flushDeliverer(t, d)
	require.Equal(t, []string{"first", "first", "second"}, h.received())
	require.Equal(t, 0, d.queueCount(), "drained")
	require.Equal(t, 0, clock.Pending())
	require.Len(t, d.log("r"), 3)
}

// Close forgets the queues, including one waiting for a retry.
func TestDeliveryCloseForgetsQueues(t *testing.T) {
	t.Parallel()
	h := &countingHost{failLeft: 100}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	clock := NewFakeClock(time.Time{})
	d := newDeliverer(Options{Clock: clock}.settings())

	d.enqueue(&callback{orderID: "c", status: smartcore.StatusSuccess, url: ts.URL, body: "x"}, delivery.Normal)
	flushDeliverer(t, d)
	require.Equal(t, 1, d.queueCount())
	d.close()
	require.Equal(t, 0, d.queueCount())
	require.Equal(t, 0, clock.Pending())
	d.enqueue(&callback{orderID: "c", status: smartcore.StatusSuccess, url: ts.URL, body: "y"}, delivery.Normal)
	require.Equal(t, 0, d.queueCount(), "nothing is queued after close")
	log := d.log("c")
	require.Len(t, log, 2)
	require.ErrorIs(t, log[1].Err, ErrClosed)
}

// The document: the merchant's server "must respond with: HTTP/1.1 200 OK".
// Only 200 acknowledges a callback; a host answering 204 (or any other 2xx)
// is retried through the whole schedule and never counted as delivered.
func TestDeliveryOnly200Acknowledges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code     int
		attempts int
	}{
		{http.StatusOK, 1},
		{http.StatusNoContent, 3},
		{http.StatusCreated, 3},
		{http.StatusAccepted, 3},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			got := 0
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				mu.Lock()
				got++
				mu.Unlock()
				w.WriteHeader(tc.code)
			}))
			t.Cleanup(ts.Close)
			clock := NewFakeClock(time.Time{})
			var events []delivery.Event
			d := newDeliverer(Options{Clock: clock, RetrySchedule: []time.Duration{time.Minute, time.Hour}}.settings())
			d.observer = func(_ context.Context, e delivery.Event) {
				mu.Lock()
				events = append(events, e)
				mu.Unlock()
			}
			t.Cleanup(d.close)

			d.enqueue(&callback{orderID: "o", status: smartcore.StatusSuccess, url: ts.URL + "/cb", body: "orderId=o"}, delivery.Normal)
			flushDeliverer(t, d)
			clock.Advance(time.Minute)
			flushDeliverer(t, d)
			clock.Advance(time.Hour)
			flushDeliverer(t, d)

			log := d.log("o")
			require.Len(t, log, tc.attempts)
			mu.Lock()
			require.Equal(t, tc.attempts, got, "requests the host received")
			require.Len(t, events, tc.attempts)
			mu.Unlock()
			for i, e := range log {
				require.Equal(t, tc.code, e.StatusCode)
				require.Equal(t, i+1, e.Attempt)
				require.Equal(t, tc.code == http.StatusOK, e.OK(), "acknowledged")
				require.Equal(t, tc.code == http.StatusOK, events[i].OK(), "the observer's view")
			}
			require.Equal(t, 0, clock.Pending(), "nothing left to retry")
			require.Equal(t, 0, d.queueCount(), "the queue drained")
		})
	}
}

func TestAnswerPrefix(t *testing.T) {
	require.Equal(t, "", answerPrefix(nil))
	require.Equal(t, "ok", answerPrefix([]byte("ok")))
	require.Equal(t, "caf", answerPrefix([]byte("café")[:4]), "a character cut in two is dropped")
	require.Equal(t, "café", answerPrefix([]byte("café")))
	require.Equal(t, "a\uFFFDb", answerPrefix([]byte("a\xffb")))
	require.True(t, strings.HasSuffix(answerPrefix([]byte("x€")[:3]), "x"))
}

// TestErrorClass: with Options.Remote a failed delivery shows only what
// kind of failure it was, never text the host sent (Go's transport quotes
// a malformed answer); the sandbox's own errors are shown as they are.
func TestErrorClass(t *testing.T) {
	post := func(err error) error { return &url.Error{Op: "Post", URL: "http://127.0.0.1:1/cb", Err: err} }
	dial := func(err error) error { return post(&net.OpError{Op: "dial", Net: "tcp", Err: err}) }
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrHostNotAllowed, ErrHostNotAllowed.Error()},
		{ErrClosed, ErrClosed.Error()},
		{dial(errNonLoopback), errNonLoopback.Error()},
		{post(errRedirect), errRedirect.Error()},
		{post(context.Canceled), ErrClosed.Error()},
		{post(context.DeadlineExceeded), "timeout"},
		{dial(&net.DNSError{Err: "no such host", Name: "SECRET"}), "host name not found"},
		{dial(&os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}), "connection refused"},
		{dial(syscall.ENETUNREACH), "could not connect"},
		{post(&tls.CertificateVerificationError{Err: errors.New("SECRET")}), "TLS handshake failed"},
		{post(&net.OpError{Op: "read", Err: syscall.ECONNRESET}), "connection reset"},
		{post(io.EOF), "connection closed without an answer"},
		{post(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w",
			errors.New(`malformed HTTP response "SECRET"`))), "not an HTTP answer"},
		{post(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w",
			textproto.ProtocolError(`malformed MIME header line: SECRET`))), "not an HTTP answer"},
	} {
		got := errorClass(tc.err)
		if tc.want == "" {
			require.NoError(t, got)
			continue
		}
		require.EqualError(t, got, tc.want, "%v", tc.err)
	}
}
