package dashboard

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMaskedNumber(t *testing.T) {
	require.Equal(t, "401200******3010", maskedNumber("4012000000003010"))
	require.Equal(t, "401200******3010", maskedNumber("401200******3010"))
	require.Equal(t, "4012 00** **** 3010", maskedNumber("4012 0000 0000 3010"))
	require.Equal(t, "1234", maskedNumber("1234"))
}
