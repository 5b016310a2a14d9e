package smartcore

import (
	"fmt"
	"log/slog"
)

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
			v := redact(f.Value)
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
