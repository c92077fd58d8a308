package accounts_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestCreateSession(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)

		token, expires, err := svc.CreateSession(ctx, ada.ID, "Mozilla/5.0 \xff\x00", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(token) != 43 {
			t.Errorf("token %q has %d characters, want 43 (32 bytes in base64url)", token, len(token))
		}
		if want := start.Add(accounts.DefaultSessionTTL); !expires.Equal(want) {
			t.Errorf("expires %v, want %v (30 days by default)", expires, want)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", sha256Hex(token)); n != 1 {
			t.Errorf("no session stored under the token's SHA-256")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", token); n != 0 {
			t.Errorf("the token itself was stored")
		}
		other, _, err := svc.CreateSession(ctx, ada.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if other == token {
			t.Error("two sessions got the same token")
		}
		if _, _, err := svc.CreateSession(ctx, 9999, "", ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("CreateSession for an unknown user: %v, want not found", err)
		}
	})
}

func TestSessionLifetime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		svc.SessionTTL = 10 * time.Hour
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		token, expires, err := svc.CreateSession(ctx, ada.ID, "test", "")
		if err != nil {
			t.Fatal(err)
		}
		if !expires.Equal(start.Add(10 * time.Hour)) {
			t.Fatalf("expires %v, want %v", expires, start.Add(10*time.Hour))
		}

		// Steps run in order on one clock; the times are offsets from start.
		steps := []struct {
			name        string
			at          time.Duration
			code        apperr.Code
			wantSeen    time.Duration
			wantExpires time.Duration
		}{
			{"fresh", time.Hour, "", time.Hour, 10 * time.Hour},
			{"seen again within the minute: no write", time.Hour + 59*time.Second, "", time.Hour, 10 * time.Hour},
			{"a minute later", time.Hour + 60*time.Second, "", time.Hour + time.Minute, 10 * time.Hour},
			{"just before half its life", 5 * time.Hour, "", 5 * time.Hour, 10 * time.Hour},
			{"past half its life: extended", 5*time.Hour + time.Second, "", 5*time.Hour + time.Second, 15*time.Hour + time.Second},
			// Not used since it was extended, so it ends a full TTL later.
			{"expired at its expiry", 15*time.Hour + time.Second, apperr.Unauthorized, 5*time.Hour + time.Second, 15*time.Hour + time.Second},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				clk.now = start.Add(st.at)
				u, err := svc.SessionUser(ctx, token)
				wantCode(t, err, st.code)
				if st.code == "" && u != ada {
					t.Errorf("SessionUser = %+v, want %+v", u, ada)
				}
				var seen, exp int64
				if err := db.QueryRow(ctx, "SELECT last_seen_at, expires_at FROM sessions WHERE token_hash = ?",
					sha256Hex(token)).Scan(&seen, &exp); err != nil {
					t.Fatal(err)
				}
				if got, want := time.Unix(seen, 0), start.Add(st.wantSeen); !got.Equal(want) {
					t.Errorf("last seen %v, want %v", got.UTC(), want)
				}
				if got, want := time.Unix(exp, 0), start.Add(st.wantExpires); !got.Equal(want) {
					t.Errorf("expires %v, want %v", got.UTC(), want)
				}
			})
		}
	})
}

func TestSessionUserRefuses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		ended, _, err := svc.CreateSession(ctx, ada.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		live, _, err := svc.CreateSession(ctx, ada.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteSession(ctx, ended); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name, token string
			code        apperr.Code
		}{
			{"live", live, ""},
			{"signed out", ended, apperr.Unauthorized},
			{"empty", "", apperr.Unauthorized},
			{"unknown", "bm90IGEgcmVhbCBzZXNzaW9uIHRva2VuIGF0IGFsbCEhIQ", apperr.Unauthorized},
			{"the stored hash is not a token", sha256Hex(live), apperr.Unauthorized},
			{"junk", "\xff\x00", apperr.Unauthorized},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.SessionUser(ctx, tt.token)
				wantCode(t, err, tt.code)
			})
		}
		// Signing out twice, or with nothing, is fine.
		for _, token := range []string{ended, "", "unknown"} {
			if err := svc.DeleteSession(ctx, token); err != nil {
				t.Errorf("DeleteSession(%q): %v", token, err)
			}
		}
		if _, err := svc.SessionUser(ctx, live); err != nil {
			t.Errorf("deleting other sessions ended this one: %v", err)
		}
	})
}

func TestPurgeExpired(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		svc.SessionTTL = time.Hour
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		old, _, err := svc.CreateSession(ctx, ada.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = svc.Login(ctx, "ada@example.org", "a wrong guess", "192.0.2.1")
		_, _ = svc.Login(ctx, "nobody@example.org", "a wrong guess", "192.0.2.1")

		clk.Advance(24*time.Hour + time.Second)
		fresh, _, err := svc.CreateSession(ctx, ada.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = svc.Login(ctx, "ada@example.org", "a wrong guess", "192.0.2.1")

		n, err := svc.PurgeExpired(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("PurgeExpired removed %d rows, want 3 (one session, two attempts)", n)
		}
		if _, err := svc.SessionUser(ctx, old); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("expired session: %v", err)
		}
		if _, err := svc.SessionUser(ctx, fresh); err != nil {
			t.Errorf("live session purged: %v", err)
		}
		if c := count(t, db, "SELECT COUNT(*) FROM login_attempts"); c != 1 {
			t.Errorf("%d attempts left, want 1", c)
		}
		if n, err := svc.PurgeExpired(ctx); err != nil || n != 0 {
			t.Errorf("second PurgeExpired = %d, %v; want 0", n, err)
		}
	})
}

// The database must take whatever a browser sends as its user agent.
func TestSessionKeepsOddUserAgents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := context.Background()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		long := string(make([]byte, 4096))
		for _, ua := range []string{"Mozilla/5.0 \xff\xfe", "nul\x00byte", long} {
			if _, _, err := svc.CreateSession(ctx, ada.ID, ua, ua); err != nil {
				t.Errorf("CreateSession(user agent %q...): %v", ua[:min(len(ua), 12)], err)
			}
		}
	})
}
