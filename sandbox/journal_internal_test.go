package sandbox

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestJournalBoundsOrdersAndEvents(t *testing.T) {
	var j journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range journalOrders + 10 {
		j.received(fmt.Sprint("order-", i), "/check", at)
	}
	require.Len(t, j.orders, journalOrders)
	require.Equal(t, journalOrders, j.recent.Len())
	require.Nil(t, j.events("order-0"), "the least recently written order's history goes first")
	require.Len(t, j.events(fmt.Sprint("order-", journalOrders+9)), 1)

	// Writing to an order keeps it: order-10 is now the most recent.
	j.received("order-10", "/refund", at)
	j.received("new", "/check", at)
	require.Nil(t, j.events("order-11"))
	require.Len(t, j.events("order-10"), 2)

	for i := range journalEvents + 5 {
		j.received("busy", fmt.Sprint("/path-", i), at) // unanswered: never merged
	}
	ev := j.events("busy")
	require.Len(t, ev, journalEvents)
	require.Equal(t, "/path-5", ev[0].Path, "the oldest events go first")
	require.Equal(t, fmt.Sprint("/path-", journalEvents+4), ev[len(ev)-1].Path)

	j.forget("busy")
	require.Nil(t, j.events("busy"))
	require.Len(t, j.orders, j.recent.Len())
}

func TestJournalCountsRepeatedRequests(t *testing.T) {
	var j journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		seq := j.received("o", "/check", at)
		j.answered("o", seq, 200, "", "", at.Add(time.Duration(i)*time.Second))
	}
	seq := j.received("o", "/check", at)
	j.answered("o", seq, 404, CodeOrderNotFound, "gone", at)
	ev := j.events("o")
	require.Len(t, ev, 2)
	require.Equal(t, 3, ev[0].Count)
	require.Equal(t, at.Add(2*time.Second), ev[0].Last)
	require.Equal(t, 1, ev[1].Count)
	require.Equal(t, CodeOrderNotFound, ev[1].Code)

	// No order id, no event; an unknown handle changes nothing.
	require.Zero(t, j.received("", "/withdrawal/balance/get", at))
	j.answered("o", 12345, 500, "", "", at)
	require.Equal(t, ev, j.events("o"))
}

func TestJournalStateSkipsRepeats(t *testing.T) {
	var j journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tx := &txn{Transaction: Transaction{OrderID: "o", Status: smartcore.StatusProcessing, Stage: StageForm}}
	j.state(tx, true, at)
	j.state(tx, false, at) // nothing changed
	tx.Status, tx.Stage, tx.ErrorCode = smartcore.StatusFail, StageNone, smartcore.ErrFormTimeoutProcessing
	j.state(tx, false, at)
	j.state(tx, false, at)
	ev := j.events("o")
	require.Len(t, ev, 2)
	require.True(t, ev[0].Created)
	require.Equal(t, smartcore.ErrFormTimeoutProcessing, ev[1].ErrorCode)
}

func TestAnswerPrefix(t *testing.T) {
	require.Equal(t, "", answerPrefix(nil))
	require.Equal(t, "ok", answerPrefix([]byte("ok")))
	require.Equal(t, "caf", answerPrefix([]byte("café")[:4]), "a character cut in two is dropped")
	require.Equal(t, "café", answerPrefix([]byte("café")))
	require.Equal(t, "a\uFFFDb", answerPrefix([]byte("a\xffb")))
	require.True(t, strings.HasSuffix(answerPrefix([]byte("x€")[:3]), "x"))
}

func TestMaskedNumber(t *testing.T) {
	require.Equal(t, "401200******3010", maskedNumber("4012000000003010"))
	require.Equal(t, "401200******3010", maskedNumber("401200******3010"))
	require.Equal(t, "4012 00** **** 3010", maskedNumber("4012 0000 0000 3010"))
	require.Equal(t, "1234", maskedNumber("1234"))
}
