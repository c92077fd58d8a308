package accounts_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		if err := svc.Disable(ctx, grace.ID); err != nil {
			t.Fatal(err)
		}

		// Each case comes from its own client address so that the failures
		// do not add up to a rate limit.
		tests := []struct {
			name     string
			email    string
			password string
			wantID   int64
			code     apperr.Code
		}{
			{"ok", "ada@example.org", password, ada.ID, ""},
			{"email in other case", " ADA@example.org ", password, ada.ID, ""},
			{"wrong password", "ada@example.org", "not the password", 0, apperr.Unauthorized},
			{"password with extra space", "ada@example.org", password + " ", 0, apperr.Unauthorized},
			{"empty password", "ada@example.org", "", 0, apperr.Unauthorized},
			{"unknown email", "nobody@example.org", password, 0, apperr.Unauthorized},
			{"empty email", "", password, 0, apperr.Unauthorized},
			{"junk email", "\xff\x00", password, 0, apperr.Unauthorized},
			{"disabled user, right password", "grace@example.org", password, 0, apperr.Unauthorized},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ip := fmt.Sprintf("192.0.2.%d", i+1)
				u, err := svc.Login(ctx, tt.email, tt.password, ip)
				wantCode(t, err, tt.code)
				if u.ID != tt.wantID {
					t.Errorf("Login returned user %d, want %d", u.ID, tt.wantID)
				}
				if tt.code != "" {
					// One message for every failure, so it tells nobody
					// which addresses have accounts.
					var e *apperr.Error
					if !errors.As(err, &e) || e.Message != "Email or password is incorrect." {
						t.Errorf("message %q, want the shared one", err)
					}
				}
				wantOK := tt.code == ""
				if n := count(t, db, "SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND ok = ?", ip, wantOK); n != 1 {
					t.Errorf("%d attempts recorded from %s with ok=%v, want 1", n, ip, wantOK)
				}
			})
		}
	})
}

// TestLoginRateLimitByPair: a guesser who knows the owner's email address
// blocks only their own machine; the owner, elsewhere, gets in.
func TestLoginRateLimitByPair(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		const attacker, owner = "198.51.100.7", "203.0.113.20"

		// Steps run in order on one clock; times repeats a step.
		steps := []struct {
			name     string
			advance  time.Duration // before the step
			times    int
			email    string
			password string
			ip       string
			code     apperr.Code
			wait     time.Duration // RetryAfter of a RateLimited error
			message  string        // expected in its message
		}{
			{"five failures from the attacker", 0, 4, "ada@example.org", "a wrong guess", attacker, apperr.Unauthorized, 0, ""},
			{"fifth failure, in other case", 0, 1, "ADA@example.org", "a wrong guess", attacker, apperr.Unauthorized, 0, ""},
			{"the attacker's 6th attempt is refused even with the right password", 0, 1, "ada@example.org", password, attacker, apperr.RateLimited, 15 * time.Minute, "wait 15 minutes"},
			{"the owner elsewhere waits only a second", 0, 1, "ada@example.org", password, owner, apperr.RateLimited, time.Second, "wait 1 second and"},
			{"and then gets in", time.Second, 1, "ada@example.org", password, owner, "", 0, ""},
			{"other accounts from the attacker's machine are unaffected", 0, 1, "grace@example.org", password, attacker, "", 0, ""},
			{"the attacker keeps trying", time.Minute, 5, "ada@example.org", "a wrong guess", attacker, apperr.RateLimited, 14*time.Minute - time.Second, "wait 14 minutes"},
			{"and every refusal counts against them", 0, 1, "ada@example.org", "a wrong guess", attacker, apperr.RateLimited, 15 * time.Minute, "wait 15 minutes"},
			{"which keeps no one else waiting", 0, 1, "ada@example.org", password, owner, "", 0, ""},
			{"refused guesses count, so the attacker stays blocked", 14 * time.Minute, 1, "ada@example.org", password, attacker, apperr.RateLimited, time.Minute, "wait 1 minute and"},
			{"until they too are 15 minutes old", time.Minute, 1, "ada@example.org", password, attacker, "", 0, ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				clk.Advance(st.advance)
				for range st.times {
					_, err := svc.Login(ctx, st.email, st.password, st.ip)
					wantCode(t, err, st.code)
					wait, ok := accounts.RetryAfter(err)
					if ok != (st.code == apperr.RateLimited) || wait != st.wait {
						t.Errorf("RetryAfter = %v, %v; want %v", wait, ok, st.wait)
					}
					if st.message != "" && !strings.Contains(err.Error(), st.message) {
						t.Errorf("message %q does not say %q", err, st.message)
					}
				}
			})
		}
		for by, want := range map[string]int{"block": 8, "delay": 1} {
			if n := count(t, db, "SELECT COUNT(*) FROM login_attempts WHERE email = ? AND refused_by = ?", "ada@example.org", by); n != want {
				t.Errorf("%d attempts refused by %q recorded for ada, want %d", n, by, want)
			}
		}
	})
}

// TestLoginSlowsEmailDown: a guesser using a new client address for every
// guess gets ever longer delays, never a lock-out, and the owner waits at
// most MaxEmailDelay.
func TestLoginSlowsEmailDown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		ip := 0
		try := func(pw string) error {
			ip++
			_, err := svc.Login(ctx, "ada@example.org", pw, fmt.Sprintf("198.51.%d.%d", ip/250, ip%250+1))
			return err
		}
		for range accounts.SlowEmailAfter {
			wantCode(t, try("a wrong guess"), apperr.Unauthorized)
		}
		// From here on each failure doubles the wait, up to the cap.
		for failures := accounts.SlowEmailAfter; failures < 15; failures++ {
			want := accounts.EmailDelay(failures)
			if want > accounts.MaxEmailDelay || want < accounts.FirstEmailDelay {
				t.Fatalf("EmailDelay(%d) = %v, outside [%v, %v]", failures, want, accounts.FirstEmailDelay, accounts.MaxEmailDelay)
			}
			// A burst of attempts while the delay runs is refused, and
			// refusals do not make the delay longer.
			for range 3 {
				err := try(password)
				wantCode(t, err, apperr.RateLimited)
				if wait, _ := accounts.RetryAfter(err); wait != want {
					t.Fatalf("after %d failures: Retry-After %v, want %v", failures, wait, want)
				}
			}
			clk.Advance(want - time.Second)
			if wait, _ := accounts.RetryAfter(try(password)); wait != time.Second {
				t.Fatalf("after %d failures, a second before the end: Retry-After %v, want 1s", failures, wait)
			}
			clk.Advance(time.Second)
			wantCode(t, try("a wrong guess"), apperr.Unauthorized)
		}
		// The owner, at their own machine, waits out the delay, trying
		// again and again meanwhile, which does not get their machine
		// blocked, and gets in.
		const owner = "203.0.113.20"
		_, err := svc.Login(ctx, "ada@example.org", password, owner)
		if wait, _ := accounts.RetryAfter(err); wait != accounts.MaxEmailDelay {
			t.Fatalf("owner told to wait %v (%v), want %v", wait, err, accounts.MaxEmailDelay)
		}
		if !strings.Contains(err.Error(), "wait 2 minutes") {
			t.Errorf("message %q does not say to wait 2 minutes", err)
		}
		for range 2 * accounts.MaxFailuresPerPair {
			clk.Advance(5 * time.Second)
			_, err := svc.Login(ctx, "ada@example.org", password, owner)
			wantCode(t, err, apperr.RateLimited)
		}
		clk.Advance(accounts.MaxEmailDelay - 10*5*time.Second)
		if _, err := svc.Login(ctx, "ada@example.org", password, owner); err != nil {
			t.Fatalf("owner refused after waiting: %v", err)
		}
	})
}

func TestEmailDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {4, 0}, {5, time.Second}, {6, 2 * time.Second}, {7, 4 * time.Second},
		{11, 64 * time.Second}, {12, 2 * time.Minute}, {1000, 2 * time.Minute},
	}
	for _, tt := range tests {
		if got := accounts.EmailDelay(tt.failures); got != tt.want {
			t.Errorf("EmailDelay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestLoginRateLimitByIP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		const attacker, colleague = "203.0.113.9", "203.0.113.10"

		// One machine tries one password against many addresses: no
		// address reaches its own limit, but the machine reaches its.
		for i := range 20 {
			_, err := svc.Login(ctx, fmt.Sprintf("user%d@example.org", i%5), "Summer2026!", attacker)
			wantCode(t, err, apperr.Unauthorized)
		}
		_, err := svc.Login(ctx, "ada@example.org", password, attacker)
		wantCode(t, err, apperr.RateLimited)
		if wait, _ := accounts.RetryAfter(err); wait != accounts.LoginWindow {
			t.Errorf("Retry-After %v, want %v", wait, accounts.LoginWindow)
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, colleague); err != nil {
			t.Errorf("another machine is refused: %v", err)
		}

		// Without a client address (the command line) the per-address
		// limit does not apply.
		for i := range 25 {
			_, err := svc.Login(ctx, fmt.Sprintf("cli%d@example.org", i), "wrong", "")
			wantCode(t, err, apperr.Unauthorized)
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, ""); err != nil {
			t.Errorf("sign-in without an address refused after others' failures: %v", err)
		}

		clk.Advance(accounts.LoginWindow)
		if _, err := svc.Login(ctx, "ada@example.org", password, attacker); err != nil {
			t.Errorf("machine still refused after the window: %v", err)
		}
	})
}

func TestLoginUpgradesOldHashes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		old := accounts.HashWithOldParams(password)
		if _, err := db.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", old, ada.ID); err != nil {
			t.Fatal(err)
		}
		storedHash := func() string {
			var h string
			if err := db.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", ada.ID).Scan(&h); err != nil {
				t.Fatal(err)
			}
			return h
		}

		if _, err := svc.Login(ctx, "ada@example.org", "a wrong guess", ""); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("wrong password: %v", err)
		}
		if storedHash() != old {
			t.Fatal("a failed sign-in replaced the hash")
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, ""); err != nil {
			t.Fatal(err)
		}
		h := storedHash()
		if h == old || !strings.Contains(h, "$"+accounts.CurrentHashParams()+"$") {
			t.Fatalf("hash after sign-in is %q, want one with %s", h, accounts.CurrentHashParams())
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, ""); err != nil {
			t.Fatalf("sign-in with the upgraded hash: %v", err)
		}
	})
}

func TestLoginPurgesOldAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		for range 3 {
			_, _ = svc.Login(ctx, "ada@example.org", "a wrong guess", "192.0.2.1")
		}
		clk.Advance(25 * time.Hour)
		_, _ = svc.Login(ctx, "ada@example.org", "a wrong guess", "192.0.2.1")
		if n := count(t, db, "SELECT COUNT(*) FROM login_attempts"); n != 4 {
			t.Fatalf("%d attempts after failures, want 4: failures purge nothing", n)
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM login_attempts"); n != 2 {
			t.Fatalf("%d attempts after a successful sign-in, want 2 (the day-old ones purged)", n)
		}
	})
}

// TestPasswordMatches: the trusted check answers without leaving a trace
// or counting towards the sign-in limits.
func TestPasswordMatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		if err := svc.Disable(ctx, grace.ID); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name     string
			userID   int64
			password string
			want     bool
			code     apperr.Code
		}{
			{"right password", ada.ID, password, true, ""},
			{"wrong password", ada.ID, "not the password", false, ""},
			{"extra space", ada.ID, password + " ", false, ""},
			{"other case", ada.ID, strings.ToUpper(password), false, ""},
			{"empty", ada.ID, "", false, ""},
			{"disabled account, right password", grace.ID, password, true, ""},
			{"unknown user", 9999, password, false, apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := svc.PasswordMatches(ctx, tt.userID, tt.password)
				wantCode(t, err, tt.code)
				if got != tt.want {
					t.Errorf("PasswordMatches = %v, want %v", got, tt.want)
				}
			})
		}

		// Far more wrong guesses than Login allows leave no record and no
		// limit behind: the right password still signs in.
		for range 3 * accounts.MaxFailuresPerPair {
			if ok, err := svc.PasswordMatches(ctx, ada.ID, "a wrong guess"); ok || err != nil {
				t.Fatalf("wrong guess: %v, %v", ok, err)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM login_attempts"); n != 0 {
			t.Errorf("%d sign-in attempts recorded by PasswordMatches", n)
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, "192.0.2.1"); err != nil {
			t.Errorf("Login after many PasswordMatches calls: %v", err)
		}
		if got := auditActions(t, db, "user", ada.ID); len(got) != 1 || got[0] != "create" {
			t.Errorf("audit %v, want only the creation", got)
		}

		// It follows a changed password.
		if err := svc.SetPassword(ctx, ada.ID, "a brand new password"); err != nil {
			t.Fatal(err)
		}
		for pw, want := range map[string]bool{password: false, "a brand new password": true} {
			if ok, err := svc.PasswordMatches(ctx, ada.ID, pw); ok != want || err != nil {
				t.Errorf("after SetPassword, PasswordMatches(%q) = %v, %v; want %v", pw, ok, err, want)
			}
		}

		// A stored hash that cannot be read is an error, not a "no".
		if _, err := db.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", "not a hash", ada.ID); err != nil {
			t.Fatal(err)
		}
		if ok, err := svc.PasswordMatches(ctx, ada.ID, password); ok || err == nil {
			t.Errorf("PasswordMatches with a broken hash = %v, %v; want an error", ok, err)
		}
	})
}
