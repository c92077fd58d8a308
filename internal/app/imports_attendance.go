package app

import (
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/attendance"
)

// addAttendanceImports registers the kinds whose files are a session's
// attendance (Zoom, Eventbrite, Meetup): they write the lists through
// programming, so attendance keeps its activities.
func addAttendanceImports(a *App, s *imports.Service) {
	s.Programming = a.Programming
	for _, imp := range []imports.Importer{attendance.Zoom{}, attendance.Eventbrite{}, attendance.Meetup{}} {
		s.Importers[imp.Kind()] = imp
	}
}
