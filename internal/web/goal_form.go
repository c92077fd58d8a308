package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
)

// The goal form (new and edit) works without JavaScript. Its fields are
// title, description, why, owner_user_id and, for each indicator row i,
// indicators[i].name, .unit, .target, .current and .measured_on: the
// domain's field names, so its problems land beside their inputs. The
// form offers the goal's indicators plus blank rows; blank rows are
// dropped and the rest renumbered before anything is checked, so a
// problem on "indicators[1].target" is on the second row the person sees.

// goalFormPage is what the goal form shows.
type goalFormPage struct {
	Editing bool
	ID      int64
	Action  string
	Owners  []option
	Rows    []goalRow
}

// goalRow is one indicator row of the form, as typed.
type goalRow struct {
	Index                                 int
	Name, Unit, Target, Current, Measured string
}

// Field is the row's name for part ("target"): "indicators[2].target".
func (r goalRow) Field(part string) string { return fmt.Sprintf("indicators[%d].%s", r.Index, part) }

// Number is the row's number as a person counts: 1 for the first.
func (r goalRow) Number() int { return r.Index + 1 }

// ErrorFields are the form's fields and their labels, in form order, for
// the error summary.
func (p goalFormPage) ErrorFields() []string {
	out := []string{"title", "Goal", "description", "What it means", "why", "Why it matters",
		"owner_user_id", "Owner", "indicators", "Indicators"}
	labels := []string{"name", "What you count", "unit", "Unit", "target", "Target", "current", "Figure now", "measured_on", "Measured on"}
	for _, r := range p.Rows {
		for i := 0; i < len(labels); i += 2 {
			out = append(out, r.Field(labels[i]), fmt.Sprintf("Indicator %d: %s", r.Number(), labels[i+1]))
		}
	}
	return out
}

// blankGoalRows is how many empty indicator rows the form offers beyond
// those filled in, up to the most a goal may have.
const blankGoalRows = 2

// goalRows reads the indicator rows of form, dropping blank ones, in order.
func goalRows(form url.Values) []goalRow {
	var rows []goalRow
	for i := range goals.MaxIndicators + blankGoalRows + 1 {
		r := goalRow{Index: len(rows)}
		get := func(part string) string {
			return strings.TrimSpace(form.Get(fmt.Sprintf("indicators[%d].%s", i, part)))
		}
		r.Name, r.Unit, r.Target, r.Current, r.Measured = get("name"), get("unit"), get("target"), get("current"), get("measured_on")
		if r.Name+r.Unit+r.Target+r.Current+r.Measured != "" {
			rows = append(rows, r)
		}
	}
	return rows
}

// compactGoalForm returns form with its indicator rows renumbered without
// the blank ones.
func compactGoalForm(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		if !strings.HasPrefix(k, "indicators[") {
			out[k] = v
		}
	}
	for _, r := range goalRows(form) {
		for part, v := range map[string]string{"name": r.Name, "unit": r.Unit, "target": r.Target, "current": r.Current, "measured_on": r.Measured} {
			out.Set(r.Field(part), v)
		}
	}
	return out
}

// goalInput reads a compacted form into a goal; figures that are not
// numbers are reported in fe, named as the domain names them.
func goalInput(form url.Values, fe *apperr.FieldErrors) goals.Goal {
	g := goals.Goal{
		Title:       form.Get("title"),
		Description: form.Get("description"),
		Why:         form.Get("why"),
		OwnerUserID: formID(form.Get("owner_user_id")),
		Indicators:  []goals.Indicator{},
	}
	for _, r := range goalRows(form) {
		g.Indicators = append(g.Indicators, goals.Indicator{Name: r.Name, Unit: r.Unit,
			Target: formFigure(fe, r.Field("target"), r.Target), Current: formFigure(fe, r.Field("current"), r.Current),
			MeasuredOn: r.Measured})
	}
	return g
}

// formFigure reads a typed figure: nil when empty; spaces (1 200) are
// allowed. Anything but a finite number is a problem on field.
func formFigure(fe *apperr.FieldErrors, field, v string) *float64 {
	v = strings.ReplaceAll(v, " ", "")
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		fe.Add(field, "must be a number, such as 34 or 12.5")
		return nil
	}
	return &f
}

// goalValues fills the form from a stored goal.
func goalValues(g goals.Goal) url.Values {
	v := url.Values{"title": {g.Title}, "description": {g.Description}, "why": {g.Why},
		"version": {strconv.FormatInt(g.Version, 10)}}
	if g.OwnerUserID != 0 {
		v.Set("owner_user_id", strconv.FormatInt(g.OwnerUserID, 10))
	}
	fig := func(p *float64) string {
		if p == nil {
			return ""
		}
		return goals.Figure(*p)
	}
	for i, in := range g.Indicators {
		r := goalRow{Index: i}
		v.Set(r.Field("name"), in.Name)
		v.Set(r.Field("unit"), in.Unit)
		v.Set(r.Field("target"), fig(in.Target))
		v.Set(r.Field("current"), fig(in.Current))
		v.Set(r.Field("measured_on"), in.MeasuredOn)
	}
	return v
}

// goalFormData gathers the owners to offer and the rows to show.
func (s *Server) goalFormData(ctx context.Context, form url.Values) (goalFormPage, error) {
	var p goalFormPage
	users, err := s.app.Accounts.ListUsers(ctx)
	if err != nil {
		return p, err
	}
	chosen := form.Get("owner_user_id")
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		// A disabled colleague stays owner of a goal they had, but is not
		// offered for others.
		if u.Active() || id == chosen {
			p.Owners = append(p.Owners, option{Value: id, Label: u.Name})
		}
	}
	p.Rows = goalRows(form)
	for len(p.Rows) < goals.MaxIndicators && len(p.Rows) < len(goalRows(form))+blankGoalRows {
		p.Rows = append(p.Rows, goalRow{Index: len(p.Rows)})
	}
	return p, nil
}

// renderGoalForm shows the new-goal form (id 0) or the edit form of goal
// id, with v.Form (compacted) as the values.
func (s *Server) renderGoalForm(w http.ResponseWriter, r *http.Request, status int, id int64, v view) {
	p, err := s.goalFormData(r.Context(), v.Form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Action, v.Title = "/goals", "New goal"
	if id != 0 {
		p.Editing, p.ID = true, id
		p.Action = "/goals/" + strconv.FormatInt(id, 10)
		v.Title = "Edit goal"
	}
	v.Nav, v.Data = "goals", p
	s.render(w, r, status, "goal_form", v)
}

// goalFormErrors is the form's own problems (figures that are not
// numbers) joined with the domain's for the rest of g, so one round shows
// every problem; ok is false when the form had none of its own.
func goalFormErrors(g goals.Goal, fe apperr.FieldErrors, today string) (map[string]string, bool) {
	if len(fe) == 0 {
		return nil, false
	}
	goals.Check(&g, today, &fe)
	return fe, true
}
