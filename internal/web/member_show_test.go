package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberShow(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		hours := 4
		ada := webtest.AddMember(t, env, members.Member{
			Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her", JobTitle: "Mathematician",
			Affiliation: "Analytical Society", ORCID: "0000-0002-1825-0097", Country: "GB", TimeZone: "Asia/Kolkata",
			Emails:      []members.Email{{Address: "a@uni.example"}, {Address: "ada@example.org", Primary: true}},
			CareerStage: members.StageSenior, JoinedOn: "2025-11-02", Source: "workshop",
			Tags: []string{"mentor"}, Expertise: []string{"engines"}, Languages: []string{"English", "French"},
			Preferences: members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: &hours},
			Consent:     members.Consent{Contact: true, Basis: "legitimate_interest", Date: "2025-11-02"},
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}, {Platform: "mastodon", Handle: "@ada@scholar.social"},
				{Platform: "website", Handle: "ada.example.org"}, {Platform: "slack", Handle: "ada"}},
			Notes:        "Met at the **workshop**.",
			CustomFields: map[string]string{"Shirt size": "M"},
		})
		funders := webtest.Group(t, env, "Funders").ID
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, relationships.Monthly, []int64{funders}, "Chairs the funding board"); err != nil {
			t.Fatal(err)
		}
		call, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Talked about the analytical engine",
			MemberIDs: []int64{ada.ID}, FollowUp: &relationships.FollowUpInput{What: "Send the slides", DueOn: "2026-03-05"},
		})
		if err != nil {
			t.Fatal(err)
		}
		done, err := env.App.Relationships.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: "Thank her", DueOn: "2026-02-01", MemberID: ada.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.CompleteFollowUp(env.Ctx, done.ID); err != nil {
			t.Fatal(err)
		}
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage"})
		cyd := webtest.AddMember(t, env, members.Member{Name: "Cyd Charisse"})
		if err := env.App.Members.Archive(env.Ctx, cyd.ID); err != nil {
			t.Fatal(err)
		}
		adaPath := "/members/" + webtest.ID(ada.ID)
		get := func(path string, role accounts.Role) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: role}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "everything about a key member", Req: get(adaPath, accounts.RoleViewer), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{
					"<h1>Ada Lovelace</h1>", "Goes by Ada · she/her", "Mathematician, Analytical Society",
					"Key member · monthly", `<span class="badge">Funders</span>`,
					`<a href="mailto:ada@example.org">ada@example.org</a> <span class="badge">primary</span></li><li><a href="mailto:a@uni.example">`,
					`<a href="https://orcid.org/0000-0002-1825-0097">`, "United Kingdom",
					"Their time now: 15:30 on Tue 10 Mar (UTC&#43;05:30)", "Senior", "Sun 2 Nov 2025", "workshop",
					"English, French", `<a class="badge" href="/members?tag=mentor">mentor</a>`,
					"Written; In their own time; 4 hours a month",
					"May be contacted · basis: Legitimate interest",
					`<a href="https://github.com/ada" rel="noopener noreferrer">ada</a>`,
					`<a href="https://scholar.social/@ada" rel="noopener noreferrer">@ada@scholar.social</a>`,
					`<a href="https://ada.example.org" rel="noopener noreferrer">ada.example.org</a>`,
					"<li>slack: ada</li>", "<dt>Shirt size</dt>",
					"<p>Met at the <strong>workshop</strong>.</p>",
					// Made key today and contacted 9 days ago: one contact is
					// all a first cadence can ask for.
					`<span class="badge warm">warm</span> Last contact 9 days ago`,
					`<p class="key-note"><strong>Why they matter:</strong> Chairs the funding board</p>`,
					`<time datetime="2026-03-31">Tue 31 Mar 2026</time>`,
					`<a href="/interactions/` + webtest.ID(call.ID) + `">Talked about the analytical engine</a>`,
					"Send the slides", "Thank her",
				},
				Absent: []string{"/edit", "Delete", "Log an interaction", "Mark as key member", "Archived on", "Complete"},
			}},
			{Name: "writers get the actions", Req: get(adaPath, accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{`href="/members/` + webtest.ID(ada.ID) + `/edit"`, `href="/interactions/new?member=` + webtest.ID(ada.ID) + `"`,
					`action="/members/` + webtest.ID(ada.ID) + `/archive"`, `href="/members/` + webtest.ID(ada.ID) + `/merge"`,
					`data-confirm="Delete Ada Lovelace for good?`, "Change cadence or groups"},
			}},
			{Name: "someone who is not key", Req: get("/members/"+webtest.ID(bob.ID), accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{`<a href="/members/` + webtest.ID(bob.ID) + `/key">Mark as key member</a>`,
					"No interactions yet.", "Log the first one", "No follow-ups with Bob Babbage."},
				Absent: []string{"Their time now", "Key member ·"},
			}},
			{Name: "an archived member", Req: get("/members/"+webtest.ID(cyd.ID), accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{"Archived on 10 Mar 2026.", `action="/members/` + webtest.ID(cyd.ID) + `/unarchive"`},
				Absent: []string{`/archive"`},
			}},
			{Name: "no such member", Req: get("/members/999999", accounts.RoleViewer), Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "not an id", Req: get("/members/ada", accounts.RoleViewer), Want: webtest.Want{Status: http.StatusNotFound}},
		})
		t.Run("open follow-ups before done ones", func(t *testing.T) {
			body := env.Do(t, get(adaPath, accounts.RoleViewer)).Body.String()
			if i, j := strings.Index(body, "Send the slides"), strings.Index(body, "Thank her"); i < 0 || j < i {
				t.Errorf("open follow-up at %d, done one at %d", i, j)
			}
		})
	})
}
