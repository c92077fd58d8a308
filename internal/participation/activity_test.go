package participation_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// now is the fixed clock of these tests: Monday 30 November 2026, 12:00 UTC.
var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

type fixture struct {
	ctx context.Context
	db  *store.DB
	svc *participation.Service
	mem *members.Service
	ids []int64 // members: ada (ada@example.org), grace (grace@example.org)
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{ctx: audit.WithActor(context.Background(), audit.Actor{Name: "test"}), db: db}
	clock := func() time.Time { return now }
	f.svc = &participation.Service{DB: db, Now: clock}
	f.mem = &members.Service{DB: db, Now: clock, MergeHooks: []members.MergeHook{f.svc.MergeMembers},
		MergeTables: []members.MemberTable{{Name: "activities", MemberColumns: []string{"member_id"}, Key: []string{"id"}, Grows: true}}}
	for _, name := range []string{"Ada", "Grace"} {
		m, err := f.mem.Create(f.ctx, members.Member{Name: name,
			Emails: []members.Email{{Address: strings.ToLower(name) + "@example.org", Primary: true}}})
		if err != nil {
			t.Fatal(err)
		}
		f.ids = append(f.ids, m.ID)
	}
	return f
}

// ingest sends body as JSON (lines false) or JSON Lines.
func (f *fixture) ingest(body string, lines bool) (participation.Result, error) {
	return f.svc.Ingest(f.ctx, participation.Decode(strings.NewReader(body), lines), participation.SourceAPI)
}

func (f *fixture) count(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(f.ctx, "SELECT COUNT(*) FROM activities").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIngestIsIdempotentAndAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var b strings.Builder
		for i := range 12000 { // more than one chunk
			fmt.Fprintf(&b, `{"member_email": "ADA@example.org", "kind": "answered_question", "occurred_at": "2026-11-%02dT10:00:00+02:00", "source": "discourse", "external_id": "p%d"}`+"\n", i%28+1, i%11000)
		}
		res, err := f.ingest(b.String(), true)
		if err != nil {
			t.Fatal(err)
		}
		if res != (participation.Result{Created: 11000, Existing: 1000}) {
			t.Fatalf("first batch: %+v", res)
		}
		res, err = f.ingest(b.String(), true)
		if err != nil || res != (participation.Result{Created: 0, Existing: 12000}) {
			t.Fatalf("same batch again: %+v, %v", res, err)
		}
		// One bad item refuses the whole batch, new items included.
		bad := fmt.Sprintf(`[{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z", "external_id": "new1"},
			{"member_id": 999999, "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z"},
			{"member_id": %d, "kind": "juggled", "occurred_at": "2026-12-30T09:00:00Z", "url": "ftp://x"}]`, f.ids[0], f.ids[1])
		_, err = f.ingest(bad, false)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
			t.Fatalf("bad batch: %v", err)
		}
		got := fmt.Sprint(ae.Items)
		for _, want := range []string{"{1 0 member_id names no member}", "{2 0 kind ", "{2 0 occurred_at is in the future}", "{2 0 url "} {
			if !strings.Contains(got, want) {
				t.Errorf("items %s lack %q", got, want)
			}
		}
		if n := f.count(t); n != 11000 {
			t.Errorf("%d activities after the refused batch, want 11000", n)
		}
		list, next, err := f.svc.ListActivities(f.ctx, participation.Filter{MemberID: f.ids[0], Source: "discourse", Limit: 2})
		if err != nil || len(list) != 2 || next == "" {
			t.Fatalf("list: %v %q %v", list, next, err)
		}
		if list[0].OccurredAt != time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC) || list[0].Mode != participation.Contribute {
			t.Errorf("newest: %+v", list[0])
		}
		page2, _, err := f.svc.ListActivities(f.ctx, participation.Filter{MemberID: f.ids[0], Cursor: next, Limit: 2})
		if err != nil || len(page2) != 2 || page2[0].ID == list[1].ID {
			t.Errorf("page 2: %v %v", page2, err)
		}
	})
}

func TestIngestFutureSkewAndLines(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		soon := now.Add(participation.FutureSkew).Format(time.RFC3339)
		late := now.Add(participation.FutureSkew + time.Second).Format(time.RFC3339)
		body := fmt.Sprintf("{\"member_id\": %d, \"kind\": \"attended_call\", \"occurred_at\": %q}\n\n{not json\n{\"member_id\": %d, \"kind\": \"attended_call\", \"occurred_at\": %q, \"colour\": 1}\n{\"member_id\": %d, \"kind\": \"attended_call\", \"occurred_at\": %q}\n",
			f.ids[0], soon, f.ids[0], soon, f.ids[0], late)
		_, err := f.ingest(body, true)
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			t.Fatalf("want a refusal, got %v", err)
		}
		want := "[{1 3  is not valid JSON (at byte 2)} {2 4 colour is not a field of an activity} {3 5 occurred_at is in the future}]"
		if got := fmt.Sprint(ae.Items); got != want {
			t.Errorf("items\n got %s\nwant %s", got, want)
		}
		res, err := f.ingest(fmt.Sprintf(`{"member_id": %d, "kind": "attended_call", "occurred_at": %q}`, f.ids[0], soon), false)
		if err != nil || res.Created != 1 {
			t.Errorf("five minutes ahead: %+v %v", res, err)
		}
	})
}

func TestMergeMovesActivitiesAndUndoBringsThemBack(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, err := f.svc.LogActivity(f.ctx, f.ids[1], participation.Item{Kind: "gave_talk", OccurredAt: "2026-10-01T10:00:00Z", Title: "Ontologies"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.mem.Merge(f.ctx, f.ids[0], f.ids[1]); err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.MemberActivities(f.ctx, f.ids[0], 10)
		if err != nil || len(list) != 1 || list[0].Source != participation.SourceManual {
			t.Fatalf("after merge: %v %v", list, err)
		}
		merges, err := f.mem.Merges(f.ctx, f.ids[0])
		if err != nil || len(merges) != 1 {
			t.Fatal(merges, err)
		}
		if _, _, err := f.mem.UndoMerge(f.ctx, merges[0].ID); err != nil {
			t.Fatal(err)
		}
		list, err = f.svc.MemberActivities(f.ctx, f.ids[1], 10)
		if err != nil || len(list) != 1 || list[0].Title != "Ontologies" {
			t.Fatalf("after undo: %v %v", list, err)
		}
	})
}

func TestKindChangesRunTheHook(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		calls := 0
		f.svc.RulesChanged = func(context.Context) error { calls++; return nil }
		k, err := f.svc.UpdateKind(f.ctx, "opened_pull_request", participation.KindInput{Label: "Opened a pull request",
			Mode: participation.Collaborate, Weight: 4, Why: "Our reviews are pairing."})
		if err != nil || k.Mode != participation.Collaborate || k.Weight != 4 || !k.Builtin {
			t.Fatalf("update: %+v %v", k, err)
		}
		if _, err := f.svc.AddKind(f.ctx, participation.KindInput{Key: "ran_hackathon", Label: "Ran a hackathon", Mode: participation.CoCreate, Weight: 6}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AddKind(f.ctx, participation.KindInput{Key: "ran_hackathon", Label: "Again", Mode: "lurk", Weight: 0})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Fields["mode"] == "" || ae.Fields["weight"] == "" {
			t.Fatalf("bad kind: %v", err)
		}
		if calls != 2 {
			t.Errorf("RulesChanged ran %d times, want 2", calls)
		}
		kinds, err := f.svc.Kinds(f.ctx)
		// 15 built-in kinds, 4 more for the platforms' imports, then this one.
		if err != nil || len(kinds) != 20 || kinds[19].Key != "ran_hackathon" || kinds[19].Builtin {
			t.Errorf("kinds: %d %v", len(kinds), err)
		}
	})
}

// TestNewActivitiesRunTheHook: a batch that creates activities hands the
// members it named to ActivitiesAdded once, after it commits; a batch that
// creates nothing, or is refused, does not run it. The foreign keys that
// the batch ran without are back afterwards: deleting a member takes its
// activities with it.
func TestNewActivitiesRunTheHook(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var calls [][]int64
		f.svc.ActivitiesAdded = func(ctx context.Context, ids []int64) error {
			var n int // committed before the hook runs
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM activities").Scan(&n); err != nil || n == 0 {
				t.Errorf("hook ran before the commit: %d activities, %v", n, err)
			}
			calls = append(calls, ids)
			return nil
		}
		body := fmt.Sprintf(`[{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z", "source": "indico", "external_id": "t1"},
			{"member_email": "grace@example.org", "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z", "source": "indico", "external_id": "t2"},
			{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z", "source": "indico", "external_id": "t1"}]`, f.ids[1], f.ids[1])
		res, err := f.ingest(body, false)
		if err != nil || res.Created != 2 || res.Existing != 1 {
			t.Fatalf("batch: %+v %v", res, err)
		}
		if _, err := f.ingest(body, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.ingest(`{"member_id": 999999, "kind": "gave_talk", "occurred_at": "2026-11-01T09:00:00Z"}`, false); err == nil {
			t.Fatal("unknown member kept")
		}
		if _, err := f.svc.LogActivity(f.ctx, f.ids[0], participation.Item{Kind: "mentored", OccurredAt: "2026-11-02T09:00:00Z"}); err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(calls), fmt.Sprintf("[[%d] [%d]]", f.ids[1], f.ids[0]); got != want {
			t.Errorf("hook calls %s, want %s", got, want)
		}
		if _, err := db.Exec(f.ctx, "DELETE FROM members WHERE id = ?", f.ids[1]); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t); n != 1 {
			t.Errorf("%d activities after deleting a member, want 1 (foreign keys off?)", n)
		}
	})
}

// TestIngestResolvesMembers: members by id and by email (any case), over
// more than one chunk; an unknown id or email, and an email two members
// share, are each an item problem naming the field.
func TestIngestResolvesMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, id := range f.ids {
			if _, err := db.Exec(f.ctx, "INSERT INTO member_emails (member_id, email, is_primary, position) VALUES (?, 'team@example.org', ?, 1)", id, false); err != nil {
				t.Fatal(err)
			}
		}
		var b strings.Builder
		for i := range 11000 {
			who := fmt.Sprintf(`"member_id": %d`, f.ids[i%2])
			if i%3 == 0 {
				who = `"member_email": " Grace@Example.org "`
			}
			fmt.Fprintf(&b, `{%s, "kind": "attended_call", "occurred_at": "2026-11-01T09:00:00Z", "source": "zoom", "external_id": "c%d"}`+"\n", who, i)
		}
		good := b.String()
		res, err := f.ingest(good, true)
		if err != nil || res.Created != 11000 {
			t.Fatalf("good batch: %+v %v", res, err)
		}
		var graces int
		if err := db.QueryRow(f.ctx, "SELECT COUNT(*) FROM activities WHERE member_id = ?", f.ids[1]).Scan(&graces); err != nil || graces != 11000/2+11000/6+1 {
			// i odd, or i a multiple of 3 (by email), counted once
			t.Errorf("%d activities of Grace, %v", graces, err)
		}
		for _, who := range []string{`"member_email": "nobody@example.org"`, `"member_email": "team@example.org"`, `"member_id": 999999`} {
			bad := good + fmt.Sprintf(`{%s, "kind": "attended_call", "occurred_at": "2026-11-01T09:00:00Z"}`, who)
			_, err := f.ingest(bad, true)
			var ae *apperr.Error
			if !errors.As(err, &ae) || len(ae.Items) != 1 || ae.Items[0].Index != 11000 || ae.Items[0].Line != 11001 {
				t.Fatalf("%s: %v", who, err)
			}
			want := map[string]string{`"member_email": "nobody@example.org"`: "member_email is not the email of any member",
				`"member_email": "team@example.org"`: "member_email belongs to more than one member; send member_id instead",
				`"member_id": 999999`:                "member_id names no member"}[who]
			if got := ae.Items[0].Field + " " + ae.Items[0].Message; got != want {
				t.Errorf("%s: %q, want %q", who, got, want)
			}
		}
		if n := f.count(t); n != 11000 {
			t.Errorf("%d activities, want 11000", n)
		}
	})
}

// TestIngestBigBatchReadsEveryMember: past a couple of thousand ids a
// batch reads every member's id at once rather than asking one by one;
// an unknown id is still an item problem, and known ones all go in.
func TestIngestBigBatchReadsEveryMember(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ms := make([]members.BulkMember, 2500)
		for i := range ms {
			ms[i] = members.BulkMember{Member: members.Member{Name: fmt.Sprintf("Member %d", i)}, CreatedAt: now}
		}
		var ids []int64
		if err := db.InBulkTx(f.ctx, func(tx *store.Tx) (err error) {
			ids, err = members.WriteBulk(f.ctx, tx, ms)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, id := range ids {
			if i == 2200 {
				id = ids[len(ids)-1] + 1000 // past the point where every id has been read
			}
			fmt.Fprintf(&b, `{"member_id": %d, "kind": "attended_call", "occurred_at": "2026-11-01T09:00:00Z"}`+"\n", id)
		}
		_, err := f.ingest(b.String(), true)
		var ae *apperr.Error
		if !errors.As(err, &ae) || fmt.Sprint(ae.Items) != "[{2200 2201 member_id names no member}]" {
			t.Fatalf("unknown id: %v", err)
		}
		res, err := f.ingest(strings.Replace(b.String(), fmt.Sprintf(`"member_id": %d,`, ids[len(ids)-1]+1000), fmt.Sprintf(`"member_id": %d,`, f.ids[0]), 1), true)
		if err != nil || res.Created != 2500 {
			t.Fatalf("good batch: %+v %v", res, err)
		}
	})
}
