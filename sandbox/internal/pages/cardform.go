package pages

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// cardEntry is what a shopper typed into a card form. It lives for one
// request: the number and the CVV are never stored, logged or rendered.
type cardEntry struct {
	Holder, Number, CVV string
	// Exp is the expiry as typed, re-shown after an error; ExpMonth and
	// ExpYear are its two-digit parts once it parsed.
	Exp, ExpMonth, ExpYear string
}

// fieldErrors maps a form input's name to what is wrong with it, in words
// a shopper understands. It never contains a submitted value but the
// expiry date, which is not secret and is re-shown in its field anyway.
type fieldErrors map[string]string

// fieldLabels are the card forms' inputs as their labels name them.
var fieldLabels = []struct{ name, label string }{
	{"card_number", "card number"}, {"card_exp", "expiry date"},
	{"card_cvv", "security code"}, {"card_holder", "name on card"},
}

// fieldNames lists the refused fields by their labels, in the form's
// order: "card number, expiry date".
func (e fieldErrors) fieldNames() string {
	var names []string
	for _, f := range fieldLabels {
		if _, ok := e[f.name]; ok {
			names = append(names, f.label)
		}
	}
	return strings.Join(names, ", ")
}

// readCardEntry reads a posted card form. The expiry is the single
// card_exp field (MM/YY); a client posting the API's card_exp_month and
// card_exp_year instead is understood too.
func readCardEntry(r *http.Request) cardEntry {
	number, _ := layout.CardDigits(strings.TrimSpace(r.PostFormValue("card_number"))) // check says what is wrong
	c := cardEntry{
		Holder: strings.TrimSpace(r.PostFormValue("card_holder")),
		Number: number, // spaces and dashes dropped
		CVV:    strings.TrimSpace(r.PostFormValue("card_cvv")),
		Exp:    strings.TrimSpace(r.PostFormValue("card_exp")),
	}
	if c.Exp == "" {
		m, y := strings.TrimSpace(r.PostFormValue("card_exp_month")), strings.TrimSpace(r.PostFormValue("card_exp_year"))
		if m != "" || y != "" {
			c.Exp = m + "/" + y
		}
	}
	return c
}

// check validates the entry as a payment page does, against the sandbox's
// clock for the expiry, and fills ExpMonth and ExpYear. payment is false
// for the payout form, which takes no security code and no name.
func (c *cardEntry) check(now time.Time, payment bool) fieldErrors {
	errs := fieldErrors{}
	switch {
	case c.Number == "":
		errs["card_number"] = "Enter the card number."
	case strings.Trim(c.Number, "0123456789") != "":
		errs["card_number"] = "The card number can only contain digits."
	case len(c.Number) < 12 || len(c.Number) > 19:
		errs["card_number"] = "The card number is incomplete: it has 12 to 19 digits."
	case !luhn(c.Number):
		errs["card_number"] = "This card number is not valid. Check it for typos."
	}
	if msg := c.parseExp(now); msg != "" {
		errs["card_exp"] = msg
	}
	if payment {
		switch {
		case c.CVV == "":
			errs["card_cvv"] = "Enter the security code from the back of the card."
		case strings.Trim(c.CVV, "0123456789") != "" || len(c.CVV) < 3 || len(c.CVV) > 4:
			errs["card_cvv"] = "The security code is 3 or 4 digits."
		}
	}
	if c.Holder == "" && payment {
		errs["card_holder"] = "Enter the name as it appears on the card."
	} else if len(c.Holder) > 100 {
		errs["card_holder"] = "The name is too long: at most 100 characters."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// parseExp splits Exp ("MM/YY", "MM / YY", "MMYY", "MM/YYYY", "M/YY") into
// ExpMonth and ExpYear, and returns what is wrong with it, or "". A card is
// valid through the last day of its expiry month.
func (c *cardEntry) parseExp(now time.Time) string {
	if c.Exp == "" {
		return "Enter the expiry date, as on the card: MM/YY."
	}
	const format = "Enter the expiry date as MM/YY, for example 12/30."
	var m, y string
	if i := strings.IndexByte(c.Exp, '/'); i >= 0 {
		m, y = strings.TrimSpace(c.Exp[:i]), strings.TrimSpace(c.Exp[i+1:])
	} else if d := strings.ReplaceAll(c.Exp, " ", ""); len(d) == 4 || len(d) == 6 {
		m, y = d[:2], d[2:]
	}
	month, errM := strconv.Atoi(m)
	year, errY := strconv.Atoi(y)
	switch {
	case errM != nil || errY != nil || len(m) > 2 || (len(y) != 2 && len(y) != 4) || strings.ContainsAny(m+y, "+-"):
		return format
	case month < 1 || month > 12:
		return "The expiry month must be between 01 and 12."
	}
	if len(y) == 4 {
		if year < 2000 || year > 2099 {
			return format
		}
		year -= 2000
	}
	c.ExpMonth, c.ExpYear = twoDigits(month), twoDigits(year)
	c.Exp = c.ExpMonth + "/" + c.ExpYear
	now = now.UTC()
	if 2000+year < now.Year() || 2000+year == now.Year() && time.Month(month) < now.Month() {
		return "This card expired in " + c.Exp + ". Check the date, or use a card that has not expired."
	}
	if 2000+year > now.Year()+20 {
		return "The expiry year is too far in the future. Check the date."
	}
	return ""
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// luhn reports whether a string of digits passes the Luhn checksum that
// every card number carries.
func luhn(digits string) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// accepted is the entry as the gateway takes it when problems (what
// check found) is empty, else nil.
func (c *cardEntry) accepted(problems fieldErrors) *Card {
	if len(problems) > 0 {
		return nil
	}
	return &Card{Number: c.Number, Holder: c.Holder, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear}
}
