package checkout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

// Wallet names, as the "wallet" member of the wallet handler's request.
const (
	WalletGooglePay = "google_pay"
	WalletApplePay  = "apple_pay"
)

// DefaultMaxWalletBodyBytes is the wallet request limit when
// WalletOptions.MaxBodyBytes is zero. A Google Pay token is about 2 KiB,
// Apple Pay payment data about 4 KiB.
const DefaultMaxWalletBodyBytes = 64 << 10

// WalletOptions configures [NewWalletHandler].
type WalletOptions struct {
	// Options are shared with the payment form handler; Build returns the
	// order part (order, merchant_site — required for wallet payments —
	// and customer), whose FormPrefilledPhone is not used.
	Options

	// DecryptApplePay decrypts (and should verify the signature of) an Apple
	// Pay token's paymentData with the merchant's Payment Processing key,
	// returning the decrypted JSON whose base64 becomes apple_pay_dpan (see
	// "Wallet tokens" in the package documentation for why). Its error, or
	// empty data, is answered 500 (a key problem) unless the error is an
	// [*Error]; the error must not contain token data.
	// Default: nil, and "apple_pay" requests are answered 400.
	DecryptApplePay func(ctx context.Context, paymentData json.RawMessage) ([]byte, error)

	// MaxBodyBytes caps the request body; a larger one is answered 413.
	// Default: DefaultMaxWalletBodyBytes (64 KiB).
	MaxBodyBytes int64
}

// walletRequest is what the page's script POSTs.
type walletRequest struct {
	Wallet      string          `json:"wallet"`
	Token       string          `json:"token"`       // Google Pay: paymentMethodData.tokenizationData.token
	PaymentData json.RawMessage `json:"paymentData"` // Apple Pay: payment.token.paymentData
	Network     string          `json:"network"`     // cardNetwork or paymentMethod.network
}

type walletHandler struct {
	s        *settings
	decrypt  func(context.Context, json.RawMessage) ([]byte, error)
	maxBytes int64
}

// NewWalletHandler returns the handler that pays with the token a Google
// Pay or Apple Pay button produced in the browser. The page's script POSTs
// JSON (Content-Type application/json):
//
//	{"wallet":"google_pay","token":"<paymentMethodData.tokenizationData.token>","network":"VISA"}
//	{"wallet":"apple_pay","paymentData":{…payment.token.paymentData…},"network":"Visa"}
//
// network is paymentMethodData.info.cardNetwork or paymentMethod.network,
// passed through unchanged. The handler encodes the token as the document
// says ([GooglePayDPan]; [ApplePayDPan] of WalletOptions.DecryptApplePay's
// result), calls Build for the order, sets the client IP and return URLs as
// [New] does, calls PayGooglePay or PayApplePay and answers 200 with the
// JSON of [Next]: {"next":"redirect","url":…}, {"next":"3ds","url":…,
// "method":"POST","fields":{…}}, {"next":"done","status":2} or
// {"next":"pending","status":1}.
//
// Errors are always answered as JSON {"error":…,"reference":…} through the
// error handler: 405 for a method other than POST, 415 for another content
// type, 413 for a body over the limit, 400 for malformed JSON, an unknown
// wallet, a missing or malformed token, a network that is not a card
// network, or Apple Pay without DecryptApplePay; the gateway's failures as
// [StatusCode] says. Build is not called for a refused request.
//
// It returns an error for the reasons [New] does and a negative
// MaxBodyBytes.
func NewWalletHandler(opts WalletOptions) (http.Handler, error) {
	s, err := opts.settings(true)
	if err != nil {
		return nil, err
	}
	if opts.MaxBodyBytes < 0 {
		return nil, errors.New("checkout: negative WalletOptions.MaxBodyBytes")
	}
	s.handler = HandlerWallet
	h := &walletHandler{s: s, decrypt: opts.DecryptApplePay, maxBytes: opts.MaxBodyBytes}
	if h.maxBytes == 0 {
		h.maxBytes = DefaultMaxWalletBodyBytes
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *walletHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := h.s
	r = withJSONErrors(s.begin(r))
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.onError(w, r, &Error{Status: http.StatusMethodNotAllowed})
		return
	}
	in, err := h.decode(w, r)
	if err != nil {
		s.onError(w, r, err)
		return
	}
	r, order, ok := s.prepare(w, r)
	if !ok {
		return
	}
	resp, err := h.pay(r, order, in)
	n, ok := s.nextStep(w, r, resp, err)
	if !ok {
		return
	}
	noStore(w.Header())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(n)
	s.observeStep(r, n, http.StatusOK)
}

func badRequest(msg string, cause error) *Error {
	return &Error{Status: http.StatusBadRequest, Message: msg, Err: cause}
}

// decode reads and checks the request body. Its errors never quote the
// body: it holds the customer's payment token.
func (h *walletHandler) decode(w http.ResponseWriter, r *http.Request) (*walletRequest, error) {
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" ||
		(params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Message: "The request must be application/json."}
	}
	tooLarge := &Error{Status: http.StatusRequestEntityTooLarge, Message: "The request is too large."}
	if r.ContentLength > h.maxBytes {
		return nil, tooLarge
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.maxBytes))
	var in walletRequest
	err := dec.Decode(&in)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("data after the JSON object")
	}
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, tooLarge
		}
		return nil, badRequest("The request is not a valid JSON object.", jsonProblem(err))
	}
	switch in.Wallet {
	case WalletGooglePay:
		if !isJSONObject([]byte(in.Token)) {
			return nil, badRequest("The Google Pay token is missing or malformed.", errors.New("token is not a JSON object"))
		}
	case WalletApplePay:
		if h.decrypt == nil {
			return nil, badRequest("Apple Pay is not available.", errors.New("WalletOptions.DecryptApplePay is nil"))
		}
		if _, err := decodeApplePayData(in.PaymentData); err != nil {
			return nil, badRequest("The Apple Pay payment data is missing or malformed.", err)
		}
	default:
		return nil, badRequest(`"wallet" must be "google_pay" or "apple_pay".`, nil)
	}
	if validate.Var(in.Network, "required,cardnetwork") != nil {
		return nil, badRequest(`"network" must be a card network such as VISA.`, nil)
	}
	return &in, nil
}

// jsonProblem describes a decoding error by position or member name only,
// never by the offending text.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Errorf("JSON member %q has the wrong type", typ.Field)
	case errors.Is(err, io.EOF):
		return errors.New("empty body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("truncated JSON")
	}
	return errors.New("malformed JSON body")
}

func isJSONObject(b []byte) bool {
	t := strings.TrimSpace(string(b))
	return strings.HasPrefix(t, "{") && json.Valid([]byte(t))
}

// pay encodes the token and calls the gateway.
func (h *walletHandler) pay(r *http.Request, o *smartcore.InitPaymentRequest, in *walletRequest) (*smartcore.PaymentResponse, error) {
	ctx := r.Context()
	// A wallet button works only with JavaScript; the User-Agent helps the
	// issuer's 3-D Secure 2 risk analysis.
	browser := smartcore.Browser{UserAgent: r.UserAgent(), JSEnabled: smartcore.Bool(true)}
	if in.Wallet == WalletGooglePay {
		return h.s.gw.PayGooglePay(ctx, &smartcore.GooglePayPaymentRequest{
			Order: o.Order, MerchantSite: o.MerchantSite, Customer: o.Customer, IPAddress: o.IPAddress,
			ReturnURLs: o.ReturnURLs, DPan: GooglePayDPan(in.Token), Network: in.Network, Browser: browser,
		})
	}
	data, err := h.decrypt(ctx, in.PaymentData)
	if err != nil {
		return nil, fmt.Errorf("checkout: DecryptApplePay: %w", err)
	}
	if len(data) == 0 {
		return nil, errors.New("checkout: DecryptApplePay returned no data")
	}
	return h.s.gw.PayApplePay(ctx, &smartcore.ApplePayPaymentRequest{
		Order: o.Order, MerchantSite: o.MerchantSite, Customer: o.Customer, IPAddress: o.IPAddress,
		ReturnURLs: o.ReturnURLs, DPan: ApplePayDPan(data), Network: in.Network, Browser: browser,
	})
}
