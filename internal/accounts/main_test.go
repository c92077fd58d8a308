package accounts_test

import (
	"os"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
)

func TestMain(m *testing.M) {
	accounts.UseCheapHashing()
	os.Exit(m.Run())
}
