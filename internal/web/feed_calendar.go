package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/calendar"
)

// feedCalendar serves a calendar feed at a secret subscription URL
// (/feeds/{token}/calendar.ics, or one programme's), once guardFeed has
// accepted the token: the same feed the API serves.
func (s *Server) feedCalendar(w http.ResponseWriter, r *http.Request) {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	feed, err := calendar.Load(r.Context(), s.app.Calendar, id, s.now())
	if err == nil {
		err = calendar.Serve(w, r, feed)
	}
	if err != nil {
		s.renderError(w, r, err)
	}
}
