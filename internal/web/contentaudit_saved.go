package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/httpx"
)

// Saved audits: a snapshot of what an audit found, with the manager's
// notes and a decision on each finding, to compare with the next quarter.

func savedPath(id int64) string { return "/content-audit/saved/" + strconv.FormatInt(id, 10) }

// contentAuditSave runs the audit of the posted period again and keeps it
// with the notes typed beside it.
func (s *Server) contentAuditSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	from, to := r.PostForm.Get("from"), r.PostForm.Get("to")
	res, err := s.app.ContentAudit.Audit(r.Context(), from, to)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sv, err := s.app.ContentAudit.Save(r.Context(), res, r.PostForm.Get("notes"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, savedPath(sv.ID), "Audit of "+sv.Period+" saved.")
}

// contentAuditSavedList lists the saved audits, the latest period first.
func (s *Server) contentAuditSavedList(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.ContentAudit.List(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "content_audit_saved_list", view{Title: "Saved audits", Nav: "goals", Data: list})
}

// savedAuditPage is one saved audit, with the others to compare it with.
type savedAuditPage struct {
	Saved  contentaudit.Saved
	Others []contentaudit.Saved
	// Previous is the saved audit of the period before, to compare with
	// in one click; nil when there is none.
	Previous  *contentaudit.Saved
	Decisions []contentaudit.Decision
}

// contentAuditSaved shows a saved audit: its notes, and each finding with
// the decision and note recorded on it.
func (s *Server) contentAuditSaved(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sv, err := s.app.ContentAudit.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	all, err := s.app.ContentAudit.List(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := savedAuditPage{Saved: sv, Decisions: contentaudit.Decisions()}
	for _, o := range all {
		if o.ID == id {
			continue
		}
		p.Others = append(p.Others, o)
		if o.To < sv.To && p.Previous == nil {
			p.Previous = &o // the list runs from the latest period back
		}
	}
	s.render(w, r, http.StatusOK, "content_audit_saved", view{Title: "Audit of " + sv.Period, Nav: "goals", Data: p})
}

// contentAuditNotes replaces a saved audit's notes.
func (s *Server) contentAuditNotes(w http.ResponseWriter, r *http.Request) {
	s.savedChange(w, r, "Notes saved.", func(id int64) error {
		return s.app.ContentAudit.SetNotes(r.Context(), id, r.PostForm.Get("notes"))
	})
}

// contentAuditDecide records the decision and note on one finding.
func (s *Server) contentAuditDecide(w http.ResponseWriter, r *http.Request) {
	s.savedChange(w, r, "Decision saved.", func(id int64) error {
		return s.app.ContentAudit.Decide(r.Context(), id, r.PostForm.Get("key"),
			contentaudit.Decision(r.PostForm.Get("decision")), r.PostForm.Get("note"))
	})
}

// savedChange reads the form and the audit's id, makes the change and
// goes back to the audit; a refused change comes back as a message there.
func (s *Server) savedChange(w http.ResponseWriter, r *http.Request, done string, change func(id int64) error) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	err = change(id)
	if e, ok := asInvalid(err); ok {
		msg := e.Message
		for field, problem := range e.Fields {
			msg += " " + fieldLabel(field) + ": " + problem + "."
		}
		s.redirectProblem(w, r, savedPath(id), msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, savedPath(id), done)
}

// contentAuditDelete forgets a saved audit.
func (s *Server) contentAuditDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.app.ContentAudit.Delete(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content-audit/saved", "Saved audit deleted.")
}

// contentAuditCompare shows how one saved audit differs from another
// (?with=id): findings new, closed and changed.
func (s *Server) contentAuditCompare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	with, err := strconv.ParseInt(r.URL.Query().Get("with"), 10, 64)
	if err != nil || with <= 0 {
		s.redirectProblem(w, r, savedPath(id), "Choose a saved audit to compare with.")
		return
	}
	c, err := s.app.ContentAudit.CompareSaved(r.Context(), id, with)
	if err != nil {
		if _, ok := asInvalid(err); ok {
			_, msg, _ := httpx.Public(err)
			s.redirectProblem(w, r, savedPath(id), msg+" Choose another saved audit to compare with.")
			return
		}
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "content_audit_compare", view{Title: c.After.Period + " against " + c.Before.Period, Nav: "goals", Data: c})
}
