package smartcore

// Redaction: every rule that keeps card data and secrets out of logs,
// printed values and error text lives here (and, for the parts the client
// shares, in internal/redact).

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore/internal/redact"
)

// The request types that carry card data implement slog.LogValuer and
// fmt.Formatter with value receivers, so that neither slog nor any fmt verb
// (%v, %+v, %#v, %s, even %d) on a value or a pointer prints a full card
// number, a CVV or a DPAN. They list an allow-list of fields rather than
// hiding a deny-list: a field added later stays out of logs until someone
// decides it is safe.
//
// Card is embedded in CardPaymentRequest and AuthorizeRequest, which define
// their own methods; any other struct embedding Card inherits Card's and
// prints as the card alone, which errs on the safe side.

// MaskCardNumbers returns text with every run of 13 to 19 digits that
// passes the Luhn check (a card number) masked to its first 6 and last 4
// digits, for text that may quote one: a gateway message, a logged value.
func MaskCardNumbers(text string) string { return redact.CardNumbers(text, nil) }

// MaskPAN returns a card number with all but the first 6 and last 4 digits
// replaced by '*' ("401200******3010"), the form the gateway itself reports.
// A value too short to be a card number (under 13 characters) is masked
// entirely; "" stays "".
func MaskPAN(pan string) string { return redact.PAN(pan) }

// LogValue returns the card with the number masked and the CVV redacted.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("card_holder", c.Holder),
		slog.String("card_number", MaskPAN(c.Number)),
		slog.String("card_exp_month", c.ExpMonth),
		slog.String("card_exp_year", c.ExpYear),
		slog.String("card_cvv", redact.Value(c.CVV)),
	)
}

// Format prints the card as LogValue shows it, whatever the verb.
func (c Card) Format(f fmt.State, _ rune) { writeRedacted(f, "smartcore.Card", c.LogValue()) }

// LogValue returns the callback for a log line: its order, status, amounts
// (amount "unknown" when AmountUnknown), type and outcome (a card number in
// the gateway's message masked), and the names of the undocumented
// parameters, whose values are "[redacted]" except card_number's, masked as
// MaskCardNumbers does. Raw, Sign and the customer's name and phone number
// are left out: Raw is the whole body and is meant for storage the
// application protects, not for logs.
func (c Callback) LogValue() slog.Value {
	amount := slog.Int64("amount", c.Amount)
	if c.AmountUnknown {
		amount = slog.String("amount", "unknown")
	}
	attrs := []slog.Attr{
		slog.String("order_id", c.OrderID),
		slog.String("status", c.Status.String()),
		amount,
	}
	if c.HasFinalAmount || c.FinalAmount != 0 {
		attrs = append(attrs, slog.Int64("final_amount", c.FinalAmount))
	}
	for _, a := range [...]slog.Attr{
		slog.String("currency", c.Currency),
		slog.String("type", string(c.Type)),
		slog.String("message", MaskCardNumbers(c.Message)),
		slog.String("error_category", string(c.ErrorCategory)),
	} {
		if a.Value.String() != "" {
			attrs = append(attrs, a)
		}
	}
	if len(c.Extra) > 0 {
		extra := make([]slog.Attr, len(c.Extra))
		for i, f := range c.Extra {
			// An allow-list, as for requests: an extra parameter may carry
			// the card holder's name or anything the gateway adds later.
			v := redact.Value(f.Value)
			if f.Key == "card_number" {
				v = MaskCardNumbers(f.Value)
			}
			extra[i] = slog.String(f.Key, v)
		}
		attrs = append(attrs, slog.Attr{Key: "extra", Value: slog.GroupValue(extra...)})
	}
	return slog.GroupValue(attrs...)
}

// Format prints the callback as LogValue shows it, whatever the verb, so
// that printing one with fmt or log cannot reveal Raw.
func (c Callback) Format(f fmt.State, _ rune) { writeRedacted(f, "smartcore.Callback", c.LogValue()) }

func orderAttrs(o Order) []slog.Attr {
	return []slog.Attr{
		slog.String("account", o.Account),
		slog.String("order_id", o.OrderID),
		slog.Int64("amount", o.Amount),
		slog.String("currency", o.Currency),
	}
}

// LogValue returns the order, merchant site and masked card; customer data
// is left out.
func (r CardPaymentRequest) LogValue() slog.Value {
	attrs := append([]slog.Attr{slog.String("payment_method", r.PaymentMethod)}, orderAttrs(r.Order)...)
	attrs = append(attrs, slog.String("merchant_site", r.MerchantSite), slog.Attr{Key: "card", Value: r.Card.LogValue()})
	return slog.GroupValue(attrs...)
}

// Format prints the request as LogValue shows it, whatever the verb.
func (r CardPaymentRequest) Format(f fmt.State, _ rune) {
	writeRedacted(f, "smartcore.CardPaymentRequest", r.LogValue())
}

// LogValue returns the order, merchant site and masked card; customer data
// is left out.
func (r AuthorizeRequest) LogValue() slog.Value {
	attrs := append(orderAttrs(r.Order), slog.String("merchant_site", r.MerchantSite), slog.Attr{Key: "card", Value: r.Card.LogValue()})
	return slog.GroupValue(attrs...)
}

// Format prints the request as LogValue shows it, whatever the verb.
func (r AuthorizeRequest) Format(f fmt.State, _ rune) {
	writeRedacted(f, "smartcore.AuthorizeRequest", r.LogValue())
}

// LogValue returns the order, merchant site and card network with the DPAN
// redacted; customer data is left out.
func (r ApplePayPaymentRequest) LogValue() slog.Value {
	attrs := append([]slog.Attr{slog.String("payment_method", r.PaymentMethod)}, orderAttrs(r.Order)...)
	attrs = append(attrs,
		slog.String("merchant_site", r.MerchantSite),
		slog.String("apple_pay_dpan", redact.Value(r.DPan)),
		slog.String("apple_pay_payment_method_network", r.Network))
	return slog.GroupValue(attrs...)
}

// Format prints the request as LogValue shows it, whatever the verb.
func (r ApplePayPaymentRequest) Format(f fmt.State, _ rune) {
	writeRedacted(f, "smartcore.ApplePayPaymentRequest", r.LogValue())
}

// LogValue returns the order, merchant site and card network with the DPAN
// redacted; customer data is left out.
func (r GooglePayPaymentRequest) LogValue() slog.Value {
	attrs := append([]slog.Attr{slog.String("payment_method", r.PaymentMethod)}, orderAttrs(r.Order)...)
	attrs = append(attrs,
		slog.String("merchant_site", r.MerchantSite),
		slog.String("google_pay_dpan", redact.Value(r.DPan)),
		slog.String("google_pay_payment_method_network", r.Network))
	return slog.GroupValue(attrs...)
}

// Format prints the request as LogValue shows it, whatever the verb.
func (r GooglePayPaymentRequest) Format(f fmt.State, _ rune) {
	writeRedacted(f, "smartcore.GooglePayPaymentRequest", r.LogValue())
}

// LogValue returns the payout with the card number masked; payee data is
// left out.
func (r CardWithdrawalRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("payment_method", r.PaymentMethod),
		slog.String("account", r.Account),
		slog.String("order_id", r.OrderID),
		slog.Int64("amount", r.Amount),
		slog.String("customer_card_number", MaskPAN(r.CardNumber)),
		slog.String("customer_card_exp_month", r.CardExpMonth),
		slog.String("customer_card_exp_year", r.CardExpYear),
	)
}

// Format prints the request as LogValue shows it, whatever the verb.
func (r CardWithdrawalRequest) Format(f fmt.State, _ rune) {
	writeRedacted(f, "smartcore.CardWithdrawalRequest", r.LogValue())
}

// writeRedacted renders a LogValue group as "name{key: value, ...}".
func writeRedacted(f fmt.State, name string, v slog.Value) {
	var b strings.Builder
	b.WriteString(name)
	writeValue(&b, v)
	_, _ = f.Write([]byte(b.String()))
}

func writeValue(b *strings.Builder, v slog.Value) {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		b.WriteByte('{')
		for i, a := range v.Group() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.Key)
			b.WriteString(": ")
			writeValue(b, a.Value)
		}
		b.WriteByte('}')
	case slog.KindString:
		b.WriteString(strconv.Quote(v.String()))
	default:
		b.WriteString(v.String())
	}
}
