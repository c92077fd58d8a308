package demo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
)

// fixedNow is the load day most tests use: Tuesday 10 March 2026, 14:30 UTC.
var fixedNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

func newApp(db *store.DB, now time.Time) *app.App {
	return app.New(config.Default(), db, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)),
		func() time.Time { return now })
}

// allMembers reads every member, archived ones included, ordered by name.
func allMembers(tb testing.TB, a *app.App) []members.Member {
	tb.Helper()
	var out []members.Member
	page := members.Page{Limit: members.MaxLimit}
	for {
		res, err := a.Members.List(context.Background(), members.Filter{Archived: members.ArchivedInclude, Sort: "name"}, page)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, res.Members...)
		if res.Next == "" {
			return out
		}
		page.Cursor = res.Next
	}
}

func allInteractions(tb testing.TB, a *app.App) []relationships.Interaction {
	tb.Helper()
	var out []relationships.Interaction
	f := relationships.InteractionFilter{Limit: 500}
	for {
		list, next, err := a.Relationships.ListInteractions(context.Background(), f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, list...)
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

// followUps lists the follow-ups with the given ListFollowUps status.
func followUps(tb testing.TB, a *app.App, status string) []relationships.FollowUp {
	tb.Helper()
	var out []relationships.FollowUp
	f := relationships.FollowUpFilter{Status: status, Limit: 500}
	for {
		list, next, err := a.Relationships.ListFollowUps(context.Background(), f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, list...)
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

// dump writes a loaded community out in a canonical form without ids or
// timestamps of the load itself: members by name with everything recorded
// about them, key members, interactions newest first with their
// participants, follow-ups with what became of them.
func dump(tb testing.TB, a *app.App) string {
	tb.Helper()
	var b strings.Builder
	for _, m := range allMembers(tb, a) {
		fmt.Fprintf(&b, "member %s|%s|%s|%s|%s|%s|%s|%s|%s|%v|%v|%v|%v|%v|%v|%s|%s|%s|%s/%s|%v|%q|archived=%v\n",
			m.Name, m.PreferredName, m.Pronouns, m.Affiliation, m.JobTitle, m.ORCID, m.Country, m.TimeZone,
			m.CareerStage, m.Emails, m.Tags, m.Expertise, m.Interests, m.Languages, m.Identities, m.JoinedOn,
			m.Source, m.Status, m.Preferences.Modality, m.Preferences.Timing, m.Consent, m.Notes, m.ArchivedAt != nil)
	}
	keys, err := a.Relationships.KeyMemberStatuses(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "key %s|%d|%v|%s|%d|%s\n", k.Name, k.CadenceDays, k.Groups, k.LastContact, k.InteractionsLastYear, k.Warmth.Level)
	}
	for _, it := range allInteractions(tb, a) {
		fmt.Fprintf(&b, "interaction %s|%s|%s|%s|%q|%v|%v|%d\n", it.OccurredOn, it.Channel, it.Summary, it.Outcome,
			it.Notes, it.Members, it.Users, len(it.FollowUps))
	}
	for _, f := range followUps(tb, a, "all") {
		done := ""
		if f.DoneAt != nil {
			done = f.DoneAt.Format(time.DateOnly)
		}
		fmt.Fprintf(&b, "followup %s|%s|%s|%d|%s|%s|%s|%s\n", f.What, f.DueOn, f.OriginalDueOn, f.SnoozeCount,
			f.Status, f.MemberName, f.OwnerName, done)
	}
	gs, err := a.Goals.List(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, g := range gs {
		fmt.Fprintf(&b, "goal %s|%s|%s|%s|v%d", g.Title, g.OwnerName, g.Status, g.RetiredOn, g.Version)
		for _, in := range g.Indicators {
			fmt.Fprintf(&b, "|%s: %s on %s", in.Name, in.Progress(), in.MeasuredOn)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// dumpActivities is every activity with its member's name, in id order:
// the ids, too, must come out the same.
func dumpActivities(tb testing.TB, a *app.App) string {
	tb.Helper()
	rows, err := a.DB.Query(context.Background(), `SELECT a.id, m.name, a.kind, a.source, a.occurred_at, a.title, a.url,
		COALESCE(a.external_id, ''), a.created_at FROM activities a JOIN members m ON m.id = a.member_id ORDER BY a.id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, at, created int64
		var name, kind, source, title, url, ext string
		if err := rows.Scan(&id, &name, &kind, &source, &at, &title, &url, &ext, &created); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&b, "activity %d|%s|%s|%s|%d|%s|%s|%s|%d\n", id, name, kind, source, at, title, url, ext, created)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}
