package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberCreate(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org"}}})
		webtest.Run(t, env, []webtest.Case{
			{Name: "the empty form", Req: webtest.Request{Role: accounts.RoleManager, Method: "GET", Path: "/members/new"}, Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{`<legend>Who</legend>`, `<legend>Consent</legend>`, `name="custom_fields"`,
					`<option value="active" selected>Active</option>`, `<label for="f-orcid">ORCID iD</label>`},
			}},
			{Name: "problems beside their fields, input kept", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members", Form: webtest.Form(
				"name", "Grace Hopper", "orcid", "0000-0002-1825-0098", "country", "Atlantis",
				"identities", "github: grace\ngracehopper", "custom_fields", "Shirt size: L",
				"emails", "grace@example.org\nnot an address")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body: []string{
					"Please correct the highlighted fields.",
					`id="e-identities">line 2: write platform: handle`,
					`id="e-emails">line 2: must be an email address`,
					`id="e-orcid">`, `id="e-country">`,
					`aria-invalid="true" aria-describedby="e-orcid"`,
					`value="Grace Hopper"`, "Shirt size: L", "github: grace\ngracehopper",
				},
			}},
			{Name: "a name is required", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members", Form: webtest.Form("name", " ")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-name">is required`},
			}},
			{Name: "a possible duplicate is shown first", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members", Form: webtest.Form(
				"name", "A. Lovelace", "emails", "ADA@example.org", "affiliation", "Analytical Society")}, Want: webtest.Want{
				Status: http.StatusConflict,
				Body: []string{"This may be someone who is already here", `href="/members/` + webtest.ID(ada.ID) + `">Ada Lovelace</a>`,
					"same email ada@example.org", `name="confirm_duplicate" value="1"`, `form="member-form"`,
					`value="A. Lovelace"`, `value="Analytical Society"`},
			}},
			{Name: "viewers cannot add", Req: webtest.Request{Method: "GET", Path: "/members/new", Role: accounts.RoleViewer}, Want: webtest.Want{
				Status: http.StatusForbidden,
			}},
		})
		n, err := env.App.Members.Count(env.Ctx, members.Filter{})
		if err != nil || n != 1 {
			t.Fatalf("after refused forms: %d members (%v), want 1", n, err)
		}

		t.Run("create anyway, then every field reads back", func(t *testing.T) {
			form := webtest.Form(
				"confirm_duplicate", "1",
				"name", "A. Lovelace", "preferred_name", "Ada", "pronouns", "she/her",
				"emails", "ada@example.org\nada@uni.example", "affiliation", "Analytical Society",
				"job_title", "Mathematician", "orcid", "https://orcid.org/0000-0002-1825-0097",
				"country", "GB", "time_zone", "Europe/London", "career_stage", "senior",
				"status", "active", "joined_on", "2025-11-02", "source", "workshop",
				"expertise", "maths, engines", "interests", "poetry", "languages", "English, French",
				"tags", "mentor, speaker", "preferences.modality", "written", "preferences.timing", "asynchronous",
				"preferences.hours_per_month", "4", "consent.contact", "1", "consent.basis", "consent",
				"consent.date", "2025-11-02", "identities", "github: ada\nhttps://ada.example.org",
				"notes", "Met at the **workshop**.", "custom_fields", "Shirt size: M",
			)
			rec := env.Do(t, webtest.Request{Method: "POST", Path: "/members", Role: accounts.RoleManager, Form: form})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("status %d; body:\n%s", rec.Code, rec.Body.String())
			}
			loc := rec.Header().Get("Location")
			id, ok := strings.CutPrefix(loc, "/members/")
			if !ok {
				t.Fatalf("Location %q", loc)
			}
			if got := webtest.Flash(t, rec); got != "success: Added A. Lovelace." {
				t.Errorf("flash %q", got)
			}
			res, err := env.App.Members.List(env.Ctx, members.Filter{Q: "Lovelace", Sort: "-created"}, members.Page{})
			if err != nil || len(res.Members) != 2 {
				t.Fatalf("list: %v %v", res.Members, err)
			}
			m := res.Members[0]
			if webtest.ID(m.ID) != id {
				t.Fatalf("newest member is %d, redirected to %s", m.ID, id)
			}
			checks := []struct {
				field     string
				got, want any
			}{
				{"preferred name", m.PreferredName, "Ada"},
				{"primary email", m.PrimaryEmail(), "ada@example.org"},
				{"emails", len(m.Emails), 2},
				{"orcid", m.ORCID, "0000-0002-1825-0097"},
				{"country", m.Country, "GB"},
				{"career stage", m.CareerStage, members.StageSenior},
				{"tags", strings.Join(m.Tags, ","), "mentor,speaker"},
				{"languages", strings.Join(m.Languages, ","), "English,French"},
				{"hours", *m.Preferences.HoursPerMonth, 4},
				{"consent", m.Consent, members.Consent{Contact: true, Basis: "consent", Date: "2025-11-02"}},
				{"identities", len(m.Identities), 2},
				{"custom field", m.CustomFields["Shirt size"], "M"},
				{"notes", m.Notes, "Met at the **workshop**."},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %v, want %v", c.field, c.got, c.want)
				}
			}
		})
	})
}
