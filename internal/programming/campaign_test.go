package programming_test

import (
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// campaignFixture wires a content service to programming as the app does.
func campaignFixture(t *testing.T, db *store.DB) (*fixture, *content.Service) {
	f := newFixture(t, db)
	cnt := &content.Service{DB: db, Now: func() time.Time { return f.now }, Location: f.svc.Location,
		Sessions: f.svc.CampaignSessions, PlanSessions: f.svc.PlanCampaignSessions, SessionKinds: programming.CampaignKinds()}
	return f, cnt
}

func (f *fixture) pillar(cnt *content.Service, title string, goal int64) content.Item {
	f.tb.Helper()
	in := content.Input{Kind: content.Playbook, Title: title}
	if goal != 0 {
		in.Goals = []goals.Link{{GoalID: goal, How: "the playbook"}}
	}
	it, err := cnt.Create(f.ctx, in)
	if err != nil {
		f.tb.Fatal(err)
	}
	return it
}

func (f *fixture) session(prog int64, in programming.SessionInput) programming.Session {
	f.tb.Helper()
	x, err := f.svc.CreateSession(f.ctx, prog, in)
	if err != nil {
		f.tb.Fatal(err)
	}
	return x
}

func TestApplyTemplatePlansItemsAndSessionsTogether(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, cnt := campaignFixture(t, db)
		goal := f.goal("Working groups thrive")
		call := f.programme("Monthly community call")
		f.session(call.ID, programming.SessionInput{Start: "2026-02-03T17:00", End: "2026-02-03T18:30", TimeZone: "Europe/Berlin",
			JoinURL: "https://meet.example.org/call", Location: "Online"})
		// A cancelled call is never the one a template means.
		old, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Old call", Status: programming.Cancelled})
		if err != nil {
			t.Fatal(err)
		}
		f.session(old.ID, programming.SessionInput{Start: "2026-03-01T08:00", End: "2026-03-01T09:00", TimeZone: "UTC"})
		workshop, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Facilitation workshop"})
		if err != nil {
			t.Fatal(err)
		}
		pillar := f.pillar(cnt, "The Playbook", goal)
		tpl, err := cnt.CreateTemplate(f.ctx, content.TemplateInput{Name: "With calls", Entries: []content.TemplateEntry{
			{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "Introducing {pillar}"},
			{Kind: content.SessionEntry, ProgrammeKind: "community_call", TitlePattern: "Community call about {pillar}", OffsetDays: 7},
			{Kind: content.SessionEntry, ProgrammeID: &workshop.ID, TitlePattern: "Workshop: {pillar}", OffsetDays: 14,
				StartTime: "09:30", TimeZone: "New York", DurationMinutes: 45},
		}})
		if err != nil {
			t.Fatal(err)
		}
		sessionsBefore, auditBefore := f.count("programme_sessions"), f.count("audit_log")
		c, err := cnt.ApplyTemplate(f.ctx, pillar.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-04-01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Items) != 1 || len(c.Sessions) != 2 || c.Planned != 3 || c.Done != 0 || len(c.Notes) != 0 {
			t.Fatalf("campaign: %d items, %d sessions, planned %d, done %d, notes %v", len(c.Items), len(c.Sessions), c.Planned, c.Done, c.Notes)
		}
		if got := f.count("programme_sessions") - sessionsBefore; got != 2 {
			t.Fatalf("%d sessions created, want 2", got)
		}
		// One audit entry per item, per session, and for the pillar.
		if got := f.count("audit_log") - auditBefore; got != 4 {
			t.Errorf("%d audit entries, want 4", got)
		}
		callSession, err := f.svc.GetSession(f.ctx, c.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		berlin, _ := time.LoadLocation("Europe/Berlin")
		if want := time.Date(2026, 4, 8, 17, 0, 0, 0, berlin); !callSession.Start.Equal(want) || callSession.End.Sub(callSession.Start) != 90*time.Minute {
			t.Errorf("call %v–%v, want %v for 90 minutes (the programme's usual time)", callSession.Start, callSession.End, want)
		}
		if callSession.ProgrammeID != call.ID || callSession.Title != "Community call about The Playbook" ||
			callSession.JoinURL != "https://meet.example.org/call" || callSession.PillarID == nil || *callSession.PillarID != pillar.ID ||
			len(callSession.Goals) != 1 || callSession.Goals[0].GoalID != goal {
			t.Errorf("call session %+v", callSession)
		}
		ws, err := f.svc.GetSession(f.ctx, c.Sessions[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		ny, _ := time.LoadLocation("America/New_York")
		if want := time.Date(2026, 4, 15, 9, 30, 0, 0, ny); !ws.Start.Equal(want) || ws.End.Sub(ws.Start) != 45*time.Minute || ws.TimeZone != "America/New_York" {
			t.Errorf("workshop %v–%v %s, want %v for 45 minutes", ws.Start, ws.End, ws.TimeZone, want)
		}
		if c.Sessions[0].On != "2026-04-08" || c.Sessions[0].Path == "" || c.Sessions[0].State() != "Scheduled" {
			t.Errorf("campaign session %+v", c.Sessions[0])
		}

		// After the call it counts as done; a cancelled session counts in
		// neither.
		f.now = time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
		if _, err := f.svc.EditSession(f.ctx, ws.ID, 0, func(x programming.Session) (programming.SessionInput, error) {
			in := x.Input()
			in.Status = programming.SessionCancelled
			return in, nil
		}); err != nil {
			t.Fatal(err)
		}
		c, err = cnt.Campaign(f.ctx, pillar.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Done != 1 || c.Planned != 1 || c.Sessions[0].State() != "Held" || c.Sessions[1].State() != "Cancelled" {
			t.Errorf("after the call: done %d, planned %d, states %s/%s", c.Done, c.Planned, c.Sessions[0].State(), c.Sessions[1].State())
		}

		// Deleting the pillar keeps its sessions and forgets the link.
		if err := cnt.Delete(f.ctx, pillar.ID, 0); err != nil {
			t.Fatal(err)
		}
		x, err := f.svc.GetSession(f.ctx, callSession.ID)
		if err != nil || x.PillarID != nil {
			t.Errorf("after deleting the pillar: %+v, %v", x.PillarID, err)
		}
	})
}

func TestApplyTemplateWithBadSessionPlansNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, cnt := campaignFixture(t, db)
		call := f.programme("Community call")
		gone := f.programme("Gone")
		ended, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Ended", Status: programming.Completed})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteProgramme(f.ctx, gone.ID, 0); err != nil {
			t.Fatal(err)
		}
		pillar := f.pillar(cnt, "The Report", 0)
		for _, tt := range []struct {
			name, field string
			entry       content.TemplateEntry
			// raw sets columns the template form refuses, as an older
			// template or a hand edit might hold.
			raw string
		}{
			{"programme gone", "entries[1].programme_id", content.TemplateEntry{ProgrammeID: &gone.ID}, ""},
			{"programme ended", "entries[1].programme_id", content.TemplateEntry{ProgrammeID: &ended.ID}, ""},
			{"unknown kind", "entries[1].programme_kind", content.TemplateEntry{ProgrammeKind: "community_call"}, "programme_kind = 'seance'"},
			{"invalid time", "entries[1].start_time", content.TemplateEntry{ProgrammeKind: "community_call"}, "start_time = '25:61'"},
			{"unknown zone", "entries[1].time_zone", content.TemplateEntry{ProgrammeID: &call.ID}, "time_zone = 'Mars/Olympus'"},
			{"too long", "entries[1].duration_minutes", content.TemplateEntry{ProgrammeID: &call.ID}, "duration_minutes = 100000"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				e := tt.entry
				e.Kind, e.TitlePattern, e.OffsetDays = content.SessionEntry, "Call about {pillar}", 7
				tpl, err := cnt.CreateTemplate(f.ctx, content.TemplateInput{Name: tt.name, Entries: []content.TemplateEntry{
					{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "Introducing {pillar}"}, e,
				}})
				if err != nil {
					t.Fatal(err)
				}
				if tt.raw != "" {
					if _, err := db.Exec(f.ctx, "UPDATE content_template_entries SET "+tt.raw+" WHERE template_id = ? AND position = 1", tpl.ID); err != nil {
						t.Fatal(err)
					}
				}
				items, sessions, logged := f.count("content_items"), f.count("programme_sessions"), f.count("audit_log")
				_, err = cnt.ApplyTemplate(f.ctx, pillar.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-04-01"})
				if fieldProblem(err, tt.field) == "" {
					t.Fatalf("err = %v, want a problem on %s", err, tt.field)
				}
				if f.count("content_items") != items || f.count("programme_sessions") != sessions || f.count("audit_log") != logged {
					t.Errorf("something was saved: items %d→%d, sessions %d→%d, audit %d→%d", items, f.count("content_items"),
						sessions, f.count("programme_sessions"), logged, f.count("audit_log"))
				}
				if p, err := cnt.Get(f.ctx, pillar.ID); err != nil || p.IsPillar {
					t.Errorf("the pillar was marked: %+v, %v", p.IsPillar, err)
				}
			})
		}
	})
}

func TestDefaultTemplateWithoutACallPlansTheItems(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, cnt := campaignFixture(t, db)
		list, err := cnt.Templates(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var launch content.Template
		for _, tpl := range list {
			if tpl.Name == "Pillar launch" {
				launch = tpl
			}
		}
		pillar := f.pillar(cnt, "The Playbook", 0)
		c, err := cnt.ApplyTemplate(f.ctx, pillar.ID, content.CampaignInput{TemplateID: launch.ID, LaunchOn: "2026-04-01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Items) != len(launch.Entries)-1 || len(c.Sessions) != 0 || len(c.Notes) != 1 {
			t.Fatalf("%d items of %d entries, %d sessions, notes %v", len(c.Items), len(launch.Entries), len(c.Sessions), c.Notes)
		}
		// Once the community has a call, the same template plans it at
		// 16:00 in the community's zone.
		f.programme("Community call")
		second := f.pillar(cnt, "The Report", 0)
		c, err = cnt.ApplyTemplate(f.ctx, second.ID, content.CampaignInput{TemplateID: launch.ID, LaunchOn: "2026-04-01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Sessions) != 1 || c.Sessions[0].Start.Format("2006-01-02 15:04 MST") != "2026-04-08 16:00 CEST" {
			t.Fatalf("sessions %+v", c.Sessions)
		}
	})
}

func TestSessionPillarMustBeAPillar(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, cnt := campaignFixture(t, db)
		call := f.programme("Community call")
		notPillar := f.pillar(cnt, "Just a post", 0)
		missing := int64(9999)
		in := programming.SessionInput{Start: "2026-04-08T16:00", End: "2026-04-08T17:00", TimeZone: "Europe/Berlin"}
		for _, id := range []*int64{&notPillar.ID, &missing} {
			in.PillarID = id
			if _, err := f.svc.CreateSession(f.ctx, call.ID, in); fieldProblem(err, "pillar_id") == "" {
				t.Errorf("pillar %d: err = %v, want a problem on pillar_id", *id, err)
			}
		}
		if n := f.count("programme_sessions"); n != 0 {
			t.Fatalf("%d sessions saved", n)
		}
		p, err := cnt.Edit(f.ctx, notPillar.ID, notPillar.Version, func(it content.Item) (content.Input, error) {
			in := content.InputOf(it)
			in.IsPillar, in.LaunchOn = true, "2026-04-01"
			return in, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		in.PillarID = &p.ID
		x := f.session(call.ID, in)
		if x.PillarID == nil || *x.PillarID != p.ID || x.PillarTitle != "Just a post" {
			t.Errorf("session pillar %v %q", x.PillarID, x.PillarTitle)
		}
		c, err := cnt.Campaign(f.ctx, p.ID)
		if err != nil || len(c.Sessions) != 1 || c.Planned != 1 {
			t.Errorf("campaign %+v, %v", c, err)
		}
	})
}
