package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMemberRemove(t *testing.T) {
	relEachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := relMember(t, env, "Ada Lovelace", "")
		relMakeKey(t, env, ada.ID, 30)
		path := "/members/" + relStr(ada.ID) + "/key/remove"
		rec := env.Do(t, webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{}})
		relCheck(t, rec, relWant{status: 303, location: "/members/" + relStr(ada.ID), flash: "Ada Lovelace is no longer a key member."})
		if _, err := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("still key after removal: %v", err)
		}
		// Removing again: they are not key, so there is nothing to remove.
		rec = env.Do(t, webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{}})
		relCheck(t, rec, relWant{status: 404, body: []string{"not a key member"}})
	})
}
