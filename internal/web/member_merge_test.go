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
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := memAdd(t, env, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org"}},
			Tags: []string{"mentor"}})
		bob := memAdd(t, env, members.Member{Name: "A. Lovelace", Emails: []members.Email{{Address: "ada@example.org"}},
			Tags: []string{"Mentor", "speaker"}, Affiliation: "Analytical Society", Notes: "Prefers letters.",
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}}})
		cyd := memAdd(t, env, members.Member{Name: "Cyd Charisse"})
		if _, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Email, Summary: "Wrote about letters", MemberIDs: []int64{bob.ID},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, bob.ID, relationships.Quarterly, nil, ""); err != nil {
			t.Fatal(err)
		}
		base := "/members/" + itoa(ada.ID) + "/merge"
		get := func(path string) webtest.Request { return webtest.Request{Method: "GET", Path: path} }
		memRun(t, env, []memCase{
			{"possible duplicates first", get(base), memWant{
				status: http.StatusOK,
				body: []string{"Possible duplicates", `<a href="/members/` + itoa(bob.ID) + `">A. Lovelace</a>`,
					"Why: same email ada@example.org", `href="` + base + `?with=` + itoa(bob.ID) + `">Compare and merge`,
					`<input type="hidden" name="other" value="` + itoa(bob.ID) + `">`},
				absent: []string{"Cyd Charisse"},
			}},
			{"search", get(base + "?q=cyd"), memWant{
				status: http.StatusOK,
				body:   []string{`Members matching “cyd”`, `href="` + base + `?with=` + itoa(cyd.ID) + `"`},
			}},
			{"search finds nobody else", get(base + "?q=nobody"), memWant{
				status: http.StatusOK,
				body:   []string{"No other member matches “nobody”."},
			}},
			{"side by side, with what will happen", get(base + "?with=" + itoa(bob.ID)), memWant{
				status: http.StatusOK,
				body: []string{"Keep: #" + itoa(ada.ID) + " <a", "Remove: #" + itoa(bob.ID) + " <a", "ada@example.org", "Analytical Society",
					"Merge #" + itoa(bob.ID) + " into #" + itoa(ada.ID) + " (keep #" + itoa(ada.ID) + ")",
					"A. Lovelace&#39;s 1 interaction, 1 tag, 1 identity, notes and key-member record move to Ada Lovelace; A. Lovelace is then removed.",
					"filled in from #" + itoa(bob.ID) + ": affiliation.",
					`<input type="hidden" name="drop" value="` + itoa(bob.ID) + `">`,
					`href="/members/` + itoa(bob.ID) + `/merge?with=` + itoa(ada.ID) + `">Swap: keep #` + itoa(bob.ID) + `, remove #` + itoa(ada.ID)},
			}},
			{"not with themselves", get(base + "?with=" + itoa(ada.ID)), memWant{status: http.StatusUnprocessableEntity}},
			{"not with nobody", get(base + "?with=999999"), memWant{status: http.StatusNotFound}},
			{"not for viewers", webtest.Request{Method: "GET", Path: base, Role: accounts.RoleViewer}, memWant{status: http.StatusForbidden}},
			{"the record to fold in is needed", webtest.Request{Method: "POST", Path: base, Form: memForm("drop", "")}, memWant{
				status: http.StatusUnprocessableEntity,
			}},
			{"merge", webtest.Request{Method: "POST", Path: base, Form: memForm("drop", itoa(bob.ID))}, memWant{
				status: http.StatusSeeOther, location: "/members/" + itoa(ada.ID),
				flash: "success: Merged A. Lovelace (#" + itoa(bob.ID) + ") into this record (#" + itoa(ada.ID) + "). If it was a mistake, Undo merge is on the Merge page.",
			}},
			{"the folded record is gone", webtest.Request{Method: "POST", Path: base, Form: memForm("drop", itoa(bob.ID))}, memWant{
				status: http.StatusNotFound,
			}},
		})
		if _, err := env.App.Members.Get(env.Ctx, bob.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("dropped member: %v", err)
		}
		m := memGet(t, env, ada.ID)
		if !slices.Equal(m.Tags, []string{"mentor", "speaker"}) || m.Affiliation != "Analytical Society" || len(m.Identities) != 1 {
			t.Errorf("kept member after merge: %+v", m)
		}
		list, _, err := env.App.Relationships.ListInteractions(env.Ctx, relationships.InteractionFilter{MemberID: ada.ID})
		if err != nil || len(list) != 1 {
			t.Errorf("kept member's interactions: %v %v", list, err)
		}
	})
}
