package pages

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// A refused card form is answered with a 303 to the form's own URL with
// ?e=TOKEN, whose GET shows the messages (post, redirect, get): the
// browser's history then holds only GETs, so that Back or Reload never
// asks to "Confirm Form Resubmission". What the page needs again is kept
// here, on the server, under the random token: the messages, the holder
// and the expiry. The card number and the security code are never kept,
// nor put in the URL.

// refusedTTL is how long a refused form's messages can be shown again.
const refusedTTL = 15 * time.Minute

// refusedMax bounds how many refused forms are remembered; the oldest go
// first.
const refusedMax = 1000

// refusal is one refused submission, as its page shows it again.
type refusal struct {
	id, stage   string // the transaction and the form
	errs        fieldErrors
	holder, exp string
	at          time.Time
}

// refusals remembers the recent refused submissions by token; safe for
// concurrent use.
type refusals struct {
	mu    sync.Mutex
	byTok map[string]refusal
	order []string // tokens, oldest first
}

// put remembers r and returns its token.
func (rs *refusals) put(r refusal) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	tok := hex.EncodeToString(b[:])
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.byTok == nil {
		rs.byTok = map[string]refusal{}
	}
	for len(rs.order) >= refusedMax {
		delete(rs.byTok, rs.order[0])
		rs.order = rs.order[1:]
	}
	rs.byTok[tok] = r
	rs.order = append(rs.order, tok)
	return tok
}

// get returns the refusal tok names for the form stage of transaction id,
// if it is known and recent.
func (rs *refusals) get(tok, id, stage string, now time.Time) (refusal, bool) {
	if tok == "" {
		return refusal{}, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.byTok[tok]
	if !ok || r.id != id || r.stage != stage || now.Sub(r.at) > refusedTTL {
		return refusal{}, false
	}
	return r, true
}
