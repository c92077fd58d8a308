package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// concurrently sends every request at once and fails unless each answers
// want.
func concurrently(t *testing.T, env *webtest.Env, want int, reqs []webtest.Request) {
	t.Helper()
	var wg sync.WaitGroup
	codes := make([]int, len(reqs))
	bodies := make([]string, len(reqs))
	for i, r := range reqs {
		wg.Go(func() {
			rec := env.Do(t, r)
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		})
	}
	wg.Wait()
	for i := range reqs {
		if codes[i] != want {
			t.Errorf("request %d: status %d, want %d: %s", i, codes[i], want, bodies[i])
		}
	}
}

// auditCount counts the audit entries with action for one record.
func auditCount(t *testing.T, env *webtest.Env, entity string, id int64, action string) int {
	t.Helper()
	entries, err := audit.List(env.Ctx, env.App.DB, audit.Filter{Entity: entity, EntityID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// Fifty people each add their own custom field to one member at the same
// moment: every one of the fifty keys must survive, and each change be in
// the audit log. Before patches were applied inside the transaction only a
// handful survived, each PATCH answered 200.
func TestConcurrentPatchesOfCustomFieldsAllSurvive(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", CustomFields: map[string]string{"lab": "A"}})
		path := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		const n = 50
		reqs := make([]webtest.Request, n)
		for i := range reqs {
			reqs[i] = webtest.Request{Method: "PATCH", Path: path, Role: manager,
				JSON: map[string]any{"custom_fields": map[string]string{fmt.Sprintf("k%02d", i): fmt.Sprint("v", i)}}}
		}
		concurrently(t, env, http.StatusOK, reqs)
		got, err := env.App.Members.Get(env.Ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.CustomFields) != n+1 {
			t.Errorf("%d custom fields survived, want %d: %v", len(got.CustomFields), n+1, got.CustomFields)
		}
		for i := range n {
			if k := fmt.Sprintf("k%02d", i); got.CustomFields[k] != fmt.Sprint("v", i) {
				t.Errorf("custom field %s = %q, lost", k, got.CustomFields[k])
			}
		}
		if got.CustomFields["lab"] != "A" {
			t.Errorf("the field no one patched was lost: %v", got.CustomFields)
		}
		if got.Version != n+1 {
			t.Errorf("version %d after %d changes, want %d", got.Version, n, n+1)
		}
		if c := auditCount(t, env, "member", ada.ID, "update"); c != n {
			t.Errorf("%d update entries in the audit log, want %d", c, n)
		}
	}, patientQueries)
}

// Five people each change a different field at once: all five changes
// stay. Five requests race only briefly, so the race is run a few times.
func TestConcurrentPatchesOfDifferentFieldsAllSurvive(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		for round := range 5 {
			ada := webtest.AddMember(t, env, members.Member{Name: fmt.Sprint("Ada Lovelace ", round)})
			path := fmt.Sprintf("/api/v1/members/%d", ada.ID)
			patches := []map[string]any{
				{"affiliation": "Analytical Engine Society"},
				{"job_title": "Analyst"},
				{"pronouns": "she/her"},
				{"notes": "Wrote the first program."},
				{"preferences": map[string]any{"timing": "asynchronous"}},
			}
			var reqs []webtest.Request
			for _, p := range patches {
				reqs = append(reqs, webtest.Request{Method: "PATCH", Path: path, Role: manager, JSON: p})
			}
			concurrently(t, env, http.StatusOK, reqs)
			got, err := env.App.Members.Get(env.Ctx, ada.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Affiliation != "Analytical Engine Society" || got.JobTitle != "Analyst" || got.Pronouns != "she/her" ||
				got.Notes != "Wrote the first program." || got.Preferences.Timing != "asynchronous" {
				t.Fatalf("round %d: a change was lost: %+v", round, got)
			}
			if c := auditCount(t, env, "member", ada.ID, "update"); c != len(patches) {
				t.Errorf("round %d: %d update entries, want %d", round, c, len(patches))
			}
		}
	}, patientQueries)
}

// Follow-ups are patched inside one transaction too: a change of owner and
// a change of wording sent at once both stay.
func TestConcurrentFollowUpPatchesAllSurvive(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		fu, err := env.App.Relationships.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: "Slides", DueOn: "2026-03-20", MemberID: ada.ID})
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/followups/%d", fu.ID)
		concurrently(t, env, http.StatusOK, []webtest.Request{
			{Method: "PATCH", Path: path, Role: manager, JSON: map[string]any{"what": "Send the slides"}},
			{Method: "PATCH", Path: path, Role: manager, JSON: map[string]any{"owner_id": env.Users[manager].ID}},
			{Method: "PATCH", Path: path, Role: manager, JSON: map[string]any{"status": "done"}},
		})
		got, err := env.App.Relationships.GetFollowUp(env.Ctx, fu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.What != "Send the slides" || got.OwnerID != env.Users[manager].ID || got.Status != relationships.Done {
			t.Errorf("a change was lost: %+v", got)
		}
		if got.Version != 4 {
			t.Errorf("version %d after three changes, want 4", got.Version)
		}
	}, patientQueries)
}

// staleCase is one change sent with an If-Match naming a version that
// another change has since replaced.
type staleCase struct {
	name   string
	get    string             // GET path returning the resource and its ETag
	first  webtest.Request    // the colleague's change, made first
	stale  webtest.Request    // the change made against the old version
	change apperr.Change      // what the 409 must list
	check  func(t *testing.T) // the stale change wrote nothing
}

// A change sent with If-Match naming an older version is refused with 409,
// the current version and what changed since; nothing is written. The
// change sent again with the current ETag goes through.
func TestStaleIfMatchIsRefusedWithWhatChanged(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		rel := env.App.Relationships
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Royal Society", CustomFields: map[string]string{"lab": "A"}})
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage"})
		it, err := rel.LogInteraction(env.Ctx, relationships.InteractionInput{OccurredOn: "2026-03-02", Channel: relationships.Call,
			Summary: "Call", MemberIDs: []int64{bob.ID}})
		if err != nil {
			t.Fatal(err)
		}
		fu, err := rel.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: "Slides", DueOn: "2026-03-20"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rel.SetKeyMember(env.Ctx, bob.ID, 30, nil, "Board"); err != nil {
			t.Fatal(err)
		}
		memberPath := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		itPath := fmt.Sprintf("/api/v1/interactions/%d", it.ID)
		fuPath := fmt.Sprintf("/api/v1/followups/%d", fu.ID)
		keyPath := fmt.Sprintf("/api/v1/members/%d/key", bob.ID)
		v1 := http.Header{"If-Match": {`"1"`}}
		cases := []staleCase{
			{name: "member field", get: memberPath,
				first:  webtest.Request{Method: "PATCH", Path: memberPath, JSON: map[string]any{"affiliation": "Analytical Engine Society"}},
				stale:  webtest.Request{Method: "PATCH", Path: memberPath, Header: v1, JSON: map[string]any{"job_title": "Countess"}},
				change: apperr.Change{Field: "affiliation", Old: "Royal Society", New: "Analytical Engine Society"},
				check: func(t *testing.T) {
					if m, _ := env.App.Members.Get(env.Ctx, ada.ID); m.JobTitle != "" {
						t.Errorf("stale patch was written: job title %q", m.JobTitle)
					}
				}},
			{name: "interaction", get: itPath,
				first:  webtest.Request{Method: "PATCH", Path: itPath, JSON: map[string]any{"summary": "Long call"}},
				stale:  webtest.Request{Method: "PATCH", Path: itPath, Header: v1, JSON: map[string]any{"outcome": "Agreed"}},
				change: apperr.Change{Field: "summary", Old: "Call", New: "Long call"},
				check: func(t *testing.T) {
					if x, _ := rel.GetInteraction(env.Ctx, it.ID); x.Outcome != "" {
						t.Errorf("stale patch was written: outcome %q", x.Outcome)
					}
				}},
			{name: "follow-up", get: fuPath,
				first:  webtest.Request{Method: "PATCH", Path: fuPath, JSON: map[string]any{"due_on": "2026-03-25"}},
				stale:  webtest.Request{Method: "PATCH", Path: fuPath, Header: v1, JSON: map[string]any{"status": "done"}},
				change: apperr.Change{Field: "due_on", Old: "2026-03-20", New: "2026-03-25"},
				check: func(t *testing.T) {
					if x, _ := rel.GetFollowUp(env.Ctx, fu.ID); x.Status != relationships.Open {
						t.Errorf("stale patch was written: status %q", x.Status)
					}
				}},
			{name: "key member", get: "",
				first:  webtest.Request{Method: "PUT", Path: keyPath, JSON: map[string]any{"cadence_days": 30, "note": "Chairs the board"}},
				stale:  webtest.Request{Method: "PUT", Path: keyPath, Header: v1, JSON: map[string]any{"cadence_days": 7, "note": "Board"}},
				change: apperr.Change{Field: "note", Old: "Board", New: "Chairs the board"},
				check: func(t *testing.T) {
					if km, _ := rel.GetKeyMember(env.Ctx, bob.ID); km.CadenceDays != 30 {
						t.Errorf("stale put was written: cadence %d", km.CadenceDays)
					}
				}},
			{name: "member delete", get: memberPath,
				first:  webtest.Request{Method: "PATCH", Path: memberPath, JSON: map[string]any{"custom_fields": map[string]any{"lab": "B"}}},
				stale:  webtest.Request{Method: "DELETE", Path: memberPath, Header: http.Header{"If-Match": {`"2"`}}},
				change: apperr.Change{Field: "custom_fields.lab", Old: "A", New: "B"},
				check: func(t *testing.T) {
					if _, err := env.App.Members.Get(env.Ctx, ada.ID); err != nil {
						t.Errorf("stale delete went through: %v", err)
					}
				}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.get != "" {
					rec := env.Do(t, webtest.Request{Method: "GET", Path: c.get, Role: viewer})
					if rec.Code != http.StatusOK || rec.Header().Get("ETag") == "" {
						t.Fatalf("GET %s: status %d, ETag %q", c.get, rec.Code, rec.Header().Get("ETag"))
					}
				}
				c.first.Role, c.stale.Role = manager, manager
				rec := env.Do(t, c.first)
				if rec.Code != http.StatusOK {
					t.Fatalf("first change: %d %s", rec.Code, rec.Body.String())
				}
				etag := rec.Header().Get("ETag")
				rec = env.Do(t, c.stale)
				if rec.Code != http.StatusConflict {
					t.Fatalf("stale change: status %d, want 409: %s", rec.Code, rec.Body.String())
				}
				e := webtest.ErrorShape(t, rec)
				if e.Code != apperr.Conflict || fmt.Sprintf("%q", fmt.Sprint(e.CurrentVersion)) != etag {
					t.Errorf("error %q, current_version %d, want conflict and the ETag %s", e.Code, e.CurrentVersion, etag)
				}
				found := false
				for _, ch := range e.Changes {
					found = found || ch == c.change
				}
				if !found {
					t.Errorf("changes %+v do not list %+v", e.Changes, c.change)
				}
				c.check(t)
				// Sent again against the version it now knows, it goes through.
				c.stale.Header = http.Header{"If-Match": {etag}}
				rec = env.Do(t, c.stale)
				if rec.Code >= 300 {
					t.Errorf("change against the current ETag %s: status %d: %s", etag, rec.Code, rec.Body.String())
				}
			})
		}
	})
}

// If-Match must be readable; one that is not is refused, not ignored.
func TestIfMatchMustBeAStrongETag(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		path := fmt.Sprintf("/api/v1/members/%d", ada.ID)
		patch := map[string]any{"pronouns": "she/her"}
		var cases []webtest.Case
		for _, h := range []string{`W/"1"`, `1`, `"one"`, `"1", "2"`, `""`} {
			cases = append(cases, webtest.Case{
				Name: h,
				Req: webtest.Request{Method: "PATCH", Path: path, Role: manager, JSON: patch,
					Header: http.Header{"If-Match": {h}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "If-Match"},
			})
		}
		webtest.Run(t, env, cases)
		// "*" and the current ETag both match.
		for _, h := range []string{`*`, `"2"`} {
			rec := env.Do(t, webtest.Request{Method: "PATCH", Path: path, Role: manager,
				JSON: map[string]any{"notes": "If-Match " + h}, Header: http.Header{"If-Match": {h}}})
			if rec.Code != http.StatusOK {
				t.Errorf("If-Match %s: status %d: %s", h, rec.Code, rec.Body.String())
			}
		}
		if m, _ := env.App.Members.Get(env.Ctx, ada.ID); m.Pronouns != "" || m.Version != 3 {
			t.Errorf("after refused and accepted patches: pronouns %q, version %d; want \"\", 3", m.Pronouns, m.Version)
		}
	})
}

// Creating and reading a single resource name its version as a strong
// ETag.
func TestETagOnCreateAndGet(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "Ada Lovelace"}})
		if rec.Code != http.StatusCreated || rec.Header().Get("ETag") != `"1"` {
			t.Fatalf("create: status %d, ETag %q: %s", rec.Code, rec.Header().Get("ETag"), rec.Body.String())
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: rec.Header().Get("Location"), Role: viewer})
		var m members.Member
		webtest.DecodeJSON(t, rec, &m)
		if rec.Header().Get("ETag") != `"1"` || m.Version != 1 {
			t.Errorf("get: ETag %q, version %d; want \"1\", 1", rec.Header().Get("ETag"), m.Version)
		}
	})
}

// patientQueries lets the concurrency tests' requests queue for SQLite's
// one writer as long as they need under -race on a busy machine: these
// tests are about no change being lost, not about how long the wait is
// (the default 5 s request deadline answered some of them 503).
func patientQueries(c *config.Config) { c.QueryTimeout = time.Minute }
