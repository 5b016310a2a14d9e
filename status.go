package smartcore

import "strconv"

// Status is a transaction status as the gateway reports it in responses and
// callbacks.
type Status int

// The statuses the API document defines.
const (
	StatusFail            Status = -1 // the transaction failed; final
	StatusWaitingRedirect Status = 0  // the customer has yet to follow the redirect
	StatusProcessing      Status = 1  // the gateway is still working on it
	StatusSuccess         Status = 2  // the transaction succeeded; final
)

// String returns the document's name for s, or "Status(N)" for a value the
// document does not define.
func (s Status) String() string {
	switch s {
	case StatusFail:
		return "fail"
	case StatusWaitingRedirect:
		return "waiting for redirect"
	case StatusProcessing:
		return "processing"
	case StatusSuccess:
		return "success"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// IsFinal reports whether s can no longer change: success or fail.
func (s Status) IsFinal() bool { return s == StatusSuccess || s == StatusFail }

// Known reports whether s is one of the statuses the document defines.
func (s Status) Known() bool { return s >= StatusFail && s <= StatusSuccess }

// ParseStatus parses a status as the gateway sends it ("2", "-1") or by its
// outcome name ("success", "fail", "processing", "waiting"). It returns an
// error for anything else, including numbers the document does not define.
func ParseStatus(s string) (Status, error) {
	switch s {
	case "success":
		return StatusSuccess, nil
	case "fail", "failed", "failure":
		return StatusFail, nil
	case "processing":
		return StatusProcessing, nil
	case "waiting":
		return StatusWaitingRedirect, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || !Status(n).Known() {
		return 0, &FieldError{Field: "status", Reason: "is not a known status"}
	}
	return Status(n), nil
}
