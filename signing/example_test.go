package signing_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/smartcorekit/smartcore/signing"
)

func Example() {
	// In a handler this is r.PostForm after r.ParseForm(); verifying with
	// two secrets keeps callbacks signed with the old one valid during a
	// rotation.
	signer, err := signing.New("merchant-secret", "previous-secret")
	if err != nil {
		panic(err)
	}
	form := url.Values{
		"orderId": {"200004"},
		"status":  {"2"},
		"amount":  {"10000"},
	}
	// Signs "10000|200004|2": the values ordered by key.
	form.Set(signing.Param, signer.Sign(form))
	fmt.Println(form.Get(signing.Param))
	fmt.Println(signer.Verify(form))

	form.Set("amount", "1")
	fmt.Println(errors.Is(signer.Verify(form), signing.ErrInvalidSignature))
	// Output:
	// b748a22ef3a3ff11f1c158c743a6985deb22407283d96d7fc1d66bd4af702ba6
	// <nil>
	// true
}
