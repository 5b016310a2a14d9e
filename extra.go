package smartcore

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
)

// Extra holds the members a request sends beside its typed ones: members
// the gateway takes that the kit does not type yet, for a merchant who
// cannot wait for a release. Every request type embeds it, so
//
//	req.AddExtra("installments", 3)
//
// adds "installments": 3 to the JSON body package client sends. A member
// the request type declares (by its JSON name, whether the value is set or
// omitted) cannot be added this way: the client refuses the call before
// anything is sent rather than let an extra overwrite a typed value.
//
// Extras never appear in logs or printed values: the request types' own
// LogValue lists typed fields only, and printing a request shows where the
// extras are, not what they hold. In package client's errors and kept
// answers, a value the gateway echoes back is scrubbed by the extra's name
// as a typed card field would be (a member named for a CVV removed, one
// named for a card or a PAN masked).
//
// The zero value holds no members. Copying a request copies its extras;
// adding to the copy leaves the original as it was.
type Extra struct {
	// set is behind a pointer so that fmt prints its address, never the
	// values (which may be card data); AddExtra never modifies a set,
	// it builds a new one.
	set *extraSet
}

type extraSet struct{ members []extraMember }

type extraMember struct {
	name  string
	value json.RawMessage
}

// AddExtra adds the member name with value encoded as encoding/json
// encodes it: a number, string, bool, nil (null), map, slice or struct, or
// a json.RawMessage sent as it is. It returns an error, and adds nothing,
// for an empty name, a name added before (compared case-insensitively, as
// the gateway's decoders may compare them), or a value that cannot be
// encoded. A clash with the request type's own members is found when the
// request is sent.
func (e *Extra) AddExtra(name string, value any) error {
	if name == "" {
		return errors.New("smartcore: AddExtra: empty member name")
	}
	var old []extraMember
	if e.set != nil {
		old = e.set.members
	}
	for _, m := range old {
		if strings.EqualFold(m.name, name) {
			return fmt.Errorf("smartcore: AddExtra: member %q added twice", name)
		}
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("smartcore: AddExtra: member %q: %w", name, err)
	}
	members := make([]extraMember, len(old), len(old)+1)
	copy(members, old)
	e.set = &extraSet{members: append(members, extraMember{name, raw})}
	return nil
}

// Extras yields the members added with [Extra.AddExtra], in the order
// added, each value as its encoded JSON. Package client sends them after
// the typed members.
func (e Extra) Extras() iter.Seq2[string, json.RawMessage] {
	return func(yield func(string, json.RawMessage) bool) {
		if e.set == nil {
			return
		}
		for _, m := range e.set.members {
			if !yield(m.name, m.value) {
				return
			}
		}
	}
}
