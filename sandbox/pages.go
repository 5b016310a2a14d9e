package sandbox

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
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
	t := s.st.byID[r.PathValue("id")]
	var snap Transaction
	if t != nil {
		snap = t.snapshot()
	}
	s.mu.Unlock()
	if t == nil {
		render(w, http.StatusNotFound, "message", pageData{Title: "Not found", Message: "There is no such payment."})
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
		d := newPageData("Payment", t)
		d.Action = "/pay/" + t.ProcessingID
		render(w, http.StatusOK, "pay", d)
	case Stage3DS:
		http.Redirect(w, r, "/3ds/"+t.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/result/"+t.ProcessingID, http.StatusSeeOther)
	}
}

// postPay takes the card form: the card goes through the test-card rules
// exactly as a host-to-host payment would.
func (s *Sandbox) postPay(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read."})
		return
	}
	card := smartcore.Card{
		Holder:   strings.TrimSpace(r.PostFormValue("card_holder")),
		Number:   digitsOnly(r.PostFormValue("card_number")),
		ExpMonth: strings.TrimSpace(r.PostFormValue("card_exp_month")),
		ExpYear:  strings.TrimSpace(r.PostFormValue("card_exp_year")),
		CVV:      strings.TrimSpace(r.PostFormValue("card_cvv")),
	}
	problems := fieldProblems(validate.Struct(card))

	s.mu.Lock()
	t := s.st.byID[r.PathValue("id")]
	var snap Transaction
	switch {
	case t == nil || t.Stage != StageForm:
	case len(problems) > 0:
		snap = t.snapshot()
	default:
		class := paymentClass(card.Number)
		t.Card = cardInfo(card.Number, card.Holder, card.ExpMonth, card.ExpYear)
		switch {
		case class.decline != "":
			s.decline(t, class.decline)
		case class.challenge:
			t.Stage = Stage3DS
		default:
			s.approve(t)
		}
		snap = t.snapshot()
	}
	s.mu.Unlock()

	switch {
	case t == nil:
		render(w, http.StatusNotFound, "message", pageData{Title: "Not found", Message: "There is no such payment."})
	case snap.OrderID == "":
		render(w, http.StatusConflict, "message", pageData{Title: "Not awaiting a card", Message: "This payment is no longer waiting for card details."})
	case len(problems) > 0:
		d := newPageData("Payment", snap)
		d.Action = "/pay/" + snap.ProcessingID
		d.Errors, d.Holder, d.ExpMonth, d.ExpYear = problems, card.Holder, card.ExpMonth, card.ExpYear
		render(w, http.StatusUnprocessableEntity, "pay", d)
	case snap.Stage == Stage3DS:
		http.Redirect(w, r, "/3ds/"+snap.ProcessingID, http.StatusSeeOther)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
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
	d := newPageData("3-D Secure", t)
	d.Action = action + t.ProcessingID
	d.MD = t.ProcessingID
	render(w, http.StatusOK, "challenge", d)
}

// postChallenge settles a challenge from the button pressed ("action":
// approve, decline or cancel) and sends the browser on with a 303.
func (s *Sandbox) postChallenge(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read."})
		return
	}
	id := r.PathValue("id")
	var outcome Outcome
	switch r.PostFormValue("action") {
	case "approve":
		outcome = OutcomeSuccess
	case "decline":
		outcome = OutcomeDecline
	case "cancel":
		outcome = OutcomeCancel
	default:
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: `"action" must be approve, decline or cancel.`})
		return
	}
	if md := r.PostFormValue("MD"); md != "" && md != id {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "MD does not belong to this payment."})
		return
	}
	s.mu.Lock()
	t := s.st.byID[id]
	var snap Transaction
	if t != nil && t.Stage == Stage3DS {
		s.challengeResult(t, outcome)
		snap = t.snapshot()
	}
	s.mu.Unlock()
	switch {
	case t == nil:
		render(w, http.StatusNotFound, "message", pageData{Title: "Not found", Message: "There is no such payment."})
	case snap.OrderID == "":
		render(w, http.StatusConflict, "message", pageData{Title: "Not awaiting 3-D Secure", Message: "This payment is not waiting for 3-D Secure."})
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
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
	d := newPageData("Save a card", t)
	d.Action = "/tokenize/" + t.ProcessingID
	render(w, http.StatusOK, "tokenize", d)
}

// postTokenize saves the card entered for payouts. Any valid card number
// is saved; whether a withdrawal to it succeeds is decided then.
func (s *Sandbox) postTokenize(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, "message", pageData{Title: "Bad request", Message: "The form could not be read."})
		return
	}
	card := tokenCard{
		Number:   digitsOnly(r.PostFormValue("card_number")),
		ExpMonth: strings.TrimSpace(r.PostFormValue("card_exp_month")),
		ExpYear:  strings.TrimSpace(r.PostFormValue("card_exp_year")),
	}
	holder := strings.TrimSpace(r.PostFormValue("card_holder"))
	problems := fieldProblems(validate.Struct(card))

	s.mu.Lock()
	t := s.st.byID[r.PathValue("id")]
	var snap Transaction
	if t != nil && t.Stage == StageTokenize {
		if len(problems) == 0 {
			t.Card = cardInfo(card.Number, holder, card.ExpMonth, card.ExpYear)
			t.payoutDecline = withdrawalDecline(card.Number)
			s.approve(t)
		}
		snap = t.snapshot()
	}
	s.mu.Unlock()

	switch {
	case t == nil:
		render(w, http.StatusNotFound, "message", pageData{Title: "Not found", Message: "There is no such form."})
	case snap.OrderID == "":
		render(w, http.StatusConflict, "message", pageData{Title: "Already saved", Message: "This form is no longer waiting for a card."})
	case len(problems) > 0:
		d := newPageData("Save a card", snap)
		d.Action = "/tokenize/" + snap.ProcessingID
		d.Errors, d.Holder, d.ExpMonth, d.ExpYear = problems, holder, card.ExpMonth, card.ExpYear
		render(w, http.StatusUnprocessableEntity, "tokenize", d)
	default:
		http.Redirect(w, r, destination(snap), http.StatusSeeOther)
	}
}

// tokenCard is what the tokenize form validates: no CVV for payouts.
type tokenCard struct {
	Number   string `json:"card_number" validate:"required,pan"`
	ExpMonth string `json:"card_exp_month" validate:"required,expmonth"`
	ExpYear  string `json:"card_exp_year" validate:"required,expyear"`
}

func (s *Sandbox) getResult(w http.ResponseWriter, r *http.Request) {
	t, ok := s.pageTxn(w, r)
	if !ok {
		return
	}
	render(w, http.StatusOK, "result", newPageData(statusText(t), t))
}

// destination is where the browser goes once a page settled t: the
// order's success_url (success, or authorized) or fail_url, else the
// built-in result page.
func destination(t Transaction) string {
	ok := t.Status == smartcore.StatusSuccess || t.AuthorizeStatus == AuthorizeAuthorized
	switch {
	case ok && t.SuccessURL != "":
		return t.SuccessURL
	case !ok && t.Status == smartcore.StatusFail && t.FailURL != "":
		return t.FailURL
	}
	return "/result/" + t.ProcessingID
}

// fieldProblems turns a validation error into sentences for the page;
// validate never puts the submitted value in them.
func fieldProblems(err error) []string {
	if err == nil {
		return nil
	}
	var fe validate.Errors
	if !errors.As(err, &fe) {
		return []string{"The card details could not be checked."}
	}
	out := make([]string, len(fe))
	for i, f := range fe {
		out[i] = f.Message
	}
	return out
}

// digitsOnly drops the spaces and dashes people type in card numbers.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// render executes a page template into a buffer first, so that a template
// error cannot leave half a page behind.
func render(w http.ResponseWriter, status int, name string, d pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
