package web_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberMerge(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org"}},
			Tags: []string{"mentor"}})
		bob := webtest.AddMember(t, env, members.Member{Name: "A. Lovelace", Emails: []members.Email{{Address: "ada@example.org"}},
			Tags: []string{"Mentor", "speaker"}, Affiliation: "Analytical Society", Notes: "Prefers letters.",
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}}})
		cyd := webtest.AddMember(t, env, members.Member{Name: "Cyd Charisse"})
		if _, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Email, Summary: "Wrote about letters", MemberIDs: []int64{bob.ID},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, bob.ID, relationships.Quarterly, nil, ""); err != nil {
			t.Fatal(err)
		}
		base := "/members/" + webtest.ID(ada.ID) + "/merge"
		get := func(path string) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "possible duplicates first", Req: get(base), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{"Possible duplicates", `<a href="/members/` + webtest.ID(bob.ID) + `">A. Lovelace</a>`,
					"Why: same email ada@example.org", `href="` + base + `?with=` + webtest.ID(bob.ID) + `">Compare and merge`,
					`<input type="hidden" name="other" value="` + webtest.ID(bob.ID) + `">`},
				Absent: []string{"Cyd Charisse"},
			}},
			{Name: "search", Req: get(base + "?q=cyd"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{`Members matching “cyd”`, `href="` + base + `?with=` + webtest.ID(cyd.ID) + `"`},
			}},
			{Name: "search finds nobody else", Req: get(base + "?q=nobody"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{"No other member matches “nobody”."},
			}},
			{Name: "side by side, with what will happen", Req: get(base + "?with=" + webtest.ID(bob.ID)), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{"Keep: #" + webtest.ID(ada.ID) + " <a", "Remove: #" + webtest.ID(bob.ID) + " <a", "ada@example.org", "Analytical Society",
					"Merge #" + webtest.ID(bob.ID) + " into #" + webtest.ID(ada.ID) + " (keep #" + webtest.ID(ada.ID) + ")",
					"A. Lovelace&#39;s 1 interaction, 1 tag, 1 identity, notes and key-member record move to Ada Lovelace; A. Lovelace is then removed.",
					"filled in from #" + webtest.ID(bob.ID) + ": affiliation.",
					`<input type="hidden" name="drop" value="` + webtest.ID(bob.ID) + `">`,
					`href="/members/` + webtest.ID(bob.ID) + `/merge?with=` + webtest.ID(ada.ID) + `">Swap: keep #` + webtest.ID(bob.ID) + `, remove #` + webtest.ID(ada.ID)},
			}},
			{Name: "not with themselves", Req: get(base + "?with=" + webtest.ID(ada.ID)), Want: webtest.Want{Status: http.StatusUnprocessableEntity}},
			{Name: "not with nobody", Req: get(base + "?with=999999"), Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "not for viewers", Req: webtest.Request{Method: "GET", Path: base, Role: accounts.RoleViewer}, Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "the record to fold in is needed", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: base, Form: webtest.Form("drop", "")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
			}},
			{Name: "merge", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: base, Form: webtest.Form("drop", webtest.ID(bob.ID))}, Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members/" + webtest.ID(ada.ID),
				Flash: "success: Merged A. Lovelace (#" + webtest.ID(bob.ID) + ") into this record (#" + webtest.ID(ada.ID) + "). If it was a mistake, Undo merge is on the Merge page.",
			}},
			{Name: "the folded record is gone", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: base, Form: webtest.Form("drop", webtest.ID(bob.ID))}, Want: webtest.Want{
				Status: http.StatusNotFound,
			}},
		})
		if _, err := env.App.Members.Get(env.Ctx, bob.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("dropped member: %v", err)
		}
		m := webtest.GetMember(t, env, ada.ID)
		if !slices.Equal(m.Tags, []string{"mentor", "speaker"}) || m.Affiliation != "Analytical Society" || len(m.Identities) != 1 {
			t.Errorf("kept member after merge: %+v", m)
		}
		list, _, err := env.App.Relationships.ListInteractions(env.Ctx, relationships.InteractionFilter{MemberID: ada.ID})
		if err != nil || len(list) != 1 {
			t.Errorf("kept member's interactions: %v %v", list, err)
		}
	})
}
