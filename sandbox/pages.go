package sandbox

import (
	"bytes"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// maxFormBytes caps a page's form submission.
const maxFormBytes = 16 << 10

// pageMux routes the hosted pages (see pageTemplates for their ids). Pages
// address a transaction by its processing id, never the merchant's order
// id. Every other path gets the API's JSON 404.
func (s *Sandbox) pageMux() *http.ServeMux {
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
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, CodeNotFound, "no such endpoint or page")
	})
	return m
}

// pageTxn returns a snapshot of the transaction a page URL names, or
// answers 404 itself.
func (s *Sandbox) pageTxn(w http.ResponseWriter, r *http.Request) (Transaction, bool) {
	s.mu.Lock()
	t := s.st.byProcessingID(r.PathValue("id"))
	var snap Transaction
	if t != nil {
		snap = t.snapshot()
	}
	s.mu.Unlock()
	if t == nil {
		notFoundPage(w)
		return Transaction{}, false
	}
	return snap, true
}

func (s *Sandbox) getPay(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	switch t.Stage {
	case StageForm:
		render(w, http.StatusOK, "pay", payPage(t, cardEntry{}, nil))
	case StageRedirect:
		if !s.followRedirect(w, r, t.ProcessingID) { // flow.go: settles a host-to-host payment
			http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		}
	case Stage3DS:
		http.Redirect(w, r, "/3ds/"+t.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
	}
}

// payPage is the card form for t, re-filled after a refused submission
// with the holder and the expiry only: the card number and the security
// code are never sent back to the browser.
func payPage(t Transaction, c cardEntry, errs fieldErrors) pageData {
	d := newPageData("Pay "+formatAmount(t.Amount, t.Currency), t)
	d.Action = "/pay/" + t.ProcessingID
	d.CancelAction = "/pay/" + t.ProcessingID + "/cancel"
	d.Errors, d.Holder, d.Exp, d.Payment = errs, c.Holder, c.Exp, true
	d.Cards, d.Script = testCards, script
	return d
}

// postPay takes the card form: the card goes through the test-card rules
// exactly as a host-to-host payment would. A refused form is shown again
// (422) with a message next to each field; an accepted one answers 303, so
// that the browser's back button never re-posts or re-shows a card.
func (s *Sandbox) postPay(w http.ResponseWriter, r *http.Request) {
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
	problems := card.check(s.cfg.clock.Now(), true)

	s.mu.Lock()
	t := s.st.byProcessingID(r.PathValue("id"))
	var snap Transaction
	switch {
	case t == nil || t.Stage != StageForm:
	case len(problems) > 0:
		snap = t.snapshot()
	default:
		class := s.cardRule(card.Number)
		t.Card = cardInfo(card.Number, card.Holder, card.ExpMonth, card.ExpYear)
		switch {
		case class.decline != "":
			s.decline(t, class.decline)
		case class.challenge:
			s.startChallenge(t) // flow.go: expires on the clock
		default:
			s.approve(t)
		}
		snap = t.snapshot()
	}
	s.mu.Unlock()

	switch {
	case t == nil:
		notFoundPage(w)
	case snap.OrderID == "":
		s.settledPage(w, r, "This payment is no longer waiting for card details.")
	case len(problems) > 0:
		render(w, http.StatusUnprocessableEntity, "pay", payPage(snap, card, problems))
	case snap.Stage == Stage3DS:
		http.Redirect(w, r, "/3ds/"+snap.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

// postCancel is the form's "Cancel and return" button: the shopper gives
// up before entering a card. The document has no code for that; the one
// it has for a buyer who "has not passed the card data entry form",
// FORM_TIMEOUT_PROCESSING_ERROR, is what the payment fails with, and the
// browser goes to the order's fail_url like after any failure.
func (s *Sandbox) postCancel(w http.ResponseWriter, r *http.Request) {
	s.finishInStage(w, r, r.PathValue("id"), StageForm, "This payment can no longer be cancelled here.",
		func(t *txn) { s.decline(t, smartcore.ErrFormTimeoutProcessing) })
}

// finishInStage applies act to the transaction id if it still waits in
// stage, then sends the browser on: to the transaction's destination, or
// to a page saying, in notWaiting, why nothing was done.
func (s *Sandbox) finishInStage(w http.ResponseWriter, r *http.Request, id string, stage Stage, notWaiting string, act func(*txn)) {
	s.mu.Lock()
	t := s.st.byProcessingID(id)
	var snap Transaction
	if t != nil && t.Stage == stage {
		act(t)
		snap = t.snapshot()
	}
	s.mu.Unlock()
	switch {
	case t == nil:
		notFoundPage(w)
	case snap.OrderID == "":
		s.settledPage(w, r, notWaiting)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

// settledPage answers a form posted to a transaction that is no longer
// waiting for it (paid, failed, or on to 3-D Secure): 409 with the way
// on to where the transaction stands.
func (s *Sandbox) settledPage(w http.ResponseWriter, r *http.Request, msg string) {
	d := pageData{Title: "Nothing to do here", Message: msg,
		Back: &link{URL: "/result/" + r.PathValue("id"), Label: "See the payment's status"}}
	render(w, http.StatusConflict, "message", d)
}

func notFoundPage(w http.ResponseWriter) {
	render(w, http.StatusNotFound, "message", pageData{Title: "Payment not found",
		Message: "There is no such payment. The link may be mistyped, or the sandbox forgot it after a restart.",
		Back:    &link{URL: "/", Label: "Sandbox home"}})
}

func (s *Sandbox) getChallenge(w http.ResponseWriter, r *http.Request) {
	s.showChallenge(w, r, "/3ds/")
}

// getACS is the sandbox's Access Control Server page, the acsurl of a
// host-to-host challenge. It shows the same challenge, and posts the answer
// to the sandbox's termUrl, /3ds/return/{id}, whatever TermUrl the
// merchant's form carried: the sandbox never sends a browser elsewhere but
// to the order's success or fail URL.
func (s *Sandbox) getACS(w http.ResponseWriter, r *http.Request) {
	s.showChallenge(w, r, "/3ds/return/")
}

func (s *Sandbox) showChallenge(w http.ResponseWriter, r *http.Request, action string) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	if t.Stage != Stage3DS {
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		return
	}
	s.challengeShown(t.ProcessingID) // flow.go: expiring now means "did not come back"
	d := newPageData("Confirm your payment", t)
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
func (s *Sandbox) postChallenge(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	id := r.PathValue("id")
	back := &link{URL: "/3ds/" + id, Label: "Back to the confirmation page"}
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read.", Back: back})
		return
	}
	var outcome ShopperAction
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
	s.finishInStage(w, r, id, Stage3DS, "This payment is not waiting for a 3-D Secure confirmation any more.",
		func(t *txn) { s.challengeResult(t, outcome) })
}

func (s *Sandbox) getTokenize(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	if t.Stage != StageTokenize {
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
		return
	}
	render(w, http.StatusOK, "tokenize", tokenizePage(t, cardEntry{}, nil))
}

// tokenizePage is the payout card form: like the payment form without the
// security code, and without the decline cards.
func tokenizePage(t Transaction, c cardEntry, errs fieldErrors) pageData {
	d := newPageData("Save a card", t)
	d.Action = "/tokenize/" + t.ProcessingID
	d.Errors, d.Holder, d.Exp, d.Script = errs, c.Holder, c.Exp, script
	return d
}

// postTokenize saves the card entered for payouts. Any valid card number
// is saved; whether a withdrawal to it succeeds is decided then.
func (s *Sandbox) postTokenize(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read.",
			Back: &link{URL: "/tokenize/" + r.PathValue("id"), Label: "Back to the form"}})
		return
	}
	card := readCardEntry(r)
	problems := card.check(s.cfg.clock.Now(), false) // as on the payment page, without a CVV

	s.mu.Lock()
	t := s.st.byProcessingID(r.PathValue("id"))
	var snap Transaction
	if t != nil && t.Stage == StageTokenize {
		if len(problems) == 0 {
			t.Card = cardInfo(card.Number, card.Holder, card.ExpMonth, card.ExpYear)
			t.payoutDecline = withdrawalDecline(card.Number)
			s.approve(t)
		}
		snap = t.snapshot()
	}
	s.mu.Unlock()

	switch {
	case t == nil:
		notFoundPage(w)
	case snap.OrderID == "":
		s.settledPage(w, r, "This form is no longer waiting for a card.")
	case len(problems) > 0:
		render(w, http.StatusUnprocessableEntity, "tokenize", tokenizePage(snap, card, problems))
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

func (s *Sandbox) getResult(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	render(w, http.StatusOK, "result", resultPage(t))
}

// destination is where the browser goes once a page settled t: the
// order's success_url (success, or authorized) or fail_url, else the
// built-in result page.
func destination(t Transaction) string {
	switch {
	case succeeded(t) && t.SuccessURL != "":
		return t.SuccessURL
	case !succeeded(t) && t.Status == smartcore.StatusFail && t.FailURL != "":
		return t.FailURL
	}
	return "/result/" + t.ProcessingID
}

func succeeded(t Transaction) bool {
	return t.Status == smartcore.StatusSuccess || t.AuthorizeStatus == AuthorizeAuthorized
}

// render executes a page template into a buffer first, so that a template
// error cannot leave half a page behind. Every page is no-store, so that
// the back button asks the server again instead of showing a filled form
// from the cache; the only script allowed is the pages' own, by its hash.
func render(w http.ResponseWriter, status int, name string, d pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src "+scriptHash+
		"; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
