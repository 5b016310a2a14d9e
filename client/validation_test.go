package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
)

// The client's pre-flight check refuses only what the API document states
// (issue 9, section 1), and can be replaced or turned off.

// validationGateway is one httptest server standing for both hosts: the
// PCI host under /pci. It answers each request with the document's answer
// for that endpoint and records what it received.
type validationGateway struct {
	*httptest.Server
	mu     sync.Mutex
	bodies map[string][]string // path as received -> bodies
}

func newValidationGateway(t *testing.T) *validationGateway {
	t.Helper()
	answers := map[string]string{} // path as received -> the document's answer
	for _, ex := range docexamples.All() {
		p := ex.Path
		if ex.Host == docexamples.PCI {
			p = "/pci" + p
		}
		if _, ok := answers[p]; !ok {
			answers[p] = ex.Response
		}
	}
	g := &validationGateway{bodies: map[string][]string{}}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		g.bodies[r.URL.Path] = append(g.bodies[r.URL.Path], string(body))
		g.mu.Unlock()
		answer, ok := answers[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(g.Close)
	return g
}

// received returns the bodies received on path, in order.
func (g *validationGateway) received(path string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.bodies[path]...)
}

// total counts every request received.
func (g *validationGateway) total() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, b := range g.bodies {
		n += len(b)
	}
	return n
}

func (g *validationGateway) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	base := []client.Option{
		client.WithBaseURL(g.URL),
		client.WithPCIBaseURL(g.URL + "/pci"),
		client.WithRetry(1, 0),
	}
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// exampleSender decodes a request body into the example's request type
// and sends it with the client method for that example. It returns the
// decoded request and the call's error.
type exampleSender func(t *testing.T, c *client.Client, body string) (any, error)

func sendVia[T, R any](method func(*client.Client, context.Context, *T) (*R, error)) exampleSender {
	return func(t *testing.T, c *client.Client, body string) (any, error) {
		t.Helper()
		req := new(T)
		require.NoError(t, json.Unmarshal([]byte(body), req), "decoding %s", body)
		_, err := method(c, t.Context(), req)
		return req, err
	}
}

// exampleSenders maps each example of the document to the client method
// that sends it.
var exampleSenders = map[string]exampleSender{
	docexamples.InitPayment.Name:     sendVia((*client.Client).InitPayment),
	docexamples.MobileCommerce.Name:  sendVia((*client.Client).InitPayment),
	docexamples.CardPayment.Name:     sendVia((*client.Client).PayCard),
	docexamples.ApplePay.Name:        sendVia((*client.Client).PayApplePay),
	docexamples.GooglePay.Name:       sendVia((*client.Client).PayGooglePay),
	docexamples.Check.Name:           sendVia((*client.Client).Check),
	docexamples.Refund.Name:          sendVia((*client.Client).Refund),
	docexamples.Recurrent.Name:       sendVia((*client.Client).Recurrent),
	docexamples.TokenizeForm.Name:    sendVia((*client.Client).TokenizeForm),
	docexamples.CardWithdrawal.Name:  sendVia((*client.Client).WithdrawCard),
	docexamples.PhoneWithdrawal.Name: sendVia((*client.Client).WithdrawPhone),
	docexamples.TokenWithdrawal.Name: sendVia((*client.Client).WithdrawToken),
	docexamples.Balance.Name:         sendVia((*client.Client).Balance),
	docexamples.Authorize.Name:       sendVia((*client.Client).Authorize),
	docexamples.Capture.Name:         sendVia((*client.Client).Capture),
	docexamples.Cancel.Name:          sendVia((*client.Client).Cancel),
}

func exampleNamed(t *testing.T, name string) docexamples.Example {
	t.Helper()
	for _, ex := range docexamples.All() {
		if ex.Name == name {
			return ex
		}
	}
	t.Fatalf("no example %s", name)
	return docexamples.Example{}
}

// receivedPath is where the validation gateway receives ex.
func receivedPath(ex docexamples.Example) string {
	if ex.Host == docexamples.PCI {
		return "/pci" + ex.Path
	}
	return ex.Path
}

// requireNotRefusedLocally fails when err comes from the pre-flight check.
func requireNotRefusedLocally(t *testing.T, err error, what string) {
	t.Helper()
	var verrs validate.Errors
	require.False(t, errors.As(err, &verrs), "%s refused by the kit: %v", what, err)
	if err != nil {
		require.NotContains(t, err.Error(), "invalid request", what)
	}
}

// Every request body of the document, exactly as the document writes it,
// passes validate.Struct (and validate.Strict) and is sent by the client.
func TestEveryDocumentExampleIsSent(t *testing.T) {
	g := newValidationGateway(t)
	c := g.client(t)
	for _, ex := range docexamples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			send, ok := exampleSenders[ex.Name]
			require.True(t, ok, "no client method for the example %s", ex.Name)
			before := len(g.received(receivedPath(ex)))
			req, err := send(t, c, ex.Request)
			require.NoError(t, validate.Struct(req))
			require.NoError(t, validate.Strict(req), "the document's own examples meet the strict formats")
			requireNotRefusedLocally(t, err, ex.Name)
			require.NoError(t, err, "the document's answer is %s", ex.Response)
			require.Len(t, g.received(receivedPath(ex)), before+1, "the gateway received %s", ex.Name)
		})
	}
}

// issue9Values are the values of issue 9 that the kit used to refuse,
// with the examples whose request carries the member.
var issue9Values = []struct {
	member   string
	examples []string
	values   []string
}{
	{"customer_phone", []string{"InitPayment", "MobileCommerce", "CardPayment", "ApplePay", "GooglePay", "Authorize",
		"CardWithdrawal", "PhoneWithdrawal", "TokenWithdrawal"},
		[]string{"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"}},
	{"form_prefilled_phone", []string{"MobileCommerce"},
		[]string{"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"}},
	{"phone_withdrawal", []string{"PhoneWithdrawal"},
		[]string{"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"}},
	{"recur_exp", []string{"CardPayment", "ApplePay", "GooglePay"},
		[]string{"2023-12-13", "2023-12-13T14:00:53", "2023-12-13T14:00:53Z", "2023-12-13T14:00:53+0000",
			"2023-12-13T14:00:53.123+03:00"}},
	{"apple_pay_payment_method_network", []string{"ApplePay"},
		[]string{"mada", "Bancontact", "Dankort", "CarteBancaire", "QUICPay", "JCB"}},
	{"google_pay_payment_method_network", []string{"GooglePay"},
		[]string{"mada", "Bancontact", "Dankort", "CarteBancaire", "QUICPay", "JCB"}},
}

// strictAccepts are the values of issue9Values that the strict formats
// accept too.
var strictAccepts = map[string]bool{
	"442079460612": true, "2023-12-13T14:00:53Z": true, "2023-12-13T14:00:53.123+03:00": true, "JCB": true,
}

// The values of issue 9 reach the gateway unchanged through the default
// client; a client built with WithValidator(validate.Strict) still
// refuses those outside the strict formats, sending nothing.
func TestClientSendsWhatTheDocumentAllows(t *testing.T) {
	g := newValidationGateway(t)
	lenient, strict := g.client(t), g.client(t, client.WithValidator(validate.Strict))
	for _, tc := range issue9Values {
		for _, name := range tc.examples {
			ex := exampleNamed(t, name)
			for _, val := range tc.values {
				t.Run(tc.member+"/"+name+"/"+val, func(t *testing.T) {
					body := withJSONMember(t, ex.Request, tc.member, val)
					path := receivedPath(ex)
					before := len(g.received(path))

					req, err := exampleSenders[name](t, lenient, body)
					require.NoError(t, validate.Struct(req))
					requireNotRefusedLocally(t, err, tc.member+"="+val)
					got := g.received(path)
					require.Len(t, got, before+1, "sent")
					var sent map[string]any
					require.NoError(t, json.Unmarshal([]byte(got[len(got)-1]), &sent))
					require.Equal(t, val, sent[tc.member], "sent verbatim")

					total := g.total()
					_, err = exampleSenders[name](t, strict, body)
					if strictAccepts[val] {
						requireNotRefusedLocally(t, err, tc.member+"="+val)
						require.Equal(t, total+1, g.total(), "sent")
						return
					}
					var verrs validate.Errors
					require.ErrorAs(t, err, &verrs, "validate.Strict keeps the strict format")
					_, ok := verrs.Field(tc.member)
					require.True(t, ok, "%v", err)
					require.Equal(t, total, g.total(), "nothing sent")
				})
			}
		}
	}
}

// A client built WithoutValidation sends a request the kit refuses; the
// default client refuses it without sending.
func TestWithoutValidationSendsEverything(t *testing.T) {
	g := newValidationGateway(t)
	body := withJSONMember(t, docexamples.CardPayment.Request, "customer_email", "not an address")
	body = withJSONMember(t, body, "currency", "EURO")

	_, err := exampleSenders["CardPayment"](t, g.client(t), body)
	var verrs validate.Errors
	require.ErrorAs(t, err, &verrs, "the default client checks")
	require.Zero(t, g.total())

	c := g.client(t, client.WithoutValidation())
	req := new(smartcore.CardPaymentRequest)
	require.NoError(t, json.Unmarshal([]byte(body), req))
	_, err = c.PayCard(t.Context(), req)
	require.NoError(t, err)
	got := g.received("/pci/initPaymentHost2Host")
	require.Len(t, got, 1)
	require.Contains(t, got[0], `"customer_email":"not an address"`)

	// Even a request without its required members goes out.
	_, err = c.Check(t.Context(), &smartcore.CheckRequest{})
	requireNotRefusedLocally(t, err, "an empty check")
	require.Len(t, g.received("/check"), 1)
}

// A caller's validator replaces the kit's: it sees the request as it would
// be sent (payment_method filled in), its error comes back wrapped, and
// nothing is sent.
func TestWithValidatorErrorSendsNothing(t *testing.T) {
	g := newValidationGateway(t)
	errMine := errors.New("refused by the host's own rules")
	var seen []any
	c := g.client(t, client.WithValidator(func(v any) error {
		seen = append(seen, v)
		return errMine
	}))
	req := new(smartcore.CardPaymentRequest)
	require.NoError(t, json.Unmarshal([]byte(docexamples.CardPayment.Request), req))
	req.PaymentMethod = ""
	_, err := c.PayCard(t.Context(), req)
	require.ErrorIs(t, err, errMine)
	require.Contains(t, err.Error(), "/initPaymentHost2Host")
	require.Zero(t, g.total(), "no network call")
	require.Len(t, seen, 1)
	sent, ok := seen[0].(*smartcore.CardPaymentRequest)
	require.True(t, ok, "%T", seen[0])
	require.Equal(t, smartcore.MethodCard, sent.PaymentMethod)
	require.Empty(t, req.PaymentMethod, "the caller's request is not modified")

	// A validator that accepts lets through what the kit would refuse.
	c = g.client(t, client.WithValidator(func(any) error { return nil }))
	_, err = c.Check(t.Context(), &smartcore.CheckRequest{})
	requireNotRefusedLocally(t, err, "an empty check")
	require.Equal(t, 1, g.total())
}

func TestValidatorOptions(t *testing.T) {
	_, err := client.New("test", "qwerty", client.WithValidator(nil))
	require.ErrorContains(t, err, "WithoutValidation")

	// The last option wins.
	g := newValidationGateway(t)
	errMine := errors.New("mine")
	c := g.client(t, client.WithoutValidation(), client.WithValidator(func(any) error { return errMine }))
	_, err = c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o"})
	require.ErrorIs(t, err, errMine)
	c = g.client(t, client.WithValidator(func(any) error { return errMine }), client.WithoutValidation())
	_, err = c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "o"})
	requireNotRefusedLocally(t, err, "check")
	require.NotErrorIs(t, err, errMine)
}

// withJSONMember returns body with member set to val.
func withJSONMember(t *testing.T, body, member, val string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	m[member] = val
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return string(out)
}
