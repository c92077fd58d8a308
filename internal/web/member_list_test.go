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
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		memRun(t, env, []memCase{
			{"empty", webtest.Request{Method: "GET", Path: "/members"}, memWant{
				status: http.StatusOK,
				body:   []string{"No members yet.", `<a href="/members/new">Add the first one</a>`},
			}},
		})
		ada := memAdd(t, env, members.Member{Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
			Affiliation: "Analytical Society", CareerStage: members.StageSenior, Country: "GB",
			Tags: []string{"mentor"}, JoinedOn: "2025-01-10", ORCID: "0000-0002-1825-0097"})
		bob := memAdd(t, env, members.Member{Name: "Bob Babbage", Status: members.StatusLapsed,
			CareerStage: members.StageStudent, Country: "KE", Tags: []string{"speaker"}, JoinedOn: "2024-05-01"})
		cyd := memAdd(t, env, members.Member{Name: "Cyd Charisse"})
		if err := env.App.Members.Archive(env.Ctx, cyd.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, 30, nil, ""); err != nil {
			t.Fatal(err)
		}
		adaLink := `<a href="/members/` + itoa(ada.ID) + `">Ada Lovelace</a>`
		bobLink := `<a href="/members/` + itoa(bob.ID) + `">Bob Babbage</a>`
		cydLink := `<a href="/members/` + itoa(cyd.ID) + `">Cyd Charisse</a>`
		get := func(path string, role accounts.Role) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: role}
		}
		memRun(t, env, []memCase{
			{"everyone not archived, by name", get("/members", ""), memWant{
				status: http.StatusOK,
				body: []string{"<h2 id=\"results-h\">2 members</h2>", adaLink, bobLink, `“Ada” · she/her`,
					"Key member · new", `aria-sort="ascending"`, `href="/members?sort=-name"`,
					`name="ids" value="` + itoa(ada.ID) + `"`, `data-select-all="ids"`, "Add tag", "Remove tag",
					`<span class="badge warn">Lapsed</span>`, `<time datetime="2025-01-10">Fri 10 Jan 2025</time>`},
				absent: []string{cydLink},
			}},
			{"search", get("/members?q=lovelace", ""), memWant{
				status: http.StatusOK,
				body:   []string{"1 member matches this filter", adaLink, `value="lovelace"`, "Save this filter as a segment"},
				absent: []string{bobLink},
			}},
			{"status and country", get("/members?status=lapsed&country=ke", ""), memWant{
				status: http.StatusOK,
				body:   []string{bobLink, `<option value="lapsed" selected>`, `<option value="KE" selected>`},
				absent: []string{adaLink},
			}},
			{"tag, ORCID and consent", get("/members?tag=mentor&has_orcid=true&consent=false", ""), memWant{
				status: http.StatusOK,
				body:   []string{adaLink, `<details class="member-more" open>`, `<option value="true" selected>Has one</option>`},
				absent: []string{bobLink},
			}},
			{"joined between", get("/members?joined_from=2024-01-01&joined_to=2024-12-31", ""), memWant{
				status: http.StatusOK,
				body:   []string{bobLink},
				absent: []string{adaLink},
			}},
			{"key members only", get("/members?key=true", ""), memWant{
				status: http.StatusOK,
				body:   []string{adaLink, `name="key" value="true" checked`},
				absent: []string{bobLink},
			}},
			{"archived only", get("/members?archived=only", ""), memWant{
				status: http.StatusOK,
				body:   []string{cydLink, `<span class="badge">Archived</span>`},
				absent: []string{adaLink, bobLink},
			}},
			{"newest joined first", get("/members?sort=-joined", ""), memWant{
				status: http.StatusOK,
				body:   []string{`aria-sort="descending"`, `href="/members?sort=joined"`, `<a href="/members">Name`},
			}},
			{"a bad date is shown, not a crash", get("/members?joined_from=2025-02-30&q=ada", ""), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{"This filter cannot be used", `id="e-joined_from">must be a date`, `value="2025-02-30"`, `value="ada"`},
				absent: []string{adaLink},
			}},
			{"an unknown status is shown", get("/members?status=sleeping", ""), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`id="e-status">`, `aria-invalid="true" aria-describedby="e-status"`},
			}},
			{"a broken page cursor offers the first page", get("/members?status=active&cursor=garbage", ""), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{"This page link no longer works.", `<a href="/members?status=active">Go to the first page</a>`},
			}},
			{"viewers see no write actions", get("/members", accounts.RoleViewer), memWant{
				status: http.StatusOK,
				body:   []string{adaLink},
				absent: []string{`name="ids"`, "Add a member", "Add tag", "/members/new"},
			}},
			{"viewers cannot save segments", get("/members?q=ada", accounts.RoleViewer), memWant{
				status: http.StatusOK,
				absent: []string{"Save this filter as a segment"},
			}},
		})
	})
}

func TestMemberListMoreFilters(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		six, twenty := 6, 20
		ada := memAdd(t, env, members.Member{Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
			JobTitle: "Mathematician", TimeZone: "Europe/London", ORCID: "0000-0002-1825-0097",
			Emails:       []members.Email{{Address: "ada@example.org"}},
			Preferences:  members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: &six},
			Consent:      members.Consent{Contact: true, Basis: "consent", Date: "2025-01-02"},
			CustomFields: map[string]string{"Lab": "Wet"}})
		bob := memAdd(t, env, members.Member{Name: "Bob Babbage", Pronouns: "he/him", JobTitle: "Engineer",
			TimeZone:     "Africa/Nairobi",
			Preferences:  members.Preferences{Modality: "spoken", Timing: "synchronous", HoursPerMonth: &twenty},
			Consent:      members.Consent{Basis: "legitimate_interest"},
			CustomFields: map[string]string{"lab": "dry"}})
		adaLink := `<a href="/members/` + itoa(ada.ID) + `">Ada Lovelace</a>`
		bobLink := `<a href="/members/` + itoa(bob.ID) + `">Bob Babbage</a>`
		get := func(path string) webtest.Request { return webtest.Request{Method: "GET", Path: path} }
		memRun(t, env, []memCase{
			{"nothing filtered, nothing listed as a filter", get("/members"), memWant{
				status: http.StatusOK,
				body: []string{adaLink, bobLink, `<details class="member-more">`, `<label for="f-name">Name contains</label>`,
					`<label for="f-time_zone">Time zone</label>`, `name="modality" value="written"> Written</label>`,
					`name="timing" value="asynchronous"> In their own time</label>`,
					`name="consent_basis" value="legitimate_interest"> Legitimate interest</label>`,
					`<label for="f-field_name-0">Field name</label>`, `<label for="f-field_value-0">Value</label>`},
				absent: []string{"Filtering by:", "Clear filters"},
			}},
			{"name and pronouns", get("/members?name=ADA&pronouns=She/Her"), memWant{
				status: http.StatusOK,
				body: []string{adaLink, `<details class="member-more" open>`, `id="f-name" name="name" type="text" value="ADA"`,
					`value="She/Her"`, "Filtering by:", "Name contains: ADA", "Pronouns: She/Her",
					`<a href="/members">Clear filters</a>`,
					// Each condition can be dropped on its own.
					`<a href="/members?pronouns=She%2FHer" class="member-remove"`, `<a href="/members?name=ADA" class="member-remove"`},
				absent: []string{bobLink},
			}},
			{"job title and time zone", get("/members?job_title=engin&time_zone=Africa/Nairobi,+Asia/Tokyo"), memWant{
				status: http.StatusOK,
				body:   []string{bobLink, `value="Africa/Nairobi, Asia/Tokyo"`, "Time zone: Africa/Nairobi, Asia/Tokyo"},
				absent: []string{adaLink},
			}},
			{"participation", get("/members?modality=written&modality=both&timing=asynchronous&max_hours=10"), memWant{
				status: http.StatusOK,
				body: []string{adaLink, `name="modality" value="written" checked> Written</label>`,
					`name="modality" value="both" checked>`, `name="timing" value="asynchronous" checked>`, `value="10"`,
					"Prefers: Written or spoken, Written", "Hours a month, at most: 10"},
				absent: []string{bobLink, `name="modality" value="spoken" checked`},
			}},
			{"at least some hours", get("/members?min_hours=10"), memWant{
				status: http.StatusOK, body: []string{bobLink}, absent: []string{adaLink},
			}},
			{"consent", get("/members?consent_basis=consent&consent_from=2025-01-01&consent_to=2025-12-31"), memWant{
				status: http.StatusOK,
				body:   []string{adaLink, `name="consent_basis" value="consent" checked>`, "Lawful basis: Consent", "Consent from: 2025-01-01"},
				absent: []string{bobLink},
			}},
			{"email and ORCID", get("/members?email=ADA@example.org&orcid=https://orcid.org/0000-0002-1825-0097"), memWant{
				status: http.StatusOK,
				body:   []string{adaLink, "Email address: ada@example.org", "ORCID iD: 0000-0002-1825-0097"},
				absent: []string{bobLink},
			}},
			{"added and updated", get("/members?created_from=2026-03-10&updated_to=2026-03-10&sort=-created"), memWant{
				status: http.StatusOK,
				body: []string{adaLink, bobLink, "Added from: 2026-03-10", "Updated until: 2026-03-10",
					`<a href="/members?sort=-created">Clear filters</a>`,
					`href="/members?created_from=2026-03-10&amp;sort=created&amp;updated_to=2026-03-10"`},
			}},
			{"added before anyone", get("/members?created_to=2026-03-09"), memWant{
				status: http.StatusOK, body: []string{"No members match this filter."}, absent: []string{adaLink, bobLink},
			}},
			{"blank inputs are dropped from the address", get("/members?q=&status=&field_name=lab&field_value=WET&field_name=&field_value=&time_zone=+"), memWant{
				status: http.StatusSeeOther, location: "/members?field_name=lab&field_value=WET",
			}},
			{"custom field from the form", get("/members?field_name=lab&field_value=WET"), memWant{
				status: http.StatusOK,
				body: []string{adaLink, `<details class="member-more" open>`, `id="f-field_name-0" name="field_name" type="text" value="lab"`,
					`id="f-field_value-0" name="field_value" type="text" value="WET"`, `id="f-field_name-1" name="field_name" type="text" value=""`,
					"lab: WET", `href="/members?field.lab=WET&amp;sort=-name"`, `<input type="hidden" name="query" value="field.lab=WET">`},
				absent: []string{bobLink},
			}},
			{"custom field with no value: has it", get("/members?field_name=LAB&field_value="), memWant{
				status: http.StatusOK,
				body:   []string{adaLink, bobLink, "LAB: any value", `value="LAB"`},
			}},
			{"custom field from a link", get("/members?field.lab=dry&modality=spoken"), memWant{
				status: http.StatusOK,
				body:   []string{bobLink, `value="lab"`, `value="dry"`, "lab: dry"},
				absent: []string{adaLink},
			}},
			{"custom field value without a name", get("/members?field_name=&field_value=wet"), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{"This filter cannot be used", `id="e-field-0">needs a field name`, `value="wet"`},
			}},
			{"hours that are not a number", get("/members?min_hours=lots"), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`id="e-min_hours">must be a whole number of hours`, `value="lots"`, `<a href="/members">Clear the filter</a>`},
			}},
			{"an unknown modality", get("/members?modality=sung"), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`<fieldset class="checks has-error" aria-describedby="e-modality">`, `id="e-modality">`},
			}},
			{"a bad time zone", get("/members?time_zone=Mars/Base"), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`id="e-time_zone">`, `value="Mars/Base"`},
			}},
		})
		save := webtest.Request{Method: "POST", Path: "/segments",
			Form: memForm("segment_name", "Wet lab, Nairobi", "query", "field.Lab=wet&time_zone=Africa/Nairobi&min_hours=05&consent_basis=consent")}
		memRun(t, env, []memCase{
			{"a segment keeps the new filters", save, memWant{
				status: http.StatusSeeOther, location: "/members?consent_basis=consent&field.Lab=wet&min_hours=5&time_zone=Africa%2FNairobi",
			}},
		})
	})
}

var nextPage = regexp.MustCompile(`<a href="([^"]+)" rel="next">Next page</a>`)

func TestMemberListPages(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		batch := make([]members.Member, 55)
		for i := range batch {
			batch[i] = members.Member{Name: fmt.Sprintf("Member %02d", i), Tags: []string{"cohort"},
				TimeZone: "Europe/Berlin", CustomFields: map[string]string{"intake": "2026"}}
		}
		if _, err := env.App.Members.CreateBatch(env.Ctx, batch); err != nil {
			t.Fatal(err)
		}
		memAdd(t, env, members.Member{Name: "Untagged person"})
		memAdd(t, env, members.Member{Name: "Earlier intake", TimeZone: "Europe/Berlin", CustomFields: map[string]string{"intake": "2025"}})

		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/members?tag=cohort", Role: accounts.RoleViewer})
		memCheck(t, rec, memWant{status: http.StatusOK,
			body: []string{"55 members match this filter", "Member 00", "Member 49"}, absent: []string{"Member 50", "First page"}})
		m := nextPage.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatal("no Next page link")
		}
		next := html.UnescapeString(m[1])
		if !strings.HasPrefix(next, "/members?cursor=") || !strings.Contains(next, "tag=cohort") {
			t.Fatalf("next page link %q does not carry the filter and cursor", next)
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: next, Role: accounts.RoleViewer})
		memCheck(t, rec, memWant{status: http.StatusOK,
			body:   []string{"Member 50", "Member 54", `<a href="/members?tag=cohort">First page</a>`},
			absent: []string{"Member 49", "Untagged person", "Next page"}})

		// The filters inside "More filters", custom fields from the form
		// included, carry over to the next page and back to the first.
		rec = env.Do(t, webtest.Request{Method: "GET", Role: accounts.RoleViewer,
			Path: "/members?time_zone=Europe/Berlin&field_name=intake&field_value=2026&sort=-name"})
		memCheck(t, rec, memWant{status: http.StatusOK,
			body: []string{"55 members match this filter", "Member 54", "Member 05"}, absent: []string{"Member 04", "Earlier intake"}})
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
		memCheck(t, rec, memWant{status: http.StatusOK,
			body: []string{"Member 04", "Member 00", `value="intake"`, `value="2026"`,
				`<a href="/members?field.intake=2026&amp;sort=-name&amp;time_zone=Europe%2FBerlin">First page</a>`},
			absent: []string{"Member 05", "Earlier intake", "Next page"}})
	})
}

func TestMemberBulkTag(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := memAdd(t, env, members.Member{Name: "Ada Lovelace"})
		bob := memAdd(t, env, members.Member{Name: "Bob Babbage", Tags: []string{"VIP"}})
		post := func(role accounts.Role, kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/members/bulk-tag", Role: role, Form: memForm(kv...)}
		}
		memRun(t, env, []memCase{
			{"add to both, back to the same list", post("", "ids", itoa(ada.ID), "ids", itoa(bob.ID), "tag", "vip",
				"action", "add", "back", "status=active&sort=-joined"), memWant{
				status: http.StatusSeeOther, location: "/members?sort=-joined&status=active",
				flash: "success: Tagged 1 member.",
			}},
			{"remove from one", post("", "ids", itoa(bob.ID), "tag", "vip", "action", "remove"), memWant{
				status: http.StatusSeeOther, location: "/members", flash: "success: Removed the tag from 1 member.",
			}},
			{"nobody ticked", post("", "tag", "vip", "action", "add", "back", "q=ada"), memWant{
				status: http.StatusSeeOther, location: "/members?q=ada", flash: "error: Tick at least one member first.",
			}},
			{"no tag", post("", "ids", itoa(ada.ID), "tag", " ", "action", "add"), memWant{
				status: http.StatusSeeOther, location: "/members", flash: "error: The tag is required.",
			}},
			{"back never leaves the list", post("", "ids", itoa(ada.ID), "tag", "x", "action", "add", "back", "//evil.example/"), memWant{
				status: http.StatusSeeOther, location: "/members?%2F%2Fevil.example%2F=",
			}},
			{"not for viewers", post(accounts.RoleViewer, "ids", itoa(ada.ID), "tag", "x", "action", "add"), memWant{
				status: http.StatusForbidden,
			}},
		})
		if got := memGet(t, env, ada.ID).Tags; strings.Join(got, ",") != "vip,x" {
			t.Errorf("Ada's tags: %v", got)
		}
		if got := memGet(t, env, bob.ID).Tags; len(got) != 0 {
			t.Errorf("Bob's tags: %v", got)
		}
	})
}

func TestMemberSegments(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		memAdd(t, env, members.Member{Name: "Ada Lovelace", CareerStage: members.StageSenior, Country: "GB"})
		save := func(name, query string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/segments", Form: memForm("segment_name", name, "query", query)}
		}
		memRun(t, env, []memCase{
			{"save", save("Senior Brits", "country=gb&career_stage=senior"), memWant{
				status: http.StatusSeeOther, location: "/members?career_stage=senior&country=GB",
				flash: "success: Saved the segment Senior Brits.",
			}},
			{"listed as a link", webtest.Request{Method: "GET", Path: "/members"}, memWant{
				status: http.StatusOK,
				body:   []string{`<a href="/members?career_stage=senior&amp;country=GB">Senior Brits</a>`, `action="/segments/`},
			}},
			{"a name already taken, beside the field", save("Senior Brits", "q=ada"), memWant{
				status: http.StatusConflict,
				body: []string{`id="e-segment_name">There is already a segment called Senior Brits.`, `value="Senior Brits"`,
					`value="ada"`, "1 member matches this filter"},
			}},
			{"a name is required", save("", "q=ada"), memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`id="e-segment_name">is required`, `<label for="f-segment_name">Save this filter`},
				absent: []string{`id="e-name"`},
			}},
			{"viewers cannot save", webtest.Request{Method: "POST", Path: "/segments", Role: accounts.RoleViewer,
				Form: memForm("segment_name", "Mine", "query", "q=ada")}, memWant{status: http.StatusForbidden}},
		})
		segs, err := env.App.Members.ListSegments(env.Ctx)
		if err != nil || len(segs) != 1 {
			t.Fatalf("segments: %v %v", segs, err)
		}
		memRun(t, env, []memCase{
			{"delete", webtest.Request{Method: "POST", Path: "/segments/" + itoa(segs[0].ID) + "/delete"}, memWant{
				status: http.StatusSeeOther, location: "/members", flash: "success: Deleted the segment Senior Brits.",
			}},
			{"delete again", webtest.Request{Method: "POST", Path: "/segments/" + itoa(segs[0].ID) + "/delete"}, memWant{
				status: http.StatusNotFound,
			}},
		})
		if segs, _ := env.App.Members.ListSegments(env.Ctx); len(segs) != 0 {
			t.Errorf("segments left: %v", segs)
		}
	})
}
