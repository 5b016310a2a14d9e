package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

// The instant an ISO 8601 recur_exp names: zones honoured, none meaning
// UTC, fractions kept, a leap second the next minute.
func TestParseISO8601Instants(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return v
	}
	for in, want := range map[string]time.Time{
		"2023-12-13T14:00:53.421Z":          at("2023-12-13T14:00:53.421Z"),
		"2023-12-13T14:00:53,5Z":            at("2023-12-13T14:00:53.5Z"),
		"20231213T140053Z":                  at("2023-12-13T14:00:53Z"),
		"2023-12-13T14:00:53+01:00":         at("2023-12-13T13:00:53Z"),
		"2023-12-13T14:00:53-0530":          at("2023-12-13T19:30:53Z"),
		"2023-12-13T14:00:53+01":            at("2023-12-13T13:00:53Z"),
		"2023-12-13T14:00":                  at("2023-12-13T14:00:00Z"),
		"2023-12-13T14":                     at("2023-12-13T14:00:00Z"),
		"2023-12-13T23:59:60Z":              at("2023-12-14T00:00:00Z"),
		"2023-12-13T14:00:53.123456789123Z": at("2023-12-13T14:00:53.123456789Z"),
	} {
		got, dateOnly, ok := parseISO8601(in)
		require.True(t, ok, in)
		require.False(t, dateOnly, in)
		require.True(t, want.Equal(got), "%s: got %s, want %s", in, got, want)
	}
	got, dateOnly, ok := parseISO8601("2024-02-29")
	require.True(t, ok && dateOnly)
	require.Equal(t, at("2024-02-29T00:00:00Z"), got)
}

// A recur_exp sent as a Long is epoch milliseconds, copied as the ISO 8601
// instant it names (held within years 1 to 9999).
func TestFillRecurExpLong(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"1702476053421":        "2023-12-13T14:00:53.421Z",
		"0":                    "1970-01-01T00:00:00.000Z",
		"-1000":                "1969-12-31T23:59:59.000Z",
		"9223372036854775807":  "9999-12-31T23:59:59.999Z",
		"-9223372036854775808": "0001-01-01T00:00:00.000Z",
	} {
		m, err := Parse([]byte(`{"recur_exp":` + in + `}`))
		require.NoError(t, err)
		require.Empty(t, (&Table{"t", []Rule{{"recur_exp", false, typISO8601}}}).Check(m))
		var req smartcore.CardPaymentRequest
		Fill(&req, &Table{"t", []Rule{{"recur_exp", false, typISO8601}}}, m)
		require.Equal(t, want, req.RecurExp, in)
		require.True(t, isISO8601(req.RecurExp), in)
	}
}

// A recur_exp sent as a Long's digits in a JSON string, which Check
// accepts as it does the number, is the same instant; digits that read as
// an ISO 8601 basic date are that date.
func TestFillRecurExpLongInString(t *testing.T) {
	t.Parallel()
	tbl := &Table{"t", []Rule{{"recur_exp", false, typISO8601}}}
	for in, want := range map[string]string{
		`"1702476053421"`: "2023-12-13T14:00:53.421Z",
		`"1000"`:          "1970-01-01T00:00:01.000Z",
		`"-1000"`:         "1969-12-31T23:59:59.000Z",
		`"20231213"`:      "20231213", // a date, not 20,231,213 ms
		`"2023-12-13"`:    "2023-12-13",
	} {
		m, err := Parse([]byte(`{"recur_exp":` + in + `}`))
		require.NoError(t, err)
		require.Empty(t, tbl.Check(m), in)
		var req smartcore.CardPaymentRequest
		Fill(&req, tbl, m)
		require.Equal(t, want, req.RecurExp, in)
		r := NewRecurrence(0, req.RecurExp)
		require.NotNil(t, r, in)
		code, _ := r.Refusal(time.Now(), time.Now())
		require.Equal(t, smartcore.ErrValidationProcessing, code, "%s: a charge after it is refused", in)
	}
}

func TestRecurrenceRefusal(t *testing.T) {
	t.Parallel()
	paid := time.Date(2030, 1, 10, 12, 0, 0, 0, time.UTC)
	require.Nil(t, NewRecurrence(0, ""), "nothing set, nothing kept")
	require.Nil(t, NewRecurrence(-3, ""), "a negative recur_freq sets no minimum")

	var none *Recurrence
	code, _ := none.Refusal(paid, paid)
	require.Empty(t, code)

	r := NewRecurrence(0, "2030-01-20")
	for at, want := range map[time.Time]smartcore.ErrorCode{
		paid: "",
		time.Date(2030, 1, 20, 23, 59, 59, 999e6, time.UTC): "",
		time.Date(2030, 1, 21, 0, 0, 0, 0, time.UTC):        smartcore.ErrValidationProcessing,
	} {
		code, msg := r.Refusal(at, paid)
		require.Equal(t, want, code, at)
		if code != "" {
			require.Contains(t, msg, "2030-01-20T23:59:59.999Z")
		}
	}

	r = NewRecurrence(9_000_000_000, "") // beyond year 9999: never again
	code, msg := r.Refusal(paid.AddDate(7000, 0, 0), paid)
	require.Equal(t, smartcore.ErrCardTimeLimitProcessing, code)
	require.Contains(t, msg, "recur_freq is 4000000 days")

	r = NewRecurrence(7, "")
	code, _ = r.Refusal(paid.AddDate(0, 0, 7), paid)
	require.Empty(t, code)
	r.Last = paid.AddDate(0, 0, 7)
	code, msg = r.Refusal(paid.AddDate(0, 0, 8), paid)
	require.Equal(t, smartcore.ErrCardTimeLimitProcessing, code, "counted from the last charge, not the parent")
	require.Contains(t, msg, "the next is allowed from 2030-01-24T12:00:00.000Z")
}

// Every RFC 3339 timestamp Go reads names the same instant here.
func FuzzParseISO8601AgreesWithRFC3339(f *testing.F) {
	for _, s := range []string{"2023-12-13T14:00:53.421Z", "2023-12-13T14:00:53+01:00", "2024-02-29T00:00:00-23:59", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _, ok := parseISO8601(s)
		want, err := time.Parse(time.RFC3339Nano, s)
		if ok && err == nil && rfc3339.MatchString(s) {
			require.True(t, want.Equal(got), "%q: got %s, want %s", s, got, want)
		}
	})
}
