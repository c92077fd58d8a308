package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
)

// The programme form works without JavaScript. Hosts already chosen are
// ticked checkboxes named "host" with values "member:12:host" or
// "user:3:facilitator"; a team user or a member (by their number, shown on
// their page) is added with the "Add host" button, which re-renders the
// form with everything typed so far. Goals are checkboxes "goal" with a
// note "goal_how.<id>" each.

// programmeFormPage is what the programme form offers.
type programmeFormPage struct {
	Editing    bool
	ID         int64
	Action     string
	Form       url.Values
	Kinds      []programming.Kind
	Formats    []programming.Format
	Levels     []programming.SkillLevel
	Statuses   []programming.Status
	Modalities []participation.Modality
	Timings    []participation.Timing
	Modes      []participation.Mode
	Accesses   []programming.Access
	Stages     []members.CareerStage
	Segments   []members.Segment
	Users      []accounts.User
	Goals      []programming.GoalChoice
	Hosts      []hostChoice
}

// hostChoice is a chosen host, as a ticked checkbox.
type hostChoice struct {
	Value, Name string
	Role        programming.Role
}

// Has reports whether the form has value among name's values.
func (p programmeFormPage) Has(name, value string) bool { return slices.Contains(p.Form[name], value) }

// GoalHow is the note typed for goal id.
func (p programmeFormPage) GoalHow(id int64) string {
	return p.Form.Get("goal_how." + strconv.FormatInt(id, 10))
}

// formInt reads a whole number; "" is 0 and anything unreadable -1, which
// the domain refuses on the field.
func formInt(v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func formList[T ~string](values []string) []T {
	out := make([]T, 0, len(values))
	for _, v := range values {
		out = append(out, T(v))
	}
	return out
}

// parseHost reads "member:12:host".
func parseHost(v string) (programming.HostInput, bool) {
	parts := strings.Split(v, ":")
	if len(parts) != 3 {
		return programming.HostInput{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return programming.HostInput{}, false
	}
	h := programming.HostInput{Role: programming.Role(parts[2])}
	switch parts[0] {
	case "member":
		h.MemberID = id
	case "user":
		h.UserID = id
	default:
		return h, false
	}
	return h, true
}

func hostValue(h programming.HostInput) string {
	if h.MemberID > 0 {
		return fmt.Sprintf("member:%d:%s", h.MemberID, h.Role)
	}
	return fmt.Sprintf("user:%d:%s", h.UserID, h.Role)
}

// programmeInput reads the form.
func programmeInput(form url.Values) programming.ProgrammeInput {
	in := programming.ProgrammeInput{
		Kind: programming.Kind(form.Get("kind")), CustomKind: form.Get("custom_kind"), Title: form.Get("title"),
		Description: crlf(form.Get("description")), Format: programming.Format(form.Get("format")),
		Modalities: formList[participation.Modality](form["modalities"]), Timings: formList[participation.Timing](form["timings"]),
		MinutesPerSession: formInt(form.Get("minutes_per_session")), HoursPerMonth: formInt(form.Get("hours_per_month")),
		SkillLevel: programming.SkillLevel(form.Get("skill_level")), Modes: formList[participation.Mode](form["modes"]),
		Accessibility: formList[programming.Access](form["accessibility"]), Status: programming.Status(form.Get("status")),
		Outcomes: crlf(form.Get("outcomes")), Notes: crlf(form.Get("notes")),
	}
	in.Audience.CareerStages = formList[members.CareerStage](form["audience_stages"])
	if id := formID(form.Get("audience_segment")); id > 0 {
		in.Audience.SegmentID = &id
	}
	for _, v := range form["host"] {
		if h, ok := parseHost(v); ok {
			in.Hosts = append(in.Hosts, h)
		}
	}
	for _, id := range formIDs(form["goal"]) {
		in.Goals = append(in.Goals, goals.Link{GoalID: id, How: form.Get("goal_how." + strconv.FormatInt(id, 10))})
	}
	return in
}

func crlf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// programmeValues fills the form from a stored programme.
func programmeValues(p programming.Programme) url.Values {
	v := url.Values{"kind": {string(p.Kind)}, "custom_kind": {p.CustomKind}, "title": {p.Title}, "description": {p.Description},
		"format": {string(p.Format)}, "skill_level": {string(p.SkillLevel)}, "status": {string(p.Status)},
		"outcomes": {p.Outcomes}, "notes": {p.Notes}, "version": {strconv.FormatInt(p.Version, 10)}}
	if p.MinutesPerSession > 0 {
		v.Set("minutes_per_session", strconv.Itoa(p.MinutesPerSession))
	}
	if p.HoursPerMonth > 0 {
		v.Set("hours_per_month", strconv.Itoa(p.HoursPerMonth))
	}
	for _, x := range p.Modalities {
		v.Add("modalities", string(x))
	}
	for _, x := range p.Timings {
		v.Add("timings", string(x))
	}
	for _, x := range p.Modes {
		v.Add("modes", string(x))
	}
	for _, x := range p.Accessibility {
		v.Add("accessibility", string(x))
	}
	for _, x := range p.Audience.CareerStages {
		v.Add("audience_stages", string(x))
	}
	if p.Audience.SegmentID != nil {
		v.Set("audience_segment", strconv.FormatInt(*p.Audience.SegmentID, 10))
	}
	for _, h := range p.Hosts {
		v.Add("host", hostValue(h))
	}
	for _, g := range p.Goals {
		v.Add("goal", strconv.FormatInt(g.GoalID, 10))
		v.Set("goal_how."+strconv.FormatInt(g.GoalID, 10), g.How)
	}
	return v
}

// addHost handles the form's "Add host" button: it adds the chosen team
// user or member to the form's hosts and reports whether it did (or found
// a problem to show), in which case the form is shown again unsaved.
func addHost(form url.Values) (problem string, handled bool) {
	if form.Get("op") != "add_host" {
		return "", false
	}
	role := form.Get("add_role")
	if role != string(programming.Facilitator) {
		role = string(programming.Host)
	}
	var added []string
	if id := formID(form.Get("add_user")); id > 0 {
		added = append(added, fmt.Sprintf("user:%d:%s", id, role))
	}
	if raw := strings.TrimSpace(form.Get("add_member")); raw != "" {
		id := formID(strings.TrimPrefix(raw, "#"))
		if id <= 0 {
			return "type the member's number, shown on their page", true
		}
		added = append(added, fmt.Sprintf("member:%d:%s", id, role))
	}
	if len(added) == 0 {
		return "choose a team member or type a member's number", true
	}
	for _, a := range added {
		if !slices.Contains(form["host"], a) {
			form.Add("host", a)
		}
	}
	form.Del("add_user")
	form.Del("add_member")
	return "", true
}

// programmeFormData gathers what the form offers.
func (s *Server) programmeFormData(ctx context.Context, form url.Values) (programmeFormPage, error) {
	p := programmeFormPage{Form: form, Kinds: programming.Kinds(), Formats: programming.Formats(), Levels: programming.SkillLevels(),
		Statuses: programming.Statuses(), Modalities: participation.Modalities(), Timings: participation.Timings(),
		Modes: participation.Modes(), Accesses: programming.Accesses(), Stages: members.CareerStages()}
	var err error
	if p.Segments, err = s.app.Members.ListSegments(ctx); err != nil {
		return p, err
	}
	if p.Users, err = s.app.Accounts.ListUsers(ctx); err != nil {
		return p, err
	}
	if p.Goals, err = s.app.Programming.GoalChoices(ctx); err != nil {
		return p, err
	}
	var memberIDs []int64
	var hosts []programming.HostInput
	for _, v := range form["host"] {
		if h, ok := parseHost(v); ok {
			hosts = append(hosts, h)
			if h.MemberID > 0 {
				memberIDs = append(memberIDs, h.MemberID)
			}
		}
	}
	found, err := s.app.Members.GetMany(ctx, memberIDs)
	if err != nil {
		return p, err
	}
	for _, h := range hosts {
		name := ""
		if h.MemberID > 0 {
			name = fmt.Sprintf("Member #%d (not found)", h.MemberID)
			if m, ok := found[h.MemberID]; ok {
				name = m.DisplayName()
			}
		} else {
			name = fmt.Sprintf("Team user #%d (not found)", h.UserID)
			if i := slices.IndexFunc(p.Users, func(u accounts.User) bool { return u.ID == h.UserID }); i >= 0 {
				name = p.Users[i].Name
			}
		}
		p.Hosts = append(p.Hosts, hostChoice{Value: hostValue(h), Name: name, Role: h.Role})
	}
	return p, nil
}

// formFieldErrors maps the domain's field names onto the form's: a
// problem with one host, goal or stage shows on its group.
func formFieldErrors(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	rename := map[string]string{"audience.career_stages": "audience_stages", "audience.segment_id": "audience_segment"}
	for k, v := range fields {
		if i := strings.IndexByte(k, '['); i > 0 {
			k = k[:i]
		}
		if to, ok := rename[k]; ok {
			k = to
		}
		if _, dup := out[k]; !dup {
			out[k] = v
		}
	}
	return out
}

// renderProgrammeForm shows the new-programme form (id 0) or the edit form.
func (s *Server) renderProgrammeForm(w http.ResponseWriter, r *http.Request, status int, id int64, v view) {
	p, err := s.programmeFormData(r.Context(), v.Form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Action, v.Title = "/programmes", "New programme"
	if id != 0 {
		p.Editing, p.ID, p.Action, v.Title = true, id, "/programmes/"+strconv.FormatInt(id, 10), "Edit programme"
	}
	v.Nav, v.Data = "programming", p
	s.render(w, r, status, "programme_form", v)
}

// programmeNew shows an empty programme form.
func (s *Server) programmeNew(w http.ResponseWriter, r *http.Request) {
	s.renderProgrammeForm(w, r, http.StatusOK, 0, view{Form: url.Values{"status": {"planned"}, "format": {"online"}, "skill_level": {"all"}}})
}

// programmeCreate saves a new programme, or shows the form again with
// its problems (422) or with a host added.
func (s *Server) programmeCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if problem, ok := addHost(r.PostForm); ok {
		s.renderHostAdded(w, r, 0, problem)
		return
	}
	p, err := s.app.Programming.CreateProgramme(r.Context(), programmeInput(r.PostForm))
	if e, ok := asInvalid(err); ok {
		s.renderProgrammeForm(w, r, http.StatusUnprocessableEntity, 0, view{Form: r.PostForm, Errors: formFieldErrors(e.Fields), FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), "Programme added. Add its sessions below.")
}

func (s *Server) renderHostAdded(w http.ResponseWriter, r *http.Request, id int64, problem string) {
	v := view{Form: r.PostForm}
	status := http.StatusOK
	if problem != "" {
		v.Errors, status = map[string]string{"add_member": problem}, http.StatusUnprocessableEntity
	}
	s.renderProgrammeForm(w, r, status, id, v)
}

// programmeEdit shows the form to change a programme.
func (s *Server) programmeEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p, err := s.app.Programming.GetProgramme(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderProgrammeForm(w, r, http.StatusOK, id, view{Form: programmeValues(p)})
}

// programmeUpdate saves the edited programme, provided no one changed it
// since the form was opened (409 with what changed otherwise).
func (s *Server) programmeUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.app.Programming.GetProgramme(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	if problem, ok := addHost(r.PostForm); ok {
		s.renderHostAdded(w, r, id, problem)
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in := programmeInput(r.PostForm)
	_, err = s.app.Programming.EditProgramme(r.Context(), id, version, func(programming.Programme) (programming.ProgrammeInput, error) { return in, nil })
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		s.renderProgrammeForm(w, r, http.StatusConflict, id, view{Form: form, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderProgrammeForm(w, r, http.StatusUnprocessableEntity, id, view{Form: r.PostForm, Errors: formFieldErrors(e.Fields), FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(id, 10), "Programme saved.")
}

// programmeDelete deletes a programme and its sessions.
func (s *Server) programmeDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	err = s.app.Programming.DeleteProgramme(r.Context(), id, version)
	if apperr.Is(err, apperr.Conflict) {
		s.redirectProblem(w, r, "/programmes/"+strconv.FormatInt(id, 10), "Someone changed this programme since you opened it; nothing was deleted. Look again, then delete it if you still mean to.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes", "Programme deleted.")
}
