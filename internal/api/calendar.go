package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/calendar"
)

// Calendar serves the community's sessions (GET /api/v1/calendar.ics) or
// one programme's (GET /api/v1/programmes/{id}/calendar.ics) as an
// iCalendar feed, with ETag and 304. Errors: NotFound for an unknown
// programme.
func (h *Handler) Calendar(w http.ResponseWriter, r *http.Request) {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "programme"); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	feed, err := calendar.Load(r.Context(), h.app.Calendar, id, h.app.Now())
	if err == nil {
		err = calendar.Serve(w, r, feed)
	}
	if err != nil {
		h.fail(w, r, err)
	}
}
