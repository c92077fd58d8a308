package web_test

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Fixtures and checks shared by the relationship page tests (dashboard,
// key members, groups, interactions, follow-ups). webtest.Now is Tuesday
// 2026-03-10 and the community's zone is UTC, so "today" is 2026-03-10.

// relEachDialect runs fn on a fresh server for every database engine.
func relEachDialect(t *testing.T, fn func(t *testing.T, env *webtest.Env)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) { fn(t, webtest.New(t, d)) })
	}
}

func relMember(t *testing.T, env *webtest.Env, name, affiliation string) members.Member {
	t.Helper()
	m, err := env.App.Members.Create(env.Ctx, members.Member{Name: name, Affiliation: affiliation})
	if err != nil {
		t.Fatalf("create member %s: %v", name, err)
	}
	return m
}

func relMakeKey(t *testing.T, env *webtest.Env, memberID int64, cadence int, groups ...int64) {
	t.Helper()
	if _, err := env.App.Relationships.SetKeyMember(env.Ctx, memberID, cadence, groups, ""); err != nil {
		t.Fatalf("make key: %v", err)
	}
}

// relGroup returns the stakeholder group called name.
func relGroup(t *testing.T, env *webtest.Env, name string) relationships.Group {
	t.Helper()
	groups, err := env.App.Relationships.ListGroups(env.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q in %v", name, groups)
	return relationships.Group{}
}

func relLog(t *testing.T, env *webtest.Env, on string, channel relationships.Channel, summary string, memberIDs ...int64) relationships.Interaction {
	t.Helper()
	it, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
		OccurredOn: on, Channel: channel, Summary: summary, MemberIDs: memberIDs,
	})
	if err != nil {
		t.Fatalf("log interaction: %v", err)
	}
	return it
}

func relFollowUp(t *testing.T, env *webtest.Env, what, due string, ownerID, memberID int64) relationships.FollowUp {
	t.Helper()
	f, err := env.App.Relationships.CreateFollowUp(env.Ctx, relationships.FollowUpInput{
		What: what, DueOn: due, OwnerID: ownerID, MemberID: memberID,
	})
	if err != nil {
		t.Fatalf("create follow-up: %v", err)
	}
	return f
}

func relUserID(env *webtest.Env, r accounts.Role) int64 { return env.Users[r].ID }

func relStr(id int64) string { return strconv.FormatInt(id, 10) }

// relCheck checks a response's status, its Location when want.location is
// set, and that the body holds every string in want.body and none in
// want.absent.
func relCheck(t *testing.T, rec *httptest.ResponseRecorder, want relWant) {
	t.Helper()
	if rec.Code != want.status {
		t.Fatalf("status %d, want %d; body:\n%s", rec.Code, want.status, rec.Body.String())
	}
	if loc := rec.Header().Get("Location"); want.location != "" && loc != want.location {
		t.Errorf("Location %q, want %q", loc, want.location)
	}
	body := rec.Body.String()
	for _, s := range want.body {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	for _, s := range want.absent {
		if strings.Contains(body, s) {
			t.Errorf("body should not contain %q", s)
		}
	}
	if want.flash != "" {
		if got := webtest.Flash(t, rec); !strings.Contains(got, want.flash) {
			t.Errorf("flash %q, want it to contain %q", got, want.flash)
		}
	}
}

// relWant is what a response must be.
type relWant struct {
	status   int
	location string
	body     []string
	absent   []string
	flash    string // the one-time message set for the next page
}

// relInOrder checks that each string appears in body, in the given order.
func relInOrder(t *testing.T, body string, order []string) {
	t.Helper()
	rest := body
	for _, s := range order {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Fatalf("%q missing, or not after the ones before it in %v", s, order)
		}
		rest = rest[i+len(s):]
	}
}
