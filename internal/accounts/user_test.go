package accounts_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		mustCreateUser(t, svc, "ada@example.org", "Ada Lovelace", accounts.RoleOwner)

		tests := []struct {
			name      string
			email     string
			userName  string
			role      accounts.Role
			password  string
			wantCode  apperr.Code
			wantField string // the field named in the error
			wantEmail string // as stored, on success
		}{
			{"ok", "grace@example.org", "Grace Hopper", accounts.RoleManager, password, "", "", "grace@example.org"},
			{"email is lower-cased and trimmed", "  Alan@Example.ORG ", " Alan Turing ", accounts.RoleViewer, password, "", "", "alan@example.org"},
			{"ten characters is enough", "emmy@example.org", "Emmy Noether", accounts.RoleViewer, "0123456789", "", "", "emmy@example.org"},
			{"1024 characters is allowed", "kath@example.org", "Katherine Johnson", accounts.RoleViewer, strings.Repeat("é", 1024), "", "", "kath@example.org"},
			{"duplicate email", "ada@example.org", "Another Ada", accounts.RoleViewer, password, apperr.Conflict, "email", ""},
			{"duplicate email in other case", "ADA@example.org", "Another Ada", accounts.RoleViewer, password, apperr.Conflict, "email", ""},
			{"empty email", "", "Nobody", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"no at sign", "ada.example.org", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"no domain dot", "ada@example", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"display name form", "Ada <ada2@example.org>", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"two at signs", "ada@@example.org", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"space inside", "ada lovelace@example.org", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"too long", strings.Repeat("a", 250) + "@example.org", "Ada", accounts.RoleViewer, password, apperr.Invalid, "email", ""},
			{"empty name", "nameless@example.org", "   ", accounts.RoleViewer, password, apperr.Invalid, "name", ""},
			{"control character in name", "ctl@example.org", "Ada\nLovelace", accounts.RoleViewer, password, apperr.Invalid, "name", ""},
			{"name too long", "long@example.org", strings.Repeat("x", 101), accounts.RoleViewer, password, apperr.Invalid, "name", ""},
			{"unknown role", "role@example.org", "Ada", accounts.Role("admin"), password, apperr.Invalid, "role", ""},
			{"short password", "short@example.org", "Ada", accounts.RoleViewer, "012345678", apperr.Invalid, "password", ""},
			{"long password", "longpw@example.org", "Ada", accounts.RoleViewer, strings.Repeat("x", 1025), apperr.Invalid, "password", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := count(t, db, "SELECT COUNT(*) FROM users")
				u, err := svc.CreateUser(testCtx(), tt.email, tt.userName, tt.role, tt.password)
				wantCode(t, err, tt.wantCode)
				if tt.wantCode != "" {
					if fieldOf(err, tt.wantField) == "" {
						t.Errorf("error %v does not name field %q", err, tt.wantField)
					}
					if after := count(t, db, "SELECT COUNT(*) FROM users"); after != before {
						t.Errorf("a refused user was stored: %d users, want %d", after, before)
					}
					return
				}
				want := accounts.User{ID: u.ID, Email: tt.wantEmail, Name: strings.TrimSpace(tt.userName), Role: tt.role, CreatedAt: start}
				if u.ID == 0 || u.Email != want.Email || u.Name != want.Name || u.Role != want.Role ||
					!u.CreatedAt.Equal(start) || u.DisabledAt != nil {
					t.Errorf("CreateUser = %+v, want %+v", u, want)
				}
				got, err := svc.GetUser(context.Background(), u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got != u {
					t.Errorf("GetUser = %+v, CreateUser returned %+v", got, u)
				}
				if _, err := svc.Login(context.Background(), tt.email, tt.password, ""); err != nil {
					t.Errorf("cannot sign in with the password just set: %v", err)
				}
				if a := auditActions(t, db, "user", u.ID); !slices.Equal(a, []string{"create"}) {
					t.Errorf("audit actions %v, want [create]", a)
				}
			})
		}
	})
}

func TestStoredPasswordIsHashed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		u := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		var hash string
		if err := db.QueryRow(context.Background(), "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(hash, "$argon2id$v=19$") || strings.Contains(hash, password) {
			t.Fatalf("stored password %q is not an argon2id hash", hash)
		}
	})
}

func TestUserJSON(t *testing.T) {
	t.Parallel()
	u := accounts.User{ID: 7, Email: "ada@example.org", Name: "Ada", Role: accounts.RoleOwner, CreatedAt: start}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":7,"email":"ada@example.org","name":"Ada","role":"owner","created_at":"2026-03-02T09:00:00Z","disabled_at":null}`
	if string(b) != want {
		t.Fatalf("JSON\n got %s\nwant %s", b, want)
	}
}

func TestUserLookups(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := context.Background()
		if n, err := svc.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("CountUsers on a new database = %d, %v; want 0", n, err)
		}
		if users, err := svc.ListUsers(ctx); err != nil || users == nil || len(users) != 0 {
			t.Fatalf("ListUsers on a new database = %#v, %v; want an empty slice", users, err)
		}
		carol := mustCreateUser(t, svc, "carol@example.org", "carol", accounts.RoleOwner)
		bob := mustCreateUser(t, svc, "bob@example.org", "Bob", accounts.RoleManager)
		alice := mustCreateUser(t, svc, "alice@example.org", "alice", accounts.RoleViewer)
		if err := svc.Disable(testCtx(), bob.ID); err != nil {
			t.Fatal(err)
		}

		users, err := svc.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range users {
			names = append(names, u.Name)
		}
		if want := []string{"alice", "Bob", "carol"}; !slices.Equal(names, want) {
			t.Errorf("ListUsers names %v, want %v (by name, ignoring case, disabled included)", names, want)
		}
		if n, err := svc.CountUsers(ctx); err != nil || n != 3 {
			t.Errorf("CountUsers = %d, %v; want 3", n, err)
		}

		tests := []struct {
			name   string
			lookup func() (accounts.User, error)
			wantID int64
			code   apperr.Code
		}{
			{"by id", func() (accounts.User, error) { return svc.GetUser(ctx, alice.ID) }, alice.ID, ""},
			{"disabled by id", func() (accounts.User, error) { return svc.GetUser(ctx, bob.ID) }, bob.ID, ""},
			{"unknown id", func() (accounts.User, error) { return svc.GetUser(ctx, 9999) }, 0, apperr.NotFound},
			{"by email", func() (accounts.User, error) { return svc.UserByEmail(ctx, "carol@example.org") }, carol.ID, ""},
			{"by email in other case", func() (accounts.User, error) { return svc.UserByEmail(ctx, " Carol@EXAMPLE.org") }, carol.ID, ""},
			{"unknown email", func() (accounts.User, error) { return svc.UserByEmail(ctx, "dave@example.org") }, 0, apperr.NotFound},
			{"junk email", func() (accounts.User, error) { return svc.UserByEmail(ctx, "\xff\x00@x") }, 0, apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u, err := tt.lookup()
				wantCode(t, err, tt.code)
				if u.ID != tt.wantID {
					t.Errorf("got user %d, want %d", u.ID, tt.wantID)
				}
			})
		}
	})
}

func TestSetRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		alan := mustCreateUser(t, svc, "alan@example.org", "Alan", accounts.RoleOwner)
		if err := svc.Disable(ctx, alan.ID); err != nil {
			t.Fatal(err)
		}

		// Steps run in order against one database; each says what the
		// user's role is afterwards.
		steps := []struct {
			name     string
			userID   int64
			role     accounts.Role
			code     apperr.Code
			wantRole accounts.Role
		}{
			{"last active owner cannot step down", ada.ID, accounts.RoleManager, apperr.Conflict, accounts.RoleOwner},
			{"a disabled owner does not count", ada.ID, accounts.RoleViewer, apperr.Conflict, accounts.RoleOwner},
			{"promote a manager", grace.ID, accounts.RoleOwner, "", accounts.RoleOwner},
			{"with two owners one may step down", ada.ID, accounts.RoleViewer, "", accounts.RoleViewer},
			{"and then the other may not", grace.ID, accounts.RoleManager, apperr.Conflict, accounts.RoleOwner},
			{"same role is a no-op", ada.ID, accounts.RoleViewer, "", accounts.RoleViewer},
			{"back to manager", ada.ID, accounts.RoleManager, "", accounts.RoleManager},
			{"disabled owner may be demoted", alan.ID, accounts.RoleViewer, "", accounts.RoleViewer},
			{"unknown role", ada.ID, accounts.Role("boss"), apperr.Invalid, accounts.RoleManager},
			{"unknown user", 9999, accounts.RoleViewer, apperr.NotFound, ""},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				err := svc.SetRole(ctx, st.userID, st.role)
				wantCode(t, err, st.code)
				if st.code == apperr.Invalid && fieldOf(err, "role") == "" {
					t.Errorf("error %v does not name field role", err)
				}
				if st.wantRole == "" {
					return
				}
				u, err := svc.GetUser(ctx, st.userID)
				if err != nil {
					t.Fatal(err)
				}
				if u.Role != st.wantRole {
					t.Errorf("role is %s, want %s", u.Role, st.wantRole)
				}
			})
		}
		// Only real changes are recorded: viewer, manager (the no-op and
		// the refusals leave nothing).
		if a := auditActions(t, db, "user", ada.ID); !slices.Equal(a, []string{"create", "update", "update"}) {
			t.Errorf("audit actions for Ada %v, want [create update update]", a)
		}
	})
}

// Two owners demoting each other at the same moment must not leave the
// workspace without one, whichever engine serialises them.
func TestLastOwnerUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		for round := range 5 {
			a := mustCreateUser(t, svc, "a"+string(rune('0'+round))+"@example.org", "A", accounts.RoleOwner)
			b := mustCreateUser(t, svc, "b"+string(rune('0'+round))+"@example.org", "B", accounts.RoleOwner)
			if round > 0 {
				// Leave only this round's two owners.
				if _, err := db.Exec(context.Background(), "UPDATE users SET role = 'viewer' WHERE id NOT IN (?, ?)", a.ID, b.ID); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, id := range []int64{a.ID, b.ID} {
				wg.Go(func() {
					if i == 0 {
						errs[i] = svc.SetRole(ctx, id, accounts.RoleManager)
					} else {
						errs[i] = svc.Disable(ctx, id)
					}
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch apperr.CodeOf(err) {
				case "":
					ok++
				case apperr.Conflict:
				default:
					t.Fatalf("round %d: unexpected error %v", round, err)
				}
			}
			owners := count(t, db, "SELECT COUNT(*) FROM users WHERE role = 'owner' AND disabled_at IS NULL")
			if ok != 1 || owners != 1 {
				t.Fatalf("round %d: %d changes went through and %d active owners remain; want 1 and 1", round, ok, owners)
			}
		}
	})
}

func TestSetPassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		session, _, err := svc.CreateSession(ctx, ada.ID, "test", "")
		if err != nil {
			t.Fatal(err)
		}
		plaintext, _, err := svc.CreateToken(ctx, ada.ID, "script")
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name   string
			userID int64
			pw     string
			code   apperr.Code
		}{
			{"too short", ada.ID, "short", apperr.Invalid},
			{"unknown user", 9999, "a long new password", apperr.NotFound},
			{"ok", ada.ID, "a long new password", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := svc.SetPassword(ctx, tt.userID, tt.pw)
				wantCode(t, err, tt.code)
				if tt.code == apperr.Invalid && fieldOf(err, "password") == "" {
					t.Errorf("error %v does not name field password", err)
				}
			})
		}
		if _, err := svc.Login(ctx, "ada@example.org", password, ""); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("old password still works: %v", err)
		}
		if _, err := svc.Login(ctx, "ada@example.org", "a long new password", ""); err != nil {
			t.Errorf("new password does not work: %v", err)
		}
		if _, err := svc.SessionUser(ctx, session); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("a session from before the change survived it: %v", err)
		}
		if _, err := svc.TokenUser(ctx, plaintext); err != nil {
			t.Errorf("API token stopped working after a password change: %v", err)
		}
		if a := auditActions(t, db, "user", ada.ID); !slices.Equal(a, []string{"create", "update"}) {
			t.Errorf("audit actions %v, want [create update]", a)
		}
	})
}

// TestChangePasswordRevokingTokens: asked to, a password change revokes
// every token the user holds (and only theirs), with an audit entry each.
func TestChangePasswordRevokingTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		newToken := func(u accounts.User, name string) (string, accounts.Token) {
			plain, tok, err := svc.CreateToken(ctx, u.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			return plain, tok
		}
		script, scriptTok := newToken(ada, "script")
		report, reportTok := newToken(ada, "report")
		_, oldTok := newToken(ada, "old")
		if err := svc.RevokeToken(ctx, ada.ID, oldTok.ID); err != nil {
			t.Fatal(err)
		}
		gracesToken, _ := newToken(grace, "grace's script")
		session, _, err := svc.CreateSession(ctx, ada.ID, "test", "")
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name    string
			userID  int64
			pw      string
			code    apperr.Code
			revoked int
		}{
			{"too short changes nothing", ada.ID, "short", apperr.Invalid, 0},
			{"unknown user", 9999, "a long new password", apperr.NotFound, 0},
			{"ok", ada.ID, "a long new password", "", 2},
			{"again: nothing left to revoke", ada.ID, "another long password", "", 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := svc.ChangePassword(ctx, tt.userID, tt.pw, accounts.PasswordChange{RevokeTokens: true})
				wantCode(t, err, tt.code)
				if n != tt.revoked {
					t.Errorf("revoked %d tokens, want %d", n, tt.revoked)
				}
				if tt.code != "" {
					if _, err := svc.TokenUser(ctx, script); err != nil {
						t.Errorf("a failed change revoked a token: %v", err)
					}
				}
			})
		}
		for _, plain := range []string{script, report} {
			if _, err := svc.TokenUser(ctx, plain); !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("token still works after the change: %v", err)
			}
		}
		if _, err := svc.TokenUser(ctx, gracesToken); err != nil {
			t.Errorf("someone else's token was revoked: %v", err)
		}
		if _, err := svc.SessionUser(ctx, session); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("a session from before the change survived it: %v", err)
		}
		for _, id := range []int64{scriptTok.ID, reportTok.ID} {
			if a := auditActions(t, db, "api_token", id); !slices.Equal(a, []string{"create", "revoke"}) {
				t.Errorf("token %d: audit actions %v, want [create revoke]", id, a)
			}
		}
		if a := auditActions(t, db, "api_token", oldTok.ID); !slices.Equal(a, []string{"create", "revoke"}) {
			t.Errorf("the already revoked token: audit actions %v, want [create revoke]", a)
		}
	})
}

func TestDisableAndEnable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		session, _, err := svc.CreateSession(ctx, grace.ID, "test", "")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := svc.CreateToken(ctx, grace.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)

		wantCode(t, svc.Disable(ctx, ada.ID), apperr.Conflict)
		wantCode(t, svc.Disable(ctx, 9999), apperr.NotFound)
		wantCode(t, svc.Disable(ctx, grace.ID), "")
		wantCode(t, svc.Disable(ctx, grace.ID), "") // again: nothing to do

		u, err := svc.GetUser(ctx, grace.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Active() || u.DisabledAt == nil || !u.DisabledAt.Equal(start.Add(time.Hour)) {
			t.Errorf("DisabledAt = %v, want %v", u.DisabledAt, start.Add(time.Hour))
		}
		if n := count(t, db, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", grace.ID); n != 0 {
			t.Errorf("%d sessions left after Disable, want 0", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL", grace.ID); n != 1 {
			t.Errorf("%d live tokens after Disable, want 1 (disabling revokes nothing)", n)
		}
		if _, err := svc.SessionUser(ctx, session); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("SessionUser after Disable: %v, want unauthorized", err)
		}
		if _, err := svc.TokenUser(ctx, token); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("TokenUser after Disable: %v, want unauthorized", err)
		}
		if _, _, err := svc.CreateSession(ctx, grace.ID, "", ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("CreateSession for a disabled user: %v, want forbidden", err)
		}
		if _, _, err := svc.CreateToken(ctx, grace.ID, "another"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("CreateToken for a disabled user: %v, want forbidden", err)
		}

		wantCode(t, svc.Enable(ctx, 9999), apperr.NotFound)
		wantCode(t, svc.Enable(ctx, grace.ID), "")
		wantCode(t, svc.Enable(ctx, grace.ID), "")
		if _, err := svc.Login(ctx, "grace@example.org", password, ""); err != nil {
			t.Errorf("Login after Enable: %v", err)
		}
		if _, err := svc.TokenUser(ctx, token); err != nil {
			t.Errorf("TokenUser after Enable: %v", err)
		}
		if a := auditActions(t, db, "user", grace.ID); !slices.Equal(a, []string{"create", "disable", "enable"}) {
			t.Errorf("audit actions %v, want [create disable enable]", a)
		}
	})
}
