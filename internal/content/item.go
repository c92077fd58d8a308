package content

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/text"
)

// Item is one piece of content, planned or published.
type Item struct {
	ID          int64                  `json:"id"`
	Kind        Kind                   `json:"kind"`
	Title       string                 `json:"title"`
	Summary     string                 `json:"summary"`
	URL         string                 `json:"url"`
	Status      Status                 `json:"status"`
	PlannedOn   string                 `json:"planned_on"`   // YYYY-MM-DD or ""
	PublishedOn string                 `json:"published_on"` // YYYY-MM-DD or ""
	ReviewBy    string                 `json:"review_by"`    // YYYY-MM-DD or "": when to ask whether it still serves
	Authors     []Author               `json:"authors"`
	Channels    []Channel              `json:"channels"`
	Audience    members.Audience       `json:"audience"`
	Modality    participation.Modality `json:"modality"` // "" when not said
	Timing      participation.Timing   `json:"timing"`
	Mode        participation.Mode     `json:"mode"` // the participation mode it invites
	Goals       []goals.Link           `json:"goals"`
	IsPillar    bool                   `json:"is_pillar"`
	LaunchOn    string                 `json:"launch_on"` // a pillar's launch date, or ""
	PillarID    *int64                 `json:"pillar_id"` // the pillar whose campaign it belongs to
	PillarTitle string                 `json:"pillar_title,omitempty"`
	// Figures are the latest reading of each figure; the history is
	// Service.Metrics.
	Figures   []Metric  `json:"figures"`
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// Author is a member or a team user who wrote or made an item.
type Author struct {
	Kind string `json:"kind"` // "member" or "user"
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// On is the date the item is dated by: when it went out, else when it is
// planned; "" when neither is set.
func (it Item) On() string { return datedOn(it.PublishedOn, it.PlannedOn) }

// Overdue reports whether the item's planned date has passed on today
// while it is not out yet.
func (it Item) Overdue(today string) bool {
	return !it.Status.Done() && it.PlannedOn != "" && it.PlannedOn < today
}

// PastReview reports whether the item's review-by date has passed.
func (it Item) PastReview(today string) bool { return it.ReviewBy != "" && it.ReviewBy < today }

// MemberIDs and UserIDs are the authors' ids, by kind.
func (it Item) MemberIDs() []int64 { return it.authorIDs("member") }
func (it Item) UserIDs() []int64   { return it.authorIDs("user") }

func (it Item) authorIDs(kind string) []int64 {
	out := []int64{}
	for _, a := range it.Authors {
		if a.Kind == kind {
			out = append(out, a.ID)
		}
	}
	return out
}

func datedOn(published, planned string) string {
	if published != "" {
		return published
	}
	return planned
}

// Input is what a person records about an item. The rules, beyond each
// field's own:
//   - status published needs published_on; published_on is refused on an
//     item that is not published or archived, and cannot be after today;
//   - status scheduled needs planned_on;
//   - launch_on is only for a pillar, and a pillar belongs to no other
//     pillar; pillar_id must name a pillar, never the item itself;
//   - a custom channel needs its label; no channel twice.
type Input struct {
	Kind            Kind                   `json:"kind"`
	Title           string                 `json:"title"`
	Summary         string                 `json:"summary"`
	URL             string                 `json:"url"`
	Status          Status                 `json:"status"` // empty means idea
	PlannedOn       string                 `json:"planned_on"`
	PublishedOn     string                 `json:"published_on"`
	ReviewBy        string                 `json:"review_by"`
	AuthorMemberIDs []int64                `json:"author_member_ids"`
	AuthorUserIDs   []int64                `json:"author_user_ids"`
	Channels        []Channel              `json:"channels"`
	Audience        members.Audience       `json:"audience"`
	Modality        participation.Modality `json:"modality"`
	Timing          participation.Timing   `json:"timing"`
	Mode            participation.Mode     `json:"mode"`
	Goals           []goals.Link           `json:"goals"`
	IsPillar        bool                   `json:"is_pillar"`
	LaunchOn        string                 `json:"launch_on"`
	PillarID        *int64                 `json:"pillar_id"`
}

// Length limits, in characters, and list limits.
const (
	maxTitle    = 300
	maxSummary  = 5000
	maxURL      = 2000
	maxLabel    = 100
	maxChannels = 20
	maxAuthors  = 100
	maxGoals    = 50
)

// normalize trims text, lower-cases the vocabulary and drops repeated ids.
func (in *Input) normalize() {
	in.Kind = Kind(strings.ToLower(strings.TrimSpace(string(in.Kind))))
	in.Title = strings.TrimSpace(in.Title)
	in.Summary = strings.TrimSpace(strings.ReplaceAll(in.Summary, "\r\n", "\n"))
	in.URL = strings.TrimSpace(in.URL)
	in.Status = Status(strings.ToLower(strings.TrimSpace(string(in.Status))))
	if in.Status == "" {
		in.Status = Idea
	}
	in.PlannedOn = strings.TrimSpace(in.PlannedOn)
	in.PublishedOn = strings.TrimSpace(in.PublishedOn)
	in.ReviewBy = strings.TrimSpace(in.ReviewBy)
	in.LaunchOn = strings.TrimSpace(in.LaunchOn)
	in.Modality = participation.Modality(strings.TrimSpace(string(in.Modality)))
	in.Timing = participation.Timing(strings.TrimSpace(string(in.Timing)))
	in.Mode = participation.Mode(strings.TrimSpace(string(in.Mode)))
	in.AuthorMemberIDs = uniqueIDs(in.AuthorMemberIDs)
	in.AuthorUserIDs = uniqueIDs(in.AuthorUserIDs)
	for i := range in.Channels {
		c := &in.Channels[i]
		c.Kind = ChannelKind(strings.ToLower(strings.TrimSpace(string(c.Kind))))
		c.Label = strings.TrimSpace(c.Label)
		if c.Kind != Custom {
			c.Label = ""
		}
	}
	for i := range in.Goals {
		in.Goals[i].How = strings.TrimSpace(in.Goals[i].How)
	}
	if in.PillarID != nil && *in.PillarID == 0 {
		in.PillarID = nil
	}
}

// check records every problem with in that needs no database; id is the
// item being edited (0 for a new one).
func (in *Input) check(id int64, today string, fe *apperr.FieldErrors) {
	if !in.Kind.Valid() {
		fe.Add("kind", "must be one of %s", joinNames(Kinds()))
	}
	text.Check(fe, "title", in.Title)
	text.Check(fe, "summary", in.Summary)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		fe.Add("title", "is required")
	case n > maxTitle:
		fe.Add("title", "must be at most %d characters", maxTitle)
	}
	if utf8.RuneCountInString(in.Summary) > maxSummary {
		fe.Add("summary", "must be at most %d characters", maxSummary)
	}
	checkURL(fe, in.URL)
	if !in.Status.Valid() {
		fe.Add("status", "must be one of %s", joinNames(Statuses()))
	}
	for _, d := range []struct{ field, value string }{
		{"planned_on", in.PlannedOn}, {"published_on", in.PublishedOn}, {"review_by", in.ReviewBy}, {"launch_on", in.LaunchOn},
	} {
		if d.value != "" && !validDate(d.value) {
			fe.Add(d.field, "must be a date written YYYY-MM-DD")
		}
	}
	switch {
	case in.Status == Published && in.PublishedOn == "":
		fe.Add("published_on", "a published item needs the date it went out")
	case in.PublishedOn != "" && !in.Status.Done():
		fe.Add("published_on", "only a published or archived item has a published date: set the status to published, or clear the date")
	case in.PublishedOn > today && validDate(in.PublishedOn):
		fe.Add("published_on", "cannot be after today (%s): plan it with a planned date instead", today)
	}
	if in.Status == Scheduled && in.PlannedOn == "" {
		fe.Add("planned_on", "a scheduled item needs its planned date")
	}
	in.checkChannels(fe)
	if len(in.AuthorMemberIDs) > maxAuthors || len(in.AuthorUserIDs) > maxAuthors {
		fe.Add("authors", "at most %d members and %d team users", maxAuthors, maxAuthors)
	}
	in.Audience.Check(fe, "audience")
	if in.Modality != "" && !in.Modality.Valid() {
		fe.Add("modality", "must be one of %s", joinNames(participation.Modalities()))
	}
	if in.Timing != "" && !in.Timing.Valid() {
		fe.Add("timing", "must be one of %s", joinNames(participation.Timings()))
	}
	if in.Mode != "" && !in.Mode.Valid() {
		fe.Add("mode", "must be one of %s", joinNames(participation.Modes()))
	}
	if len(in.Goals) > maxGoals {
		fe.Add("goals", "at most %d goals", maxGoals)
	}
	if in.LaunchOn != "" && !in.IsPillar {
		fe.Add("launch_on", "only a pillar has a launch date: mark the item as a pillar, or clear the date")
	}
	switch {
	case in.PillarID == nil:
	case *in.PillarID < 0:
		fe.Add("pillar_id", "choose a pillar")
	case id != 0 && *in.PillarID == id:
		fe.Add("pillar_id", "an item cannot belong to its own campaign")
	case in.IsPillar:
		fe.Add("pillar_id", "a pillar leads its own campaign and belongs to no other pillar")
	}
}

func (in *Input) checkChannels(fe *apperr.FieldErrors) {
	if len(in.Channels) > maxChannels {
		fe.Add("channels", "at most %d channels", maxChannels)
		return
	}
	for i, c := range in.Channels {
		field := "channels[" + itoa(i) + "]"
		switch {
		case !c.Kind.Valid():
			fe.Add(field+".kind", "must be one of %s", joinNames(ChannelKinds()))
		case c.Kind == Custom && c.Label == "":
			fe.Add(field+".label", "a custom channel needs its name")
		case utf8.RuneCountInString(c.Label) > maxLabel:
			fe.Add(field+".label", "must be at most %d characters", maxLabel)
		case slices.IndexFunc(in.Channels, func(o Channel) bool {
			return o.Kind == c.Kind && strings.EqualFold(o.Label, c.Label)
		}) != i:
			fe.Add(field+".kind", "%s is listed twice", c.Name())
		default:
			text.Check(fe, field+".label", c.Label)
		}
	}
}

// checkURL accepts "" or an absolute http(s) address.
func checkURL(fe *apperr.FieldErrors, s string) {
	if s == "" {
		return
	}
	if utf8.RuneCountInString(s) > maxURL {
		fe.Add("url", "must be at most %d characters", maxURL)
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fe.Add("url", "must be a web address starting with https:// or http://")
	}
}
