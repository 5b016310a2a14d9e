package smartcore

import (
	"fmt"
	"log/slog"
)

// LogValue returns the callback for a log line: its order, status, amounts,
// type and outcome, and the undocumented parameters with any card number
// masked (MaskCardNumbers). Raw, Sign and the customer's name and phone
// number are left out: Raw is the whole body, card fields included, and is
// meant for storage the application protects, not for logs.
func (c Callback) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("order_id", c.OrderID),
		slog.String("status", c.Status.String()),
		slog.Int64("amount", c.Amount),
	}
	if c.FinalAmount != 0 {
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
			extra[i] = slog.String(f.Key, MaskCardNumbers(f.Value))
		}
		attrs = append(attrs, slog.Attr{Key: "extra", Value: slog.GroupValue(extra...)})
	}
	return slog.GroupValue(attrs...)
}

// Format prints the callback as LogValue shows it, whatever the verb, so
// that printing one with fmt or log cannot reveal Raw.
func (c Callback) Format(f fmt.State, _ rune) { writeRedacted(f, "smartcore.Callback", c.LogValue()) }
