package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

type exportData struct {
	Segments []members.Segment
	// Exports are the export jobs of the last day this user may download
	// (every user's for an owner).
	Exports []export.Export
}

// exportPage lists what the community's records can be downloaded as:
// members (all or a segment, CSV or vCard), the calendar, activities and
// interactions, and for owners the whole database as an archive.
func (s *Server) exportPage(w http.ResponseWriter, r *http.Request) {
	segs, err := s.app.Members.ListSegments(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, _ := httpx.UserFrom(r.Context())
	jobs, err := s.app.Exports.ListFor(r.Context(), u.ID, u.Role.CanAdmin())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "export", view{Title: "Export", Nav: "settings", Data: exportData{Segments: segs, Exports: jobs}})
}

func (s *Server) exports() export.Sources {
	a := s.app
	return export.Sources{DB: a.DB, Members: a.Members, Calendar: a.Calendar, Now: a.Now, AppVersion: app.Version}
}

// exportMembers streams members as CSV or vCard (?format=, ?segment=,
// ?archived=include), or offers a job when there are many.
func (s *Server) exportMembers(w http.ResponseWriter, r *http.Request) {
	req, err := export.ParseMembersRequest(r.URL.Query())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.exportOrOffer(w, r, req)
}

func (s *Server) exportActivities(w http.ResponseWriter, r *http.Request) {
	s.exportOrOffer(w, r, export.Request{Kind: export.KindActivities})
}

func (s *Server) exportInteractions(w http.ResponseWriter, r *http.Request) {
	s.exportOrOffer(w, r, export.Request{Kind: export.KindInteractions})
}

func (s *Server) exportCalendar(w http.ResponseWriter, r *http.Request) {
	s.exports().CalendarDownload().Serve(w, r, s.log)
}

// exportArchive offers the whole database as a job; owners only (it holds
// the team's password and token hashes).
func (s *Server) exportArchive(w http.ResponseWriter, r *http.Request) {
	s.exportOrOffer(w, r, export.Request{Kind: export.KindArchive})
}
