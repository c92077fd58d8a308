package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestListsDropEmptyParams: a filter form sends every box, blank or not;
// each list answers a query with blanks by sending the browser to the same
// list without them, and leaves a clean query alone.
func TestListsDropEmptyParams(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct{ path, location string }{
			{"/members?q=&status=&career_stage=&country=&email=&tag=", "/members"},
			{"/members?q=ada&status=&sort=-name", "/members?q=ada&sort=-name"},
			{"/members?field_name=&field_value=&field_name=lab&field_value=", "/members?field_name=lab&field_value="},
			{"/interactions?member=&channel=", "/interactions"},
			{"/followups?mine=&status=overdue", "/followups?status=overdue"},
			{"/key-members?group=&sort=name", "/key-members?sort=name"},
			{"/audit?entity=", "/audit"},
			{"/members?q=ada", ""},
			{"/members?field_name=lab&field_value=", ""}, // an empty value beside a name means "has the field"
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: accounts.RoleOwner})
				if tt.location == "" {
					if rec.Code != http.StatusOK {
						t.Fatalf("status %d, want 200", rec.Code)
					}
					return
				}
				if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tt.location {
					t.Fatalf("status %d to %q, want 303 to %q", rec.Code, rec.Header().Get("Location"), tt.location)
				}
			})
		}
	})
}
