package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestAccess(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace"})
		p := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		run(t, env, []apiCase{
			{name: "me", method: "GET", path: "/api/v1/me", role: viewer, status: http.StatusOK,
				want: []string{`"email":"viewer@example.org"`, `"role":"viewer"`}},
			{name: "me never shows a password", method: "GET", path: "/api/v1/me", role: owner, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					for k := range b {
						if strings.Contains(k, "password") || strings.Contains(k, "hash") {
							t.Errorf("field %q in /me", k)
						}
					}
				}},
			{name: "no token", method: "GET", path: "/api/v1/me", role: nobody, status: http.StatusUnauthorized, code: apperr.Unauthorized},
			{name: "no token on a write", method: "POST", path: "/api/v1/members", role: nobody,
				body: map[string]any{"name": "X"}, status: http.StatusUnauthorized, code: apperr.Unauthorized},
			{name: "openapi needs no token", method: "GET", path: "/api/v1/openapi.json", role: nobody, status: http.StatusOK,
				want: []string{`"openapi": "3.0.3"`}},
			{name: "viewer reads", method: "GET", path: p, role: viewer, status: http.StatusOK},
			{name: "viewer may not create", method: "POST", path: "/api/v1/members", role: viewer,
				body: map[string]any{"name": "X"}, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "viewer may not delete", method: "DELETE", path: p, role: viewer, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "viewer may not bulk tag", method: "POST", path: "/api/v1/members/bulk-tag", role: viewer,
				body: map[string]any{"ids": []int64{ada.ID}, "tag": "x"}, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "audit for owners", method: "GET", path: "/api/v1/audit", role: owner, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					entries := list(t, b, "entries")
					if len(entries) == 0 {
						t.Fatal("no audit entries")
					}
					found := false
					for _, e := range entries {
						found = found || (e["entity"] == "member" && id(e["entity_id"]) == ada.ID && e["action"] == "create")
					}
					if !found {
						t.Errorf("the member's creation is not in %v", entries)
					}
				}},
			{name: "audit filtered", method: "GET", path: fmt.Sprintf("/api/v1/audit?entity=member&entity_id=%d", ada.ID), role: owner, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if got := list(t, b, "entries"); len(got) != 1 || got[0]["summary"] != "Added Ada Lovelace" {
						t.Errorf("entries = %v", got)
					}
				}},
			{name: "audit paged", method: "GET", path: "/api/v1/audit?limit=1", role: owner, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if len(list(t, b, "entries")) != 1 || b["next_before_id"] == nil {
						t.Errorf("page = %v", b)
					}
				}},
			{name: "audit bad limit", method: "GET", path: "/api/v1/audit?limit=-3", role: owner, status: http.StatusUnprocessableEntity, field: "limit"},
			{name: "audit bad entity_id", method: "GET", path: "/api/v1/audit?entity_id=x", role: owner, status: http.StatusUnprocessableEntity, field: "entity_id"},
			{name: "audit not for managers", method: "GET", path: "/api/v1/audit", role: manager, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "audit not for viewers", method: "GET", path: "/api/v1/audit", role: viewer, status: http.StatusForbidden, code: apperr.Forbidden},
		})

		for _, tt := range []struct {
			name, header string
		}{
			{"bad token", "Bearer trl_not-a-real-token"},
			{"wrong scheme", "Basic " + env.Token(owner)},
			{"empty bearer", "Bearer "},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/me",
					Header: http.Header{"Authorization": {tt.header}}})
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401", rec.Code)
				}
				if e := checkErrorShape(t, rec); e.Code != apperr.Unauthorized {
					t.Errorf("code %q", e.Code)
				}
				if rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("no WWW-Authenticate header")
				}
			})
		}
		t.Run("revoked token", func(t *testing.T) {
			tok, listing, err := env.App.Accounts.CreateToken(env.Ctx, env.Users[manager].ID, "short-lived")
			if err != nil {
				t.Fatal(err)
			}
			auth := http.Header{"Authorization": {"Bearer " + tok}}
			if rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/me", Header: auth}); rec.Code != http.StatusOK {
				t.Fatalf("fresh token: status %d", rec.Code)
			}
			if err := env.App.Accounts.RevokeToken(env.Ctx, env.Users[manager].ID, listing.ID); err != nil {
				t.Fatal(err)
			}
			rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/me", Header: auth})
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("revoked token: status %d, want 401", rec.Code)
			}
			checkErrorShape(t, rec)
		})
	})
}
