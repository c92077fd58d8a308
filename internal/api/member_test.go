package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberCreateGetPatchDelete(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		hours := 4
		ada := webtest.AddMember(t, env, members.Member{
			Name: "Ada Lovelace", Pronouns: "she/her", Affiliation: "Analytical Society",
			Emails:      []members.Email{{Address: "ada@example.org", Primary: true}},
			Preferences: members.Preferences{Modality: "written", Timing: "synchronous", HoursPerMonth: &hours},
			Tags:        []string{"mentor"}, CustomFields: map[string]string{"lab": "A", "desk": "3"},
		})
		p := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "create",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "Grace Hopper", "orcid": "0000-0002-1825-0097", "emails": []any{map[string]any{"address": "Grace@Example.org"}}}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"name":"Grace Hopper"`, `"address":"grace@example.org"`, `"primary":true`}},
			},
			{
				Name: "create ignores read-only fields",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: owner, JSON: map[string]any{"id": 424242, "name": "Mary Somerville", "created_at": "2001-01-01T00:00:00Z"}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) {
					if id(b["id"]) == 424242 || b["created_at"] == "2001-01-01T00:00:00Z" {
						t.Errorf("read-only fields were taken from the body: %v", b)
					}
				}},
			},
			{
				Name: "bad ORCID check digit",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "Bad Orcid", "orcid": "0000-0002-1825-0098"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "orcid"},
			},
			{
				Name: "name required",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"affiliation": "Nowhere"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},
			{
				Name: "unknown field",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "Typo", "afiliation": "CERN"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "afiliation"},
			},
			{
				Name: "wrong type",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": 7}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},
			{
				Name: "malformed JSON",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: `{"name": "Broken",}`},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Body: []string{"at byte 19"}},
			},
			{
				Name: "empty body",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: nil},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid},
			},

			{
				Name: "get",
				Req:  webtest.Request{Method: "GET", Path: p, Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"name":"Ada Lovelace"`, `"tags":["mentor"]`}},
			},
			{
				Name: "get missing",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members/999999", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},
			{
				Name: "get non-numeric id",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members/ada", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},
			{
				Name: "get negative id",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members/-1", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},

			{
				Name: "patch replaces present fields and keeps absent ones",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"affiliation": "University of London"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"affiliation":"University of London"`, `"name":"Ada Lovelace"`, `"pronouns":"she/her"`, `"tags":["mentor"]`}},
			},
			{
				Name: "patch null clears",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"pronouns": nil, "tags": nil}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"pronouns":""`, `"tags":[]`, `"name":"Ada Lovelace"`}},
			},
			{
				Name: "patch merges objects key by key",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"preferences": map[string]any{"timing": "asynchronous"}, "custom_fields": map[string]any{"desk": nil, "room": "12"}}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"modality":"written"`, `"timing":"asynchronous"`, `"hours_per_month":4`, `"custom_fields":{"lab":"A","room":"12"}`}},
			},
			{
				Name: "patch replaces lists whole",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"emails": []any{map[string]any{"address": "countess@example.org", "primary": true}}}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"emails":[{"address":"countess@example.org","primary":true}]`}},
			},
			{
				Name: "patch validates the result",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"name": nil}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},
			{
				Name: "patch bad ORCID",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"orcid": "1234"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "orcid"},
			},
			{
				Name: "patch unknown field",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"nickname": "Ada"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "nickname"},
			},
			{
				Name: "patch read-only field",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"archived_at": "2026-01-01T00:00:00Z"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "archived_at"},
			},
			{
				Name: "patch wrong type",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"tags": "mentor"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "tags"},
			},
			{
				Name: "patch not an object",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: `["name"]`},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid},
			},
			{
				Name: "patch malformed",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: `{"name" "Ada"}`},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{"at byte 9"}},
			},
			{
				Name: "patch cut short",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: `{"name"`},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid},
			},
			{
				Name: "patch missing",
				Req:  webtest.Request{Method: "PATCH", Path: "/api/v1/members/999999", Role: manager, JSON: map[string]any{"name": "X"}},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},
			{
				Name: "patch as viewer",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: viewer, JSON: map[string]any{"name": "X"}},
				Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden},
			},

			{Name: "delete", Req: webtest.Request{Method: "DELETE", Path: p, Role: manager}, Want: webtest.Want{Status: http.StatusNoContent}},
			{Name: "gone after delete", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "delete again", Req: webtest.Request{Method: "DELETE", Path: p, Role: manager}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
		})
	})
}

func TestMemberCreateLocation(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	rec := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager,
		JSON: map[string]any{"name": "Rosalind Franklin"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var m members.Member
	webtest.DecodeJSON(t, rec, &m)
	if want := fmt.Sprintf("/api/v1/members/%d", m.ID); rec.Header().Get("Location") != want {
		t.Errorf("Location %q, want %q", rec.Header().Get("Location"), want)
	}
	got := env.Do(t, webtest.Request{Method: "GET", Path: rec.Header().Get("Location"), Role: viewer})
	if got.Code != http.StatusOK {
		t.Errorf("GET Location: status %d", got.Code)
	}
}

func TestMemberDuplicates(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace",
			Emails: []members.Email{{Address: "ada@example.org", Primary: true}}, ORCID: "0000-0002-1825-0097"})
		again := map[string]any{"name": "A. Lovelace", "emails": []any{map[string]any{"address": "ADA@example.org"}}}
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "same email is a conflict",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: again},
				Want: webtest.Want{Status: http.StatusConflict, Code: apperr.Conflict, CheckJSON: func(t *testing.T, b map[string]any) {
					dups, _ := field(b, "error", "duplicates").([]any)
					if len(dups) != 1 || id(field(dups[0], "id")) != ada.ID || field(dups[0], "name") != "Ada Lovelace" {
						t.Fatalf("duplicates = %v, want Ada (#%d)", dups, ada.ID)
					}
					reasons, _ := field(dups[0], "reasons").([]any)
					if len(reasons) != 1 || reasons[0] != "same email ada@example.org" {
						t.Errorf("reasons = %v", reasons)
					}
				}},
			},
			{
				Name: "same ORCID is a conflict",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "Someone", "orcid": "https://orcid.org/0000-0002-1825-0097"}},
				Want: webtest.Want{Status: http.StatusConflict, Body: []string{"same ORCID iD"}},
			},
			{
				Name: "an invalid record is told so before duplicates",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "", "emails": []any{map[string]any{"address": "ada@example.org"}}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},
			{
				Name: "bad allow_duplicates",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members?allow_duplicates=perhaps", Role: manager, JSON: again},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "allow_duplicates"},
			},
			{
				Name: "allow_duplicates adds anyway",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members?allow_duplicates=true", Role: manager, JSON: again},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"name":"A. Lovelace"`}},
			},
		})
	})
}

func TestMemberListPaging(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		const n = 23
		want := map[int64]bool{}
		for i := range n {
			m := members.Member{Name: fmt.Sprintf("Member %02d", i), Tags: []string{"all"}}
			if i%3 == 0 {
				m.Affiliation = "Zebrafish Institute"
				m.Status = members.StatusLapsed
			}
			want[webtest.AddMember(t, env, m).ID] = true
		}
		for _, tt := range []struct {
			name, query string
			limit       int
			count       int
		}{
			{"everyone, pages of 5", "", 5, n},
			{"everyone, one page", "", 500, n},
			{"everyone, pages of 1", "sort=-created", 1, n},
			{"full text", "q=zebrafish", 3, 8},
			{"full text prefix", "q=zebra", 50, 8},
			{"filter keys", "status=lapsed&tag=all", 2, 8},
		} {
			t.Run(tt.name, func(t *testing.T) {
				seen := map[int64]int{}
				cursor, pages := "", 0
				for {
					q, _ := url.ParseQuery(tt.query)
					q.Set("limit", fmt.Sprint(tt.limit))
					if cursor != "" {
						q.Set("cursor", cursor)
					}
					rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/members?" + q.Encode(), Role: viewer})
					if rec.Code != http.StatusOK {
						t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
					var page struct {
						Members    []members.Member `json:"members"`
						NextCursor *string          `json:"next_cursor"`
					}
					webtest.DecodeJSON(t, rec, &page)
					if len(page.Members) > tt.limit {
						t.Fatalf("page of %d members, limit %d", len(page.Members), tt.limit)
					}
					for _, m := range page.Members {
						seen[m.ID]++
						if !want[m.ID] {
							t.Errorf("unknown member %d", m.ID)
						}
					}
					if pages++; pages > n+1 {
						t.Fatal("paging does not end")
					}
					if page.NextCursor == nil || *page.NextCursor == "" {
						break
					}
					cursor = *page.NextCursor
				}
				if len(seen) != tt.count {
					t.Errorf("saw %d members, want %d", len(seen), tt.count)
				}
				for id, k := range seen {
					if k != 1 {
						t.Errorf("member %d seen %d times", id, k)
					}
				}
			})
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "limit 0", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?limit=0", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "limit"}},
			{Name: "limit too big", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?limit=501", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "limit"}},
			{Name: "limit not a number", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?limit=ten", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "limit"}},
			{Name: "garbled cursor", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?cursor=nonsense", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "cursor"}},
			{Name: "bad filter value", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?status=sleeping", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "status"}},
			{Name: "bad sort", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?sort=shoe_size", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "sort"}},
			{
				Name: "last page has no next_cursor",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?limit=500", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if c, ok := b["next_cursor"]; ok && c != "" {
						t.Errorf("next_cursor = %v on the last page", c)
					}
				}},
			},
		})
	})
}

func TestMemberListFiltersOnEveryField(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		six, twelve := 6, 12
		webtest.AddMember(t, env, members.Member{Name: "Émilie du Châtelet", TimeZone: "Europe/Paris",
			Preferences: members.Preferences{Modality: "written", HoursPerMonth: &six}, CustomFields: map[string]string{"Lab": "Wet"}})
		webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", TimeZone: "Europe/London",
			Preferences: members.Preferences{Modality: "spoken", HoursPerMonth: &twelve}, CustomFields: map[string]string{"lab": "wet"}})
		webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", TimeZone: "America/New_York", CustomFields: map[string]string{"lab": "dry"}})
		names := func(want ...string) func(t *testing.T, b map[string]any) {
			return func(t *testing.T, b map[string]any) {
				var got []string
				for _, m := range list(t, b, "members") {
					got = append(got, m["name"].(string))
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("members %v, want %v", got, want)
				}
			}
		}
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "custom field and time zones",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?field.LAB=WET&time_zone=Europe/London,Europe/Paris", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: names("Ada Lovelace", "Émilie du Châtelet")},
			},
			{
				Name: "hours and modality",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?min_hours=10&modality=spoken,written", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: names("Ada Lovelace")},
			},
			{
				Name: "name ignores accents",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?name=chatelet&field.lab=*", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: names("Émilie du Châtelet")},
			},
			{
				Name: "hours not a number",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?max_hours=lots", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "max_hours"},
			},
			{
				Name: "hours the wrong way round",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?min_hours=10&max_hours=5", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "max_hours"},
			},
			{
				Name: "a field asked for twice",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?field.lab=wet&field.lab=dry", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "field.lab"},
			},
			{
				Name: "an unknown time zone",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?time_zone=Mars/Base", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "time_zone"},
			},
		})
	})
}

func TestMemberActions(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Tags: []string{"speaker"},
			Emails: []members.Email{{Address: "ada@example.org", Primary: true}}})
		dup := webtest.AddMember(t, env, members.Member{Name: "Ada King", Affiliation: "Analytical Society",
			Emails: []members.Email{{Address: "countess@example.org", Primary: true}}})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper"})
		p := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/members/%d%s", id, rest) }
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "archive",
				Req:  webtest.Request{Method: "POST", Path: p(grace.ID, "/archive"), Role: manager},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if b["archived_at"] == nil {
						t.Error("archived_at not set")
					}
				}},
			},
			{
				Name: "archived members leave the list",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if got := len(list(t, b, "members")); got != 2 {
						t.Errorf("%d members listed, want 2", got)
					}
				}},
			},
			{
				Name: "but can be asked for",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?archived=only", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{"Grace Hopper"}},
			},
			{
				Name: "unarchive",
				Req:  webtest.Request{Method: "POST", Path: p(grace.ID, "/unarchive"), Role: manager},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"archived_at":null`}},
			},
			{Name: "archive missing", Req: webtest.Request{Method: "POST", Path: p(999999, "/archive"), Role: manager}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "archive as viewer", Req: webtest.Request{Method: "POST", Path: p(grace.ID, "/archive"), Role: viewer}, Want: webtest.Want{Status: http.StatusForbidden}},

			{
				Name: "bulk tag",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: manager, JSON: map[string]any{"ids": []int64{ada.ID, grace.ID, 999999}, "tag": "speaker"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`{"changed":1}`}},
			},
			{
				Name: "bulk untag",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: manager, JSON: map[string]any{"ids": []int64{ada.ID, grace.ID}, "tag": "Speaker", "remove": true}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`{"changed":2}`}},
			},
			{
				Name: "bulk tag needs ids",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: manager, JSON: map[string]any{"ids": []int64{}, "tag": "x"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "ids"},
			},
			{
				Name: "bulk tag needs a tag",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: manager, JSON: map[string]any{"ids": []int64{ada.ID}, "tag": " "}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "tag"},
			},

			{
				Name: "merge needs drop_id",
				Req:  webtest.Request{Method: "POST", Path: p(ada.ID, "/merge"), Role: manager, JSON: map[string]any{}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "drop_id"},
			},
			{
				Name: "merge with oneself",
				Req:  webtest.Request{Method: "POST", Path: p(ada.ID, "/merge"), Role: manager, JSON: map[string]any{"drop_id": ada.ID}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "drop_id"},
			},
			{
				Name: "merge with a missing member",
				Req:  webtest.Request{Method: "POST", Path: p(ada.ID, "/merge"), Role: manager, JSON: map[string]any{"drop_id": 999999}},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},
			{
				Name: "merge",
				Req:  webtest.Request{Method: "POST", Path: p(ada.ID, "/merge"), Role: manager, JSON: map[string]any{"drop_id": dup.ID}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"name":"Ada Lovelace"`, `"affiliation":"Analytical Society"`, "countess@example.org", "ada@example.org"}},
			},
			{Name: "the dropped member is gone", Req: webtest.Request{Method: "GET", Path: p(dup.ID, ""), Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound}},
		})
	})
}
