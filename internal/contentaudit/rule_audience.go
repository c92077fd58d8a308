package contentaudit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// An item is aimed at a career stage when its audience names the stage,
// and at a segment when its audience is the segment (with or without
// stages). Items for the whole community reach everyone but are made for
// no one in particular, so they do not count as aimed at any audience.
func audiencesNotServed(a *run) []Gap {
	whole := 0
	for _, it := range a.live {
		if it.Audience.Whole() {
			whole++
		}
	}
	figures := func(n int) map[string]float64 {
		return map[string]float64{"members": float64(n), "items_in_period": float64(len(a.live)), "items_for_whole_community": float64(whole)}
	}
	also := fmt.Sprintf(" %s %s for the whole community.", plural(whole, "item is", "items are"), a.p.words)
	if whole == 0 {
		also = ""
	}
	var gaps []Gap
	for _, s := range members.CareerStages() {
		n := a.in.Members.ByStage[s]
		if n == 0 || slices.ContainsFunc(a.live, func(it *Item) bool { return slices.Contains(it.Audience.CareerStages, s) }) {
			continue
		}
		gaps = append(gaps, Gap{
			Key: "audience_not_served:stage/" + string(s),
			Message: fmt.Sprintf("Nothing %s is aimed at %s members (%s).%s",
				a.p.words, strings.ToLower(s.Label()), plural(n, "member", "members"), also),
			Figures: figures(n),
			Links:   []Link{membersLink(s.Label()+" members", members.Filter{CareerStage: []members.CareerStage{s}})},
		})
	}
	for _, seg := range a.in.Members.Segments {
		if !seg.Counted || seg.Members == 0 || slices.ContainsFunc(a.live, func(it *Item) bool {
			return it.Audience.SegmentID != nil && *it.Audience.SegmentID == seg.ID
		}) {
			continue
		}
		gaps = append(gaps, Gap{
			Key: fmt.Sprintf("audience_not_served:segment/%d", seg.ID),
			Message: fmt.Sprintf("Nothing %s is aimed at the segment “%s” (%s).%s",
				a.p.words, seg.Name, plural(seg.Members, "member", "members"), also),
			Figures: figures(seg.Members),
			Links:   []Link{{Kind: "segment", ID: seg.ID, Title: seg.Name, Path: seg.Path}},
		})
	}
	return gaps
}
