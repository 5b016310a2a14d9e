package client_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// callEvents records what a client's observer is told.
type callEvents struct {
	mu   sync.Mutex
	list []client.CallEvent
}

func (c *callEvents) observe(_ context.Context, e client.CallEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, e)
}

// only returns the one event recorded, failing otherwise.
func (c *callEvents) only(t *testing.T) client.CallEvent {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	require.Len(t, c.list, 1)
	e := c.list[0]
	c.list = nil
	return e
}

func TestObserverCallEvents(t *testing.T) {
	slowOK := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(3 * time.Millisecond)
		answerJSON(200, checkAnswerOK)(w, r)
	}
	card := curlCard()
	for _, tc := range []struct {
		name     string
		handler  http.HandlerFunc
		call     func(context.Context, *client.Client) error
		endpoint string
		pci      bool
		orderID  string
		status   int
		code     smartcore.ErrorCode
		attempts int
		unknown  bool
		ok       bool
	}{
		{
			name:    "check retried",
			handler: answerInTurn(answerJSON(503, ``), answerJSON(429, `{}`), slowOK),
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "x"})
				return err
			},
			endpoint: "/check", orderID: "x", status: 200, attempts: 3, ok: true,
		},
		{
			name:    "check gives up",
			handler: answerJSON(503, `{"err": "maintenance"}`),
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "x"})
				return err
			},
			endpoint: "/check", orderID: "x", status: 503, attempts: 3,
		},
		{
			name: "card refused, with the card echoed",
			handler: answerJSON(400, fmt.Sprintf(`{"err": "PLATFORM_ERROR_DUPLICATED_ORDER_ID", "msg": "card %s cvv %s"}`,
				card.Number, card.CVV)),
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.PayCard(ctx, curlCardRequest())
				return err
			},
			endpoint: "/initPaymentHost2Host", pci: true, orderID: "order-42", status: 400,
			code: smartcore.ErrDuplicatedOrderID, attempts: 1,
		},
		{
			name:    "card outcome unknown",
			handler: answerJSON(502, ``),
			call: func(ctx context.Context, c *client.Client) error {
				_, err := c.PayCard(ctx, curlCardRequest())
				return err
			},
			endpoint: "/initPaymentHost2Host", pci: true, orderID: "order-42", status: 502, attempts: 1, unknown: true,
		},
		{
			name: "invalid request sends nothing",
			call: func(ctx context.Context, c *client.Client) error {
				req := curlCardRequest()
				req.Card.Number = ""
				_, err := c.PayCard(ctx, req)
				return err
			},
			endpoint: "/initPaymentHost2Host", pci: true, orderID: "order-42", attempts: 0,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := &callEvents{}
			host := newFakeHost(t, tc.handler)
			c := newTestClient(t, host, host, client.WithObserver(got.observe))
			err := tc.call(t.Context(), c)
			e := got.only(t)
			require.Equal(t, tc.endpoint, e.Endpoint)
			require.Equal(t, tc.pci, e.PCI)
			require.Equal(t, tc.orderID, e.OrderID)
			require.Equal(t, tc.status, e.HTTPStatus)
			require.Equal(t, tc.code, e.Code)
			require.Equal(t, tc.attempts, e.Attempts)
			require.Len(t, host.Hits(), tc.attempts)
			require.Equal(t, tc.unknown, e.OutcomeUnknown())
			require.Equal(t, err, e.Err, "the event carries the error the call returned")
			require.Equal(t, tc.ok, err == nil)
			require.Positive(t, e.Duration)
			if tc.ok {
				require.GreaterOrEqual(t, e.Duration, 3*time.Millisecond)
			}
			text := fmt.Sprintf("%+v", e)
			if e.Err != nil {
				text += e.Err.Error()
			}
			for _, s := range []string{card.Number, "cvv " + card.CVV, smartcore.SandboxSecret, "dGVzdDpxd2VydHk="} {
				require.NotContains(t, text, s)
			}
		})
	}
}

func TestObserverNotCalledForNilRequest(t *testing.T) {
	got := &callEvents{}
	host := newFakeHost(t, nil)
	c := newTestClient(t, host, host, client.WithObserver(got.observe))
	_, err := c.Check(t.Context(), nil)
	require.Error(t, err)
	require.Empty(t, got.list)
}

func TestWithObserverNil(t *testing.T) {
	_, err := client.New("k", "s", client.WithObserver(nil))
	require.ErrorContains(t, err, "WithObserver")
}
