package members_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// start is the fixed moment every test's clock begins at.
var start = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// clock is a test clock that moves only when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(db *store.DB) (*members.Service, *clock) {
	c := &clock{t: start}
	return &members.Service{DB: db, Now: c.Now}, c
}

var ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})

func ptr[T any](v T) *T { return &v }

// fullMember has every field set, already in normalised form.
func fullMember() members.Member {
	return members.Member{
		Name:          "Ada Lovelace",
		PreferredName: "Ada",
		Pronouns:      "she/her",
		Emails: []members.Email{
			{Address: "ada@example.org", Primary: true},
			{Address: "countess@lovelace.example"},
		},
		Affiliation:  "Analytical Engine Society",
		JobTitle:     "Mathematician",
		ORCID:        "0000-0002-1825-0097",
		Country:      "GB",
		TimeZone:     "Europe/London",
		CareerStage:  members.StageSenior,
		Expertise:    []string{"Algorithms", "mathematics"},
		Interests:    []string{"music", "Poetical science"},
		Languages:    []string{"English", "French"},
		Tags:         []string{"founder", "Speaker"},
		JoinedOn:     "2024-05-01",
		Source:       "workshop",
		Status:       members.StatusActive,
		Preferences:  members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: ptr(6)},
		Consent:      members.Consent{Contact: true, Basis: "consent", Date: "2024-05-02"},
		Identities:   []members.Identity{{Platform: "github", Handle: "AdaL"}, {Platform: "mastodon", Handle: "@ada@sciences.social"}},
		Notes:        "Wrote the first *program*.\n\nLikes punch cards.",
		CustomFields: map[string]string{"shirt_size": "M", "mentor": "Charles"},
	}
}

// mustCreate stores m or stops the test.
func mustCreate(t testing.TB, svc *members.Service, m members.Member) members.Member {
	t.Helper()
	got, err := svc.Create(ctx, m)
	if err != nil {
		t.Fatalf("create %q: %v", m.Name, err)
	}
	return got
}

// named is a member with only a name and the given changes.
func named(name string, change func(*members.Member)) members.Member {
	m := members.Member{Name: name}
	if change != nil {
		change(&m)
	}
	return m
}

// fieldsOf returns the field errors of an Invalid error, failing the test
// for any other error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		t.Fatalf("error = %v, want an Invalid error", err)
	}
	return ae.Fields
}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// sameMember fails the test when two records differ, showing both as JSON.
func sameMember(t *testing.T, got, want members.Member) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("member differs\n got: %s\nwant: %s", g, w)
	}
}

// auditActions lists the audit actions recorded for a member, oldest first.
func auditActions(t *testing.T, db *store.DB, id int64) []string {
	t.Helper()
	entries, err := audit.List(ctx, db, audit.Filter{Entity: "member", EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[len(entries)-1-i] = e.Action
	}
	return out
}

// names returns the members' names in order.
func names(ms []members.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

// compareFold orders names as the members list does: by the bytes of their
// folded keys, on both engines.
func compareFold(a, b string) int { return strings.Compare(members.FoldKey(a), members.FoldKey(b)) }
