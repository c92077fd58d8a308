package demo

import (
	"context"
	"crypto/rand"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
)

// The demo owner's sign-in, printed by `trellis serve --demo` and written
// in the README. Anyone who can reach a demo instance can sign in with
// it: a demo is for trying Trellis out, never for a real community.
const (
	DemoEmail    = "demo@trellis.local"
	DemoPassword = "trellis-demo"
	DemoName     = "Demo Owner"
)

// EnsureLogin makes sure the demo owner can sign in with DemoEmail and
// DemoPassword as an active owner: it creates the account, or gives an
// existing one back its role, its access and its password. It changes
// nothing when all is already as it should be, so restarting `trellis
// serve --demo` does not sign the demo owner out. It returns the email
// address and password to print; errors are the accounts service's.
func EnsureLogin(ctx context.Context, a *app.App) (email, password string, err error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "demo"})
	if _, err := ensureOwner(ctx, a.Accounts); err != nil {
		return "", "", err
	}
	return DemoEmail, DemoPassword, nil
}

// ensureOwner does EnsureLogin's work and returns the owner's id.
func ensureOwner(ctx context.Context, acc *accounts.Service) (int64, error) {
	u, err := acc.UserByEmail(ctx, DemoEmail)
	if apperr.Is(err, apperr.NotFound) {
		u, err = acc.CreateUser(ctx, DemoEmail, DemoName, accounts.RoleOwner, DemoPassword)
		return u.ID, err
	}
	if err != nil {
		return 0, err
	}
	if u.Role != accounts.RoleOwner {
		if err := acc.SetRole(ctx, u.ID, accounts.RoleOwner); err != nil {
			return 0, err
		}
	}
	if !u.Active() {
		if err := acc.Enable(ctx, u.ID); err != nil {
			return 0, err
		}
	}
	// SetPassword signs the user out everywhere, so it runs only when the
	// password was changed. The accounts service has no "does this
	// password match" call that leaves no trace (Login records an attempt
	// and counts failures towards the rate limit), so the stored hash is
	// read here and checked with the same verifier Login uses.
	var hash string
	if err := acc.DB.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash); err != nil {
		return 0, apperr.Internalf(err, "Could not check the demo login.")
	}
	if ok, err := accounts.VerifyPassword(hash, DemoPassword); err != nil || !ok {
		if err := acc.SetPassword(ctx, u.ID, DemoPassword); err != nil {
			return 0, err
		}
	}
	return u.ID, nil
}

// randomPassword is a password for a colleague's account that nobody
// will ever type.
func randomPassword() string { return rand.Text() }
