package pages

import (
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// maxFormBytes caps a page's form submission.
const maxFormBytes = 16 << 10

// Gateway is what the pages need of the sandbox's core; the core
// implements it. Pages address a transaction by its processing id, never
// the merchant's order id. The methods that take a stage act only on a
// transaction waiting in it: for one that is not (any more), they return
// found true and a zero Txn (no OrderID), and change nothing.
type Gateway interface {
	// Now is the sandbox's clock.
	Now() time.Time
	// Txn returns a snapshot of the transaction id.
	Txn(id string) (t layout.Txn, found bool)
	// FollowRedirect settles a payment waiting in StageRedirect (its
	// form_url was opened: frictionless 3-D Secure) and returns it; false
	// when it is not waiting there.
	FollowRedirect(id string) (layout.Txn, bool)
	// EnterCard takes the card typed into the form of a transaction
	// waiting in stage (StageForm or StageTokenize): through the test-card
	// rules for a payment, saved for payouts for a tokenize form. A nil
	// card only looks the transaction up, as for a refused form.
	EnterCard(id, stage string, card *Card) (t layout.Txn, found bool)
	// Finish ends a transaction waiting in stage as the shopper chose.
	Finish(id, stage string, a Action) (t layout.Txn, found bool)
	// ChallengeShown records that the challenge of id was shown.
	ChallengeShown(id string)
	// Refused notes in the transaction's history, for the dashboard's
	// timeline, that a card form was submitted and refused; fields names
	// the refused fields in plain words (never a value). EnterCard and
	// Finish note what they did themselves.
	Refused(id, fields string)
	// NotFound answers a path that is no page with the API's JSON 404.
	NotFound(w http.ResponseWriter)
}

// Card is a card entered on a form, once checked.
type Card struct{ Number, Holder, ExpMonth, ExpYear string }

// Action is what a shopper did on a page.
type Action int

// The shoppers' actions.
const (
	CancelForm Action = iota + 1 // "Cancel and return" on the card form
	Approve                      // approved the 3-D Secure challenge
	Decline                      // declined it
	Cancel                       // cancelled it
)

// TestCards are the sandbox's test cards, for the list on the payment
// form: the card that succeeds, the one that asks for 3-D Secure, and
// declined ones with their codes.
type TestCards struct {
	Success, Challenge string
	Declined           []Declined
}

// Declined is a test card that is declined, and its code.
type Declined struct{ PAN, Code string }

// server serves the pages.
type server struct {
	g     Gateway
	cards []testCard
	// name is the merchant's display name; "" for merchant_site's host.
	name string
	// refused remembers refused submissions for the page that shows
	// them (refused.go).
	refused refusals
	// success is the card payouts succeed to, grouped.
	success string
}

// New returns the hosted pages' handler. name is the merchant's name as
// the pages show it; "" shows each order's merchant_site host.
func New(g Gateway, cards TestCards, name string) http.Handler {
	s := &server{g: g, cards: testCardList(cards), success: groupDigits(cards.Success), name: name}
	m := http.NewServeMux()
	m.HandleFunc("GET /pay/{id}", s.getPay)
	m.HandleFunc("POST /pay/{id}", s.postPay)
	m.HandleFunc("POST /pay/{id}/cancel", s.postCancel)
	m.HandleFunc("GET /3ds/{id}", s.getChallenge)
	m.HandleFunc("POST /3ds/{id}", s.postChallenge)
	m.HandleFunc("GET /acs/{id}", s.getACS)
	m.HandleFunc("POST /acs/{id}", s.getACS) // a 3-D Secure 1 merchant POSTs PaReq, MD and TermUrl here
	m.HandleFunc("POST /3ds/return/{id}", s.postChallenge)
	m.HandleFunc("GET /tokenize/{id}", s.getTokenize)
	m.HandleFunc("POST /tokenize/{id}", s.postTokenize)
	m.HandleFunc("GET /result/{id}", s.getResult)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		render(w, http.StatusOK, "message", pageData{Title: "SmartCore sandbox",
			Message: "The gateway host's API is at this address and the PCI DSS host's under /pci. " +
				"Payment pages appear here once an order asks for them."})
	})
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { g.NotFound(w) })
	return m
}

// pageTxn returns a snapshot of the transaction a page URL names, or
// answers 404 itself.
func (s *server) pageTxn(w http.ResponseWriter, r *http.Request) (layout.Txn, bool) {
	t, ok := s.g.Txn(r.PathValue("id"))
	if !ok {
		notFoundPage(w)
	}
	return t, ok
}

func (s *server) getPay(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	switch t.Stage {
	case layout.StageForm:
		c, errs := s.refusedEntry(r, t, layout.StageForm)
		render(w, http.StatusOK, "pay", s.payPage(t, c, errs))
	case layout.StageRedirect:
		if snap, ok := s.g.FollowRedirect(t.ProcessingID); ok { // settles a host-to-host payment
			http.Redirect(w, r, destination(snap), http.StatusSeeOther)
		} else {
			http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		}
	case layout.Stage3DS:
		http.Redirect(w, r, "/3ds/"+t.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
	}
}

// payPage is the card form for t, re-filled after a refused submission
// with the holder and the expiry only: the card number and the security
// code are never sent back to the browser.
func (s *server) payPage(t layout.Txn, c cardEntry, errs fieldErrors) pageData {
	d := s.newPageData("Pay "+layout.FormatAmount(t.Amount, t.Currency), t)
	d.Action = "/pay/" + t.ProcessingID
	d.CancelAction = "/pay/" + t.ProcessingID + "/cancel"
	d.Errors, d.Holder, d.Exp, d.Payment = errs, c.Holder, c.Exp, true
	d.Cards, d.Script = s.cards, script
	return d
}

// refusedEntry returns what the shopper entered and the messages of the
// refused submission the request's ?e= names, if any (see refused.go).
func (s *server) refusedEntry(r *http.Request, t layout.Txn, stage string) (cardEntry, fieldErrors) {
	rf, ok := s.refused.get(r.URL.Query().Get("e"), t.ProcessingID, stage, s.g.Now())
	if !ok {
		return cardEntry{}, nil
	}
	return cardEntry{Holder: rf.holder, Exp: rf.exp}, rf.errs
}

// redirectRefused answers a refused card form with a 303 to the form's
// page showing the messages (post, redirect, get: Back never re-posts),
// and notes the refusal in the transaction's history.
func (s *server) redirectRefused(w http.ResponseWriter, r *http.Request, path, stage string, t layout.Txn, c cardEntry, errs fieldErrors) {
	tok := s.refused.put(refusal{id: t.ProcessingID, stage: stage, errs: errs, holder: c.Holder, exp: c.Exp, at: s.g.Now()})
	s.g.Refused(t.ProcessingID, errs.fieldNames())
	http.Redirect(w, r, path+t.ProcessingID+"?e="+tok, http.StatusSeeOther)
}

// postPay takes the card form: the card goes through the test-card rules
// exactly as a host-to-host payment would. A refused form answers 303 to
// the form's page, which shows a message next to each field; an accepted
// one answers 303 too, so that the browser's back button never re-posts
// or re-shows a card.
func (s *server) postPay(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read.",
			Back: &link{URL: "/pay/" + r.PathValue("id"), Label: "Back to the payment form"}})
		return
	}
	// A shopper types this card into the gateway's own page, which checks
	// it as a payment page does (Luhn, a month 01-12 not in the past, a
	// 3-4 digit code), not only what the document asks of a merchant.
	card := readCardEntry(r)
	problems := card.check(s.g.Now(), true)
	snap, found := s.g.EnterCard(r.PathValue("id"), layout.StageForm, card.accepted(problems))
	switch {
	case !found:
		notFoundPage(w)
	case snap.OrderID == "":
		settledPage(w, r, "This payment is no longer waiting for card details.")
	case len(problems) > 0:
		s.redirectRefused(w, r, "/pay/", layout.StageForm, snap, card, problems)
	case snap.Stage == layout.Stage3DS:
		http.Redirect(w, r, "/3ds/"+snap.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

// postCancel is the form's "Cancel and return" button: the shopper gives
// up before entering a card. The document has no code for that; the one
// it has for a buyer who "has not passed the card data entry form",
// FORM_TIMEOUT_PROCESSING_ERROR, is what the payment fails with, and the
// browser goes to the order's fail_url like after any failure. The shop
// tells a cancel by that code (3DS_CANCEL_PROCESSING_ERROR after a
// challenge); the sandbox's own pages and dashboard say "cancelled".
func (s *server) postCancel(w http.ResponseWriter, r *http.Request) {
	s.finishInStage(w, r, r.PathValue("id"), layout.StageForm, "This payment can no longer be cancelled here.", CancelForm)
}

// finishInStage applies a to the transaction id if it still waits in
// stage, then sends the browser on: to the transaction's destination, or
// to a page saying, in notWaiting, why nothing was done.
func (s *server) finishInStage(w http.ResponseWriter, r *http.Request, id, stage, notWaiting string, a Action) {
	snap, found := s.g.Finish(id, stage, a)
	switch {
	case !found:
		notFoundPage(w)
	case snap.OrderID == "":
		settledPage(w, r, notWaiting)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

// settledPage answers a form posted to a transaction that is no longer
// waiting for it (paid, failed, or on to 3-D Secure): 409 with the way
// on to where the transaction stands.
func settledPage(w http.ResponseWriter, r *http.Request, msg string) {
	d := pageData{Title: "Nothing to do here", Message: msg,
		Back: &link{URL: "/result/" + r.PathValue("id"), Label: "See the payment's status"}}
	render(w, http.StatusConflict, "message", d)
}

func notFoundPage(w http.ResponseWriter) {
	render(w, http.StatusNotFound, "message", pageData{Title: "Payment not found",
		Message: "There is no such payment. The link may be mistyped, or the sandbox forgot it after a restart.",
		Back:    &link{URL: "/", Label: "Sandbox home"}})
}

func (s *server) getChallenge(w http.ResponseWriter, r *http.Request) {
	s.showChallenge(w, r, "/3ds/")
}

// getACS is the sandbox's Access Control Server page, the acsurl of a
// host-to-host challenge. It shows the same challenge, and posts the answer
// to the sandbox's termUrl, /3ds/return/{id}, whatever TermUrl the
// merchant's form carried: the sandbox never sends a browser elsewhere but
// to the order's success or fail URL.
func (s *server) getACS(w http.ResponseWriter, r *http.Request) {
	s.showChallenge(w, r, "/3ds/return/")
}

func (s *server) showChallenge(w http.ResponseWriter, r *http.Request, action string) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	if t.Stage != layout.Stage3DS {
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		return
	}
	s.g.ChallengeShown(t.ProcessingID) // expiring now means "did not come back"
	d := s.newPageData("Confirm your payment", t)
	d.Action = action + t.ProcessingID
	d.MD = t.ProcessingID
	d.Script = script // reloads the page when the back button restores it
	if t.Card != nil && len(t.Card.Number) >= 4 {
		d.CardLast4 = t.Card.Number[len(t.Card.Number)-4:]
	}
	render(w, http.StatusOK, "challenge", d)
}

// postChallenge settles a challenge from the button pressed ("action":
// approve, decline or cancel) and sends the browser on with a 303.
func (s *server) postChallenge(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	id := r.PathValue("id")
	back := &link{URL: "/3ds/" + id, Label: "Back to the confirmation page"}
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read.", Back: back})
		return
	}
	var outcome Action
	switch r.PostFormValue("action") {
	case "approve":
		outcome = Approve
	case "decline":
		outcome = Decline
	case "cancel":
		outcome = Cancel
	default:
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request",
			Message: "Choose Approve, Decline or Cancel on the confirmation page.", Back: back})
		return
	}
	if md := r.PostFormValue("MD"); md != "" && md != id {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request",
			Message: "This confirmation belongs to another payment (MD does not match).", Back: back})
		return
	}
	s.finishInStage(w, r, id, layout.Stage3DS, "This payment is not waiting for a 3-D Secure confirmation any more.", outcome)
}

func (s *server) getTokenize(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	if t.Stage != layout.StageTokenize {
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		return
	}
	c, errs := s.refusedEntry(r, t, layout.StageTokenize)
	render(w, http.StatusOK, "tokenize", s.tokenizePage(t, c, errs))
}

// tokenizePage is the payout card form: like the payment form without the
// security code, and without the decline cards.
func (s *server) tokenizePage(t layout.Txn, c cardEntry, errs fieldErrors) pageData {
	d := s.newPageData("Save a card", t)
	d.Action = "/tokenize/" + t.ProcessingID
	d.Errors, d.Holder, d.Exp, d.Script = errs, c.Holder, c.Exp, script
	return d
}

// postTokenize saves the card entered for payouts. Any valid card number
// is saved; whether a withdrawal to it succeeds is decided then.
func (s *server) postTokenize(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read.",
			Back: &link{URL: "/tokenize/" + r.PathValue("id"), Label: "Back to the form"}})
		return
	}
	card := readCardEntry(r)
	problems := card.check(s.g.Now(), false) // as on the payment page, without a CVV
	snap, found := s.g.EnterCard(r.PathValue("id"), layout.StageTokenize, card.accepted(problems))
	switch {
	case !found:
		notFoundPage(w)
	case snap.OrderID == "":
		settledPage(w, r, "This form is no longer waiting for a card.")
	case len(problems) > 0:
		s.redirectRefused(w, r, "/tokenize/", layout.StageTokenize, snap, card, problems)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

func (s *server) getResult(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	render(w, http.StatusOK, "result", s.resultPage(t))
}

// destination is where the browser goes once a page settled t: the
// order's success_url (success, or authorized) or fail_url, else the
// built-in result page.
func destination(t layout.Txn) string {
	switch {
	case t.Succeeded() && t.SuccessURL != "":
		return t.SuccessURL
	case !t.Succeeded() && t.Status == smartcore.StatusFail && t.FailURL != "":
		return t.FailURL
	}
	return "/result/" + t.ProcessingID
}

// render sends a page; the only script allowed is the pages' own, by its
// hash.
func render(w http.ResponseWriter, status int, name string, d pageData) {
	layout.Render(w, status, pages, name, d, csp)
}
