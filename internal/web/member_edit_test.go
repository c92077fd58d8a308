package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberEdit(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{
			Name: "Ada Lovelace", Country: "GB", CareerStage: members.StageSenior,
			Emails:     []members.Email{{Address: "ada@example.org"}},
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}},
			Consent:    members.Consent{Contact: true, Basis: "consent"},
			Tags:       []string{"mentor", "speaker"}, CustomFields: map[string]string{"Bio": "Poet\nand mathematician"},
		})
		path := "/members/" + webtest.ID(ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "the form, filled in", Req: webtest.Request{Role: accounts.RoleManager, Method: "GET", Path: path + "/edit"}, Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{"<h1>Edit Ada Lovelace</h1>", `action="` + path + `"`, `value="Ada Lovelace"`,
					`<option value="GB" selected>United Kingdom</option>`, `<option value="senior" selected>Senior</option>`,
					`<option value="consent" selected>Consent</option>`, `name="consent.contact" value="1" checked`,
					">\nada@example.org</textarea>", ">\ngithub: ada</textarea>", `value="mentor, speaker"`,
					">\nBio: Poet\n  and mathematician</textarea>"},
			}},
			{Name: "problems beside their fields", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: path, Form: webtest.Form(
				"name", "Ada King", "time_zone", "Mars/Olympus", "preferences.hours_per_month", "lots",
				"custom_fields", "Bio Poet")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body: []string{`id="e-time_zone">&#34;Mars/Olympus&#34; is not a time zone we know`, `id="e-preferences.hours_per_month">must be a whole number`,
					`id="e-custom_fields">line 1: write name: value`, `value="Ada King"`, `value="Mars/Olympus"`},
			}},
			{Name: "saved", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: path, Form: webtest.Form(
				"name", "Ada King", "emails", "ada@example.org\nking@example.org", "country", "GB",
				"status", "alumni", "tags", "mentor", "identities", "github: ada\nmastodon: @ada@scholar.social")}, Want: webtest.Want{
				Status: http.StatusSeeOther, Location: path, Flash: "success: Saved.",
			}},
			{Name: "no such member", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members/999999", Form: webtest.Form("name", "X")}, Want: webtest.Want{
				Status: http.StatusNotFound,
			}},
			{Name: "not for viewers", Req: webtest.Request{Method: "GET", Path: path + "/edit", Role: accounts.RoleViewer}, Want: webtest.Want{
				Status: http.StatusForbidden,
			}},
		})
		m := webtest.GetMember(t, env, ada.ID)
		if m.Name != "Ada King" || m.Status != members.StatusAlumni || len(m.Emails) != 2 || m.PrimaryEmail() != "ada@example.org" ||
			strings.Join(m.Tags, ",") != "mentor" || len(m.Identities) != 2 || len(m.CustomFields) != 0 ||
			m.CareerStage != members.StageUnknown || m.Consent.Contact {
			t.Errorf("after saving: %+v", m)
		}
	})
}

func TestMemberArchiveAndDelete(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		path := "/members/" + webtest.ID(ada.ID)
		post := func(p string) webtest.Request {
			return webtest.Request{Method: "POST", Path: p, Role: accounts.RoleManager, Form: webtest.Form()}
		}

		webtest.Run(t, env, []webtest.Case{{Name: "archive", Req: post(path + "/archive"), Want: webtest.Want{
			Status: http.StatusSeeOther, Location: path,
			Flash: "success: Archived Ada Lovelace. They no longer appear in the members list.",
		}}})
		if webtest.GetMember(t, env, ada.ID).ArchivedAt == nil {
			t.Fatal("not archived")
		}
		webtest.Run(t, env, []webtest.Case{{Name: "unarchive", Req: post(path + "/unarchive"), Want: webtest.Want{
			Status: http.StatusSeeOther, Location: path,
			Flash: "success: Unarchived Ada Lovelace. They are back in the members list.",
		}}})
		if webtest.GetMember(t, env, ada.ID).ArchivedAt != nil {
			t.Fatal("still archived")
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewers cannot delete", Req: webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleViewer, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "delete", Req: post(path + "/delete"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members", Flash: "success: Deleted Ada Lovelace.",
			}},
			{Name: "delete again", Req: post(path + "/delete"), Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "archive the deleted", Req: post(path + "/archive"), Want: webtest.Want{Status: http.StatusNotFound}},
		})
		if _, err := env.App.Members.Get(env.Ctx, ada.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("after delete, Get: %v", err)
		}
	})
}
