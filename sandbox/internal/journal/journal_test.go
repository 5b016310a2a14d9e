package journal

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestJournalBoundsOrdersAndEvents(t *testing.T) {
	var j Journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range Orders + 10 {
		j.Received(fmt.Sprint("order-", i), "/check", at)
	}
	require.Len(t, j.orders, Orders)
	require.Equal(t, Orders, j.recent.Len())
	require.Nil(t, j.Events("order-0"), "the least recently written order's history goes first")
	require.Len(t, j.Events(fmt.Sprint("order-", Orders+9)), 1)

	// Writing to an order keeps it: order-10 is now the most recent.
	j.Received("order-10", "/refund", at)
	j.Received("new", "/check", at)
	require.Nil(t, j.Events("order-11"))
	require.Len(t, j.Events("order-10"), 2)

	for i := range EventsPerOrder + 5 {
		j.Received("busy", fmt.Sprint("/path-", i), at) // unanswered: never merged
	}
	ev := j.Events("busy")
	require.Len(t, ev, EventsPerOrder)
	require.Equal(t, "/path-5", ev[0].Path, "the oldest events go first")
	require.Equal(t, fmt.Sprint("/path-", EventsPerOrder+4), ev[len(ev)-1].Path)

	j.Forget("busy")
	require.Nil(t, j.Events("busy"))
	require.Len(t, j.orders, j.recent.Len())
}

func TestJournalCountsRepeatedRequests(t *testing.T) {
	var j Journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		seq := j.Received("o", "/check", at)
		j.Answered("o", seq, 200, "", "", at.Add(time.Duration(i)*time.Second))
	}
	seq := j.Received("o", "/check", at)
	j.Answered("o", seq, 404, "ORDER_NOT_FOUND", "gone", at)
	ev := j.Events("o")
	require.Len(t, ev, 2)
	require.Equal(t, 3, ev[0].Count)
	require.Equal(t, at.Add(2*time.Second), ev[0].Last)
	require.Equal(t, 1, ev[1].Count)
	require.Equal(t, "ORDER_NOT_FOUND", ev[1].Code)

	// No order id, no event; an unknown handle changes nothing.
	require.Zero(t, j.Received("", "/withdrawal/balance/get", at))
	j.Answered("o", 12345, 500, "", "", at)
	require.Equal(t, ev, j.Events("o"))
}

func TestJournalStateSkipsRepeats(t *testing.T) {
	var j Journal
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	e := Event{Time: at, Status: smartcore.StatusProcessing, Stage: "form", Created: true}
	j.State("o", e)
	e.Created = false
	j.State("o", e) // nothing changed
	e.Status, e.Stage, e.ErrorCode = smartcore.StatusFail, "", smartcore.ErrFormTimeoutProcessing
	j.State("o", e)
	j.State("o", e)
	ev := j.Events("o")
	require.Len(t, ev, 2)
	require.True(t, ev[0].Created)
	require.Equal(t, smartcore.ErrFormTimeoutProcessing, ev[1].ErrorCode)
}
