package webtest

import (
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// Fixtures set data up through the services, as the test user, and fail
// the test when the service refuses. webtest.Now is Tuesday 2026-03-10 and
// the community's zone is UTC, so "today" is 2026-03-10.

// AddMember stores m through the members service.
func AddMember(t testing.TB, env *Env, m members.Member) members.Member {
	t.Helper()
	out, err := env.App.Members.Create(env.Ctx, m)
	if err != nil {
		t.Fatalf("create member %q: %v", m.Name, err)
	}
	return out
}

// GetMember reads a member back, failing the test if it is gone.
func GetMember(t testing.TB, env *Env, id int64) members.Member {
	t.Helper()
	m, err := env.App.Members.Get(env.Ctx, id)
	if err != nil {
		t.Fatalf("get member %d: %v", id, err)
	}
	return m
}

// MakeKeyMember makes a member a key member with a contact cadence in days,
// in the given stakeholder groups.
func MakeKeyMember(t testing.TB, env *Env, memberID int64, cadence int, groups ...int64) {
	t.Helper()
	if _, err := env.App.Relationships.SetKeyMember(env.Ctx, memberID, cadence, groups, ""); err != nil {
		t.Fatalf("make member %d key: %v", memberID, err)
	}
}

// Group returns the stakeholder group called name.
func Group(t testing.TB, env *Env, name string) relationships.Group {
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

// LogInteraction logs an interaction on a day (YYYY-MM-DD) with members.
func LogInteraction(t testing.TB, env *Env, on string, channel relationships.Channel, summary string, memberIDs ...int64) relationships.Interaction {
	t.Helper()
	it, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
		OccurredOn: on, Channel: channel, Summary: summary, MemberIDs: memberIDs,
	})
	if err != nil {
		t.Fatalf("log interaction: %v", err)
	}
	return it
}

// AddFollowUp creates a follow-up due on a day (YYYY-MM-DD), owned by a
// user, about a member (0 for none).
func AddFollowUp(t testing.TB, env *Env, what, due string, ownerID, memberID int64) relationships.FollowUp {
	t.Helper()
	f, err := env.App.Relationships.CreateFollowUp(env.Ctx, relationships.FollowUpInput{
		What: what, DueOn: due, OwnerID: ownerID, MemberID: memberID,
	})
	if err != nil {
		t.Fatalf("create follow-up: %v", err)
	}
	return f
}
