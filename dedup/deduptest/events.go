package deduptest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// Events is what [RunEvents] hands to its build function for one subtest.
type Events struct {
	// Secret is the merchant secret the callbacks are signed with.
	Secret string
	// App is the application: it records each callback it is handed,
	// with webhook.RepeatFromContext. Route every callback to it.
	App webhook.CallbackHandler
	// Key is the key function to configure (webhook.Options.DedupKey,
	// sqldedup's TransactionalOptions.Key); nil means the default.
	Key func(*smartcore.Callback) string
}

// RunEvents checks that a de-duplicated callback handler loses no event
// and invents none, whatever store it keeps its keys in: with callbacks
// that carry only what the document requires (as the sandbox sends them
// with MinimalCallbacks) (two payments, two refunds
// of one amount, a full refund), every event reaches the application and
// the repeats arrive flagged; a true redelivery of a typed payment is
// processed once; 2, -1, 2 hands over the last 2 flagged; an untyped and
// a typed callback of one state meet; a flagged delivery the application
// fails is retried; a key function that returns "" gets 500 for every
// callback. Order ids are unique per run, so a shared store need not be
// emptied.
//
// build returns the http.Handler under test, which receives the gateway's
// callbacks, de-duplicates them with the store under test (a webhook.New
// handler with a Deduplicator, Middleware, a Transactional...) and hands
// each callback it does not drop to e.App.
func RunEvents(t *testing.T, build func(t *testing.T, e Events) http.Handler) {
	t.Helper()
	prefix := fmt.Sprintf("ev%x-", time.Now().UnixNano())
	const (
		pay   = smartcore.TypePayment
		ok    = smartcore.StatusSuccess
		fail  = smartcore.StatusFail
		untyp = smartcore.TransactionType("")
	)

	// post signs cb and sends it to h, returning the status answered.
	post := func(h http.Handler, secret string, cb *smartcore.Callback) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, cb))
		return w.Code
	}
	const secret = "deduptest-secret"
	cb := func(id string, typ smartcore.TransactionType, s smartcore.Status) *smartcore.Callback {
		return &smartcore.Callback{OrderID: id, Status: s, Type: typ, Amount: 1000}
	}

	t.Run("minimal callbacks: every event reaches the application", func(t *testing.T) {
		// What the gateway may send (sandbox.Options.MinimalCallbacks):
		// orderId, status, amount and sign. Two payments, two partial
		// refunds of 300 on the first, a full refund of the second.
		app := &recorder{}
		h := build(t, Events{Secret: secret, App: app})
		a, b := prefix+"min-a", prefix+"min-b"
		var want []got
		for i, c := range []struct {
			id     string
			amount int64
		}{{a, 1000}, {b, 1000}, {a, 300}, {a, 300}, {b, 1000}} {
			if code := post(h, secret, &smartcore.Callback{OrderID: c.id, Status: ok, Amount: c.amount}); code != http.StatusOK {
				t.Fatalf("callback %d answered %d", i, code)
			}
			want = append(want, got{c.id, ok, untyp, c.amount, i >= 2})
		}
		app.want(t, want)
	})

	t.Run("full callbacks: a redelivery is processed once, refunds each time", func(t *testing.T) {
		app := &recorder{}
		h := build(t, Events{Secret: secret, App: app})
		a := prefix + "full-a"
		full := func(typ smartcore.TransactionType, amount int64) *smartcore.Callback {
			return &smartcore.Callback{OrderID: a, Status: ok, Type: typ, Amount: amount, FinalAmount: amount,
				HasFinalAmount: true, Currency: "EUR", Message: "null", RRN: "null"}
		}
		for i, c := range []*smartcore.Callback{full(pay, 1000), full(pay, 1000), full(pay, 1000),
			full(smartcore.TypeRefund, 300), full(smartcore.TypeRefund, 300)} {
			if code := post(h, secret, c); code != http.StatusOK {
				t.Fatalf("callback %d answered %d", i, code)
			}
		}
		app.want(t, []got{
			{a, ok, pay, 1000, false},
			{a, ok, smartcore.TypeRefund, 300, false}, {a, ok, smartcore.TypeRefund, 300, true},
		})
	})

	t.Run("sequences", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			send []*smartcore.Callback
			want []bool // for each callback sent: was it delivered, flagged? (nil entries: dropped)
			got  []int  // index into send of each delivery, in order
		}{
			{name: "2, -1, 2: the last is flagged",
				send: []*smartcore.Callback{cb("s1", pay, ok), cb("s1", pay, fail), cb("s1", pay, ok)},
				got:  []int{0, 1, 2}, want: []bool{false, false, true}},
			{name: "a typed payment redelivered is dropped",
				send: []*smartcore.Callback{cb("s2", pay, ok), cb("s2", pay, ok), cb("s2", "payment", ok)},
				got:  []int{0}, want: []bool{false}},
			{name: "a failed withdrawal redelivered is dropped",
				send: []*smartcore.Callback{cb("s3", smartcore.TypeWithdrawal, fail), cb("s3", smartcore.TypeWithdrawal, fail)},
				got:  []int{0}, want: []bool{false}},
			{name: "untyped then typed: flagged",
				send: []*smartcore.Callback{cb("s4", untyp, ok), cb("s4", pay, ok)},
				got:  []int{0, 1}, want: []bool{false, true}},
			{name: "typed then untyped: flagged",
				send: []*smartcore.Callback{cb("s5", pay, ok), cb("s5", untyp, ok)},
				got:  []int{0, 1}, want: []bool{false, true}},
			{name: "types the document does not name, and Recurrent, are flagged",
				send: []*smartcore.Callback{cb("s6", "Chargeback", ok), cb("s6", "Chargeback", ok), cb("s7", "Recurrent", ok), cb("s7", "Recurrent", ok)},
				got:  []int{0, 1, 2, 3}, want: []bool{false, true, false, true}},
			{name: "identical pending callbacks are one",
				send: []*smartcore.Callback{cb("s8", pay, smartcore.StatusProcessing), cb("s8", pay, smartcore.StatusProcessing), cb("s8", untyp, smartcore.StatusProcessing)},
				got:  []int{0, 2}, want: []bool{false, false}},
			{name: "a status the document does not define is flagged",
				send: []*smartcore.Callback{cb("s9", pay, 7), cb("s9", pay, 7)},
				got:  []int{0, 1}, want: []bool{false, true}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				app := &recorder{}
				h := build(t, Events{Secret: secret, App: app})
				var want []got
				for i, c := range tc.send {
					c.OrderID = prefix + c.OrderID
					if code := post(h, secret, c); code != http.StatusOK {
						t.Fatalf("callback %d answered %d", i, code)
					}
				}
				for j, i := range tc.got {
					c := tc.send[i]
					want = append(want, got{c.OrderID, c.Status, c.Type, c.Amount, tc.want[j]})
				}
				app.want(t, want)
			})
		}
	})

	t.Run("a flagged delivery the application fails is retried", func(t *testing.T) {
		app := &recorder{failRepeats: 1}
		h := build(t, Events{Secret: secret, App: app})
		refund := cb(prefix+"retry", smartcore.TypeRefund, ok)
		for i, want := range []int{http.StatusOK, http.StatusInternalServerError, http.StatusOK} {
			if code := post(h, secret, refund); code != want {
				t.Fatalf("delivery %d answered %d, want %d", i, code, want)
			}
		}
		r := got{refund.OrderID, ok, smartcore.TypeRefund, 1000, false}
		f := r
		f.Repeat = true
		app.want(t, []got{r, f, f})
	})

	t.Run("an empty key is an error, never a shared key", func(t *testing.T) {
		app := &recorder{}
		h := build(t, Events{Secret: secret, App: app, Key: func(*smartcore.Callback) string { return "" }})
		for _, id := range []string{"A", "B", "C"} {
			if code := post(h, secret, cb(prefix+"empty-"+id, pay, ok)); code != http.StatusInternalServerError {
				t.Errorf("order %s answered %d, want 500", id, code)
			}
		}
		app.want(t, nil)
	})
}

// got is one callback the application was handed, as RunEvents compares
// them.
type got struct {
	OrderID string
	Status  smartcore.Status
	Type    smartcore.TransactionType
	Amount  int64
	Repeat  bool // webhook.RepeatFromContext
}

// recorder is RunEvents' application.
type recorder struct {
	mu          sync.Mutex
	handed      []got
	failRepeats int // fail this many flagged deliveries
}

func (r *recorder) HandleCallback(ctx context.Context, cb *smartcore.Callback) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	g := got{cb.OrderID, cb.Status, cb.Type, cb.Amount, webhook.RepeatFromContext(ctx)}
	r.handed = append(r.handed, g)
	if g.Repeat && r.failRepeats > 0 {
		r.failRepeats--
		return errors.New("deduptest: the application failed")
	}
	return nil
}

func (r *recorder) want(t *testing.T, want []got) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Equal(r.handed, want) {
		t.Errorf("the application was handed\n%+v\nwant\n%+v", r.handed, want)
	}
}
