package api

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// auditPage is one page of the audit log. NextBeforeID, when set, is the
// before_id that asks for the following (older) page; it is left out when
// the page came back short, which means there is nothing older.
type auditPage struct {
	Entries      []audit.Entry `json:"entries"`
	NextBeforeID int64         `json:"next_before_id,omitempty"`
}

// AuditList answers GET /api/v1/audit (owners only) with audit log entries,
// newest first. Query: entity, entity_id, before_id, limit (1..500).
// Errors: Invalid naming the parameter.
func (h *Handler) AuditList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := audit.Filter{
		Entity:   strings.TrimSpace(q.Get("entity")),
		EntityID: queryID(&fe, q, "entity_id"),
		BeforeID: queryID(&fe, q, "before_id"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	entries, err := audit.List(r.Context(), h.app.DB, f)
	if err != nil {
		h.fail(w, r, store.Wrap(err, "Could not read the audit log."))
		return
	}
	page := auditPage{Entries: entries}
	if page.Entries == nil {
		page.Entries = []audit.Entry{}
	}
	if len(entries) == f.Limit {
		page.NextBeforeID = entries[len(entries)-1].ID
	}
	ok(w, page)
}
