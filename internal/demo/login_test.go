package demo_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestEnsureLogin(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newApp(storetest.Open(t, d), fixedNow)
			login := func() accounts.User {
				t.Helper()
				email, password, err := demo.EnsureLogin(ctx, a)
				if err != nil {
					t.Fatal(err)
				}
				if email != demo.DemoEmail || password != demo.DemoPassword {
					t.Fatalf("EnsureLogin = %s / %s", email, password)
				}
				u, err := a.Accounts.Login(ctx, email, password, "")
				if err != nil {
					t.Fatalf("Login with the demo credentials: %v", err)
				}
				if u.Role != accounts.RoleOwner || !u.Active() {
					t.Fatalf("demo user %+v, want an active owner", u)
				}
				return u
			}

			u := login()
			// A second call changes nothing, so a browser signed in as the
			// demo owner stays signed in across restarts.
			token, _, err := a.Accounts.CreateSession(ctx, u.ID, "test", "")
			if err != nil {
				t.Fatal(err)
			}
			if again := login(); again.ID != u.ID {
				t.Errorf("second EnsureLogin made another account (%d, was %d)", again.ID, u.ID)
			}
			if _, err := a.Accounts.SessionUser(ctx, token); err != nil {
				t.Errorf("session ended by an EnsureLogin that changed nothing: %v", err)
			}

			// Someone demoted the demo owner, changed its password and
			// disabled it; EnsureLogin puts all of it back.
			if _, err := a.Accounts.CreateUser(ctx, "someone@example.org", "Someone", accounts.RoleOwner, "another long password"); err != nil {
				t.Fatal(err)
			}
			for _, change := range []func() error{
				func() error { return a.Accounts.SetRole(ctx, u.ID, accounts.RoleViewer) },
				func() error { return a.Accounts.SetPassword(ctx, u.ID, "not the demo password") },
				func() error { return a.Accounts.Disable(ctx, u.ID) },
			} {
				if err := change(); err != nil {
					t.Fatal(err)
				}
			}
			if again := login(); again.ID != u.ID {
				t.Errorf("EnsureLogin made another account instead of repairing %d", u.ID)
			}

			// A stored password hash that cannot be read is put right too.
			if _, err := a.DB.Exec(ctx, "UPDATE users SET password_hash = 'garbled' WHERE id = ?", u.ID); err != nil {
				t.Fatal(err)
			}
			if again := login(); again.ID != u.ID {
				t.Errorf("EnsureLogin made another account instead of repairing the hash of %d", u.ID)
			}
		})
	}
}

// TestLoadCreatesTheLogin: Load alone leaves a working demo login, and
// EnsureLogin afterwards keeps the account Load made.
func TestLoadCreatesTheLogin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := loadedCopy(t, demo.Options{Members: 60})
	u, err := a.Accounts.Login(ctx, demo.DemoEmail, demo.DemoPassword, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.EnsureLogin(ctx, a); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Accounts.CountUsers(ctx); err != nil || n != 4 {
		t.Errorf("%d users, %v; want the team of 4", n, err)
	}
	if again, err := a.Accounts.UserByEmail(ctx, demo.DemoEmail); err != nil || again.ID != u.ID {
		t.Errorf("demo user %+v, %v; want id %d", again, err, u.ID)
	}
}
