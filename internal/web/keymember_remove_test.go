package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMemberRemove(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		webtest.MakeKeyMember(t, env, ada.ID, 30)
		path := "/members/" + webtest.ID(ada.ID) + "/key/remove"
		rec := env.Do(t, webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{}})
		webtest.Check(t, rec, webtest.Want{Status: 303, Location: "/members/" + webtest.ID(ada.ID), FlashHas: "Ada Lovelace is no longer a key member."})
		if _, err := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("still key after removal: %v", err)
		}
		// Removing again: they are not key, so there is nothing to remove.
		rec = env.Do(t, webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{}})
		webtest.Check(t, rec, webtest.Want{Status: 404, Body: []string{"not a key member"}})
	})
}
