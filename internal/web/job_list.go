package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/jobs"
)

type jobsData struct {
	Jobs     []jobs.Job
	Status   jobs.Status
	Statuses []jobs.Status
	Older    int64 // id to continue from, 0 on the last page
}

const jobsPage = 100

// jobList shows owners the background jobs, newest first: what ran, what
// waits to be retried and why, and what failed for good.
func (s *Server) jobList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := jobs.Filter{Status: jobs.Status(q.Get("status")), Limit: jobsPage + 1}
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "before: must be a job id.",
				Fields: map[string]string{"before": "must be a job id"}})
			return
		}
		f.BeforeID = id
	}
	list, err := s.app.Jobs.List(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := jobsData{Jobs: list, Status: f.Status, Statuses: jobs.Statuses()}
	if len(list) > jobsPage {
		d.Jobs = list[:jobsPage]
		d.Older = d.Jobs[jobsPage-1].ID
	}
	s.render(w, r, http.StatusOK, "job_list", view{Title: "Background jobs", Nav: "jobs", Data: d})
}
