package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/privacy"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixedNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

func newApp(db *store.DB) *app.App {
	return app.New(config.Default(), db, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)),
		func() time.Time { return fixedNow })
}

// subject sets up a community and one member with a trace in every kind
// of record: attendance, activities, an interaction alone and one with
// someone else, a follow-up, a merge record, audit entries, and their
// address written into another member's notes.
type subject struct {
	id      int64
	email   string
	handle  string
	session int64
	other   int64
}

func setUp(t *testing.T, a *app.App) subject {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	if _, err := demo.Load(ctx, a, demo.Options{Members: 60, Bulk: true, Programmes: 3, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	m, err := a.Members.Create(ctx, members.Member{Name: "Wilhelmina Quaxley-Erasmus", Affiliation: "Institute of Forgetting",
		Emails:     []members.Email{{Address: "zofia.forgotten@example.org", Primary: true}, {Address: "zk-second@example.net"}},
		Identities: []members.Identity{{Platform: "github", Handle: "zofia-gone"}}, ORCID: "0000-0002-1825-0097",
		Notes: "Reach her at zofia.forgotten@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	s := subject{id: m.ID, email: "zofia.forgotten@example.org", handle: "zofia-gone"}
	db := a.DB
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO session_attendance (session_id, occurrence_start, member_id, role, attended, note, registered_at, updated_at)
				SELECT MIN(id), 100, ?, 'attendee', 'yes', 'wrote from zofia.forgotten@example.org', 1, 1 FROM programme_sessions`, []any{s.id}},
			{`INSERT INTO activities (member_id, kind, source, occurred_at, title, url, external_id, created_at)
				VALUES (?, 'posted_forum', 'discourse', 1767225600, 'Post by zofia.forgotten@example.org', 'https://forum.example/u/zofia-gone', 'z-1', 1)`, []any{s.id}},
			{`INSERT INTO interactions (occurred_on, channel, summary, notes, outcome, created_at, updated_at)
				VALUES ('2026-03-01', 'email', 'Emailed zofia.forgotten@example.org alone', '', '', 1, 1)`, nil},
			{`INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES ((SELECT MAX(id) FROM interactions), ?, '2026-03-01')`, []any{s.id}},
			{`INSERT INTO interactions (occurred_on, channel, summary, notes, outcome, created_at, updated_at)
				VALUES ('2026-03-02', 'meeting', 'Group call', '', '', 1, 1)`, nil},
			{`INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES ((SELECT MAX(id) FROM interactions), ?, '2026-03-02')`, []any{s.id}},
			{`INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES ((SELECT MAX(id) FROM interactions), (SELECT MIN(id) FROM members), '2026-03-02')`, nil},
			{`INSERT INTO followups (member_id, what, due_on, original_due_on, created_at, updated_at) VALUES (?, 'Send zofia.forgotten@example.org the slides', '2026-04-01', '2026-04-01', 1, 1)`, []any{s.id}},
			{`INSERT INTO member_merges (kept_id, dropped_id, kept_name, dropped_name, merged_at, actor, before_rows, after_rows)
				VALUES (?, 99999, 'Zofia', 'Z. K.', 1, 'test', '{"member_emails":[{"email":"zofia.forgotten@example.org"}]}', '{}')`, []any{s.id}},
			{`UPDATE members SET notes = 'Introduced to zofia.forgotten@example.org' WHERE id = (SELECT MIN(id) FROM members)`, nil},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		return tx.QueryRow(ctx, "SELECT MIN(id) FROM programme_sessions").Scan(&s.session)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, "SELECT MIN(id) FROM members").Scan(&s.other); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccessHoldsEverythingAboutThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(db)
		s := setUp(t, a)
		a.Privacy.RegisterSection("imports", func(ctx context.Context, q store.Querier, p privacy.Person) (any, error) {
			return map[string]any{"emails_seen": p.Emails}, nil
		})
		acc, err := a.Privacy.Access(context.Background(), s.id)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := acc.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"members", "member_emails", "member_identities", "session_attendance", "activities", "interaction_members", "followups"} {
			if len(acc.Records[table]) == 0 {
				t.Errorf("the access export has no %s rows", table)
			}
		}
		checks := map[string]int{"interactions": len(acc.Interactions), "sessions": len(acc.Sessions), "merges": len(acc.Merges), "audit": len(acc.Audit)}
		for what, n := range checks {
			if n == 0 {
				t.Errorf("the access export has no %s", what)
			}
		}
		if doc["format"] != privacy.AccessFormat || !strings.Contains(buf.String(), "zofia-gone") || !strings.Contains(buf.String(), "emails_seen") {
			t.Errorf("the access export lacks its format, their identity or a registered section:\n%.500s", buf.String())
		}
		if _, err := a.Privacy.Access(context.Background(), 987654); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("access for an unknown member: %v, want NotFound", err)
		}
	})
}

func TestEraseLeavesNoTrace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "owner"})
		a := newApp(db)
		s := setUp(t, a)
		var seen privacy.Person
		a.Privacy.RegisterEraser("imports", func(ctx context.Context, tx *store.Tx, p privacy.Person) error {
			seen = p
			return nil
		})
		count := func(q string, args ...any) int {
			var n int
			if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		attended := count("SELECT COUNT(*) FROM session_attendance WHERE session_id = ? AND attended = 'yes'", s.session)
		activities := count("SELECT COUNT(*) FROM activities")
		shared := count("SELECT COUNT(*) FROM interaction_members WHERE member_id = ?", s.other)

		if _, err := a.Privacy.Erase(ctx, s.id, 999); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("erase against a stale version: %v, want Conflict", err)
		}
		res, err := a.Privacy.Erase(ctx, s.id, 0)
		if err != nil {
			t.Fatalf("erase: %v", err)
		}
		if res.Blocked != 4 || res.Anonymised != 2 {
			t.Errorf("erasure %+v, want 4 identifiers blocked and 2 rows anonymised", res)
		}
		if len(seen.Emails) != 2 || seen.MemberID != s.id {
			t.Errorf("the registered eraser saw %+v", seen)
		}
		// The erasure's own transaction left the scrub of their addresses
		// elsewhere to the job: the other member's notes still hold it.
		if res.Pending == 0 {
			t.Errorf("erasure %+v left nothing to scrub", res)
		}
		if got := count("SELECT COUNT(*) FROM members WHERE id = ? AND notes LIKE '%zofia.forgotten@example.org%'", s.other); got != 1 {
			t.Errorf("the other member's notes lost the address before the job ran (%d)", got)
		}
		runJobs(t, a)
		if n, err := a.Privacy.PendingErasures(ctx); err != nil || n != 0 {
			t.Errorf("after the job: %d scrubs pending (%v), want none", n, err)
		}
		if got := count("SELECT COUNT(*) FROM members WHERE id = ? AND notes = 'Introduced to [erased]'", s.other); got != 1 {
			t.Errorf("the other member's notes were not scrubbed by the job")
		}
		// Aggregates stay.
		if got := count("SELECT COUNT(*) FROM session_attendance WHERE session_id = ? AND attended = 'yes'", s.session); got != attended {
			t.Errorf("attendance at the session: %d after erasure, %d before", got, attended)
		}
		if got := count("SELECT COUNT(*) FROM activities"); got != activities {
			t.Errorf("activities: %d after erasure, %d before", got, activities)
		}
		if got := count("SELECT COUNT(*) FROM interaction_members WHERE member_id = ?", s.other); got != shared {
			t.Errorf("the other member's interactions: %d after, %d before", got, shared)
		}
		if got := count("SELECT COUNT(*) FROM members WHERE id = ?", s.id); got != 0 {
			t.Error("the member is still there")
		}
		// Nothing of them in any table: the whole database's archive.
		var buf bytes.Buffer
		if _, err := backup.WriteArchive(ctx, db, &buf, "test", fixedNow); err != nil {
			t.Fatal(err)
		}
		for _, trace := range []string{s.email, "zk-second@example.net", "Quaxley", "zofia-gone", "0000-0002-1825-0097", "Forgetting"} {
			if bytes.Contains(buf.Bytes(), []byte(trace)) {
				i := bytes.Index(buf.Bytes(), []byte(trace))
				t.Errorf("%q is still in the database: ...%s...", trace, buf.Bytes()[max(0, i-200):min(buf.Len(), i+100)])
			}
		}
		entries, err := audit.List(ctx, db, audit.Filter{Entity: "member", EntityID: s.id})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 || entries[0].Action != "erase" {
			t.Errorf("audit entries about the member: %+v, want the erasure first", entries)
		}
		// They cannot come back.
		_, err = a.Members.Create(ctx, members.Member{Name: "Zofia K", Emails: []members.Email{{Address: "ZOFIA.forgotten@example.org", Primary: true}}})
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asApp(err, &ae) || !strings.Contains(ae.Fields["emails"], "erased") {
			t.Errorf("create with an erased address: %v, want Invalid naming emails", err)
		}
		_, err = a.Members.CreateBatch(ctx, []members.Member{{Name: "Fine"}, {Name: "Again", Identities: []members.Identity{{Platform: "GitHub", Handle: "Zofia-Gone"}}}})
		if !asApp(err, &ae) || ae.Fields["members[1].identities"] == "" {
			t.Errorf("batch with an erased identity: %v, want members[1].identities refused", err)
		}
		other, err := a.Members.Create(ctx, members.Member{Name: "Someone else", Emails: []members.Email{{Address: "other@example.org", Primary: true}}})
		if err != nil {
			t.Fatalf("create someone else: %v", err)
		}
		// Nor come back by an edit of someone else's record.
		for _, edit := range []struct {
			field  string
			change func(m *members.Member)
		}{
			{"emails", func(m *members.Member) {
				m.Emails = append(m.Emails, members.Email{Address: "zofia.FORGOTTEN@example.org"})
			}},
			{"identities", func(m *members.Member) {
				m.Identities = append(m.Identities, members.Identity{Platform: "github", Handle: "@zofia-gone"})
			}},
		} {
			_, err = a.Members.Edit(ctx, other.ID, 0, func(m members.Member) (members.Member, error) { edit.change(&m); return m, nil })
			if !asApp(err, &ae) || !strings.Contains(ae.Fields[edit.field], "erased") {
				t.Errorf("edit adding an erased person's %s: %v, want Invalid naming %s", edit.field, err, edit.field)
			}
		}
		if _, err := a.Members.Edit(ctx, other.ID, 0, func(m members.Member) (members.Member, error) { m.JobTitle = "Curator"; return m, nil }); err != nil {
			t.Errorf("an edit adding nothing erased: %v", err)
		}
		if _, err := a.Privacy.Erase(ctx, s.id, 0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("erase again: %v, want NotFound", err)
		}
	})
}

// TestErasedEmailLeavesTheFiles reads the SQLite files' raw bytes: the
// address must not survive in a free page, the write-ahead log or the
// search index's segments.
func TestErasedEmailLeavesTheFiles(t *testing.T) {
	t.Parallel()
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "owner"})
	path := filepath.Join(t.TempDir(), "trellis.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newApp(db)
	s := setUp(t, a)
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	// Their surname as the full-text index holds it (folded, past the
	// first letter, which the index may share with the term before it).
	const indexed = "uaxley"
	for _, trace := range []string{s.email, indexed} {
		if !fileHas(t, path, trace) {
			t.Fatalf("%q is not in the file before erasure: the scan would prove nothing", trace)
		}
	}
	if _, err := a.Privacy.Erase(ctx, s.id, 0); err != nil {
		t.Fatal(err)
	}
	// The scrub is left to a job, which survives a restart: it runs in
	// the next process on the same file.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a = newApp(db)
	runJobs(t, a)
	if n, err := a.Privacy.PendingErasures(ctx); err != nil || n != 0 {
		t.Fatalf("after the job: %d scrubs pending (%v), want none", n, err)
	}
	// The search indexes forget at once only inside privacy's own writes:
	// everyday edits keep FTS5's cheaper default.
	for _, index := range []string{"members_fts", "members_substr"} {
		var on int
		if err := db.QueryRow(ctx, "SELECT v FROM "+index+"_config WHERE k = 'secure-delete'").Scan(&on); err != nil || on != 0 {
			t.Errorf("%s secure-delete = %d (%v) after the erasure, want 0", index, on, err)
		}
	}
	// Erase and its job zero what they delete and reset the log: no
	// VACUUM needed.
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		for _, trace := range []string{s.email, "zk-second@example.net", indexed} {
			if fileHas(t, f, trace) {
				t.Errorf("%s still holds %q after erasure and a checkpoint", filepath.Base(f), trace)
			}
		}
	}
	if _, err := db.Exec(ctx, "VACUUM"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		if fileHas(t, f, s.email) {
			t.Errorf("%s still holds the address after VACUUM", filepath.Base(f))
		}
	}
}

// runJobs runs every job due, as a worker would: the erasure's scrub
// among them.
func runJobs(t *testing.T, a *app.App) {
	t.Helper()
	for range 1000 {
		ran, err := a.Jobs.RunNext(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
	t.Fatal("jobs keep coming")
}

func fileHas(t *testing.T, path, s string) bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, []byte(s))
}

func asApp(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	if ok {
		*target = e
	}
	return ok
}
