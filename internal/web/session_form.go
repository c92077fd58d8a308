package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
)

// The session form sets one session or a recurring series. Start and end
// are wall-clock times (datetime-local) in the session's time zone; the
// "repeat" choice offers the common patterns, worked out from the start,
// or a rule typed by hand (repeat_rule), with an optional last date
// (repeat_until) or number of times (repeat_count).

type sessionFormPage struct {
	Editing     bool
	ID          int64 // the session, when editing
	ProgrammeID int64
	Programme   string
	Action      string
	Form        url.Values
	Patterns    [][2]string
	Goals       []programming.GoalChoice
	Pillars     []content.Item // whose campaign the session may be part of
	Version     int64
}

func (p sessionFormPage) Has(name, value string) bool { return slices.Contains(p.Form[name], value) }
func (p sessionFormPage) GoalHow(id int64) string {
	return p.Form.Get("goal_how." + strconv.FormatInt(id, 10))
}

// sessionInput reads the form; problems with the repeat choice, which the
// domain never sees as such, are added to fe.
func sessionInput(form url.Values, fe *apperr.FieldErrors) programming.SessionInput {
	in := programming.SessionInput{Title: form.Get("title"), Start: form.Get("start"), End: form.Get("end"),
		TimeZone: form.Get("time_zone"), Location: form.Get("location"), JoinURL: form.Get("join_url"),
		Status: programming.SessionStatus(form.Get("status"))}
	if id := formID(form.Get("pillar_id")); id != 0 {
		in.PillarID = &id
	}
	for _, id := range formIDs(form["goal"]) {
		in.Goals = append(in.Goals, goals.Link{GoalID: id, How: form.Get("goal_how." + strconv.FormatInt(id, 10))})
	}
	zone, err := members.ResolveTimeZone(in.TimeZone)
	if err != nil || zone == "" {
		return in // the domain names the zone's problem
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return in
	}
	start, ok := programming.ParseWhen(in.Start, loc)
	if !ok {
		return in
	}
	rep := programming.Repeat{Pattern: form.Get("repeat"), Weeks: form.Get("repeat_weeks"), Rule: form.Get("repeat_rule"),
		Until: form.Get("repeat_until"), Count: form.Get("repeat_count")}
	in.RRule = rep.RuleText(start, fe)
	return in
}

// sessionValues fills the form from a stored session.
func sessionValues(x programming.Session) url.Values {
	v := url.Values{"title": {x.Title}, "start": {x.Start.Format("2006-01-02T15:04")}, "end": {x.End.Format("2006-01-02T15:04")},
		"time_zone": {x.TimeZone}, "location": {x.Location}, "join_url": {x.JoinURL}, "status": {string(x.Status)},
		"version": {strconv.FormatInt(x.Version, 10)}}
	if x.PillarID != nil {
		v.Set("pillar_id", strconv.FormatInt(*x.PillarID, 10))
	}
	rep := programming.RepeatOf(x.RRule, x.Start)
	v.Set("repeat", rep.Pattern)
	v.Set("repeat_rule", rep.Rule)
	v.Set("repeat_weeks", rep.Weeks)
	v.Set("repeat_until", rep.Until)
	v.Set("repeat_count", rep.Count)
	for _, g := range x.Goals {
		v.Add("goal", strconv.FormatInt(g.GoalID, 10))
		v.Set("goal_how."+strconv.FormatInt(g.GoalID, 10), g.How)
	}
	return v
}

// sessionErrors puts the domain's problems on the form's fields.
func sessionErrors(fields map[string]string, form url.Values) map[string]string {
	out := formFieldErrors(fields)
	if msg, ok := out["rrule"]; ok {
		delete(out, "rrule")
		if form.Get("repeat") == "custom" {
			out["repeat_rule"] = msg
		} else {
			out["repeat"] = msg
		}
	}
	return out
}

func (s *Server) renderSessionForm(w http.ResponseWriter, r *http.Request, status int, prog programming.Programme, sessionID int64, v view) {
	p, err := s.sessionFormData(r.Context(), v.Form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.ProgrammeID, p.Programme = prog.ID, prog.Title
	p.Action, v.Title = "/programmes/"+strconv.FormatInt(prog.ID, 10)+"/sessions", "New session of "+prog.Title
	if sessionID != 0 {
		p.Editing, p.ID = true, sessionID
		p.Action, v.Title = "/sessions/"+strconv.FormatInt(sessionID, 10), "Edit session of "+prog.Title
	}
	v.Nav, v.Data = "programming", p
	s.render(w, r, status, "session_form", v)
}

func (s *Server) sessionFormData(ctx context.Context, form url.Values) (sessionFormPage, error) {
	p := sessionFormPage{Form: form, Patterns: programming.Patterns()}
	var err error
	p.Goals, err = s.app.Programming.GoalChoices(ctx)
	if err == nil {
		p.Pillars, err = s.app.Content.Pillars(ctx)
	}
	p.Version, _ = strconv.ParseInt(form.Get("version"), 10, 64)
	return p, err
}

// sessionNew shows the form for a new session of a programme, in the
// community's time zone unless changed.
func (s *Server) sessionNew(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	prog, err := s.app.Programming.GetProgramme(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderSessionForm(w, r, http.StatusOK, prog, 0, view{Form: url.Values{"time_zone": {s.app.Location.String()}, "status": {"scheduled"}}})
}

// sessionCreate saves a new session or series.
func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	prog, err := s.app.Programming.GetProgramme(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var fe apperr.FieldErrors
	in := sessionInput(r.PostForm, &fe)
	err = fe.Err()
	if err == nil {
		_, err = s.app.Programming.CreateSession(r.Context(), id, in)
	}
	if e, ok := asInvalid(err); ok {
		s.renderSessionForm(w, r, http.StatusUnprocessableEntity, prog, 0, view{Form: r.PostForm, Errors: sessionErrors(e.Fields, r.PostForm), FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(id, 10), "Session added.")
}

// sessionEdit shows the form to change a session or a whole series.
func (s *Server) sessionEdit(w http.ResponseWriter, r *http.Request) {
	x, prog, ok := s.sessionAndProgramme(w, r)
	if !ok {
		return
	}
	s.renderSessionForm(w, r, http.StatusOK, prog, x.ID, view{Form: sessionValues(x)})
}

func (s *Server) sessionAndProgramme(w http.ResponseWriter, r *http.Request) (programming.Session, programming.Programme, bool) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return programming.Session{}, programming.Programme{}, false
	}
	x, err := s.app.Programming.GetSession(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return x, programming.Programme{}, false
	}
	prog, err := s.app.Programming.GetProgramme(r.Context(), x.ProgrammeID)
	if err != nil {
		s.renderError(w, r, err)
		return x, prog, false
	}
	return x, prog, true
}

// sessionUpdate saves the edited session, unless someone changed it since
// the form was opened (409 with what changed).
func (s *Server) sessionUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	x, prog, ok := s.sessionAndProgramme(w, r)
	if !ok {
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var fe apperr.FieldErrors
	in := sessionInput(r.PostForm, &fe)
	err = fe.Err()
	if err == nil {
		_, err = s.app.Programming.EditSession(r.Context(), x.ID, version, func(programming.Session) (programming.SessionInput, error) { return in, nil })
	}
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		s.renderSessionForm(w, r, http.StatusConflict, prog, x.ID, view{Form: form, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderSessionForm(w, r, http.StatusUnprocessableEntity, prog, x.ID, view{Form: r.PostForm, Errors: sessionErrors(e.Fields, r.PostForm), FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(prog.ID, 10), "Session saved.")
}

// sessionDelete deletes a session or a whole series.
func (s *Server) sessionDelete(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	x, _, ok := s.sessionAndProgramme(w, r)
	if !ok {
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	back := "/programmes/" + strconv.FormatInt(x.ProgrammeID, 10)
	err = s.app.Programming.DeleteSession(r.Context(), x.ID, version)
	if apperr.Is(err, apperr.Conflict) {
		s.redirectProblem(w, r, back, "Someone changed this session since you opened it; nothing was deleted.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, back, "Session deleted.")
}
