package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberCreateGetPatchDelete(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		hours := 4
		ada := addMember(t, env, members.Member{
			Name: "Ada Lovelace", Pronouns: "she/her", Affiliation: "Analytical Society",
			Emails:      []members.Email{{Address: "ada@example.org", Primary: true}},
			Preferences: members.Preferences{Modality: "written", Timing: "synchronous", HoursPerMonth: &hours},
			Tags:        []string{"mentor"}, CustomFields: map[string]string{"lab": "A", "desk": "3"},
		})
		p := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		run(t, env, []apiCase{
			{name: "create", method: "POST", path: "/api/v1/members", role: manager,
				body:   map[string]any{"name": "Grace Hopper", "orcid": "0000-0002-1825-0097", "emails": []any{map[string]any{"address": "Grace@Example.org"}}},
				status: http.StatusCreated, want: []string{`"name":"Grace Hopper"`, `"address":"grace@example.org"`, `"primary":true`}},
			{name: "create ignores read-only fields", method: "POST", path: "/api/v1/members", role: owner,
				body:   map[string]any{"id": 424242, "name": "Mary Somerville", "created_at": "2001-01-01T00:00:00Z"},
				status: http.StatusCreated,
				check: func(t *testing.T, b map[string]any) {
					if id(b["id"]) == 424242 || b["created_at"] == "2001-01-01T00:00:00Z" {
						t.Errorf("read-only fields were taken from the body: %v", b)
					}
				}},
			{name: "bad ORCID check digit", method: "POST", path: "/api/v1/members", role: manager,
				body:   map[string]any{"name": "Bad Orcid", "orcid": "0000-0002-1825-0098"},
				status: http.StatusUnprocessableEntity, code: apperr.Invalid, field: "orcid"},
			{name: "name required", method: "POST", path: "/api/v1/members", role: manager,
				body: map[string]any{"affiliation": "Nowhere"}, status: http.StatusUnprocessableEntity, field: "name"},
			{name: "unknown field", method: "POST", path: "/api/v1/members", role: manager,
				body: map[string]any{"name": "Typo", "afiliation": "CERN"}, status: http.StatusUnprocessableEntity, field: "afiliation"},
			{name: "wrong type", method: "POST", path: "/api/v1/members", role: manager,
				body: map[string]any{"name": 7}, status: http.StatusUnprocessableEntity, field: "name"},
			{name: "malformed JSON", method: "POST", path: "/api/v1/members", role: manager,
				body: `{"name": "Broken",}`, status: http.StatusUnprocessableEntity, code: apperr.Invalid, want: []string{"at byte 19"}},
			{name: "empty body", method: "POST", path: "/api/v1/members", role: manager,
				body: nil, status: http.StatusUnprocessableEntity, code: apperr.Invalid},

			{name: "get", method: "GET", path: p, role: viewer, status: http.StatusOK,
				want: []string{`"name":"Ada Lovelace"`, `"tags":["mentor"]`}},
			{name: "get missing", method: "GET", path: "/api/v1/members/999999", role: viewer,
				status: http.StatusNotFound, code: apperr.NotFound},
			{name: "get non-numeric id", method: "GET", path: "/api/v1/members/ada", role: viewer,
				status: http.StatusNotFound, code: apperr.NotFound},
			{name: "get negative id", method: "GET", path: "/api/v1/members/-1", role: viewer,
				status: http.StatusNotFound, code: apperr.NotFound},

			{name: "patch replaces present fields and keeps absent ones", method: "PATCH", path: p, role: manager,
				body: map[string]any{"affiliation": "University of London"}, status: http.StatusOK,
				want: []string{`"affiliation":"University of London"`, `"name":"Ada Lovelace"`, `"pronouns":"she/her"`, `"tags":["mentor"]`}},
			{name: "patch null clears", method: "PATCH", path: p, role: manager,
				body: map[string]any{"pronouns": nil, "tags": nil}, status: http.StatusOK,
				want: []string{`"pronouns":""`, `"tags":[]`, `"name":"Ada Lovelace"`}},
			{name: "patch merges objects key by key", method: "PATCH", path: p, role: manager,
				body:   map[string]any{"preferences": map[string]any{"timing": "asynchronous"}, "custom_fields": map[string]any{"desk": nil, "room": "12"}},
				status: http.StatusOK,
				want:   []string{`"modality":"written"`, `"timing":"asynchronous"`, `"hours_per_month":4`, `"custom_fields":{"lab":"A","room":"12"}`}},
			{name: "patch replaces lists whole", method: "PATCH", path: p, role: manager,
				body:   map[string]any{"emails": []any{map[string]any{"address": "countess@example.org", "primary": true}}},
				status: http.StatusOK, want: []string{`"emails":[{"address":"countess@example.org","primary":true}]`}},
			{name: "patch validates the result", method: "PATCH", path: p, role: manager,
				body: map[string]any{"name": nil}, status: http.StatusUnprocessableEntity, field: "name"},
			{name: "patch bad ORCID", method: "PATCH", path: p, role: manager,
				body: map[string]any{"orcid": "1234"}, status: http.StatusUnprocessableEntity, field: "orcid"},
			{name: "patch unknown field", method: "PATCH", path: p, role: manager,
				body: map[string]any{"nickname": "Ada"}, status: http.StatusUnprocessableEntity, field: "nickname"},
			{name: "patch read-only field", method: "PATCH", path: p, role: manager,
				body: map[string]any{"archived_at": "2026-01-01T00:00:00Z"}, status: http.StatusUnprocessableEntity, field: "archived_at"},
			{name: "patch wrong type", method: "PATCH", path: p, role: manager,
				body: map[string]any{"tags": "mentor"}, status: http.StatusUnprocessableEntity, field: "tags"},
			{name: "patch not an object", method: "PATCH", path: p, role: manager,
				body: `["name"]`, status: http.StatusUnprocessableEntity, code: apperr.Invalid},
			{name: "patch malformed", method: "PATCH", path: p, role: manager,
				body: `{"name" "Ada"}`, status: http.StatusUnprocessableEntity, want: []string{"at byte 9"}},
			{name: "patch cut short", method: "PATCH", path: p, role: manager,
				body: `{"name"`, status: http.StatusUnprocessableEntity, code: apperr.Invalid},
			{name: "patch missing", method: "PATCH", path: "/api/v1/members/999999", role: manager,
				body: map[string]any{"name": "X"}, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "patch as viewer", method: "PATCH", path: p, role: viewer,
				body: map[string]any{"name": "X"}, status: http.StatusForbidden, code: apperr.Forbidden},

			{name: "delete", method: "DELETE", path: p, role: manager, status: http.StatusNoContent},
			{name: "gone after delete", method: "GET", path: p, role: viewer, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "delete again", method: "DELETE", path: p, role: manager, status: http.StatusNotFound, code: apperr.NotFound},
		})
	})
}

func TestMemberCreateLocation(t *testing.T) {
	env := webtest.New(t, dialects()[0])
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
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace",
			Emails: []members.Email{{Address: "ada@example.org", Primary: true}}, ORCID: "0000-0002-1825-0097"})
		again := map[string]any{"name": "A. Lovelace", "emails": []any{map[string]any{"address": "ADA@example.org"}}}
		run(t, env, []apiCase{
			{name: "same email is a conflict", method: "POST", path: "/api/v1/members", role: manager,
				body: again, status: http.StatusConflict, code: apperr.Conflict,
				check: func(t *testing.T, b map[string]any) {
					dups, _ := field(b, "error", "duplicates").([]any)
					if len(dups) != 1 || id(field(dups[0], "id")) != ada.ID || field(dups[0], "name") != "Ada Lovelace" {
						t.Fatalf("duplicates = %v, want Ada (#%d)", dups, ada.ID)
					}
					reasons, _ := field(dups[0], "reasons").([]any)
					if len(reasons) != 1 || reasons[0] != "same email ada@example.org" {
						t.Errorf("reasons = %v", reasons)
					}
				}},
			{name: "same ORCID is a conflict", method: "POST", path: "/api/v1/members", role: manager,
				body: map[string]any{"name": "Someone", "orcid": "https://orcid.org/0000-0002-1825-0097"}, status: http.StatusConflict,
				want: []string{"same ORCID iD"}},
			{name: "an invalid record is told so before duplicates", method: "POST", path: "/api/v1/members", role: manager,
				body:   map[string]any{"name": "", "emails": []any{map[string]any{"address": "ada@example.org"}}},
				status: http.StatusUnprocessableEntity, field: "name"},
			{name: "bad allow_duplicates", method: "POST", path: "/api/v1/members?allow_duplicates=perhaps", role: manager,
				body: again, status: http.StatusUnprocessableEntity, field: "allow_duplicates"},
			{name: "allow_duplicates adds anyway", method: "POST", path: "/api/v1/members?allow_duplicates=true", role: manager,
				body: again, status: http.StatusCreated, want: []string{`"name":"A. Lovelace"`}},
		})
	})
}

func TestMemberListPaging(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		const n = 23
		want := map[int64]bool{}
		for i := range n {
			m := members.Member{Name: fmt.Sprintf("Member %02d", i), Tags: []string{"all"}}
			if i%3 == 0 {
				m.Affiliation = "Zebrafish Institute"
				m.Status = members.StatusLapsed
			}
			want[addMember(t, env, m).ID] = true
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
		run(t, env, []apiCase{
			{name: "limit 0", method: "GET", path: "/api/v1/members?limit=0", role: viewer, status: http.StatusUnprocessableEntity, field: "limit"},
			{name: "limit too big", method: "GET", path: "/api/v1/members?limit=501", role: viewer, status: http.StatusUnprocessableEntity, field: "limit"},
			{name: "limit not a number", method: "GET", path: "/api/v1/members?limit=ten", role: viewer, status: http.StatusUnprocessableEntity, field: "limit"},
			{name: "garbled cursor", method: "GET", path: "/api/v1/members?cursor=nonsense", role: viewer, status: http.StatusUnprocessableEntity, field: "cursor"},
			{name: "bad filter value", method: "GET", path: "/api/v1/members?status=sleeping", role: viewer, status: http.StatusUnprocessableEntity, field: "status"},
			{name: "bad sort", method: "GET", path: "/api/v1/members?sort=shoe_size", role: viewer, status: http.StatusUnprocessableEntity, field: "sort"},
			{name: "last page has no next_cursor", method: "GET", path: "/api/v1/members?limit=500", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if c, ok := b["next_cursor"]; ok && c != "" {
						t.Errorf("next_cursor = %v on the last page", c)
					}
				}},
		})
	})
}

func TestMemberListFiltersOnEveryField(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		six, twelve := 6, 12
		addMember(t, env, members.Member{Name: "Émilie du Châtelet", TimeZone: "Europe/Paris",
			Preferences: members.Preferences{Modality: "written", HoursPerMonth: &six}, CustomFields: map[string]string{"Lab": "Wet"}})
		addMember(t, env, members.Member{Name: "Ada Lovelace", TimeZone: "Europe/London",
			Preferences: members.Preferences{Modality: "spoken", HoursPerMonth: &twelve}, CustomFields: map[string]string{"lab": "wet"}})
		addMember(t, env, members.Member{Name: "Grace Hopper", TimeZone: "America/New_York", CustomFields: map[string]string{"lab": "dry"}})
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
		run(t, env, []apiCase{
			{name: "custom field and time zones", method: "GET", role: viewer, status: http.StatusOK,
				path:  "/api/v1/members?field.LAB=WET&time_zone=Europe/London,Europe/Paris",
				check: names("Ada Lovelace", "Émilie du Châtelet")},
			{name: "hours and modality", method: "GET", role: viewer, status: http.StatusOK,
				path:  "/api/v1/members?min_hours=10&modality=spoken,written",
				check: names("Ada Lovelace")},
			{name: "name ignores accents", method: "GET", role: viewer, status: http.StatusOK,
				path:  "/api/v1/members?name=chatelet&field.lab=*",
				check: names("Émilie du Châtelet")},
			{name: "hours not a number", method: "GET", path: "/api/v1/members?max_hours=lots", role: viewer,
				status: http.StatusUnprocessableEntity, code: apperr.Invalid, field: "max_hours"},
			{name: "hours the wrong way round", method: "GET", path: "/api/v1/members?min_hours=10&max_hours=5", role: viewer,
				status: http.StatusUnprocessableEntity, field: "max_hours"},
			{name: "a field asked for twice", method: "GET", path: "/api/v1/members?field.lab=wet&field.lab=dry", role: viewer,
				status: http.StatusUnprocessableEntity, field: "field.lab"},
			{name: "an unknown time zone", method: "GET", path: "/api/v1/members?time_zone=Mars/Base", role: viewer,
				status: http.StatusUnprocessableEntity, field: "time_zone"},
		})
	})
}

func TestMemberActions(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace", Tags: []string{"speaker"},
			Emails: []members.Email{{Address: "ada@example.org", Primary: true}}})
		dup := addMember(t, env, members.Member{Name: "Ada King", Affiliation: "Analytical Society",
			Emails: []members.Email{{Address: "countess@example.org", Primary: true}}})
		grace := addMember(t, env, members.Member{Name: "Grace Hopper"})
		p := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/members/%d%s", id, rest) }
		run(t, env, []apiCase{
			{name: "archive", method: "POST", path: p(grace.ID, "/archive"), role: manager, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if b["archived_at"] == nil {
						t.Error("archived_at not set")
					}
				}},
			{name: "archived members leave the list", method: "GET", path: "/api/v1/members", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if got := len(list(t, b, "members")); got != 2 {
						t.Errorf("%d members listed, want 2", got)
					}
				}},
			{name: "but can be asked for", method: "GET", path: "/api/v1/members?archived=only", role: viewer, status: http.StatusOK,
				want: []string{"Grace Hopper"}},
			{name: "unarchive", method: "POST", path: p(grace.ID, "/unarchive"), role: manager, status: http.StatusOK,
				want: []string{`"archived_at":null`}},
			{name: "archive missing", method: "POST", path: p(999999, "/archive"), role: manager, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "archive as viewer", method: "POST", path: p(grace.ID, "/archive"), role: viewer, status: http.StatusForbidden},

			{name: "bulk tag", method: "POST", path: "/api/v1/members/bulk-tag", role: manager,
				body: map[string]any{"ids": []int64{ada.ID, grace.ID, 999999}, "tag": "speaker"}, status: http.StatusOK,
				want: []string{`{"changed":1}`}},
			{name: "bulk untag", method: "POST", path: "/api/v1/members/bulk-tag", role: manager,
				body: map[string]any{"ids": []int64{ada.ID, grace.ID}, "tag": "Speaker", "remove": true}, status: http.StatusOK,
				want: []string{`{"changed":2}`}},
			{name: "bulk tag needs ids", method: "POST", path: "/api/v1/members/bulk-tag", role: manager,
				body: map[string]any{"ids": []int64{}, "tag": "x"}, status: http.StatusUnprocessableEntity, field: "ids"},
			{name: "bulk tag needs a tag", method: "POST", path: "/api/v1/members/bulk-tag", role: manager,
				body: map[string]any{"ids": []int64{ada.ID}, "tag": " "}, status: http.StatusUnprocessableEntity, field: "tag"},

			{name: "merge needs drop_id", method: "POST", path: p(ada.ID, "/merge"), role: manager,
				body: map[string]any{}, status: http.StatusUnprocessableEntity, field: "drop_id"},
			{name: "merge with oneself", method: "POST", path: p(ada.ID, "/merge"), role: manager,
				body: map[string]any{"drop_id": ada.ID}, status: http.StatusUnprocessableEntity, field: "drop_id"},
			{name: "merge with a missing member", method: "POST", path: p(ada.ID, "/merge"), role: manager,
				body: map[string]any{"drop_id": 999999}, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "merge", method: "POST", path: p(ada.ID, "/merge"), role: manager,
				body: map[string]any{"drop_id": dup.ID}, status: http.StatusOK,
				want: []string{`"name":"Ada Lovelace"`, `"affiliation":"Analytical Society"`, "countess@example.org", "ada@example.org"}},
			{name: "the dropped member is gone", method: "GET", path: p(dup.ID, ""), role: viewer, status: http.StatusNotFound},
		})
	})
}
