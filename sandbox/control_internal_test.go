package sandbox

import (
	"testing"

	"github.com/smartcorekit/smartcore/sandbox/internal/control"
)

// TestControlActionsAreShopperActions: the control API's actions convert
// to the ShopperAction of the same name.
func TestControlActionsAreShopperActions(t *testing.T) {
	for a, want := range map[control.Action]ShopperAction{
		control.Approve: Approve, control.Decline: Decline, control.Cancel: Cancel, control.Abandon: Abandon,
	} {
		if ShopperAction(a) != want {
			t.Errorf("control action %d is %v, want %v", a, ShopperAction(a), want)
		}
	}
}
