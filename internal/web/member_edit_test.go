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
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := memAdd(t, env, members.Member{
			Name: "Ada Lovelace", Country: "GB", CareerStage: members.StageSenior,
			Emails:     []members.Email{{Address: "ada@example.org"}},
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}},
			Consent:    members.Consent{Contact: true, Basis: "consent"},
			Tags:       []string{"mentor", "speaker"}, CustomFields: map[string]string{"Bio": "Poet\nand mathematician"},
		})
		path := "/members/" + itoa(ada.ID)
		memRun(t, env, []memCase{
			{"the form, filled in", webtest.Request{Method: "GET", Path: path + "/edit"}, memWant{
				status: http.StatusOK,
				body: []string{"<h1>Edit Ada Lovelace</h1>", `action="` + path + `"`, `value="Ada Lovelace"`,
					`<option value="GB" selected>United Kingdom</option>`, `<option value="senior" selected>Senior</option>`,
					`<option value="consent" selected>Consent</option>`, `name="consent.contact" value="1" checked`,
					">\nada@example.org</textarea>", ">\ngithub: ada</textarea>", `value="mentor, speaker"`,
					">\nBio: Poet\n  and mathematician</textarea>"},
			}},
			{"problems beside their fields", webtest.Request{Method: "POST", Path: path, Form: memForm(
				"name", "Ada King", "time_zone", "Mars/Olympus", "preferences.hours_per_month", "lots",
				"custom_fields", "Bio Poet")}, memWant{
				status: http.StatusUnprocessableEntity,
				body: []string{`id="e-time_zone">&#34;Mars/Olympus&#34; is not a time zone we know`, `id="e-preferences.hours_per_month">must be a whole number`,
					`id="e-custom_fields">line 1: write name: value`, `value="Ada King"`, `value="Mars/Olympus"`},
			}},
			{"saved", webtest.Request{Method: "POST", Path: path, Form: memForm(
				"name", "Ada King", "emails", "ada@example.org\nking@example.org", "country", "GB",
				"status", "alumni", "tags", "mentor", "identities", "github: ada\nmastodon: @ada@scholar.social")}, memWant{
				status: http.StatusSeeOther, location: path, flash: "success: Saved.",
			}},
			{"no such member", webtest.Request{Method: "POST", Path: "/members/999999", Form: memForm("name", "X")}, memWant{
				status: http.StatusNotFound,
			}},
			{"not for viewers", webtest.Request{Method: "GET", Path: path + "/edit", Role: accounts.RoleViewer}, memWant{
				status: http.StatusForbidden,
			}},
		})
		m := memGet(t, env, ada.ID)
		if m.Name != "Ada King" || m.Status != members.StatusAlumni || len(m.Emails) != 2 || m.PrimaryEmail() != "ada@example.org" ||
			strings.Join(m.Tags, ",") != "mentor" || len(m.Identities) != 2 || len(m.CustomFields) != 0 ||
			m.CareerStage != members.StageUnknown || m.Consent.Contact {
			t.Errorf("after saving: %+v", m)
		}
	})
}

func TestMemberArchiveAndDelete(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := memAdd(t, env, members.Member{Name: "Ada Lovelace"})
		path := "/members/" + itoa(ada.ID)
		post := func(p string) webtest.Request { return webtest.Request{Method: "POST", Path: p, Form: memForm()} }

		memRun(t, env, []memCase{{"archive", post(path + "/archive"), memWant{
			status: http.StatusSeeOther, location: path,
			flash: "success: Archived Ada Lovelace. They no longer appear in the members list.",
		}}})
		if memGet(t, env, ada.ID).ArchivedAt == nil {
			t.Fatal("not archived")
		}
		memRun(t, env, []memCase{{"unarchive", post(path + "/unarchive"), memWant{
			status: http.StatusSeeOther, location: path,
			flash: "success: Unarchived Ada Lovelace. They are back in the members list.",
		}}})
		if memGet(t, env, ada.ID).ArchivedAt != nil {
			t.Fatal("still archived")
		}
		memRun(t, env, []memCase{
			{"viewers cannot delete", webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleViewer, Form: memForm()},
				memWant{status: http.StatusForbidden}},
			{"delete", post(path + "/delete"), memWant{
				status: http.StatusSeeOther, location: "/members", flash: "success: Deleted Ada Lovelace.",
			}},
			{"delete again", post(path + "/delete"), memWant{status: http.StatusNotFound}},
			{"archive the deleted", post(path + "/archive"), memWant{status: http.StatusNotFound}},
		})
		if _, err := env.App.Members.Get(env.Ctx, ada.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("after delete, Get: %v", err)
		}
	})
}
