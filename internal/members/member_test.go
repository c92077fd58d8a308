package members_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateGetUpdateRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		created := mustCreate(t, svc, fullMember())
		want := fullMember()
		want.ID, want.CreatedAt, want.UpdatedAt, want.Version = created.ID, start, start, 1
		sameMember(t, created, want)
		got, err := svc.Get(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameMember(t, got, want)

		// Every field changes; lists shrink, grow or empty.
		clock.Advance(time.Hour)
		changed := members.Member{
			ID: created.ID, Name: "Augusta Ada King", PreferredName: "Countess", Pronouns: "she/they",
			Emails:      []members.Email{{Address: "countess@lovelace.example"}, {Address: "aak@example.net", Primary: true}},
			Affiliation: "Royal Society", JobTitle: "Analyst", ORCID: "0000-0002-1694-233X", Country: "IT",
			TimeZone: "Europe/Rome", CareerStage: members.StageEarlyCareer,
			Expertise: []string{"Engines"}, Interests: nil, Languages: []string{"English", "French", "Italian"},
			Tags: []string{}, JoinedOn: "2023-12-10", Source: "referral", Status: members.StatusLapsed,
			Preferences: members.Preferences{Modality: "both", Timing: "synchronous"},
			Consent:     members.Consent{Basis: "legitimate_interest"},
			Identities:  []members.Identity{{Platform: "website", Handle: "https://ada.example"}},
			Notes:       "Moved to Italy.", CustomFields: map[string]string{"shirt_size": "L"},
		}
		updated, err := svc.Update(ctx, changed)
		if err != nil {
			t.Fatal(err)
		}
		want, _ = members.Validate(changed)
		want.CreatedAt, want.UpdatedAt, want.Version = start, start.Add(time.Hour), 2
		sameMember(t, updated, want)
		if got, _ := svc.Get(ctx, created.ID); !slices.Equal(got.Interests, []string{}) || got.Tags == nil {
			t.Errorf("emptied lists read back as %v, %v; want []", got.Interests, got.Tags)
		}

		// An update that changes nothing writes nothing.
		clock.Advance(time.Hour)
		same, err := svc.Update(ctx, changed)
		if err != nil || !same.UpdatedAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("no-op update: updated_at %v, err %v", same.UpdatedAt, err)
		}

		if err := svc.Archive(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.Archive(ctx, created.ID); err != nil { // already archived: nothing to do
			t.Fatal(err)
		}
		got, _ = svc.Get(ctx, created.ID)
		if got.ArchivedAt == nil || !got.ArchivedAt.Equal(clock.Now()) {
			t.Fatalf("archived_at = %v, want %v", got.ArchivedAt, clock.Now())
		}
		if err := svc.Unarchive(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = svc.Get(ctx, created.ID); got.ArchivedAt != nil {
			t.Fatalf("archived_at = %v after unarchive", got.ArchivedAt)
		}
		if err := svc.Delete(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Get(ctx, created.ID)
		wantCode(t, err, apperr.NotFound)
		for _, table := range []string{"member_emails", "member_tags", "member_identities", "member_fields"} {
			var n int
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s has %d rows after delete (%v)", table, n, err)
			}
		}
		wantActions := []string{"create", "update", "archive", "unarchive", "delete"}
		if got := auditActions(t, db, created.ID); !slices.Equal(got, wantActions) {
			t.Errorf("audit = %v, want %v", got, wantActions)
		}
	})
}

func TestMissingMemberIsNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tests := []struct {
			name string
			call func() error
		}{
			{"get", func() error { _, err := svc.Get(ctx, 404); return err }},
			{"update", func() error {
				_, err := svc.Update(ctx, named("Nobody", func(m *members.Member) { m.ID = 404 }))
				return err
			}},
			{"archive", func() error { return svc.Archive(ctx, 404) }},
			{"unarchive", func() error { return svc.Unarchive(ctx, 404) }},
			{"delete", func() error { return svc.Delete(ctx, 404) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), apperr.NotFound) })
		}
	})
}

func TestInvalidMemberIsNotStored(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		_, err := svc.Create(ctx, named("Ada", func(m *members.Member) { m.ORCID = "0000-0002-1825-0098" }))
		if fields := fieldsOf(t, err); fields["orcid"] == "" {
			t.Fatalf("fields = %v, want orcid", fields)
		}
		ada := mustCreate(t, svc, named("Ada", nil))
		ada.Country = "Atlantis"
		_, err = svc.Update(ctx, ada)
		if fields := fieldsOf(t, err); fields["country"] == "" {
			t.Fatalf("fields = %v, want country", fields)
		}
		if n, _ := svc.Count(ctx, members.Filter{}); n != 1 {
			t.Fatalf("%d members stored, want 1", n)
		}
	})
}

// The JSON shape is an API contract: every key present, lists as [] and
// maps as {} rather than null.
func TestMemberJSON(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		m := mustCreate(t, svc, named("Grace Hopper", nil))
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{`"id":1`, `"name":"Grace Hopper"`, `"preferred_name":""`, `"emails":[]`,
			`"orcid":""`, `"time_zone":""`, `"career_stage":""`, `"expertise":[]`, `"interests":[]`,
			`"languages":[]`, `"tags":[]`, `"joined_on":""`, `"status":"active"`,
			`"preferences":{"modality":"","timing":"","hours_per_month":null}`,
			`"consent":{"contact":false,"basis":"","date":""}`, `"identities":[]`, `"custom_fields":{}`,
			`"archived_at":null`, `"created_at":"2026-03-14T09:30:00Z"`} {
			if !strings.Contains(string(b), part) {
				t.Errorf("JSON lacks %s:\n%s", part, b)
			}
		}
	})
}

func TestGetMany(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, fullMember())
		grace := mustCreate(t, svc, named("Grace Hopper", func(m *members.Member) { m.Tags = []string{"navy"} }))
		got, err := svc.GetMany(ctx, []int64{grace.ID, ada.ID, 999, ada.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d members, want 2", len(got))
		}
		sameMember(t, got[ada.ID], ada)
		sameMember(t, got[grace.ID], grace)
		if none, err := svc.GetMany(ctx, nil); err != nil || len(none) != 0 {
			t.Fatalf("GetMany(nil) = %v, %v", none, err)
		}
	})
}
