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
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		p := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "me",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/me", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"email":"viewer@example.org"`, `"role":"viewer"`}},
			},
			{
				Name: "me never shows a password",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/me", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					for k := range b {
						if strings.Contains(k, "password") || strings.Contains(k, "hash") {
							t.Errorf("field %q in /me", k)
						}
					}
				}},
			},
			{Name: "no token", Req: webtest.Request{Method: "GET", Path: "/api/v1/me", Role: nobody}, Want: webtest.Want{Status: http.StatusUnauthorized, Code: apperr.Unauthorized}},
			{
				Name: "no token on a write",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: nobody, JSON: map[string]any{"name": "X"}},
				Want: webtest.Want{Status: http.StatusUnauthorized, Code: apperr.Unauthorized},
			},
			{
				Name: "openapi needs no token",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/openapi.json", Role: nobody},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"openapi": "3.0.3"`}},
			},
			{Name: "viewer reads", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusOK}},
			{
				Name: "viewer may not create",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: viewer, JSON: map[string]any{"name": "X"}},
				Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden},
			},
			{Name: "viewer may not delete", Req: webtest.Request{Method: "DELETE", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
			{
				Name: "viewer may not bulk tag",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: viewer, JSON: map[string]any{"ids": []int64{ada.ID}, "tag": "x"}},
				Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden},
			},
			{
				Name: "audit for owners",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/audit", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
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
			},
			{
				Name: "audit filtered",
				Req:  webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/audit?entity=member&entity_id=%d", ada.ID), Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if got := list(t, b, "entries"); len(got) != 1 || got[0]["summary"] != "Added Ada Lovelace" {
						t.Errorf("entries = %v", got)
					}
				}},
			},
			{
				Name: "audit paged",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/audit?limit=1", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if len(list(t, b, "entries")) != 1 || b["next_before_id"] == nil {
						t.Errorf("page = %v", b)
					}
				}},
			},
			{Name: "audit bad limit", Req: webtest.Request{Method: "GET", Path: "/api/v1/audit?limit=-3", Role: owner}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "limit"}},
			{Name: "audit bad entity_id", Req: webtest.Request{Method: "GET", Path: "/api/v1/audit?entity_id=x", Role: owner}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "entity_id"}},
			{Name: "audit not for managers", Req: webtest.Request{Method: "GET", Path: "/api/v1/audit", Role: manager}, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
			{Name: "audit not for viewers", Req: webtest.Request{Method: "GET", Path: "/api/v1/audit", Role: viewer}, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
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
				if e := webtest.ErrorShape(t, rec); e.Code != apperr.Unauthorized {
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
			webtest.ErrorShape(t, rec)
		})
	})
}
