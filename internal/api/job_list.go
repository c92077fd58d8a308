package api

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/jobs"
)

// jobPage is one page of background jobs; NextBeforeID works as in the
// audit log.
type jobPage struct {
	Jobs         []jobs.Job `json:"jobs"`
	NextBeforeID int64      `json:"next_before_id,omitempty"`
}

// JobList answers GET /api/v1/jobs (owners only) with background jobs,
// newest first. Query: status, before_id, limit (1..500). Errors: Invalid
// naming the parameter.
func (h *Handler) JobList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := jobs.Filter{
		Status:   jobs.Status(strings.TrimSpace(q.Get("status"))),
		BeforeID: queryID(&fe, q, "before_id"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Jobs.List(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := jobPage{Jobs: list}
	if page.Jobs == nil {
		page.Jobs = []jobs.Job{}
	}
	if len(list) == f.Limit {
		page.NextBeforeID = list[len(list)-1].ID
	}
	ok(w, page)
}
