package contentaudit

import (
	"testing"

	"github.com/trellis-community/trellis/internal/members"
)

func TestAudiencesNotServed(t *testing.T) {
	t.Parallel()
	seg := func(id int64) *int64 { return &id }
	forStudents := post(1, "Student guide", "2026-07-10")
	forStudents.Audience = members.Audience{CareerStages: []members.CareerStage{members.StageStudent}}
	forAfrica := prog(2, "Regional meetup", "2026-08-10")
	forAfrica.Audience = members.Audience{SegmentID: seg(7), CareerStages: []members.CareerStage{members.StageEarlyCareer}}
	everyone := post(3, "Newsletter", "2026-09-01")
	cancelledSenior := prog(4, "Senior roundtable", "2026-09-10")
	cancelledSenior.Withdrawn = true
	cancelledSenior.Audience = members.Audience{CareerStages: []members.CareerStage{members.StageSenior}}
	earlierFunders := post(5, "Funder brief", "2026-06-10")
	earlierFunders.Audience = members.Audience{SegmentID: seg(8)}

	m := Members{
		ByStage: map[members.CareerStage]int{members.StageStudent: 300, members.StageEarlyCareer: 1500,
			members.StageSenior: 1, members.StageMidCareer: 0},
		Segments: []Segment{
			{ID: 7, Name: "Africa", Path: "/members?country=KE", Members: 90, Counted: true},
			{ID: 8, Name: "Funders", Path: "/members?tags=funder", Members: 12, Counted: true},
			{ID: 9, Name: "Nobody yet", Path: "/members?tags=x", Members: 0, Counted: true},
			{ID: 10, Name: "Old rules", Path: "", Problem: "cannot be opened"},
			{ID: 11, Name: "Not counted", Path: "/members?tags=y", Members: 40},
		},
	}
	t.Run("stages and segments", func(t *testing.T) {
		t.Parallel()
		in := q3()
		in.Items, in.Members = []Item{forStudents, forAfrica, everyone, cancelledSenior, earlierFunders}, m
		fig := func(n float64) map[string]float64 {
			return map[string]float64{"members": n, "items_in_period": 3, "items_for_whole_community": 1}
		}
		wantGaps(t, gapsOf(t, in, "audience_not_served"), []Gap{
			{Key: "audience_not_served:stage/senior",
				Message: "Nothing in Q3 2026 is aimed at senior members (1 member). 1 item is in Q3 2026 for the whole community.",
				Figures: fig(1), Links: []Link{{Kind: "members", Title: "Senior members", Path: "/members?career_stage=senior"}}},
			{Key: "audience_not_served:segment/8",
				Message: "Nothing in Q3 2026 is aimed at the segment “Funders” (12 members). 1 item is in Q3 2026 for the whole community.",
				Figures: fig(12), Links: []Link{{Kind: "segment", ID: 8, Title: "Funders", Path: "/members?tags=funder"}}},
		})
	})
	t.Run("an empty period", func(t *testing.T) {
		t.Parallel()
		in := q3()
		in.Members = m
		fig := func(n float64) map[string]float64 {
			return map[string]float64{"members": n, "items_in_period": 0, "items_for_whole_community": 0}
		}
		wantGaps(t, gapsOf(t, in, "audience_not_served"), []Gap{
			{Key: "audience_not_served:stage/student", Message: "Nothing in Q3 2026 is aimed at student members (300 members).", Figures: fig(300)},
			{Key: "audience_not_served:stage/early_career", Message: "Nothing in Q3 2026 is aimed at early career members (1,500 members).", Figures: fig(1500)},
			{Key: "audience_not_served:stage/senior", Message: "Nothing in Q3 2026 is aimed at senior members (1 member).", Figures: fig(1)},
			{Key: "audience_not_served:segment/7", Message: "Nothing in Q3 2026 is aimed at the segment “Africa” (90 members).", Figures: fig(90)},
			{Key: "audience_not_served:segment/8", Message: "Nothing in Q3 2026 is aimed at the segment “Funders” (12 members).", Figures: fig(12)},
		})
	})
}
