package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/httpx"
)

// Long exports run as jobs: the whole database always, and a CSV or vCard
// of export.JobRows rows or more. Asking for one (GET /export/archive, or
// a download link that turns out large) shows what will be made and a
// button; POST /export/jobs starts the job; GET /export/jobs/{id} is its
// progress, reloading itself until the file is ready; GET
// /export/jobs/{id}/download serves the file, to the person who asked or
// an owner, from whichever instance the request reaches.

type exportOfferData struct {
	Request export.Request
	Label   string
	Rows    int64
	Form    url.Values // the request as hidden fields
}

type exportJobData struct {
	Export export.Export
	Label  string
}

// exportLabel names what a request exports, in words.
func exportLabel(kind string) string {
	switch kind {
	case export.KindMembers:
		return "Members"
	case export.KindActivities:
		return "Every activity"
	case export.KindInteractions:
		return "Every interaction"
	case export.KindArchive:
		return "The whole database"
	}
	return kind
}

// exportOrOffer streams req's file when it is small, and otherwise shows
// the page that starts it as a job.
func (s *Server) exportOrOffer(w http.ResponseWriter, r *http.Request, req export.Request) {
	rows, err := s.app.Exports.Rows(r.Context(), req)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if req.Kind != export.KindArchive && rows < export.JobRows {
		d, err := s.app.Exports.Download(r.Context(), req)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		d.Serve(w, r, s.log)
		return
	}
	form := url.Values{"kind": {req.Kind}}
	if req.Kind == export.KindMembers {
		form.Set("format", string(req.Format))
		if req.SegmentID != 0 {
			form.Set("segment", fmt.Sprint(req.SegmentID))
		}
		if req.Archived {
			form.Set("archived", "include")
		}
	}
	s.render(w, r, http.StatusOK, "export_offer", view{Title: "Export: " + exportLabel(req.Kind), Nav: "settings",
		Data: exportOfferData{Request: req, Label: exportLabel(req.Kind), Rows: rows, Form: form}})
}

// exportJobStart starts an export job from the form and shows its progress.
func (s *Server) exportJobStart(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	req, err := export.ParseRequest(r.PostForm.Get)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if u, _ := httpx.UserFrom(r.Context()); req.Kind == export.KindArchive && !u.Role.CanAdmin() {
		s.renderError(w, r, apperr.New(apperr.Forbidden, "Only owners may export the whole database: it holds the team's password hashes."))
		return
	}
	e, err := s.app.Exports.Start(r.Context(), req)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/export/jobs/%d", e.ID), "")
}

// exportJobShow is an export job's progress, then its download link.
func (s *Server) exportJobShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, _ := httpx.UserFrom(r.Context())
	e, err := s.app.Exports.GetFor(r.Context(), id, u.ID, u.Role.CanAdmin())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !e.Finished() {
		// The page reloads itself while the export runs: no script needed.
		w.Header().Set("Refresh", "2")
	}
	s.render(w, r, http.StatusOK, "export_job", view{Title: fmt.Sprintf("Export %d: %s", e.ID, e.FileName), Nav: "settings",
		Data: exportJobData{Export: e, Label: exportLabel(e.Kind)}})
}

// exportJobDownload serves a finished export job's file.
func (s *Server) exportJobDownload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, _ := httpx.UserFrom(r.Context())
	d, err := s.app.Exports.Open(r.Context(), id, u.ID, u.Role.CanAdmin())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Serve(w, r, s.log)
}
