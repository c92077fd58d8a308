package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/programming"
)

// occurrenceFormPage is the form to move one occurrence of a series.
type occurrenceFormPage struct {
	Session  programming.Session
	Original string // the occurrence's start in the session's zone
	Label    string
}

// sessionMoveForm shows the form to move one occurrence (?at= its
// original start, in the session's zone).
func (s *Server) sessionMoveForm(w http.ResponseWriter, r *http.Request) {
	x, _, ok := s.sessionAndProgramme(w, r)
	if !ok {
		return
	}
	at := strings.TrimSpace(r.URL.Query().Get("at"))
	orig, okAt := programming.ParseWhen(at, x.Start.Location())
	if !okAt {
		s.renderError(w, r, apperr.NotFoundf("There is no such date in this series."))
		return
	}
	end := orig.Add(x.End.Sub(x.Start))
	form := url.Values{"original_start": {at}, "start": {orig.Format("2006-01-02T15:04")}, "end": {end.Format("2006-01-02T15:04")},
		"version": {strconv.FormatInt(x.Version, 10)}}
	s.renderMoveForm(w, r, http.StatusOK, x, view{Form: form})
}

func (s *Server) renderMoveForm(w http.ResponseWriter, r *http.Request, status int, x programming.Session, v view) {
	orig, _ := programming.ParseWhen(v.Form.Get("original_start"), x.Start.Location())
	p := occurrenceFormPage{Session: x, Original: v.Form.Get("original_start"), Label: orig.Format("Mon 2 Jan 2006 15:04") + " " + x.TimeZone}
	v.Title, v.Nav, v.Data = "Move one date of "+x.Name(), "programming", p
	s.render(w, r, status, "occurrence_move", v)
}

// sessionOccurrence skips, cancels, restores or moves one occurrence of a
// series and goes back to its programme; a move with problems shows its
// form again (422).
func (s *Server) sessionOccurrence(w http.ResponseWriter, r *http.Request) {
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
	c := programming.OccurrenceChange{Original: r.PostForm.Get("original_start"), Action: programming.Action(r.PostForm.Get("action")),
		Start: r.PostForm.Get("start"), End: r.PostForm.Get("end")}
	_, err = s.app.Programming.ChangeOccurrence(r.Context(), x.ID, version, c)
	back := "/programmes/" + strconv.FormatInt(x.ProgrammeID, 10)
	if c.Action == programming.Move {
		if notice, form, stale := staleForm(err, r.PostForm); stale {
			s.renderMoveForm(w, r, http.StatusConflict, x, view{Form: form, Stale: notice})
			return
		}
		if e, ok := asInvalid(err); ok && e.Fields["original_start"] == "" && e.Fields["action"] == "" {
			s.renderMoveForm(w, r, http.StatusUnprocessableEntity, x, view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
			return
		}
	}
	if e, ok := asInvalid(err); ok {
		msg := e.Message
		for _, f := range []string{"original_start", "action", "start", "end"} {
			if m := e.Fields[f]; m != "" {
				msg = m
				break
			}
		}
		s.redirectProblem(w, r, back, "That date was not changed: "+msg+".")
		return
	}
	if apperr.Is(err, apperr.Conflict) {
		s.redirectProblem(w, r, back, "Someone changed this series meanwhile; look again and retry.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	words := map[programming.Action]string{programming.Skip: "Date skipped.", programming.CancelOne: "Date cancelled.",
		programming.RestoreOne: "Date restored.", programming.Move: "Date moved."}
	s.redirect(w, r, back, words[c.Action])
}
