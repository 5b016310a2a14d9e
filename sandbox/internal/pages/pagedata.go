package pages

import (
	"html/template"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// pageData is what every page template receives.
type pageData struct {
	Title string
	T     layout.Txn
	// Merchant names the shop to the shopper: the sandbox's merchant name,
	// else merchant_site's host, else a neutral name. Initial is its first
	// letter, for the logo; "" (no logo) when it has none, as an IP address.
	Merchant, Initial string
	Amount            string
	Action            string
	// CancelAction is where the card form's Cancel button posts.
	CancelAction string
	MD           string
	// Errors are the refused fields' messages by input name.
	Errors fieldErrors
	// Holder and Exp re-fill the form after an error; the card number
	// and the security code never are.
	Holder, Exp string
	Payment     bool
	Cards       []testCard
	Success     string
	CardLast4   string
	StatusCode  int
	StatusText  string
	// Tone colours a result: "ok", "bad" or "wait".
	Tone string
	// Reason says in plain words why a payment failed.
	Reason  string
	Message string
	// Back is the page's way back; every page but the card forms has one.
	Back   *link
	Script template.JS
}

// link is a labelled URL.
type link struct{ URL, Label string }

// testCard is one row of the test-card list on the payment form, in the
// shopper's words: the codes are the dashboard's.
type testCard struct{ Number, Does string }

// testCardList is the list of test cards the payment form shows, with
// what each does.
func testCardList(tc TestCards) []testCard {
	cards := []testCard{
		{Number: tc.Success, Does: "succeeds without 3-D Secure."},
		{Number: tc.Challenge, Does: "asks for 3-D Secure: you approve, decline or cancel."},
	}
	for _, d := range tc.Declined {
		code := smartcore.ErrorCode(d.Code)
		cards = append(cards, testCard{Number: d.PAN, Does: "is declined: " + lowerFirst(layout.DeclineReason(code))})
	}
	for i := range cards {
		cards[i].Number = groupDigits(cards[i].Number)
	}
	return cards
}

func (s *server) newPageData(title string, t layout.Txn) pageData {
	merchant := s.name
	if merchant == "" {
		merchant = merchantName(t.MerchantSite)
	}
	return pageData{
		Title:      title,
		T:          t,
		Merchant:   merchant,
		Initial:    initial(merchant),
		Amount:     layout.FormatAmount(t.Amount, t.Currency),
		Success:    s.success,
		StatusCode: int(t.Status),
		StatusText: statusText(t),
	}
}

// resultPage is the built-in page a settled payment shows when the order
// has no URL to return to, or when the shopper comes back to its form. It
// always offers a way back: to the order's success or fail URL, else to
// the merchant's site.
func (s *server) resultPage(t layout.Txn) pageData {
	d := s.newPageData(statusText(t), t)
	switch {
	case t.Succeeded():
		d.Tone = "ok"
		d.Back = returnLink(t.SuccessURL, t.MerchantSite, "Return to "+d.Merchant)
	case cancelled(t):
		d.Tone = "wait"
		d.Reason = cancelReason(t.ErrorCode)
		d.Back = returnLink(t.FailURL, t.MerchantSite, "Return to "+d.Merchant)
	case t.Status == smartcore.StatusFail:
		d.Tone = "bad"
		d.Reason = layout.DeclineReason(t.ErrorCode)
		label := "Try another card at " + d.Merchant
		if t.Type == layout.TypeTokenize || t.Type == smartcore.TypeWithdrawal {
			label = "Return to " + d.Merchant
		}
		d.Back = returnLink(t.FailURL, t.MerchantSite, label)
	default:
		d.Tone = "wait"
		switch t.Stage {
		case layout.StageForm:
			d.Back = &link{URL: "/pay/" + t.ProcessingID, Label: "Back to the payment form"}
		case layout.Stage3DS:
			d.Back = &link{URL: "/3ds/" + t.ProcessingID, Label: "Back to the bank's confirmation"}
		case layout.StageTokenize:
			d.Back = &link{URL: "/tokenize/" + t.ProcessingID, Label: "Back to the form"}
		default:
			d.Back = returnLink("", t.MerchantSite, "Return to "+d.Merchant)
		}
	}
	return d
}

// returnLink links to the first of the order's return URL and the
// merchant's site that is an http(s) URL, or to the sandbox's home.
func returnLink(orderURL, site, label string) *link {
	for _, u := range []string{orderURL, site} {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" {
			return &link{URL: u, Label: label}
		}
	}
	return &link{URL: "/", Label: "Sandbox home"}
}

// merchantName is the merchant's site as a shopper recognises it: its
// host without "www.", or "the merchant".
func merchantName(site string) string {
	if p, err := url.Parse(site); err == nil && p.Hostname() != "" {
		return strings.TrimPrefix(p.Hostname(), "www.")
	}
	if site = strings.TrimSpace(site); site != "" && len(site) <= 60 {
		return site
	}
	return "the merchant"
}

// initial is the first letter of name, upper case, for the logo; "" when
// name has none ("127.0.0.1" would make a "1" logo).
func initial(name string) string {
	for _, r := range name {
		if unicode.IsLetter(r) {
			return string(unicode.ToUpper(r))
		}
	}
	return ""
}

// cancelled reports whether t ended because the shopper left it: the
// card form's Cancel (or a form nobody filled in), or the Cancel of the
// 3-D Secure page. No money moved, and there is no card to try again.
func cancelled(t layout.Txn) bool {
	return t.Status == smartcore.StatusFail && t.Type != layout.TypeTokenize &&
		(t.ErrorCode == smartcore.ErrFormTimeoutProcessing || t.ErrorCode == smartcore.Err3DSCancelProcessing)
}

// cancelReason says what happened to a cancelled payment.
func cancelReason(code smartcore.ErrorCode) string {
	if code == smartcore.Err3DSCancelProcessing {
		return "You cancelled the payment at your bank's confirmation. No money was taken."
	}
	return "The payment was cancelled before a card was entered. No money was taken."
}

// groupDigits writes a card number in groups of four.
func groupDigits(pan string) string {
	var b strings.Builder
	for i, r := range pan {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func statusText(t layout.Txn) string {
	if t.Type == layout.TypeTokenize {
		switch t.Status {
		case smartcore.StatusSuccess:
			return "Card saved"
		case smartcore.StatusFail:
			return "Card not saved"
		}
		return "Card pending"
	}
	switch {
	case t.Status == smartcore.StatusSuccess:
		return "Payment successful"
	case t.AuthorizeStatus == layout.AuthorizeAuthorized:
		return "Payment authorized"
	case cancelled(t):
		return "Payment cancelled"
	case t.Status == smartcore.StatusFail:
		return "Payment failed"
	}
	return "Payment pending"
}
