package smartcore

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
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

// MaskPAN returns a card number with all but the first 6 and last 4 digits
// replaced by '*' ("401200******3010"), the form the gateway itself reports.
// A value too short to be a card number (under 13 characters) is masked
// entirely; "" stays "".
func MaskPAN(pan string) string {
	if len(pan) < 13 {
		return strings.Repeat("*", len(pan))
	}
	return pan[:6] + strings.Repeat("*", len(pan)-10) + pan[len(pan)-4:]
}

// redact returns "[redacted]" for a non-empty value and "" for an empty one,
// so that a log still shows whether the value was set.
func redact(s string) string {
	if s == "" {
		return ""
	}
	return redactedText
}

func (c Card) sensitive() sensitive {
	return sensitive{pans: []string{c.Number}, tokens: []string{c.CVV}}
}

// LogValue returns the card with the number masked and the CVV redacted.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("card_holder", c.Holder),
		slog.String("card_number", MaskPAN(c.Number)),
		slog.String("card_exp_month", c.ExpMonth),
		slog.String("card_exp_year", c.ExpYear),
		slog.String("card_cvv", redact(c.CVV)),
	)
}

// Format prints the card as LogValue shows it, whatever the verb.
func (c Card) Format(f fmt.State, _ rune) { writeRedacted(f, "smartcore.Card", c.LogValue()) }

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
		slog.String("apple_pay_dpan", redact(r.DPan)),
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
		slog.String("google_pay_dpan", redact(r.DPan)),
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

// String describes the client without its secret: merchant key and hosts.
func (c Client) String() string {
	return "smartcore.Client{merchantKey: " + strconv.Quote(c.merchantKey) +
		", baseURL: " + strconv.Quote(c.baseURL) +
		", pciBaseURL: " + strconv.Quote(c.pciBaseURL) +
		", secret: " + redactedText + "}"
}

// GoString is String, so that %#v does not dump the secret either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb: without it, verbs such as %d or %x
// would print the struct's fields, the secret among them.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue returns the merchant key and hosts, never the secret.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_key", c.merchantKey),
		slog.String("base_url", c.baseURL),
		slog.String("pci_base_url", c.pciBaseURL),
	)
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
