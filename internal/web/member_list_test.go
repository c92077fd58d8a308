package web_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberList(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.Run(t, env, []webtest.Case{
			{Name: "empty", Req: webtest.Request{Role: accounts.RoleManager, Method: "GET", Path: "/members"}, Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{"No members yet.", `<a href="/members/new">Add the first one</a>`},
			}},
		})
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
			Affiliation: "Analytical Society", CareerStage: members.StageSenior, Country: "GB",
			Tags: []string{"mentor"}, JoinedOn: "2025-01-10", ORCID: "0000-0002-1825-0097"})
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage", Status: members.StatusLapsed,
			CareerStage: members.StageStudent, Country: "KE", Tags: []string{"speaker"}, JoinedOn: "2024-05-01"})
		cyd := webtest.AddMember(t, env, members.Member{Name: "Cyd Charisse"})
		if err := env.App.Members.Archive(env.Ctx, cyd.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, 30, nil, ""); err != nil {
			t.Fatal(err)
		}
		adaLink := `<a href="/members/` + webtest.ID(ada.ID) + `">Ada Lovelace</a>`
		bobLink := `<a href="/members/` + webtest.ID(bob.ID) + `">Bob Babbage</a>`
		cydLink := `<a href="/members/` + webtest.ID(cyd.ID) + `">Cyd Charisse</a>`
		get := func(path string, role accounts.Role) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: role}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "everyone not archived, by name", Req: get("/members", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{"<h2 id=\"results-h\">2 members</h2>", adaLink, bobLink, `“Ada” · she/her`,
					"Key member · new", `aria-sort="ascending"`, `href="/members?sort=-name"`,
					`name="ids" value="` + webtest.ID(ada.ID) + `"`, `data-select-all="ids"`, "Add tag", "Remove tag",
					`<span class="badge warn">Lapsed</span>`, `<time datetime="2025-01-10">Fri 10 Jan 2025</time>`},
				Absent: []string{cydLink},
			}},
			{Name: "search", Req: get("/members?q=lovelace", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{"1 member matches this filter", adaLink, `value="lovelace"`, "Save this filter as a segment"},
				Absent: []string{bobLink},
			}},
			{Name: "status and country", Req: get("/members?status=lapsed&country=ke", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{bobLink, `<option value="lapsed" selected>`, `<option value="KE" selected>`},
				Absent: []string{adaLink},
			}},
			{Name: "tag, ORCID and consent", Req: get("/members?tag=mentor&has_orcid=true&consent=false", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink, `<details class="member-more" open>`, `<option value="true" selected>Has one</option>`},
				Absent: []string{bobLink},
			}},
			{Name: "joined between", Req: get("/members?joined_from=2024-01-01&joined_to=2024-12-31", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{bobLink},
				Absent: []string{adaLink},
			}},
			{Name: "key members only", Req: get("/members?key=true", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink, `name="key" value="true" checked`},
				Absent: []string{bobLink},
			}},
			{Name: "archived only", Req: get("/members?archived=only", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{cydLink, `<span class="badge">Archived</span>`},
				Absent: []string{adaLink, bobLink},
			}},
			{Name: "newest joined first", Req: get("/members?sort=-joined", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{`aria-sort="descending"`, `href="/members?sort=joined"`, `<a href="/members">Name`},
			}},
			{Name: "a bad date is shown, not a crash", Req: get("/members?joined_from=2025-02-30&q=ada", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{"This filter cannot be used", `id="e-joined_from">must be a date`, `value="2025-02-30"`, `value="ada"`},
				Absent: []string{adaLink},
			}},
			{Name: "an unknown status is shown", Req: get("/members?status=sleeping", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-status">`, `aria-invalid="true" aria-describedby="e-status"`},
			}},
			{Name: "a broken page cursor offers the first page", Req: get("/members?status=active&cursor=garbage", accounts.RoleManager), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{"This page link no longer works.", `<a href="/members?status=active">Go to the first page</a>`},
			}},
			{Name: "viewers see no write actions", Req: get("/members", accounts.RoleViewer), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink},
				Absent: []string{`name="ids"`, "Add a member", "Add tag", "/members/new"},
			}},
			{Name: "viewers cannot save segments", Req: get("/members?q=ada", accounts.RoleViewer), Want: webtest.Want{
				Status: http.StatusOK,
				Absent: []string{"Save this filter as a segment"},
			}},
		})
	})
}

func TestMemberListMoreFilters(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		six, twenty := 6, 20
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
			JobTitle: "Mathematician", TimeZone: "Europe/London", ORCID: "0000-0002-1825-0097",
			Emails:       []members.Email{{Address: "ada@example.org"}},
			Preferences:  members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: &six},
			Consent:      members.Consent{Contact: true, Basis: "consent", Date: "2025-01-02"},
			CustomFields: map[string]string{"Lab": "Wet"}})
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage", Pronouns: "he/him", JobTitle: "Engineer",
			TimeZone:     "Africa/Nairobi",
			Preferences:  members.Preferences{Modality: "spoken", Timing: "synchronous", HoursPerMonth: &twenty},
			Consent:      members.Consent{Basis: "legitimate_interest"},
			CustomFields: map[string]string{"lab": "dry"}})
		adaLink := `<a href="/members/` + webtest.ID(ada.ID) + `">Ada Lovelace</a>`
		bobLink := `<a href="/members/` + webtest.ID(bob.ID) + `">Bob Babbage</a>`
		get := func(path string) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "nothing filtered, nothing listed as a filter", Req: get("/members"), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{adaLink, bobLink, `<details class="member-more">`, `<label for="f-name">Name contains</label>`,
					`<label for="f-time_zone">Time zone</label>`, `name="modality" value="written"> Written</label>`,
					`name="timing" value="asynchronous"> In their own time</label>`,
					`name="consent_basis" value="legitimate_interest"> Legitimate interest</label>`,
					`<label for="f-field_name-0">Field name</label>`, `<label for="f-field_value-0">Value</label>`},
				Absent: []string{"Filtering by:", "Clear filters"},
			}},
			{Name: "name and pronouns", Req: get("/members?name=ADA&pronouns=She/Her"), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{adaLink, `<details class="member-more" open>`, `id="f-name" name="name" type="text" value="ADA"`,
					`value="She/Her"`, "Filtering by:", "Name contains: ADA", "Pronouns: She/Her",
					`<a href="/members">Clear filters</a>`,
					// Each condition can be dropped on its own.
					`<a href="/members?pronouns=She%2FHer" class="member-remove"`, `<a href="/members?name=ADA" class="member-remove"`},
				Absent: []string{bobLink},
			}},
			{Name: "job title and time zone", Req: get("/members?job_title=engin&time_zone=Africa/Nairobi,+Asia/Tokyo"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{bobLink, `value="Africa/Nairobi, Asia/Tokyo"`, "Time zone: Africa/Nairobi, Asia/Tokyo"},
				Absent: []string{adaLink},
			}},
			{Name: "participation", Req: get("/members?modality=written&modality=both&timing=asynchronous&max_hours=10"), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{adaLink, `name="modality" value="written" checked> Written</label>`,
					`name="modality" value="both" checked>`, `name="timing" value="asynchronous" checked>`, `value="10"`,
					"Prefers: Written or spoken, Written", "Hours a month, at most: 10"},
				Absent: []string{bobLink, `name="modality" value="spoken" checked`},
			}},
			{Name: "at least some hours", Req: get("/members?min_hours=10"), Want: webtest.Want{
				Status: http.StatusOK, Body: []string{bobLink}, Absent: []string{adaLink},
			}},
			{Name: "consent", Req: get("/members?consent_basis=consent&consent_from=2025-01-01&consent_to=2025-12-31"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink, `name="consent_basis" value="consent" checked>`, "Lawful basis: Consent", "Consent from: 2025-01-01"},
				Absent: []string{bobLink},
			}},
			{Name: "email and ORCID", Req: get("/members?email=ADA@example.org&orcid=https://orcid.org/0000-0002-1825-0097"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink, "Email address: ada@example.org", "ORCID iD: 0000-0002-1825-0097"},
				Absent: []string{bobLink},
			}},
			{Name: "added and updated", Req: get("/members?created_from=2026-03-10&updated_to=2026-03-10&sort=-created"), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{adaLink, bobLink, "Added from: 2026-03-10", "Updated until: 2026-03-10",
					`<a href="/members?sort=-created">Clear filters</a>`,
					`href="/members?created_from=2026-03-10&amp;sort=created&amp;updated_to=2026-03-10"`},
			}},
			{Name: "added before anyone", Req: get("/members?created_to=2026-03-09"), Want: webtest.Want{
				Status: http.StatusOK, Body: []string{"No members match this filter."}, Absent: []string{adaLink, bobLink},
			}},
			{Name: "blank inputs are dropped from the address", Req: get("/members?q=&status=&field_name=lab&field_value=WET&field_name=&field_value=&time_zone=+"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?field_name=lab&field_value=WET",
			}},
			{Name: "custom field from the form", Req: get("/members?field_name=lab&field_value=WET"), Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{adaLink, `<details class="member-more" open>`, `id="f-field_name-0" name="field_name" type="text" value="lab"`,
					`id="f-field_value-0" name="field_value" type="text" value="WET"`, `id="f-field_name-1" name="field_name" type="text" value=""`,
					"lab: WET", `href="/members?field.lab=WET&amp;sort=-name"`, `<input type="hidden" name="query" value="field.lab=WET">`},
				Absent: []string{bobLink},
			}},
			{Name: "custom field with no value: has it", Req: get("/members?field_name=LAB&field_value="), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{adaLink, bobLink, "LAB: any value", `value="LAB"`},
			}},
			{Name: "custom field from a link", Req: get("/members?field.lab=dry&modality=spoken"), Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{bobLink, `value="lab"`, `value="dry"`, "lab: dry"},
				Absent: []string{adaLink},
			}},
			{Name: "custom field value without a name", Req: get("/members?field_name=&field_value=wet"), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{"This filter cannot be used", `id="e-field-0">needs a field name`, `value="wet"`},
			}},
			{Name: "hours that are not a number", Req: get("/members?min_hours=lots"), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-min_hours">must be a whole number of hours`, `value="lots"`, `<a href="/members">Clear the filter</a>`},
			}},
			{Name: "an unknown modality", Req: get("/members?modality=sung"), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`<fieldset class="checks has-error" aria-describedby="e-modality">`, `id="e-modality">`},
			}},
			{Name: "a bad time zone", Req: get("/members?time_zone=Mars/Base"), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-time_zone">`, `value="Mars/Base"`},
			}},
		})
		save := webtest.Request{Method: "POST", Path: "/segments", Role: accounts.RoleManager,
			Form: webtest.Form("segment_name", "Wet lab, Nairobi", "query", "field.Lab=wet&time_zone=Africa/Nairobi&min_hours=05&consent_basis=consent")}
		webtest.Run(t, env, []webtest.Case{
			{Name: "a segment keeps the new filters", Req: save, Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?consent_basis=consent&field.Lab=wet&min_hours=5&time_zone=Africa%2FNairobi",
			}},
		})
	})
}

var nextPage = regexp.MustCompile(`<a href="([^"]+)" rel="next">Next page</a>`)

func TestMemberListPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		batch := make([]members.Member, 55)
		for i := range batch {
			batch[i] = members.Member{Name: fmt.Sprintf("Member %02d", i), Tags: []string{"cohort"},
				TimeZone: "Europe/Berlin", CustomFields: map[string]string{"intake": "2026"}}
		}
		if _, err := env.App.Members.CreateBatch(env.Ctx, batch); err != nil {
			t.Fatal(err)
		}
		webtest.AddMember(t, env, members.Member{Name: "Untagged person"})
		webtest.AddMember(t, env, members.Member{Name: "Earlier intake", TimeZone: "Europe/Berlin", CustomFields: map[string]string{"intake": "2025"}})

		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/members?tag=cohort", Role: accounts.RoleViewer})
		webtest.Check(t, rec, webtest.Want{Status: http.StatusOK,
			Body: []string{"55 members match this filter", "Member 00", "Member 49"}, Absent: []string{"Member 50", "First page"}})
		m := nextPage.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatal("no Next page link")
		}
		next := html.UnescapeString(m[1])
		if !strings.HasPrefix(next, "/members?cursor=") || !strings.Contains(next, "tag=cohort") {
			t.Fatalf("next page link %q does not carry the filter and cursor", next)
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: next, Role: accounts.RoleViewer})
		webtest.Check(t, rec, webtest.Want{Status: http.StatusOK,
			Body:   []string{"Member 50", "Member 54", `<a href="/members?tag=cohort">First page</a>`},
			Absent: []string{"Member 49", "Untagged person", "Next page"}})

		// The filters inside "More filters", custom fields from the form
		// included, carry over to the next page and back to the first.
		rec = env.Do(t, webtest.Request{Method: "GET", Role: accounts.RoleViewer,
			Path: "/members?time_zone=Europe/Berlin&field_name=intake&field_value=2026&sort=-name"})
		webtest.Check(t, rec, webtest.Want{Status: http.StatusOK,
			Body: []string{"55 members match this filter", "Member 54", "Member 05"}, Absent: []string{"Member 04", "Earlier intake"}})
		m = nextPage.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatal("no Next page link")
		}
		next = html.UnescapeString(m[1])
		for _, want := range []string{"field.intake=2026", "time_zone=Europe%2FBerlin", "sort=-name", "cursor="} {
			if !strings.Contains(next, want) {
				t.Errorf("next page link %q lacks %q", next, want)
			}
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: next, Role: accounts.RoleViewer})
		webtest.Check(t, rec, webtest.Want{Status: http.StatusOK,
			Body: []string{"Member 04", "Member 00", `value="intake"`, `value="2026"`,
				`<a href="/members?field.intake=2026&amp;sort=-name&amp;time_zone=Europe%2FBerlin">First page</a>`},
			Absent: []string{"Member 05", "Earlier intake", "Next page"}})
	})
}

func TestMemberBulkTag(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage", Tags: []string{"VIP"}})
		post := func(role accounts.Role, kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/members/bulk-tag", Role: role, Form: webtest.Form(kv...)}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "add to both, back to the same list", Req: post(accounts.RoleManager, "ids", webtest.ID(ada.ID), "ids", webtest.ID(bob.ID), "tag", "vip",
				"action", "add", "back", "status=active&sort=-joined"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?sort=-joined&status=active",
				Flash: "success: Tagged 1 member.",
			}},
			{Name: "remove from one", Req: post(accounts.RoleManager, "ids", webtest.ID(bob.ID), "tag", "vip", "action", "remove"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members", Flash: "success: Removed the tag from 1 member.",
			}},
			{Name: "nobody ticked", Req: post(accounts.RoleManager, "tag", "vip", "action", "add", "back", "q=ada"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?q=ada", Flash: "error: Tick at least one member first.",
			}},
			{Name: "no tag", Req: post(accounts.RoleManager, "ids", webtest.ID(ada.ID), "tag", " ", "action", "add"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members", Flash: "error: The tag is required.",
			}},
			{Name: "back never leaves the list", Req: post(accounts.RoleManager, "ids", webtest.ID(ada.ID), "tag", "x", "action", "add", "back", "//evil.example/"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?%2F%2Fevil.example%2F=",
			}},
			{Name: "not for viewers", Req: post(accounts.RoleViewer, "ids", webtest.ID(ada.ID), "tag", "x", "action", "add"), Want: webtest.Want{
				Status: http.StatusForbidden,
			}},
		})
		if got := webtest.GetMember(t, env, ada.ID).Tags; strings.Join(got, ",") != "vip,x" {
			t.Errorf("Ada's tags: %v", got)
		}
		if got := webtest.GetMember(t, env, bob.ID).Tags; len(got) != 0 {
			t.Errorf("Bob's tags: %v", got)
		}
	})
}

func TestMemberSegments(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", CareerStage: members.StageSenior, Country: "GB"})
		save := func(name, query string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/segments", Role: accounts.RoleManager, Form: webtest.Form("segment_name", name, "query", query)}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "save", Req: save("Senior Brits", "country=gb&career_stage=senior"), Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members?career_stage=senior&country=GB",
				Flash: "success: Saved the segment Senior Brits.",
			}},
			{Name: "listed as a link", Req: webtest.Request{Role: accounts.RoleManager, Method: "GET", Path: "/members"}, Want: webtest.Want{
				Status: http.StatusOK,
				Body:   []string{`<a href="/members?career_stage=senior&amp;country=GB">Senior Brits</a>`, `action="/segments/`},
			}},
			{Name: "a name already taken, beside the field", Req: save("Senior Brits", "q=ada"), Want: webtest.Want{
				Status: http.StatusConflict,
				Body: []string{`id="e-segment_name">There is already a segment called Senior Brits.`, `value="Senior Brits"`,
					`value="ada"`, "1 member matches this filter"},
			}},
			{Name: "a name is required", Req: save("", "q=ada"), Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-segment_name">is required`, `<label for="f-segment_name">Save this filter`},
				Absent: []string{`id="e-name"`},
			}},
			{Name: "viewers cannot save", Req: webtest.Request{Method: "POST", Path: "/segments", Role: accounts.RoleViewer,
				Form: webtest.Form("segment_name", "Mine", "query", "q=ada")}, Want: webtest.Want{Status: http.StatusForbidden}},
		})
		segs, err := env.App.Members.ListSegments(env.Ctx)
		if err != nil || len(segs) != 1 {
			t.Fatalf("segments: %v %v", segs, err)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "delete", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/segments/" + webtest.ID(segs[0].ID) + "/delete"}, Want: webtest.Want{
				Status: http.StatusSeeOther, Location: "/members", Flash: "success: Deleted the segment Senior Brits.",
			}},
			{Name: "delete again", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/segments/" + webtest.ID(segs[0].ID) + "/delete"}, Want: webtest.Want{
				Status: http.StatusNotFound,
			}},
		})
		if segs, _ := env.App.Members.ListSegments(env.Ctx); len(segs) != 0 {
			t.Errorf("segments left: %v", segs)
		}
	})
}
