package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// The content form (add and edit) works without JavaScript. Its fields
// are the API's names (kind, title, status, planned_on ...), with lists
// as repeated values: channel (ticked channel kinds, "custom" with
// channel_label), author_member and author_user (ids), goal (ids) with
// goal_how.<id>, stage (career stages). Members are found as on the
// interaction form: "Find" GETs the same form with what was typed so far
// and offers the matches as boxes to tick.

// contentFormPage is what the content form shows.
type contentFormPage struct {
	Editing   bool
	ID        int64
	Action    string
	Kinds     []content.Kind
	Statuses  []content.Status
	Channels  []content.ChannelKind
	Modes     []participation.Mode
	Modals    []participation.Modality
	Timings   []participation.Timing
	Stages    []members.CareerStage
	Segments  []members.Segment
	Goals     []content.GoalChoice
	Pillars   []content.Item
	Users     []userChoice
	Chosen    []memberChoice // author members ticked
	Find      string
	Found     []memberChoice
	formValue url.Values
}

// Has reports whether the form's repeated field name holds value.
func (p contentFormPage) Has(name, value string) bool {
	return slices.Contains(p.formValue[name], value)
}

// contentInput reads the form.
func contentInput(form url.Values) content.Input {
	in := content.Input{
		Kind: content.Kind(form.Get("kind")), Title: form.Get("title"), Summary: form.Get("summary"),
		URL: form.Get("url"), Status: content.Status(form.Get("status")), PlannedOn: form.Get("planned_on"),
		PublishedOn: form.Get("published_on"), ReviewBy: form.Get("review_by"),
		AuthorMemberIDs: formIDs(form["author_member"]), AuthorUserIDs: formIDs(form["author_user"]),
		Modality: participation.Modality(form.Get("modality")), Timing: participation.Timing(form.Get("timing")),
		Mode: participation.Mode(form.Get("mode")), IsPillar: form.Get("is_pillar") == "on",
		LaunchOn: form.Get("launch_on"),
	}
	for _, c := range form["channel"] {
		ch := content.Channel{Kind: content.ChannelKind(c)}
		if ch.Kind == content.Custom {
			ch.Label = form.Get("channel_label")
		}
		in.Channels = append(in.Channels, ch)
	}
	for _, id := range formIDs(form["goal"]) {
		in.Goals = append(in.Goals, goals.Link{GoalID: id, How: form.Get("goal_how." + strconv.FormatInt(id, 10))})
	}
	if id := formID(form.Get("segment_id")); id != 0 {
		in.Audience.SegmentID = &id
	}
	for _, st := range form["stage"] {
		in.Audience.CareerStages = append(in.Audience.CareerStages, members.CareerStage(st))
	}
	if id := formID(form.Get("pillar_id")); id != 0 {
		in.PillarID = &id
	}
	return in
}

// contentValues fills the form from a stored item.
func contentValues(it content.Item) url.Values {
	v := url.Values{
		"kind": {string(it.Kind)}, "title": {it.Title}, "summary": {it.Summary}, "url": {it.URL},
		"status": {string(it.Status)}, "planned_on": {it.PlannedOn}, "published_on": {it.PublishedOn},
		"review_by": {it.ReviewBy}, "modality": {string(it.Modality)}, "timing": {string(it.Timing)},
		"mode": {string(it.Mode)}, "launch_on": {it.LaunchOn},
	}
	for _, a := range it.Authors {
		v.Add("author_"+a.Kind, strconv.FormatInt(a.ID, 10))
	}
	for _, c := range it.Channels {
		v.Add("channel", string(c.Kind))
		if c.Kind == content.Custom {
			v.Set("channel_label", c.Label)
		}
	}
	for _, g := range it.Goals {
		id := strconv.FormatInt(g.GoalID, 10)
		v.Add("goal", id)
		v.Set("goal_how."+id, g.How)
	}
	if it.Audience.SegmentID != nil {
		v.Set("segment_id", strconv.FormatInt(*it.Audience.SegmentID, 10))
	}
	for _, st := range it.Audience.CareerStages {
		v.Add("stage", string(st))
	}
	if it.IsPillar {
		v.Set("is_pillar", "on")
	}
	if it.PillarID != nil {
		v.Set("pillar_id", strconv.FormatInt(*it.PillarID, 10))
	}
	return v
}

// contentFormErrors folds the domain's field names onto the form's: the
// problems of one channel or goal land beside the list they belong to.
func contentFormErrors(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, msg := range fields {
		switch {
		case strings.HasSuffix(k, ".label") && strings.HasPrefix(k, "channels["):
			k = "channel_label"
		case strings.HasPrefix(k, "channels"):
			k = "channels"
		case strings.HasPrefix(k, "goals"):
			k = "goals"
		case strings.HasPrefix(k, "audience."):
			k = strings.TrimPrefix(k, "audience.")
		}
		if _, dup := out[k]; !dup {
			out[k] = msg
		}
	}
	return out
}

// contentFormData gathers what the form offers for the values in form.
func (s *Server) contentFormData(ctx context.Context, id int64, form url.Values) (contentFormPage, error) {
	p := contentFormPage{Kinds: content.Kinds(), Statuses: content.Statuses(), Channels: content.ChannelKinds(),
		Modes: participation.Modes(), Modals: participation.Modalities(), Timings: participation.Timings(),
		Stages: members.CareerStages(), Find: strings.TrimSpace(form.Get("find")), formValue: form}
	var err error
	if p.Segments, err = s.app.Members.ListSegments(ctx); err != nil {
		return p, err
	}
	if p.Goals, err = s.app.Content.GoalChoices(ctx); err != nil {
		return p, err
	}
	pillars, err := s.app.Content.Pillars(ctx)
	if err != nil {
		return p, err
	}
	for _, pl := range pillars {
		if pl.ID != id {
			p.Pillars = append(p.Pillars, pl)
		}
	}
	chosen := formIDs(form["author_member"])
	byID, err := s.app.Members.GetMany(ctx, chosen)
	if err != nil {
		return p, err
	}
	for _, mid := range chosen {
		if m, ok := byID[mid]; ok {
			p.Chosen = append(p.Chosen, memberChoice{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation})
		}
	}
	if p.Find != "" {
		res, err := s.app.Members.List(ctx, members.Filter{Q: p.Find}, members.Page{Limit: memberSearchLimit})
		if err != nil {
			return p, err
		}
		for _, m := range res.Members {
			if !slices.Contains(chosen, m.ID) {
				p.Found = append(p.Found, memberChoice{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation})
			}
		}
	}
	users, err := s.app.Accounts.ListUsers(ctx)
	if err != nil {
		return p, err
	}
	ticked := formIDs(form["author_user"])
	for _, u := range users {
		checked := slices.Contains(ticked, u.ID)
		if u.Active() || checked {
			p.Users = append(p.Users, userChoice{ID: u.ID, Name: u.Name, Checked: checked})
		}
	}
	return p, nil
}

// renderContentForm shows the add form (id 0) or the edit form for item
// id, with v.Form as the values.
func (s *Server) renderContentForm(w http.ResponseWriter, r *http.Request, status int, id int64, v view) {
	if v.Form == nil {
		v.Form = url.Values{}
	}
	p, err := s.contentFormData(r.Context(), id, v.Form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Action, v.Title = "/content", "Add content"
	if id != 0 {
		p.Editing, p.ID = true, id
		p.Action = "/content/" + strconv.FormatInt(id, 10)
		v.Title = "Edit content"
	}
	v.Errors = contentFormErrors(v.Errors)
	v.Nav, v.Data = "content", p
	s.render(w, r, status, "content_form", v)
}
