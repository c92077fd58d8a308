package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/participation"
)

// The lifecycle page: the stage the manager says the community is in, in
// the model they chose, with the data signals beside it and the history of
// stages. Writers record a new stage, or correct or remove an entry (a
// versioned edit, audited).

type lifecyclePage struct {
	participation.Lifecycle
	StageOptions []option // "model/stage" choices, every model's stages
	Today        string
	TrendDef     string
	EditID       int64 // on the edit form
	SignalRows   []signalRow
}

// signalRow is a signal written for the table.
type signalRow struct {
	participation.Signal
	RecentText, EarlierText, Months string
}

// signalValue writes a signal's figure: a share as a percentage, a count
// with one decimal.
func signalValue(sg participation.Signal, v *float64) string {
	if sg.Share {
		return pct(v)
	}
	return num(v)
}

func stageOptions() []option {
	var out []option
	for _, m := range participation.LifecycleModels() {
		for _, st := range m.Stages {
			out = append(out, option{Value: m.Key + "/" + st.Key, Label: st.Label + " (" + m.Label + ")"})
		}
	}
	return out
}

// lifecycleInput reads the form: "stage" is "model/stage".
func lifecycleInput(f url.Values) participation.LifecycleInput {
	model, stage, _ := strings.Cut(f.Get("stage"), "/")
	return participation.LifecycleInput{Model: model, Stage: stage, Since: f.Get("since"), Notes: f.Get("notes")}
}

// lifecycleErrors puts a model's error on the form's one stage field.
func lifecycleErrors(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if k == "model" {
			k = "stage"
		}
		out[k] = v
	}
	return out
}

func (s *Server) renderLifecycle(w http.ResponseWriter, r *http.Request, status int, name string, v view, editID int64) {
	l, err := s.app.Participation.Lifecycle(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Title, v.Nav = "Lifecycle stage", "participation"
	if editID != 0 {
		v.Title = "Change a lifecycle stage"
	}
	p := lifecyclePage{Lifecycle: l, StageOptions: stageOptions(), Today: s.today(), TrendDef: participation.TrendDefinition, EditID: editID}
	for _, sg := range l.Signals {
		row := signalRow{Signal: sg, RecentText: signalValue(sg, sg.Recent), EarlierText: signalValue(sg, sg.Earlier)}
		if sg.RecentTo != "" {
			row.Months = sg.RecentFrom + " to " + sg.RecentTo
		}
		p.SignalRows = append(p.SignalRows, row)
	}
	v.Data = p
	s.render(w, r, status, name, v)
}

// lifecycleShow shows the current stage, its signals and the history.
func (s *Server) lifecycleShow(w http.ResponseWriter, r *http.Request) {
	s.renderLifecycle(w, r, http.StatusOK, "lifecycle", view{Form: url.Values{"since": {s.today()}}}, 0)
}

// lifecycleCreate records a new stage.
func (s *Server) lifecycleCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.app.Participation.AddLifecycle(r.Context(), lifecycleInput(r.PostForm))
	if bad, ok := asInvalid(err); ok {
		s.renderLifecycle(w, r, http.StatusUnprocessableEntity, "lifecycle", view{Form: r.PostForm, Errors: lifecycleErrors(bad.Fields), FormError: "The stage was not recorded."}, 0)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/lifecycle", "Recorded the stage "+e.StageLabel+" since "+e.Since+".")
}

// lifecycleEdit shows the form to correct an entry.
func (s *Server) lifecycleEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.app.Participation.LifecycleEntry(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := url.Values{"stage": {e.Model + "/" + e.Stage}, "since": {e.Since}, "notes": {e.Notes}, "version": {strconv.FormatInt(e.Version, 10)}}
	s.renderLifecycle(w, r, http.StatusOK, "lifecycle_form", view{Form: form}, id)
}

// lifecycleUpdate saves a corrected entry, unless a colleague changed it
// since the form was opened: then the form comes back with what changed.
func (s *Server) lifecycleUpdate(w http.ResponseWriter, r *http.Request) {
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
	e, err := s.app.Participation.EditLifecycle(r.Context(), id, version, lifecycleInput(r.PostForm))
	if notice, kept, stale := staleForm(err, r.PostForm); stale {
		s.renderLifecycle(w, r, http.StatusConflict, "lifecycle_form", view{Form: kept, Stale: notice}, id)
		return
	}
	if bad, ok := asInvalid(err); ok {
		s.renderLifecycle(w, r, http.StatusUnprocessableEntity, "lifecycle_form", view{Form: r.PostForm, Errors: lifecycleErrors(bad.Fields), FormError: "The stage was not saved."}, id)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/lifecycle", "Saved the stage "+e.StageLabel+" since "+e.Since+".")
}

// lifecycleDelete removes an entry recorded by mistake.
func (s *Server) lifecycleDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err = s.app.Participation.DeleteLifecycle(r.Context(), id, version)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, "/participation/lifecycle", msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/lifecycle", "Removed the stage.")
}
