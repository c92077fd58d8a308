package accounts_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestFeedTokenLife(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clk := newService(db)
		ctx := testCtx()
		ada := mustCreateUser(t, svc, "ada@example.org", "Ada", accounts.RoleViewer)
		bob := mustCreateUser(t, svc, "bob@example.org", "Bob", accounts.RoleOwner)

		for _, bad := range []struct {
			name   string
			userID int64
			label  string
			code   apperr.Code
		}{
			{"name too long", ada.ID, strings.Repeat("n", 101), apperr.Invalid},
			{"name with a newline", ada.ID, "a\nb", apperr.Invalid},
			{"unknown user", 9999, "", apperr.NotFound},
		} {
			_, _, err := svc.CreateFeedToken(ctx, bad.userID, bad.label)
			wantCode(t, err, bad.code)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM feed_tokens"); n != 0 {
			t.Fatalf("%d feed tokens stored by failed creations", n)
		}

		secret, tok, err := svc.CreateFeedToken(ctx, ada.ID, "  Phone ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, accounts.FeedTokenPrefix) || len(secret) != len(accounts.FeedTokenPrefix)+43 {
			t.Errorf("feed token %q: want %s and 43 characters", secret, accounts.FeedTokenPrefix)
		}
		if tok.Name != "Phone" || tok.UserID != ada.ID || !tok.CreatedAt.Equal(start) {
			t.Errorf("CreateFeedToken = %+v", tok)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM feed_tokens WHERE id = ? AND token_hash = ?", tok.ID, sha256Hex(secret)); n != 1 {
			t.Error("feed token not stored as its SHA-256")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM feed_tokens WHERE token_hash = ?", secret); n != 0 {
			t.Error("feed token stored in plain text")
		}

		clk.Advance(time.Hour)
		u, err := svc.FeedTokenUser(ctx, secret)
		if err != nil || u.ID != ada.ID {
			t.Fatalf("FeedTokenUser = %+v, %v; want Ada", u, err)
		}
		list, err := svc.ListFeedTokens(ctx, ada.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("ListFeedTokens = %+v, %v; want one, used an hour after start", list, err)
		}

		// A feed token is not an API token, nor the other way round.
		if _, err := svc.TokenUser(ctx, secret); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("TokenUser(feed token) = %v, want Unauthorized", err)
		}
		api, _, err := svc.CreateToken(ctx, ada.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		for _, guess := range []string{api, "", accounts.FeedTokenPrefix, secret + "x", otherLast(secret), strings.ToUpper(secret)} {
			if _, err := svc.FeedTokenUser(ctx, guess); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("FeedTokenUser(%q) = %v, want NotFound", guess, err)
			}
		}

		// Someone else cannot revoke it; its owner can, once and for all.
		wantCode(t, svc.RevokeFeedToken(ctx, bob.ID, tok.ID), apperr.NotFound)
		wantCode(t, svc.RevokeFeedToken(ctx, ada.ID, 9999), apperr.NotFound)
		if err := svc.RevokeFeedToken(ctx, ada.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeFeedToken(ctx, ada.ID, tok.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
		if _, err := svc.FeedTokenUser(ctx, secret); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoked token: %v, want NotFound", err)
		}
		if a := auditActions(t, db, "feed_token", tok.ID); !slices.Equal(a, []string{"create", "revoke"}) {
			t.Errorf("audit actions %v, want [create revoke]", a)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'feed_token' AND entity_id = ? AND entity_name = 'Phone'", tok.ID); n != 2 {
			t.Errorf("%d audit entries name the token Phone, want 2", n)
		}

		// A disabled user's feeds stop; no new one can be made for them.
		second, _, err := svc.CreateFeedToken(ctx, ada.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Disable(ctx, ada.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FeedTokenUser(ctx, second); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("disabled user's feed token: %v, want NotFound", err)
		}
		_, _, err = svc.CreateFeedToken(ctx, ada.ID, "")
		wantCode(t, err, apperr.Forbidden)
	})
}

// otherLast is s with its last character changed.
func otherLast(s string) string {
	if strings.HasSuffix(s, "A") {
		return s[:len(s)-1] + "B"
	}
	return s[:len(s)-1] + "A"
}
