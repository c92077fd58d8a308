package accounts_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateToken(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)

		tests := []struct {
			name      string
			userID    int64
			tokenName string
			code      apperr.Code
		}{
			{"ok", ada.ID, "  Weekly report  ", ""},
			{"same name twice is fine", ada.ID, "Weekly report", ""},
			{"empty name", ada.ID, " ", apperr.Invalid},
			{"name too long", ada.ID, strings.Repeat("n", 101), apperr.Invalid},
			{"name with a newline", ada.ID, "a\nb", apperr.Invalid},
			{"unknown user", 9999, "script", apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				plaintext, tok, err := svc.CreateToken(ctx, tt.userID, tt.tokenName)
				wantCode(t, err, tt.code)
				if tt.code == apperr.Invalid && fieldOf(err, "name") == "" {
					t.Errorf("error %v does not name field name", err)
				}
				if tt.code != "" {
					return
				}
				if !strings.HasPrefix(plaintext, "trl_") || len(plaintext) != 4+43 {
					t.Errorf("token %q: want trl_ and 43 base64url characters", plaintext)
				}
				want := accounts.Token{ID: tok.ID, UserID: ada.ID, Name: "Weekly report", CreatedAt: start}
				if tok.ID == 0 || tok.UserID != want.UserID || tok.Name != want.Name || !tok.CreatedAt.Equal(start) ||
					tok.LastUsedAt != nil || tok.RevokedAt != nil {
					t.Errorf("CreateToken = %+v, want %+v", tok, want)
				}
				if n := count(t, db, "SELECT COUNT(*) FROM api_tokens WHERE id = ? AND token_hash = ?", tok.ID, sha256Hex(plaintext)); n != 1 {
					t.Error("token not stored as its SHA-256")
				}
				if a := auditActions(t, db, "api_token", tok.ID); !slices.Equal(a, []string{"create"}) {
					t.Errorf("audit actions %v, want [create]", a)
				}
			})
		}
	})
}

func TestTokenUse(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		adaToken, adaTok, err := svc.CreateToken(ctx, ada.ID, "Ada's script")
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		graceToken, graceTok, err := svc.CreateToken(ctx, grace.ID, "Grace's script")
		if err != nil {
			t.Fatal(err)
		}

		lastUsed := func(id int64) *time.Time {
			t.Helper()
			tokens, err := svc.ListTokens(ctx, ada.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tok := range tokens {
				if tok.ID == id {
					return tok.LastUsedAt
				}
			}
			t.Fatalf("token %d not listed", id)
			return nil
		}

		// Steps run in order on one clock, offsets from start.
		steps := []struct {
			name     string
			at       time.Duration
			token    string
			wantUser int64
			code     apperr.Code
			wantUsed time.Duration // Ada's token's last_used_at; -1 for never
		}{
			{"unused", time.Minute, "", 0, apperr.Unauthorized, -1},
			{"first use", 2 * time.Minute, adaToken, ada.ID, "", 2 * time.Minute},
			{"within the minute: no write", 2*time.Minute + 59*time.Second, adaToken, ada.ID, "", 2 * time.Minute},
			{"a minute later", 3 * time.Minute, adaToken, ada.ID, "", 3 * time.Minute},
			{"another user's token", 4 * time.Minute, graceToken, grace.ID, "", 3 * time.Minute},
			{"no prefix", 5 * time.Minute, strings.TrimPrefix(adaToken, "trl_"), 0, apperr.Unauthorized, 3 * time.Minute},
			{"unknown", 5 * time.Minute, "trl_" + strings.Repeat("A", 43), 0, apperr.Unauthorized, 3 * time.Minute},
			{"the stored hash is not a token", 5 * time.Minute, "trl_" + sha256Hex(adaToken), 0, apperr.Unauthorized, 3 * time.Minute},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				clk.now = start.Add(st.at)
				u, err := svc.TokenUser(ctx, st.token)
				wantCode(t, err, st.code)
				if u.ID != st.wantUser {
					t.Errorf("TokenUser = user %d, want %d", u.ID, st.wantUser)
				}
				got := lastUsed(adaTok.ID)
				switch {
				case st.wantUsed < 0 && got != nil:
					t.Errorf("last used %v, want never", got)
				case st.wantUsed >= 0 && (got == nil || !got.Equal(start.Add(st.wantUsed))):
					t.Errorf("last used %v, want %v", got, start.Add(st.wantUsed))
				}
			})
		}

		// Revoking: only one's own tokens, once.
		wantCode(t, svc.RevokeToken(ctx, ada.ID, graceTok.ID), apperr.NotFound)
		wantCode(t, svc.RevokeToken(ctx, ada.ID, 9999), apperr.NotFound)
		if _, err := svc.TokenUser(ctx, graceToken); err != nil {
			t.Errorf("a refused revoke still revoked the token: %v", err)
		}
		wantCode(t, svc.RevokeToken(ctx, ada.ID, adaTok.ID), "")
		wantCode(t, svc.RevokeToken(ctx, ada.ID, adaTok.ID), "")
		if _, err := svc.TokenUser(ctx, adaToken); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("revoked token: %v, want unauthorized", err)
		}
		if a := auditActions(t, db, "api_token", adaTok.ID); !slices.Equal(a, []string{"create", "revoke"}) {
			t.Errorf("audit actions %v, want [create revoke]", a)
		}
	})
}

func TestListTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleOwner)
		grace := mustCreateUser(t, svc, "grace@example.org", "Grace", accounts.RoleManager)
		if tokens, err := svc.ListTokens(ctx, ada.ID); err != nil || tokens == nil || len(tokens) != 0 {
			t.Fatalf("ListTokens with none = %#v, %v; want an empty slice", tokens, err)
		}
		var ids []int64
		for _, name := range []string{"first", "second", "third"} {
			_, tok, err := svc.CreateToken(ctx, ada.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tok.ID)
			clk.Advance(time.Hour)
		}
		if _, _, err := svc.CreateToken(ctx, grace.ID, "not Ada's"); err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeToken(ctx, ada.ID, ids[1]); err != nil {
			t.Fatal(err)
		}

		tokens, err := svc.ListTokens(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tok := range tokens {
			names = append(names, tok.Name)
			if revoked := tok.RevokedAt != nil; revoked != (tok.ID == ids[1]) {
				t.Errorf("token %q revoked = %v", tok.Name, revoked)
			}
		}
		if want := []string{"third", "second", "first"}; !slices.Equal(names, want) {
			t.Errorf("ListTokens names %v, want %v (newest first, revoked included, only Ada's)", names, want)
		}
		b, err := json.Marshal(tokens[1])
		if err != nil {
			t.Fatal(err)
		}
		want := `{"id":` + itoa(ids[1]) + `,"user_id":` + itoa(ada.ID) +
			`,"name":"second","created_at":"2026-03-02T10:00:00Z","last_used_at":null,"revoked_at":"2026-03-02T12:00:00Z"}`
		if string(b) != want {
			t.Errorf("JSON\n got %s\nwant %s", b, want)
		}
	})
}
