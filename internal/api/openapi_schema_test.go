package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestOpenAPISchemasMatchResponses checks real responses against the
// document's schemas, so a field added to a Go struct without being
// documented (or documented but never sent) fails here.
func TestOpenAPISchemasMatchResponses(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	hours := 3
	ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", ORCID: "0000-0002-1825-0097", JoinedOn: "2026-03-01",
		Emails:      []members.Email{{Address: "ada@example.org", Primary: true}},
		Identities:  []members.Identity{{Platform: "github", Handle: "ada"}},
		Preferences: members.Preferences{Modality: "written", HoursPerMonth: &hours},
		Consent:     members.Consent{Contact: true, Basis: "consent", Date: "2026-01-01"},
		Tags:        []string{"mentor"}, CustomFields: map[string]string{"lab": "A"}})
	rel := env.App.Relationships
	groups, err := rel.ListGroups(env.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rel.SetKeyMember(env.Ctx, ada.ID, 30, []int64{groups[0].ID}, "Board"); err != nil {
		t.Fatal(err)
	}
	it, err := rel.LogInteraction(env.Ctx, relationships.InteractionInput{OccurredOn: "2026-03-02", Channel: relationships.Call,
		Summary: "Call", MemberIDs: []int64{ada.ID}, UserIDs: []int64{env.Users[manager].ID},
		FollowUp: &relationships.FollowUpInput{What: "Slides", DueOn: "2026-03-09", OwnerID: env.Users[manager].ID}})
	if err != nil {
		t.Fatal(err)
	}
	// Every kind of filter value, so the MemberFilter schema is checked
	// against them all.
	if _, err := env.App.Members.CreateSegment(env.Ctx, "Mentors", members.Filter{Tags: []string{"mentor"},
		Name: "ada", TimeZone: []string{"Europe/London"}, Modality: []string{"written"}, MinHours: &hours,
		ConsentBasis: []string{"consent"}, ConsentFrom: "2026-01-01", Email: "ada@example.org", ORCID: "0000-0002-1825-0097",
		CreatedFrom: "2026-01-01", CustomFields: map[string]string{"lab": members.AnyValue}}); err != nil {
		t.Fatal(err)
	}

	// A goal with every field filled, and one with none of the optional ones.
	f := func(v float64) *float64 { return &v }
	goal, err := env.App.Goals.Create(env.Ctx, goals.Goal{Title: "Welcome researchers", Why: "Why", OwnerUserID: env.Users[manager].ID,
		Indicators: []goals.Indicator{{Name: "Members", Unit: "members", Target: f(50), Current: f(34), MeasuredOn: "2026-03-01"}, {Name: "Pairs"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Goals.Create(env.Ctx, goals.Goal{Title: "Launch the forum", Status: goals.Retired}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Participation.LogActivity(env.Ctx, ada.ID, participation.Item{Kind: "gave_talk",
		OccurredAt: "2026-03-01T10:00:00Z", ExternalID: "x1", Title: "Talk", URL: "https://example.org/talk"}); err != nil {
		t.Fatal(err)
	}

	imported, err := env.App.Imports.Import(env.Ctx, "csv", "people.csv", strings.NewReader("Name,Email\nGrace Hopper,grace@example.org\n,\n"), imports.Options{})
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		path, schema string
	}{
		{"/api/v1/goals", "GoalList"},
		{fmt.Sprintf("/api/v1/goals/%d", goal.ID), "Goal"},
		{"/api/v1/me", "User"},
		{"/api/v1/members", "MemberPage"},
		{fmt.Sprintf("/api/v1/members/%d", ada.ID), "Member"},
		{fmt.Sprintf("/api/v1/members/%d/export", ada.ID), "SubjectAccess"},
		{"/api/v1/segments", "SegmentList"},
		{"/api/v1/key-members", "KeyMemberList"},
		{"/api/v1/groups", "GroupList"},
		{"/api/v1/interactions?limit=1", "InteractionPage"},
		{fmt.Sprintf("/api/v1/interactions/%d", it.ID), "Interaction"},
		{"/api/v1/followups?status=all", "FollowUpPage"},
		{fmt.Sprintf("/api/v1/followups/%d", it.FollowUps[0].ID), "FollowUp"},
		{"/api/v1/dashboard", "Dashboard"},
		{"/api/v1/activities?limit=1", "ActivityPage"},
		{"/api/v1/activity-kinds", "ActivityKindList"},
		{"/api/v1/audit?limit=2", "AuditPage"},
		{fmt.Sprintf("/api/v1/imports/%d", imported.ID), "ImportRun"},
		{"/api/v1/members/999999", "Error"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: owner})
			if rec.Code != http.StatusOK && tt.schema != "Error" {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			var body any
			webtest.DecodeJSON(t, rec, &body)
			conform(t, doc, tt.schema, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, body)
		})
	}
}

// conform checks that v has the shape schema describes: the right JSON
// types, every required property, no undocumented property, recursively.
func conform(t *testing.T, doc map[string]any, at string, schema map[string]any, v any) {
	t.Helper()
	for {
		if r, ok := schema["$ref"].(string); ok {
			schema, _ = resolvePointer(doc, strings.TrimPrefix(r, "#/")).(map[string]any)
			continue
		}
		if all, ok := schema["allOf"].([]any); ok && len(all) == 1 {
			nullable := schema["nullable"] == true
			schema, _ = all[0].(map[string]any)
			if nullable && v == nil {
				return
			}
			continue
		}
		break
	}
	if v == nil {
		if schema["nullable"] != true {
			t.Errorf("%s is null but not nullable", at)
		}
		return
	}
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s = %v, want an object", at, v)
			return
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := obj[r]; !ok {
				t.Errorf("%s lacks required %q", at, r)
			}
		}
		extra, _ := schema["additionalProperties"].(map[string]any)
		for k, x := range obj {
			switch p, ok := props[k].(map[string]any); {
			case ok:
				conform(t, doc, at+"."+k, p, x)
			case extra != nil:
				conform(t, doc, at+"."+k, extra, x)
			case schema["additionalProperties"] == false || props != nil:
				t.Errorf("%s has undocumented property %q", at, k)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			t.Errorf("%s = %v, want an array", at, v)
			return
		}
		items, _ := schema["items"].(map[string]any)
		for i, x := range arr {
			conform(t, doc, fmt.Sprintf("%s[%d]", at, i), items, x)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			t.Errorf("%s = %v, want a string", at, v)
		} else if enum := asStrings(schema["enum"]); enum != nil && !slices.Contains(enum, s) {
			t.Errorf("%s = %q, not one of %v", at, s, enum)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			t.Errorf("%s = %v, want an integer", at, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			t.Errorf("%s = %v, want a number", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			t.Errorf("%s = %v, want a boolean", at, v)
		}
	default:
		t.Errorf("%s: schema without a type: %v", at, schema)
	}
}

func asStrings(v any) []string {
	raw, _ := v.([]any)
	var out []string
	for _, x := range raw {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
