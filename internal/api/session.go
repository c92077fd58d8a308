package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/programming"
)

// sessionReadOnly are fields a session shows but a PATCH may not set;
// occurrences are changed through POST /api/v1/sessions/{id}/occurrences.
var sessionReadOnly = []string{"id", "programme_id", "programme_title", "sequence", "exceptions", "version", "created_at", "updated_at", "pillar_title"}

type sessionList struct {
	Sessions []programming.Session `json:"sessions"`
}

type occurrenceList struct {
	Occurrences []programming.Occurrence `json:"occurrences"`
}

// SessionList answers GET /api/v1/programmes/{id}/sessions with the
// programme's sessions and series by start.
func (h *Handler) SessionList(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "programme")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Programming.ListSessions(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, sessionList{Sessions: list})
}

// SessionCreate answers POST /api/v1/programmes/{id}/sessions with 201.
// Errors: NotFound; Invalid naming start, end, time_zone, rrule ...
func (h *Handler) SessionCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "programme")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in programming.SessionInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.app.Programming.CreateSession(r.Context(), id, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, s.Version)
	created(w, "/api/v1/sessions", s.ID, s)
}

// SessionGet answers GET /api/v1/sessions/{id}.
func (h *Handler) SessionGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.app.Programming.GetSession(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, s.Version)
	ok(w, s)
}

// SessionPatch answers PATCH /api/v1/sessions/{id}: a JSON merge patch
// applied to the session as it stands; If-Match as for programmes.
func (h *Handler) SessionPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, sessionReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.app.Programming.EditSession(r.Context(), id, version, func(cur programming.Session) (programming.SessionInput, error) {
		var next programming.SessionInput
		err := patch.applyTo(cur, sessionReadOnly, &next)
		return next, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, s.Version)
	ok(w, s)
}

// SessionDelete answers DELETE /api/v1/sessions/{id} with 204.
func (h *Handler) SessionDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "session", h.app.Programming.DeleteSession)
}

// SessionOccurrence answers POST /api/v1/sessions/{id}/occurrences: skip,
// move, cancel or restore one occurrence of a series; returns the series.
func (h *Handler) SessionOccurrence(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var c programming.OccurrenceChange
	if err := httpx.DecodeJSON(w, r, &c); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.app.Programming.ChangeOccurrence(r.Context(), id, version, c)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, s.Version)
	ok(w, s)
}

// Occurrences answers GET /api/v1/sessions?from=&to= with every
// occurrence starting in the period (YYYY-MM-DD, from inclusive, to
// inclusive, in UTC; at most 400 days; default the next 8 weeks), series
// expanded, by start. Query programme_id narrows it to one programme.
func (h *Handler) Occurrences(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	today := h.app.Now().UTC().Truncate(24 * time.Hour)
	from := queryDay(&fe, q.Get("from"), "from", today)
	to := queryDay(&fe, q.Get("to"), "to", from.AddDate(0, 0, 55))
	programmeID := queryID(&fe, q, "programme_id")
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Programming.Occurrences(r.Context(), from, to.AddDate(0, 0, 1), programmeID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, occurrenceList{Occurrences: list})
}

func queryDay(fe *apperr.FieldErrors, raw, key string, def time.Time) time.Time {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return def
	}
	t, err := time.Parse("2006-01-02", raw)
	if err != nil {
		fe.Add(key, "must be a date, YYYY-MM-DD")
		return def
	}
	return t
}
