package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/members"
)

type exportData struct {
	Segments []members.Segment
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
	s.render(w, r, http.StatusOK, "export", view{Title: "Export", Nav: "settings", Data: exportData{Segments: segs}})
}

func (s *Server) exports() export.Sources {
	a := s.app
	return export.Sources{DB: a.DB, Members: a.Members, Calendar: a.Calendar, Now: a.Now, AppVersion: app.Version}
}

// exportMembers streams members as CSV or vCard (?format=, ?segment=,
// ?archived=include).
func (s *Server) exportMembers(w http.ResponseWriter, r *http.Request) {
	d, err := s.exports().MembersDownload(r.Context(), r.URL.Query())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Serve(w, r, s.log)
}

func (s *Server) exportActivities(w http.ResponseWriter, r *http.Request) {
	s.exports().ActivitiesDownload().Serve(w, r, s.log)
}

func (s *Server) exportInteractions(w http.ResponseWriter, r *http.Request) {
	s.exports().InteractionsDownload().Serve(w, r, s.log)
}

func (s *Server) exportCalendar(w http.ResponseWriter, r *http.Request) {
	s.exports().CalendarDownload().Serve(w, r, s.log)
}

// exportArchive streams the whole database; owners only (it holds the
// team's password and token hashes).
func (s *Server) exportArchive(w http.ResponseWriter, r *http.Request) {
	s.exports().ArchiveDownload().Serve(w, r, s.log)
}
