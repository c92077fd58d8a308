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
	// password was changed. PasswordMatches rather than Login, which would
	// record an attempt and count a mismatch towards the rate limit.
	ok, err := acc.PasswordMatches(ctx, u.ID, DemoPassword)
	if apperr.Is(err, apperr.NotFound) {
		return 0, err
	}
	// Any other failure, a stored hash that cannot be read above all, is
	// put right by setting the password again; if the database itself is
	// failing, SetPassword says so.
	if err != nil || !ok {
		if err := acc.SetPassword(ctx, u.ID, DemoPassword); err != nil {
			return 0, err
		}
	}
	return u.ID, nil
}

// randomPassword is a password for a colleague's account that nobody
// will ever type.
func randomPassword() string { return rand.Text() }
