package content_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func ptr[T any](v T) *T { return &v }

// TestCreateValidation names the field of every rule an input can break,
// and saves nothing when one is broken.
func TestCreateValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ok := content.Input{Kind: content.BlogPost, Title: "Hello"}
		notPillar := f.create(ok)
		for _, tt := range []struct {
			name  string
			edit  func(*content.Input)
			field string
		}{
			{"no kind", func(in *content.Input) { in.Kind = "" }, "kind"},
			{"unknown kind", func(in *content.Input) { in.Kind = "poem" }, "kind"},
			{"no title", func(in *content.Input) { in.Title = "  " }, "title"},
			{"bad url", func(in *content.Input) { in.URL = "javascript:alert(1)" }, "url"},
			{"unknown status", func(in *content.Input) { in.Status = "lost" }, "status"},
			{"bad planned date", func(in *content.Input) { in.PlannedOn = "2026-02-30" }, "planned_on"},
			{"published without date", func(in *content.Input) { in.Status = content.Published }, "published_on"},
			{"published date on a draft", func(in *content.Input) { in.Status = content.Drafting; in.PublishedOn = "2026-03-01" }, "published_on"},
			{"published in the future", func(in *content.Input) { in.Status = content.Published; in.PublishedOn = "2026-03-11" }, "published_on"},
			{"scheduled without date", func(in *content.Input) { in.Status = content.Scheduled }, "planned_on"},
			{"custom channel without label", func(in *content.Input) { in.Channels = []content.Channel{{Kind: content.Custom}} }, "channels[0].label"},
			{"unknown channel", func(in *content.Input) {
				in.Channels = []content.Channel{{Kind: content.Website}, {Kind: "fax"}}
			}, "channels[1].kind"},
			{"channel twice", func(in *content.Input) {
				in.Channels = []content.Channel{{Kind: content.Website}, {Kind: content.Website}}
			}, "channels[1].kind"},
			{"missing member author", func(in *content.Input) { in.AuthorMemberIDs = []int64{999999} }, "authors"},
			{"missing user author", func(in *content.Input) { in.AuthorUserIDs = []int64{999999} }, "authors"},
			{"bad career stage", func(in *content.Input) { in.Audience.CareerStages = []members.CareerStage{"wizard"} }, "audience.career_stages"},
			{"missing segment", func(in *content.Input) { in.Audience.SegmentID = ptr(int64(999999)) }, "audience.segment_id"},
			{"bad modality", func(in *content.Input) { in.Modality = "smell" }, "modality"},
			{"bad timing", func(in *content.Input) { in.Timing = "later" }, "timing"},
			{"bad mode", func(in *content.Input) { in.Mode = "lurk" }, "mode"},
			{"missing goal", func(in *content.Input) { in.Goals = []goals.Link{{GoalID: 999999}} }, "goals[0].goal_id"},
			{"launch date on a non-pillar", func(in *content.Input) { in.LaunchOn = "2026-04-01" }, "launch_on"},
			{"missing pillar", func(in *content.Input) { in.PillarID = ptr(int64(999999)) }, "pillar_id"},
			{"pillar that is not one", func(in *content.Input) { in.PillarID = &notPillar.ID }, "pillar_id"},
			{"pillar inside a pillar", func(in *content.Input) { in.IsPillar = true; in.PillarID = &notPillar.ID }, "pillar_id"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				in := ok
				tt.edit(&in)
				before := f.count("content_items")
				_, err := f.svc.Create(f.ctx, in)
				var e *apperr.Error
				if !asError(err, &e) || e.Code != apperr.Invalid || e.Fields[tt.field] == "" {
					t.Fatalf("err = %v, want Invalid on %s", err, tt.field)
				}
				if after := f.count("content_items"); after != before {
					t.Fatalf("%d items after a refused create, want %d", after, before)
				}
			})
		}
	})
}

// TestCreateGetEditDelete stores an item in full, reads it back, edits it
// against its version and deletes it.
func TestCreateGetEditDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ada, sam := f.addMember("Ada"), f.addUser("Sam")
		goal := f.addGoal("Welcome newcomers")
		it := f.create(content.Input{
			Kind: content.Playbook, Title: "Community playbook", Summary: "How we run things", URL: "https://example.org/p",
			Status: content.Drafting, PlannedOn: "2026-04-01", ReviewBy: "2027-04-01",
			AuthorMemberIDs: []int64{ada}, AuthorUserIDs: []int64{sam},
			Channels: []content.Channel{{Kind: content.Website}, {Kind: content.Custom, Label: "Slack"}},
			Audience: members.Audience{CareerStages: []members.CareerStage{members.CareerStages()[1]}},
			Modality: participation.Written, Timing: participation.Asynchronous, Mode: participation.Contribute,
			Goals: []goals.Link{{GoalID: goal, How: "a place to start"}}, IsPillar: true, LaunchOn: "2026-04-01",
		})
		got, err := f.svc.Get(f.ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Authors) != 2 || got.Authors[0].Name != "Ada" || got.Authors[1].Name != "Sam" ||
			len(got.Channels) != 2 || got.Channels[1].Name() != "Slack" || len(got.Goals) != 1 ||
			got.Goals[0].Title != "Welcome newcomers" || !got.IsPillar || got.Version != 1 || got.On() != "2026-04-01" {
			t.Fatalf("stored %+v", got)
		}
		// Saving it unchanged writes nothing.
		same, err := f.svc.UpdateAt(f.ctx, it.ID, 1, content.InputOf(got))
		if err != nil || same.Version != 1 {
			t.Fatalf("unchanged save: version %d, %v", same.Version, err)
		}
		moved, err := f.svc.SetStatus(f.ctx, it.ID, 1, content.Published)
		if err != nil || moved.Status != content.Published || moved.PublishedOn != "2026-03-10" || moved.Version != 2 {
			t.Fatalf("publish: %+v, %v", moved, err)
		}
		// An edit against version 1 is now stale and says what changed.
		_, err = f.svc.SetStatus(f.ctx, it.ID, 1, content.Archived)
		var e *apperr.Error
		if !asError(err, &e) || e.Code != apperr.Conflict || e.Stale == nil {
			t.Fatalf("stale edit: %v", err)
		}
		if err := f.svc.Delete(f.ctx, it.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Get(f.ctx, it.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("after delete: %v", err)
		}
		if n := f.count("content_goals") + f.count("content_members") + f.count("content_channels"); n != 0 {
			t.Fatalf("%d rows left behind", n)
		}
	})
}

// TestPillarKeepsItsCampaign refuses to unmark a pillar items still belong to.
func TestPillarKeepsItsCampaign(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.create(content.Input{Kind: content.Report, Title: "State of the community", IsPillar: true})
		f.create(content.Input{Kind: content.SocialPost, Title: "Read it", PillarID: &p.ID})
		_, err := f.svc.Edit(f.ctx, p.ID, 0, func(cur content.Item) (content.Input, error) {
			in := content.InputOf(cur)
			in.IsPillar = false
			return in, nil
		})
		var e *apperr.Error
		if !asError(err, &e) || e.Fields["is_pillar"] == "" {
			t.Fatalf("unmark: %v", err)
		}
	})
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i, d := range []string{"2026-01-05", "2026-02-05", "2026-03-05", "", "2026-04-05"} {
			kind := content.BlogPost
			var ch []content.Channel
			if i%2 == 0 {
				kind = content.Video
				ch = []content.Channel{{Kind: content.YouTube}}
			}
			f.create(content.Input{Kind: kind, Title: "Item " + d, PlannedOn: d, Channels: ch})
		}
		var titles []string
		cursor := ""
		for range 5 {
			list, next, err := f.svc.List(f.ctx, content.Filter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range list {
				titles = append(titles, it.Title)
			}
			if cursor = next; cursor == "" {
				break
			}
		}
		want := []string{"Item 2026-04-05", "Item 2026-03-05", "Item 2026-02-05", "Item 2026-01-05", "Item"}
		if len(titles) != len(want) {
			t.Fatalf("pages gave %v, want %v", titles, want)
		}
		for i := range want {
			if titles[i] != want[i] {
				t.Fatalf("pages gave %v, want %v", titles, want)
			}
		}
		for _, tt := range []struct {
			f    content.Filter
			want int
		}{
			{content.Filter{Kind: content.Video}, 3},
			{content.Filter{Channel: content.YouTube}, 3},
			{content.Filter{Status: content.Idea}, 5},
			{content.Filter{Status: content.Published}, 0},
			{content.Filter{From: "2026-02-01", To: "2026-03-31"}, 2},
		} {
			list, _, err := f.svc.List(f.ctx, tt.f)
			if err != nil || len(list) != tt.want {
				t.Errorf("%+v: %d items, %v; want %d", tt.f, len(list), err, tt.want)
			}
		}
		for _, bad := range []content.Filter{{Kind: "x"}, {Status: "x"}, {Channel: "x"}, {From: "x"}, {Cursor: "!!"}} {
			if _, _, err := f.svc.List(f.ctx, bad); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%+v: %v, want Invalid", bad, err)
			}
		}
	})
}

func TestMetricsKeepHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		it := f.create(content.Input{Kind: content.Video, Title: "Call recording", Status: content.Published, PublishedOn: "2026-03-01"})
		for _, m := range []content.MetricInput{
			{Name: content.Views, Value: ptr(10.0), ReadOn: "2026-03-02"},
			{Name: content.Views, Value: ptr(25.0), ReadOn: "2026-03-09"},
			{Name: content.CustomMetric, Label: "Stars", Value: ptr(3.0)},
		} {
			if _, err := f.svc.AddMetric(f.ctx, it.ID, m); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			in    content.MetricInput
			field string
		}{
			{content.MetricInput{Name: "likes", Value: ptr(1.0)}, "name"},
			{content.MetricInput{Name: content.CustomMetric, Value: ptr(1.0)}, "label"},
			{content.MetricInput{Name: content.Views}, "value"},
			{content.MetricInput{Name: content.Views, Value: ptr(-1.0)}, "value"},
			{content.MetricInput{Name: content.Views, Value: ptr(1.0), ReadOn: "2026-03-11"}, "read_on"},
		} {
			_, err := f.svc.AddMetric(f.ctx, it.ID, tt.in)
			var e *apperr.Error
			if !asError(err, &e) || e.Fields[tt.field] == "" {
				t.Errorf("%+v: %v, want Invalid on %s", tt.in, err, tt.field)
			}
		}
		if _, err := f.svc.AddMetric(f.ctx, 999999, content.MetricInput{Name: content.Views, Value: ptr(1.0)}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown item: %v", err)
		}
		all, err := f.svc.Metrics(f.ctx, it.ID)
		if err != nil || len(all) != 3 {
			t.Fatalf("history: %v, %v", all, err)
		}
		got, _ := f.svc.Get(f.ctx, it.ID)
		if len(got.Figures) != 2 {
			t.Fatalf("figures %+v, want the latest of views and stars", got.Figures)
		}
		for _, m := range got.Figures {
			if m.Name == content.Views && m.Value != 25 {
				t.Errorf("latest views %v, want 25", m.Value)
			}
		}
	})
}

func TestGoalContributions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.addGoal("Open science")
		link := []goals.Link{{GoalID: g, How: "shows how"}}
		f.create(content.Input{Kind: content.BlogPost, Title: "In", PlannedOn: "2026-02-01", Goals: link})
		f.create(content.Input{Kind: content.BlogPost, Title: "Out", PlannedOn: "2025-02-01", Goals: link})
		f.create(content.Input{Kind: content.BlogPost, Title: "Published in", PlannedOn: "2025-12-01", Status: content.Published, PublishedOn: "2026-01-15", Goals: link})
		f.create(content.Input{Kind: content.BlogPost, Title: "Undated", Goals: link})
		f.create(content.Input{Kind: content.BlogPost, Title: "Unlinked", PlannedOn: "2026-02-01"})
		got, err := f.svc.GoalContributions(f.ctx, g, "2026-01-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, c := range got {
			titles = append(titles, c.Title)
			if c.Kind != "content" || c.How != "shows how" || c.Path == "" {
				t.Errorf("contribution %+v", c)
			}
		}
		if len(titles) != 3 || titles[0] != "Undated" || titles[1] != "Published in" || titles[2] != "In" {
			t.Fatalf("contributions %v", titles)
		}
	})
}
