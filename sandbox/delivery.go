package sandbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

// ErrHostNotAllowed is the error of a delivery that was refused because
// Options.AllowCallbackHost does not allow the callback_url's host (by
// default: anything not loopback). Nothing is sent for it.
var ErrHostNotAllowed = errors.New("sandbox: callback host not allowed (loopback only by default); nothing was sent")

// DeliveryLogLimit is how many entries the delivery log keeps per order:
// once an order has more attempts than that, the oldest are dropped, so
// that a long-running sandbox does not keep every body it ever sent.
const DeliveryLogLimit = 100

// AnswerPrefixBytes is how much of a host's answer to a callback the
// delivery log keeps (delivery.Attempt.Answer): enough to recognise an error
// page, too little to hold much of it.
const AnswerPrefixBytes = 200

// job is one callback to deliver, with its attempts so far.
type job struct {
	cb      *callback
	kind    delivery.Kind
	body    string
	retries bool
	attempt int
}

// queue holds one order's pending jobs. Jobs are delivered one at a time,
// in order, so that a host sees an order's status changes in the order
// they happened even when an earlier callback needs retries. A queue lives
// in deliverer.queues only while it has jobs: it is deleted when it drains.
type queue struct {
	jobs   []*job
	active bool  // jobs[0] is being attempted or waits for a retry
	timer  Timer // the pending retry, if any
	// dropped is set when the order is evicted (deliverer.forget): an
	// attempt in flight then records nothing and starts nothing.
	dropped bool
}

// deliverer sends callbacks and keeps the delivery log.
type deliverer struct {
	cfg    settings
	ctx    context.Context // cancelled by close, which aborts attempts
	cancel context.CancelFunc
	wg     sync.WaitGroup

	observer delivery.Observer // Options.Observer

	mu     sync.Mutex
	queues map[string]*queue             // orders with jobs pending; deleted once drained
	logs   map[string][]delivery.Attempt // the last DeliveryLogLimit entries per order
	busy   int                           // attempts running or due
	idleCh chan struct{}                 // closed when busy drops to 0
	closed bool
}

func newDeliverer(cfg settings) *deliverer {
	ctx, cancel := context.WithCancel(context.Background())
	return &deliverer{cfg: cfg, ctx: ctx, cancel: cancel, queues: map[string]*queue{}, logs: map[string][]delivery.Attempt{}}
}

// enqueue queues cb for delivery. A callback_url the host policy refuses is
// logged as refused at once and never sent.
func (d *deliverer) enqueue(cb *callback, kind delivery.Kind) {
	body := cb.body
	if kind == delivery.BadSignature {
		body = cb.tampered()
	}
	j := &job{cb: cb, kind: kind, body: body, retries: kind == delivery.Normal || kind == delivery.Redelivery}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.allowed(cb.url) {
		d.record(j, delivery.Attempt{Attempt: 1, Err: ErrHostNotAllowed, Refused: true})
		d.cfg.logger.LogAttrs(context.Background(), slog.LevelWarn, "sandbox callback refused: host not allowed",
			slog.String("order_id", cb.orderID))
		d.observeRefused(j)
		return
	}
	if d.closed {
		d.record(j, delivery.Attempt{Attempt: 1, Err: ErrClosed})
		return
	}
	q := d.queues[cb.orderID]
	if q == nil {
		q = &queue{}
		d.queues[cb.orderID] = q
	}
	q.jobs = append(q.jobs, j)
	if !q.active {
		q.active = true
		d.start(q)
	}
}

// allowed applies Options.AllowCallbackHost to a callback_url.
func (d *deliverer) allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return false
	}
	return d.cfg.allowHost(u.Hostname())
}

// start runs the first job of q in a new goroutine. d.mu is held.
func (d *deliverer) start(q *queue) {
	j := q.jobs[0]
	j.attempt++
	if d.busy == 0 {
		d.idleCh = make(chan struct{})
	}
	d.busy++
	d.wg.Add(1)
	go d.attempt(q, j)
}

// attempt sends j once, logs the result, then retries, moves on to the
// order's next job, or stops.
func (d *deliverer) attempt(q *queue, j *job) {
	defer d.wg.Done()
	at, start := d.cfg.clock.Now(), time.Now()
	code, answer, err := d.post(j.cb.url, j.body)
	took := time.Since(start)
	ok := err == nil && delivery.Acknowledged(code)
	d.observe(j, delivery.Event{Attempt: j.attempt, HTTPStatus: code, Err: err, Duration: took})
	d.cfg.logger.LogAttrs(context.Background(), slog.LevelInfo, "sandbox callback",
		slog.String("order_id", j.cb.orderID), slog.Int("status", int(j.cb.status)),
		slog.String("kind", j.kind.String()), slog.Int("attempt", j.attempt),
		slog.Int("code", code), slog.Bool("acknowledged", ok),
		slog.Any("error", err))

	d.mu.Lock()
	defer d.mu.Unlock()
	if !q.dropped {
		d.record(j, delivery.Attempt{Time: at, Attempt: j.attempt, StatusCode: code, Err: err, Latency: took, Answer: answer})
	}
	switch {
	case q.dropped:
	case d.closed:
		q.active = false
		d.drop(j.cb.orderID, q)
	case !ok && j.retries && j.attempt <= len(d.cfg.retry):
		wait := d.cfg.retry[j.attempt-1]
		q.timer = d.cfg.clock.AfterFunc(wait, func() {
			d.mu.Lock()
			defer d.mu.Unlock()
			q.timer = nil
			if !d.closed && !q.dropped {
				d.start(q)
			}
		})
	default:
		q.jobs = q.jobs[1:]
		if len(q.jobs) > 0 {
			d.start(q)
		} else {
			q.active = false
			d.drop(j.cb.orderID, q)
		}
	}
	d.busy--
	if d.busy == 0 {
		close(d.idleCh)
		d.idleCh = nil
	}
}

// drop forgets q, an order's queue that has nothing left to run, so that
// queues do not pile up over a long-running sandbox's orders. The next
// callback for the order makes a new one. d.mu is held.
func (d *deliverer) drop(orderID string, q *queue) {
	if d.queues[orderID] == q {
		delete(d.queues, orderID)
	}
}

// post sends one callback body and returns the host's status code and the
// start of its answer (see AnswerPrefixBytes).
func (d *deliverer) post(target, body string) (int, string, error) {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "smartcore-sandbox")
	resp, err := d.cfg.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	head := make([]byte, AnswerPrefixBytes)
	n, _ := io.ReadFull(resp.Body, head)
	// Drain a little more so that the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return resp.StatusCode, answerPrefix(head[:n]), nil
}

// answerPrefix turns the first bytes of an answer into text to show: a
// character the cut split in two is dropped, other invalid UTF-8 replaced.
func answerPrefix(b []byte) string {
	i := len(b) - 1
	for i > 0 && len(b)-i < utf8.UTFMax && !utf8.RuneStart(b[i]) {
		i--
	}
	if i >= 0 && !utf8.FullRune(b[i:]) {
		b = b[:i]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// record appends an entry to the order's log, dropping the oldest entry
// once the log holds DeliveryLogLimit. d.mu is held.
func (d *deliverer) record(j *job, e delivery.Attempt) {
	if e.Time.IsZero() {
		e.Time = d.cfg.clock.Now()
	}
	e.Kind, e.Status, e.URL, e.Body = j.kind, j.cb.status, j.cb.url, j.body
	l := d.logs[j.cb.orderID]
	if len(l) >= DeliveryLogLimit {
		// Shift in place: once the log is full its backing array stops
		// growing. log hands out copies, so nothing else shares it.
		l = l[:copy(l, l[len(l)-DeliveryLogLimit+1:])]
	}
	d.logs[j.cb.orderID] = append(l, e)
}

// shownDeliveries is an order's delivery log as the dashboard and the
// control API show it. With Options.Remote, other machines read them: an
// attempt then shows no Answer, and for Err only the class of the failure
// (errorClass), since Go's transport errors quote what the host sent
// (malformed HTTP response "…"), which could be a service's reply.
func (s *Sandbox) shownDeliveries(orderID string) []delivery.Attempt {
	out := s.Deliveries(orderID) // a copy
	for i := range out {
		if s.cfg.remote {
			out[i].Answer, out[i].Err = "", errorClass(out[i].Err)
		}
	}
	return out
}

// errorClass is what kind of failure a delivery error is, in words that
// carry nothing the host sent: the sandbox's own errors, or one of a few
// classes; whatever else went wrong once connected is errNotHTTP.
func errorClass(err error) error {
	for _, own := range []error{nil, ErrHostNotAllowed, ErrClosed, errNonLoopback, errRedirect} {
		if errors.Is(err, own) {
			return own
		}
	}
	var ne net.Error
	var dns *net.DNSError
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	var alert tls.AlertError
	var record tls.RecordHeaderError
	switch {
	case errors.Is(err, context.Canceled):
		return ErrClosed // close aborted the attempt
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return errors.New("timeout")
	case errors.As(err, &dns):
		return errors.New("host name not found")
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused")
	case errors.As(err, &op) && op.Op == "dial":
		return errors.New("could not connect")
	case errors.As(err, &cert), errors.As(err, &alert), errors.As(err, &record):
		return errors.New("TLS handshake failed")
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return errors.New("connection reset")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("connection closed without an answer")
	}
	return errNotHTTP
}

// errNotHTTP is errorClass's answer that was not HTTP the client could read.
var errNotHTTP = errors.New("not an HTTP answer")

// log returns a copy of an order's delivery log.
func (d *deliverer) log(orderID string) []delivery.Attempt {
	d.mu.Lock()
	defer d.mu.Unlock()
	l := d.logs[orderID]
	if len(l) == 0 {
		return nil
	}
	return append([]delivery.Attempt(nil), l...)
}

func (d *deliverer) idle() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.busy == 0
}

func (d *deliverer) flush(ctx context.Context) error {
	for {
		d.mu.Lock()
		ch := d.idleCh
		d.mu.Unlock()
		if ch == nil {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// close stops retries, aborts attempts in flight and waits for them.
func (d *deliverer) close() {
	d.mu.Lock()
	d.closed = true
	// Nothing is queued after close: forget the queues waiting for a retry
	// (or for a timer that fired and waits for d.mu; it sees closed). A
	// queue with an attempt in flight stays until the attempt has logged
	// its result and drops it, so that its order is not evicted (and its
	// log deleted) before that.
	for id, q := range d.queues {
		if q.timer != nil {
			q.timer.Stop()
			q.timer = nil
			delete(d.queues, id)
		}
	}
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
}

// Redeliver sends the order's most recent callback again as a new delivery,
// retried like the original, the way a gateway operator's "resend" would.
// It returns an error wrapping ErrUnknownOrder for an unknown order and
// ErrNoCallback when the order has no callback yet or no callback_url.
func (s *Sandbox) Redeliver(orderID string) error { return s.resend(orderID, delivery.Redelivery) }

// SendDuplicate sends the order's most recent callback once more with the
// very same signed body, once and without retries: a host must acknowledge
// it (200) without processing it twice. Errors as for Redeliver.
func (s *Sandbox) SendDuplicate(orderID string) error { return s.resend(orderID, delivery.Duplicate) }

// SendBadSignature sends the order's most recent callback with its
// signature deliberately altered, once and without retries: a host must
// reject it (the webhook package answers 401). Errors as for Redeliver.
func (s *Sandbox) SendBadSignature(orderID string) error {
	return s.resend(orderID, delivery.BadSignature)
}

func (s *Sandbox) resend(orderID string, kind delivery.Kind) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.find(orderID)
	if t == nil {
		return fmt.Errorf("%w: %q", ErrUnknownOrder, orderID)
	}
	if t.last == nil || t.last.url == "" {
		return fmt.Errorf("%w: %q", ErrNoCallback, orderID)
	}
	s.cb.enqueue(t.last, kind)
	return nil
}
