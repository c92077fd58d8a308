package participation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// history is a hand-built community in New York's time zone, with members
// acting on the first and last second of months and one member living in
// Auckland, whose evening of 30 November (community time) is already 1
// December in UTC and in Auckland.
type history struct {
	ctx   context.Context
	db    *store.DB
	svc   *participation.Service
	mem   *members.Service
	clock time.Time
	ids   map[string]int64
}

func newHistory(t *testing.T, db *store.DB) *history {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	h := &history{ctx: audit.WithActor(context.Background(), audit.Actor{Name: "test"}), db: db,
		clock: time.Date(2027, 3, 15, 12, 0, 0, 0, time.UTC), ids: map[string]int64{}}
	now := func() time.Time { return h.clock }
	h.svc = &participation.Service{DB: db, Now: now, Location: ny}
	h.mem = &members.Service{DB: db, Now: now}
	for _, m := range []members.Member{
		{Name: "Ada", CareerStage: members.StageStudent, Country: "GB", Affiliation: "Univ X"},
		{Name: "Bea", CareerStage: members.StageEarlyCareer, Country: "NZ", Affiliation: "Univ X", TimeZone: "Pacific/Auckland"},
		{Name: "Cal"},
		{Name: "Dee", CareerStage: members.StageSenior, Country: "US", Affiliation: "Lab Y"},
		{Name: "Eve"},
	} {
		m.Emails = []members.Email{{Address: strings.ToLower(m.Name) + "@example.org", Primary: true}}
		got, err := h.mem.Create(h.ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		h.ids[m.Name] = got.ID
	}
	var b strings.Builder
	for i, a := range []struct{ who, kind, at string }{
		{"Ada", "attended_call", "2026-10-01T04:00:00Z"},     // 1 Oct 00:00:00 EDT: October's first second
		{"Ada", "answered_question", "2026-11-01T03:59:59Z"}, // 31 Oct 23:59:59 EDT: October's last second
		{"Ada", "reviewed_pull_request", "2026-11-15T15:00:00Z"},
		{"Bea", "hosted_session", "2026-12-01T04:30:00Z"}, // 30 Nov 23:30 EST; 1 Dec in UTC and in Auckland
		{"Bea", "attended_call", "2026-12-01T05:00:00Z"},  // 1 Dec 00:00 EST
		{"Cal", "attended_call", "2026-11-10T12:00:00Z"},
		{"Cal", "attended_call", "2026-11-10T20:00:00Z"}, // the same day: not a return
		{"Cal", "posted_forum", "2027-01-20T12:00:00Z"},  // 71 days after his first day
		{"Dee", "co_authored", "2026-11-20T12:00:00Z"},
		{"Dee", "mentored", "2026-11-21T12:00:00Z"},
		{"Dee", "answered_question", "2026-11-22T12:00:00Z"},
	} {
		fmt.Fprintf(&b, `{"member_id": %d, "kind": %q, "occurred_at": %q, "external_id": "h%d"}`+"\n", h.ids[a.who], a.kind, a.at, i)
	}
	if _, err := h.svc.Ingest(h.ctx, participation.Decode(strings.NewReader(b.String()), true), participation.SourceAPI); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *history) all() []int64 {
	var out []int64
	for _, id := range h.ids {
		out = append(out, id)
	}
	return out
}

func f64(v float64) *float64 { return &v }

func fmtP(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4f", *p)
}

var period = participation.Period{From: 202610, To: 202701}

// checkFigures asserts every figure of the history exactly.
func checkFigures(t *testing.T, h *history) {
	t.Helper()
	funnel, err := h.svc.Funnel(h.ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	wantFunnel := []participation.FunnelMonth{
		{Month: 202610, Active: 1, Deepest: participation.ModeCounts{Contribute: 1}},
		{Month: 202611, Active: 4, Deepest: participation.ModeCounts{Convey: 1, Collaborate: 2, CoCreate: 1}},
		{Month: 202612, Active: 1, Deepest: participation.ModeCounts{Convey: 1}},
		{Month: 202701, Active: 1, Deepest: participation.ModeCounts{Contribute: 1}},
	}
	if fmt.Sprint(funnel) != fmt.Sprint(wantFunnel) {
		t.Errorf("funnel\n got %v\nwant %v", funnel, wantFunnel)
	}
	health, err := h.svc.Health(h.ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	type hm = participation.HealthMonth
	want := []hm{
		{Month: 202610, Active: 1, NewMembers: 1, Retained30: 1, Retained90: 1, Retention30: f64(1), Retention90: f64(1),
			Activities: 2, ActivitiesByMode: participation.ModeCounts{Convey: 1, Contribute: 1}, Contributions: 1,
			Top1Share: f64(1), Next9Share: f64(0), Rest90Share: f64(0), HalfContributors: 1,
			FirstContributions: 1, FirstContributionMedianDays: f64(30), MemberLedShare: f64(0)},
		{Month: 202611, Active: 4, NewMembers: 3, Retained30: 2, Retained90: 3, Retention30: f64(2.0 / 3), Retention90: f64(1),
			Activities: 7, ActivitiesByMode: participation.ModeCounts{Convey: 2, Contribute: 1, Collaborate: 3, CoCreate: 1}, Contributions: 5,
			Top1Share: f64(3.0 / 7), Next9Share: f64(0), Rest90Share: f64(4.0 / 7), HalfContributors: 1,
			FirstContributions: 2, FirstContributionMedianDays: f64(0), MemberLedActivities: 4, MemberLedShare: f64(4.0 / 7)},
		{Month: 202612, Active: 1, Activities: 1, ActivitiesByMode: participation.ModeCounts{Convey: 1},
			Top1Share: f64(1), Next9Share: f64(0), Rest90Share: f64(0), MemberLedShare: f64(0)},
		{Month: 202701, Active: 1, Activities: 1, ActivitiesByMode: participation.ModeCounts{Contribute: 1}, Contributions: 1,
			Top1Share: f64(1), Next9Share: f64(0), Rest90Share: f64(0), HalfContributors: 1,
			FirstContributions: 1, FirstContributionMedianDays: f64(71), MemberLedShare: f64(0)},
	}
	show := func(x hm) string {
		return fmt.Sprintf("%s active %d new %d ret %d/%d %s/%s acts %d %v contrib %d shares %s %s %s half %d first %d median %s led %d %s sessions %d/%d %s",
			x.Month, x.Active, x.NewMembers, x.Retained30, x.Retained90, fmtP(x.Retention30), fmtP(x.Retention90), x.Activities, x.ActivitiesByMode,
			x.Contributions, fmtP(x.Top1Share), fmtP(x.Next9Share), fmtP(x.Rest90Share), x.HalfContributors, x.FirstContributions,
			fmtP(x.FirstContributionMedianDays), x.MemberLedActivities, fmtP(x.MemberLedShare), x.Sessions, x.MemberHostedSessions, fmtP(x.MemberHostedShare))
	}
	if len(health) != len(want) {
		t.Fatalf("health: %d months, want %d", len(health), len(want))
	}
	for i := range want {
		if g, w := show(health[i]), show(want[i]); g != w {
			t.Errorf("health\n got %s\nwant %s", g, w)
		}
	}
	for _, tc := range []struct {
		from, to                  participation.Month
		up, down, stayed, in, out int
	}{
		{202610, 202611, 1, 0, 0, 3, 0},
		{202611, 202612, 0, 1, 0, 0, 3},
		{202611, 202701, 1, 0, 0, 0, 3},
		{202611, 202611, 0, 0, 4, 0, 0},
		{202609, 202609, 0, 0, 0, 0, 0},
	} {
		f, err := h.svc.Flows(h.ctx, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		if f.Up != tc.up || f.Down != tc.down || f.Stayed != tc.stayed || f.In != tc.in || f.Out != tc.out {
			t.Errorf("flows %s to %s: up %d down %d stayed %d in %d out %d, want %d %d %d %d %d", tc.from, tc.to,
				f.Up, f.Down, f.Stayed, f.In, f.Out, tc.up, tc.down, tc.stayed, tc.in, tc.out)
		}
	}
	f, _ := h.svc.Flows(h.ctx, 202610, 202611)
	if got, _ := json.Marshal(f.Flows); string(got) != `[{"from":"none","to":"convey","members":1},{"from":"none","to":"collaborate","members":1},{"from":"none","to":"co_create","members":1},{"from":"contribute","to":"collaborate","members":1}]` {
		t.Errorf("flows October to November: %s", got)
	}
	groups, err := h.svc.Groups(h.ctx, 202611)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(groups)
	wantGroups := `{"affiliation":[{"value":"Univ X","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":1},"active_members":2,"activities":2},` +
		`{"value":"","members":{"convey":1,"contribute":0,"collaborate":0,"co_create":0},"active_members":1,"activities":2},` +
		`{"value":"Lab Y","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":0},"active_members":1,"activities":3}],` +
		`"career_stage":[{"value":"","members":{"convey":1,"contribute":0,"collaborate":0,"co_create":0},"active_members":1,"activities":2},` +
		`{"value":"early_career","members":{"convey":0,"contribute":0,"collaborate":0,"co_create":1},"active_members":1,"activities":1},` +
		`{"value":"senior","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":0},"active_members":1,"activities":3},` +
		`{"value":"student","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":0},"active_members":1,"activities":1}],` +
		`"country":[{"value":"","members":{"convey":1,"contribute":0,"collaborate":0,"co_create":0},"active_members":1,"activities":2},` +
		`{"value":"GB","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":0},"active_members":1,"activities":1},` +
		`{"value":"NZ","members":{"convey":0,"contribute":0,"collaborate":0,"co_create":1},"active_members":1,"activities":1},` +
		`{"value":"US","members":{"convey":0,"contribute":0,"collaborate":1,"co_create":0},"active_members":1,"activities":3}]}`
	if string(got) != wantGroups {
		t.Errorf("groups\n got %s\nwant %s", got, wantGroups)
	}
}

func TestFiguresOfAHandBuiltHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		// Ingesting the history rolled its members up as it committed.
		t.Run("rolled up as ingested", func(t *testing.T) { checkFigures(t, h) })
		t.Run("rolled up member by member", func(t *testing.T) {
			for _, id := range h.all() {
				if err := h.svc.RollUp(h.ctx, []int64{id}); err != nil {
					t.Fatal(err)
				}
			}
			checkFigures(t, h)
		})
		t.Run("rebuilt whole", func(t *testing.T) {
			if err := h.svc.RollUpAll(h.ctx); err != nil {
				t.Fatal(err)
			}
			checkFigures(t, h)
		})
		t.Run("rolled up again changes nothing", func(t *testing.T) {
			if err := h.svc.RollUp(h.ctx, append(h.all(), 999999)); err != nil {
				t.Fatal(err)
			}
			checkFigures(t, h)
		})
	})
}

// TestRetentionWaitsForTheWholeWindow: November's newcomers (the last on
// 30 November) have had their 90 days on 28 February; the share shows
// from 1 March, community time.
func TestRetentionWaitsForTheWholeWindow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			clock string
			ret30 bool
			ret90 bool
		}{
			{"2026-12-31T04:59:59Z", false, false}, // 30 Dec 23:59:59 EST: the 30th day after 30 Nov
			{"2026-12-31T05:00:00Z", true, false},  // 31 Dec 00:00 EST
			{"2027-03-01T04:59:59Z", true, false},  // 28 Feb 23:59:59 EST
			{"2027-03-01T05:00:00Z", true, true},   // 1 Mar 00:00 EST
		} {
			h.clock, _ = time.Parse(time.RFC3339, tc.clock)
			hs, err := h.svc.Health(h.ctx, participation.Period{From: 202611, To: 202611})
			if err != nil {
				t.Fatal(err)
			}
			if (hs[0].Retention30 != nil) != tc.ret30 || (hs[0].Retention90 != nil) != tc.ret90 {
				t.Errorf("at %s: retention 30 %s, 90 %s; want shown %v, %v", tc.clock, fmtP(hs[0].Retention30), fmtP(hs[0].Retention90), tc.ret30, tc.ret90)
			}
		}
	})
}

// TestRollUpFollowsChanges: a new activity, a deleted member and a kind
// moved to another mode each change exactly the months they touch.
func TestRollUpFollowsChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		dee := h.ids["Dee"]
		if _, err := h.svc.Ingest(h.ctx, participation.Decode(strings.NewReader(
			fmt.Sprintf(`{"member_id": %d, "kind": "served_governance", "occurred_at": "2026-12-31T12:00:00Z"}`, dee)), false), participation.SourceAPI); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.RollUp(h.ctx, []int64{dee}); err != nil {
			t.Fatal(err)
		}
		f, _ := h.svc.Funnel(h.ctx, period)
		if f[2].Active != 2 || f[2].Deepest.CoCreate != 1 || f[1].Active != 4 {
			t.Errorf("after Dee's December activity: %v", f)
		}
		fl, _ := h.svc.Flows(h.ctx, 202611, 202612)
		if fl.Up != 1 || fl.Down != 1 || fl.Out != 2 {
			t.Errorf("flows after Dee's December activity: %+v", fl)
		}
		if err := h.mem.Delete(h.ctx, h.ids["Cal"]); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.RollUp(h.ctx, []int64{h.ids["Cal"]}); err != nil {
			t.Fatal(err)
		}
		f, _ = h.svc.Funnel(h.ctx, period)
		if f[1].Active != 3 || f[1].Deepest.Convey != 0 || f[3].Active != 0 {
			t.Errorf("after deleting Cal: %v", f)
		}
		if _, err := h.svc.UpdateKind(h.ctx, "attended_call", participation.KindInput{Label: "Attended", Mode: participation.Contribute, Weight: 1}); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		f, _ = h.svc.Funnel(h.ctx, period)
		if f[0].Deepest.Contribute != 1 || f[2].Deepest.Convey != 0 || f[2].Deepest.Contribute != 1 || f[2].Deepest.CoCreate != 1 {
			t.Errorf("after attended_call became contribute: %v", f)
		}
	})
}

// TestConcurrentRollUpsAgree: roll-ups of overlapping members at once
// (ingest batches finishing together) leave the same figures as one
// rebuild: each month is made from its member rows by one roll-up at a
// time.
func TestConcurrentRollUpsAgree(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		ids := h.all()
		errs := make(chan error, 4)
		for i := range 4 {
			go func() { errs <- h.svc.RollUp(h.ctx, ids[i%2:]) }()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		checkFigures(t, h)
	})
}
