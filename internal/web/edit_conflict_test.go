package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// auditActionsOf counts a record's audit entries by action.
func auditActionsOf(t *testing.T, env *webtest.Env, entity string, id int64) map[string]int {
	t.Helper()
	entries, err := audit.List(env.Ctx, env.App.DB, audit.Filter{Entity: entity, EntityID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range entries {
		out[e.Action]++
	}
	return out
}

// Someone opens a member's edit form; a colleague changes the affiliation;
// the first person saves. Their save must not silently undo the
// colleague's change: the form comes back with what they typed, the
// colleague's change listed, and the current version, and nothing is
// written until they save again.
func TestMemberEditFormRefusesAStaleVersion(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Royal Society"})
		path := "/members/" + webtest.ID(ada.ID)
		webtest.Check(t, env.Do(t, webtest.Request{Method: "GET", Path: path + "/edit", Role: "manager"}), webtest.Want{
			Status: http.StatusOK, Body: []string{`<input type="hidden" name="version" value="1">`}})

		if _, err := env.App.Members.Edit(env.Ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
			m.Affiliation = "Analytical Engine Society"
			return m, nil
		}); err != nil {
			t.Fatal(err)
		}
		mine := webtest.Form("version", "1", "name", "Ada Lovelace", "affiliation", "Royal Society", "job_title", "Countess", "status", "active")
		webtest.Run(t, env, []webtest.Case{
			{Name: "stale save comes back with what changed", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: path, Form: mine}, Want: webtest.Want{
				Status: http.StatusConflict,
				Body: []string{"changed since you opened it", "<strong>Affiliation</strong>: Royal Society → Analytical Engine Society",
					`value="Countess"`, `<input type="hidden" name="version" value="2">`},
			}},
		})
		if m := webtest.GetMember(t, env, ada.ID); m.JobTitle != "" || m.Affiliation != "Analytical Engine Society" || m.Version != 2 {
			t.Fatalf("the stale save wrote: %+v", m)
		}
		// Having seen the change, they save again against version 2.
		mine.Set("version", "2")
		mine.Set("affiliation", "Analytical Engine Society")
		webtest.Run(t, env, []webtest.Case{
			{Name: "saved against the current version", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: path, Form: mine}, Want: webtest.Want{
				Status: http.StatusSeeOther, Location: path}},
			{Name: "a tampered version is refused", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: path, Form: webtest.Form("version", "two", "name", "X")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity}},
		})
		if m := webtest.GetMember(t, env, ada.ID); m.JobTitle != "Countess" || m.Affiliation != "Analytical Engine Society" || m.Version != 3 {
			t.Errorf("after reconciling: %+v", m)
		}
		if got := auditActionsOf(t, env, "member", ada.ID); got["update"] != 2 {
			t.Errorf("audit %v, want the colleague's and the reconciled update", got)
		}
	})
}

func TestInteractionEditFormRefusesAStaleVersion(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		it := webtest.LogInteraction(t, env, "2026-03-02", relationships.Call, "Board call", ada.ID)
		path := "/interactions/" + webtest.ID(it.ID)
		webtest.Check(t, env.Do(t, webtest.Request{Method: "GET", Path: path + "/edit", Role: "manager"}), webtest.Want{
			Status: http.StatusOK, Body: []string{`<input type="hidden" name="version" value="1">`}})
		if _, err := env.App.Relationships.EditInteraction(env.Ctx, it.ID, 0, func(cur relationships.Interaction) (relationships.InteractionInput, error) {
			return relationships.InteractionInput{OccurredOn: cur.OccurredOn, Channel: cur.Channel, Summary: cur.Summary,
				Outcome: "Agreed to chair", MemberIDs: []int64{ada.ID}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		mine := url.Values{"version": {"1"}, "occurred_on": {"2026-03-02"}, "channel": {"call"}, "summary": {"Board call about the grant"},
			"member": {webtest.ID(ada.ID)}}
		webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: path, Role: "manager", Form: mine}), webtest.Want{
			Status: http.StatusConflict,
			Body: []string{"changed since you opened it", "<strong>Outcome</strong>: <em>(empty)</em> → Agreed to chair",
				`value="Board call about the grant"`, `<input type="hidden" name="version" value="2">`},
		})
		got, err := env.App.Relationships.GetInteraction(env.Ctx, it.ID)
		if err != nil || got.Summary != "Board call" || got.Outcome != "Agreed to chair" {
			t.Fatalf("the stale save wrote: %+v, %v", got, err)
		}
		if a := auditActionsOf(t, env, "interaction", it.ID); a["update"] != 1 {
			t.Errorf("audit %v, want only the colleague's update", a)
		}
	})
}

func TestKeyMemberFormRefusesAStaleVersion(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, relationships.Monthly, nil, "Board"); err != nil {
			t.Fatal(err)
		}
		path := "/members/" + webtest.ID(ada.ID) + "/key"
		webtest.Check(t, env.Do(t, webtest.Request{Method: "GET", Path: path, Role: "manager"}), webtest.Want{
			Status: http.StatusOK, Body: []string{`<input type="hidden" name="version" value="1">`}})
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, relationships.Monthly, nil, "Chairs the board"); err != nil {
			t.Fatal(err)
		}
		mine := url.Values{"version": {"1"}, "cadence": {"14"}, "note": {"Board"}}
		webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: path, Role: "manager", Form: mine}), webtest.Want{
			Status: http.StatusConflict,
			Body:   []string{"changed since you opened it", "<strong>Note</strong>: Board → Chairs the board", `<input type="hidden" name="version" value="2">`},
		})
		if km, _ := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID); km.CadenceDays != relationships.Monthly {
			t.Errorf("the stale save wrote: %+v", km)
		}
	})
}

// A delete button carries the version its page showed: when the record
// changed since, nothing is deleted and the page says what changed.
func TestDeleteButtonsRefuseAStaleVersion(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Royal Society"})
		it := webtest.LogInteraction(t, env, "2026-03-02", relationships.Call, "Board call", ada.ID)
		webtest.MakeKeyMember(t, env, ada.ID, relationships.Monthly)
		memberPath, itPath := "/members/"+webtest.ID(ada.ID), "/interactions/"+webtest.ID(it.ID)
		for _, page := range []string{memberPath, itPath, memberPath + "/key"} {
			webtest.Check(t, env.Do(t, webtest.Request{Method: "GET", Path: page, Role: "manager"}), webtest.Want{
				Status: http.StatusOK, Body: []string{`<input type="hidden" name="version" value="1">`}})
		}
		// A colleague changes all three.
		rel := env.App.Relationships
		if _, err := env.App.Members.Edit(env.Ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
			m.Affiliation = "Analytical Engine Society"
			return m, nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := rel.UpdateInteraction(env.Ctx, it.ID, relationships.InteractionInput{OccurredOn: "2026-03-02",
			Channel: relationships.Call, Summary: "Board call, grant agreed", MemberIDs: []int64{ada.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := rel.SetKeyMember(env.Ctx, ada.ID, relationships.Quarterly, nil, ""); err != nil {
			t.Fatal(err)
		}
		v1 := url.Values{"version": {"1"}}
		cases := []struct {
			path, back, flash string
		}{
			{memberPath + "/delete", memberPath, "Affiliation: Royal Society → Analytical Engine Society"},
			{itPath + "/delete", itPath, "Summary: Board call → Board call, grant agreed"},
			{memberPath + "/key/remove", memberPath + "/key", "Cadence days: monthly → quarterly"},
		}
		for _, c := range cases {
			webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: c.path, Role: "manager", Form: v1}), webtest.Want{
				Status: http.StatusSeeOther, Location: c.back, FlashHas: c.flash})
		}
		if _, err := rel.GetKeyMember(env.Ctx, ada.ID); err != nil {
			t.Errorf("a stale remove removed: %v", err)
		}
		if _, err := rel.GetInteraction(env.Ctx, it.ID); err != nil {
			t.Errorf("a stale delete deleted: %v", err)
		}
		// Against the version now shown, the delete goes through.
		webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: memberPath + "/delete", Role: "manager",
			Form: url.Values{"version": {"2"}}}), webtest.Want{Status: http.StatusSeeOther, Location: "/members"})
	})
}
