package content_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var launchTemplate = content.TemplateInput{Name: "Launch", Entries: []content.TemplateEntry{
	{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "Introducing {pillar}", OffsetDays: 0},
	{Kind: content.SocialPost, Channel: content.Mastodon, TitlePattern: "{pillar} is out", OffsetDays: 1},
	{Kind: content.NewsletterIssue, Channel: content.Newsletter, TitlePattern: "Newsletter {date}", OffsetDays: 14},
}}

func TestTemplateValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, err := f.svc.CreateTemplate(f.ctx, launchTemplate); err != nil {
			t.Fatal(err)
		}
		entry := launchTemplate.Entries[0]
		for _, tt := range []struct {
			name  string
			in    content.TemplateInput
			field string
		}{
			{"no name", content.TemplateInput{Entries: []content.TemplateEntry{entry}}, "name"},
			{"name taken", content.TemplateInput{Name: "LAUNCH", Entries: []content.TemplateEntry{entry}}, "name"},
			{"no entries", content.TemplateInput{Name: "Empty"}, "entries"},
			{"bad kind", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{entry, {Kind: "poem", Channel: content.Website, TitlePattern: "x"}}}, "entries[1].kind"},
			{"bad channel", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{{Kind: content.BlogPost, Channel: "fax", TitlePattern: "x"}}}, "entries[0].channel"},
			{"custom without label", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{{Kind: content.BlogPost, Channel: content.Custom, TitlePattern: "x"}}}, "entries[0].channel_label"},
			{"no title", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{{Kind: content.BlogPost, Channel: content.Website}}}, "entries[0].title_pattern"},
			{"unknown placeholder", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "{title}"}}}, "entries[0].title_pattern"},
			{"offset too far", content.TemplateInput{Name: "X", Entries: []content.TemplateEntry{{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "x", OffsetDays: 5000}}}, "entries[0].offset_days"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.CreateTemplate(f.ctx, tt.in)
				var e *apperr.Error
				if !asError(err, &e) || e.Fields[tt.field] == "" {
					t.Fatalf("err = %v, want Invalid on %s", err, tt.field)
				}
			})
		}
		list, err := f.svc.Templates(f.ctx)
		if err != nil || len(list) != 3 { // the two shipped with Trellis, and Launch
			t.Fatalf("templates %v, %v", list, err)
		}
		for _, tpl := range list {
			if len(tpl.Entries) == 0 {
				t.Errorf("template %q has no entries", tpl.Name)
			}
		}
	})
}

func TestApplyTemplate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.addGoal("Share practice")
		tpl, err := f.svc.CreateTemplate(f.ctx, launchTemplate)
		if err != nil {
			t.Fatal(err)
		}
		pillar := f.create(content.Input{Kind: content.Playbook, Title: "Playbook", Goals: []goals.Link{{GoalID: g, How: "the guide"}}})
		c, err := f.svc.ApplyTemplate(f.ctx, pillar.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Pillar.IsPillar || c.Pillar.LaunchOn != "2026-03-01" || c.Pillar.Version != 2 {
			t.Fatalf("pillar %+v", c.Pillar)
		}
		if len(c.Items) != 3 || c.Planned != 3 || c.Done != 0 {
			t.Fatalf("campaign %d items, %d planned, %d done", len(c.Items), c.Planned, c.Done)
		}
		first := c.Items[0]
		if first.Title != "Introducing Playbook" || first.PlannedOn != "2026-03-01" || first.Channels[0].Kind != content.Website ||
			*first.PillarID != pillar.ID || len(first.Goals) != 1 || first.Goals[0].GoalID != g {
			t.Fatalf("first item %+v", first)
		}
		if c.Items[2].Title != "Newsletter 2026-03-15" {
			t.Fatalf("third item %q", c.Items[2].Title)
		}
		// Today is 2026-03-10: the first two are overdue, the newsletter not yet.
		if len(c.Overdue) != 2 {
			t.Fatalf("overdue %d, want 2", len(c.Overdue))
		}
		if _, err := f.svc.SetStatus(f.ctx, first.ID, 0, content.Published); err != nil {
			t.Fatal(err)
		}
		c, _ = f.svc.Campaign(f.ctx, pillar.ID)
		if c.Done != 1 || c.Planned != 2 || len(c.Overdue) != 1 {
			t.Fatalf("after publishing: done %d, planned %d, overdue %d", c.Done, c.Planned, len(c.Overdue))
		}

		for _, tt := range []struct {
			name  string
			id    int64
			in    content.CampaignInput
			field string
		}{
			{"no template", pillar.ID, content.CampaignInput{LaunchOn: "2026-03-01"}, "template_id"},
			{"missing template", pillar.ID, content.CampaignInput{TemplateID: 999999, LaunchOn: "2026-03-01"}, "template_id"},
			{"bad launch", pillar.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "soon"}, "launch_on"},
			{"item of a campaign", first.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-03-01"}, "pillar_id"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.ApplyTemplate(f.ctx, tt.id, tt.in)
				var e *apperr.Error
				if !asError(err, &e) || e.Fields[tt.field] == "" {
					t.Fatalf("err = %v, want Invalid on %s", err, tt.field)
				}
			})
		}
		if _, err := f.svc.ApplyTemplate(f.ctx, 999999, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-03-01"}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing pillar: %v", err)
		}
	})
}

// TestApplyTemplateAllOrNothing applies a template whose third entry
// cannot make an item (a stored template from before a kind was retired,
// and a title too long once the pillar's title is put in): the first two
// items are written before the bad entry is met, and the transaction
// takes them back, with the pillar left as it was.
func TestApplyTemplateAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tpl, err := f.svc.CreateTemplate(f.ctx, content.TemplateInput{Name: "Long", Entries: []content.TemplateEntry{
			{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "A {pillar}"},
			{Kind: content.SocialPost, Channel: content.Bluesky, TitlePattern: "B {pillar}", OffsetDays: 1},
			{Kind: content.Video, Channel: content.YouTube, TitlePattern: "{pillar} {pillar}", OffsetDays: 2},
			{Kind: content.BlogPost, Channel: content.Website, TitlePattern: "D", OffsetDays: 3},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(f.ctx, "UPDATE content_template_entries SET kind = 'telegram' WHERE template_id = ? AND position = 3", tpl.ID); err != nil {
			t.Fatal(err)
		}
		pillar := f.create(content.Input{Kind: content.Report, Title: strings.Repeat("x", 200)})
		items, audits := f.count("content_items"), f.count("audit_log")
		_, err = f.svc.ApplyTemplate(f.ctx, pillar.ID, content.CampaignInput{TemplateID: tpl.ID, LaunchOn: "2026-04-01"})
		var e *apperr.Error
		if !asError(err, &e) || e.Code != apperr.Invalid || e.Fields["entries[2].title_pattern"] == "" || e.Fields["entries[3].kind"] == "" {
			t.Fatalf("err = %v (%v), want Invalid on entries[2].title_pattern and entries[3].kind", err, e)
		}
		if len(e.Fields) != 2 {
			t.Fatalf("fields %v, want only the two bad entries", e.Fields)
		}
		if n := f.count("content_items"); n != items {
			t.Fatalf("%d items after a refused campaign, want %d", n, items)
		}
		if n := f.count("audit_log"); n != audits {
			t.Fatalf("%d audit entries after a refused campaign, want %d", n, audits)
		}
		got, _ := f.svc.Get(f.ctx, pillar.ID)
		if got.IsPillar || got.Version != 1 {
			t.Fatalf("pillar changed by a refused campaign: %+v", got)
		}
	})
}

func TestCalendarAndBoard(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.create(content.Input{Kind: content.BlogPost, Title: "Planned in March", PlannedOn: "2026-03-20", Status: content.Scheduled})
		f.create(content.Input{Kind: content.BlogPost, Title: "Published in March", PlannedOn: "2026-02-20", Status: content.Published, PublishedOn: "2026-03-02"})
		f.create(content.Input{Kind: content.BlogPost, Title: "April", PlannedOn: "2026-04-01"})
		f.create(content.Input{Kind: content.BlogPost, Title: "Undated idea"})
		start, err := f.svc.ParseMonth("2026-03")
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.svc.Month(f.ctx, start)
		if err != nil || len(m.Items) != 2 || m.Items[0].Title != "Published in March" {
			t.Fatalf("March: %+v, %v", m.Items, err)
		}
		for _, bad := range []string{"2026-13", "March", "2026-3-1"} {
			if _, err := f.svc.ParseMonth(bad); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("month %q: %v", bad, err)
			}
		}
		board, err := f.svc.Board(f.ctx)
		if err != nil || len(board) != len(content.Statuses()) {
			t.Fatalf("board %v, %v", board, err)
		}
		counts := map[content.Status]int{}
		for _, col := range board {
			counts[col.Status] = col.Total
			if len(col.Items) != col.Total {
				t.Errorf("%s: %d shown of %d", col.Status, len(col.Items), col.Total)
			}
		}
		if counts[content.Idea] != 2 || counts[content.Scheduled] != 1 || counts[content.Published] != 1 {
			t.Fatalf("board counts %v", counts)
		}
	})
}
