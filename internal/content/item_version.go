package content

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/versions"
)

// InputOf is the input that would store it as it is: the starting point
// of an edit (a PATCH, a board move).
func InputOf(it Item) Input {
	in := Input{
		Kind: it.Kind, Title: it.Title, Summary: it.Summary, URL: it.URL, Status: it.Status,
		PlannedOn: it.PlannedOn, PublishedOn: it.PublishedOn, ReviewBy: it.ReviewBy,
		AuthorMemberIDs: it.MemberIDs(), AuthorUserIDs: it.UserIDs(),
		Channels: append([]Channel{}, it.Channels...), Audience: it.Audience,
		Modality: it.Modality, Timing: it.Timing, Mode: it.Mode, IsPillar: it.IsPillar,
		LaunchOn: it.LaunchOn, PillarID: it.PillarID, Goals: []goals.Link{},
	}
	for _, l := range it.Goals {
		in.Goals = append(in.Goals, goals.Link{GoalID: l.GoalID, How: l.How})
	}
	return in
}

// sameInput reports whether storing b over an item stored as a would
// change nothing; both are normalized.
func sameInput(a, b Input) bool {
	canon := func(in Input) string {
		in.normalize()
		if in.Channels == nil {
			in.Channels = []Channel{}
		}
		if in.Goals == nil {
			in.Goals = []goals.Link{}
		}
		for i := range in.Goals {
			in.Goals[i].Title = ""
		}
		stages := in.Audience.StagesColumn()
		in.Audience.CareerStages = nil
		buf, _ := json.Marshal(in)
		return string(buf) + "|" + stages
	}
	return canon(a) == canon(b)
}

// fields is the item as a person reads it, under the API's names.
func (it Item) fields() versions.Fields {
	var f versions.Fields
	names := func(n int, name func(int) string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return strings.Join(out, ", ")
	}
	f.Add("kind", it.Kind.Label())
	f.Add("title", it.Title)
	f.Add("summary", it.Summary)
	f.Add("url", it.URL)
	f.Add("status", it.Status.Label())
	f.Add("planned_on", it.PlannedOn)
	f.Add("published_on", it.PublishedOn)
	f.Add("review_by", it.ReviewBy)
	f.Add("authors", names(len(it.Authors), func(i int) string { return it.Authors[i].Name }))
	f.Add("channels", names(len(it.Channels), func(i int) string { return it.Channels[i].Name() }))
	seg := ""
	if it.Audience.SegmentID != nil {
		seg = "saved filter #" + strconv.FormatInt(*it.Audience.SegmentID, 10)
	}
	f.Add("audience.segment_id", seg)
	f.Add("audience.career_stages", it.Audience.StagesColumn())
	f.Add("modality", it.Modality.Label())
	f.Add("timing", it.Timing.Label())
	f.Add("mode", it.Mode.Label())
	f.Add("goals", names(len(it.Goals), func(i int) string { return it.Goals[i].Title }))
	f.Add("is_pillar", strconv.FormatBool(it.IsPillar))
	f.Add("launch_on", it.LaunchOn)
	f.Add("pillar", it.PillarTitle)
	return f
}
