package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMemberForm(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		funders := webtest.Group(t, env, "Funders")
		path := "/members/" + webtest.ID(ada.ID) + "/key"
		tests := []struct {
			name   string
			method string
			path   string
			form   url.Values
			want   webtest.Want
		}{
			{"new: monthly by default", "GET", path, nil, webtest.Want{Status: 200, Body: []string{
				"Make a key member: Ada Lovelace", `value="30" checked`, `name="groups" value="` + webtest.ID(funders.ID) + `"`, "Make key member",
			}, Absent: []string{"Remove from key members"}}},
			{"unknown member", "GET", "/members/999999/key", nil, webtest.Want{Status: 404}},
			{"malformed id", "GET", "/members/abc/key", nil, webtest.Want{Status: 404}},
			{"custom days not a number", "POST", path,
				url.Values{"cadence": {"custom"}, "custom_days": {"soon"}, "note": {"Chairs the board"}},
				webtest.Want{Status: 422, Body: []string{
					`id="e-cadence_days"`, "enter a whole number of days from 1 to 366",
					`value="custom" checked`, `value="soon"`, "Chairs the board",
				}}},
			{"custom days out of range, from the domain", "POST", path,
				url.Values{"cadence": {"custom"}, "custom_days": {"500"}},
				webtest.Want{Status: 422, Body: []string{"must be a whole number of days from 1 to 366", `value="500"`, `aria-invalid="true"`}}},
			{"no cadence chosen", "POST", path, url.Values{"note": {"x"}},
				webtest.Want{Status: 422, Body: []string{"choose how often they should hear from the team"}}},
			{"unknown group", "POST", path, url.Values{"cadence": {"30"}, "groups": {"999999"}},
				webtest.Want{Status: 422, Body: []string{`id="e-groups"`, "stakeholder group 999999 does not exist"}}},
			{"unknown member on save", "POST", "/members/999999/key", url.Values{"cadence": {"30"}}, webtest.Want{Status: 404}},
			{"saved", "POST", path,
				url.Values{"cadence": {"custom"}, "custom_days": {"45"}, "groups": {webtest.ID(funders.ID)}, "note": {"Chairs the board"}},
				webtest.Want{Status: 303, Location: "/members/" + webtest.ID(ada.ID), FlashHas: "success: Ada Lovelace is a key member."}},
			{"edit shows the record", "GET", path, nil, webtest.Want{Status: 200, Body: []string{
				"Key member: Ada Lovelace", `value="custom" checked`, `value="45"`,
				`value="` + webtest.ID(funders.ID) + `" checked`, "Chairs the board", "Remove from key members",
			}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: tt.method, Path: tt.path, Role: accounts.RoleManager, Form: tt.form})
				webtest.Check(t, rec, tt.want)
			})
		}
		km, err := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if km.CadenceDays != 45 || km.Note != "Chairs the board" || len(km.Groups) != 1 || km.Groups[0].ID != funders.ID {
			t.Fatalf("stored %+v, want 45 days, the note and Funders", km)
		}
	})
}
