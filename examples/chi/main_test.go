package main

import (
	"testing"

	"github.com/smartcorekit/smartcore/internal/demoshop/demoshoptest"
)

// The shared smoke tests (demoshoptest.Scenarios) against the chi wiring:
// Pay goes to the sandbox's hosted form, the callback settles the order
// (paid, or failed on a decline), a mismatched callback is not applied,
// the kit answers bad requests itself, and the command serves its URL.
func TestShop(t *testing.T) { demoshoptest.Run(t, newApp) }
