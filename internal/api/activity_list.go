package api

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/participation"
)

// activityPage is one page of activities; NextCursor is left out on the
// last page.
type activityPage struct {
	Activities []participation.Activity `json:"activities"`
	NextCursor string                   `json:"next_cursor,omitempty"`
}

// ActivityList answers GET /api/v1/activities with activities newest
// first, a page at a time. Query: member_id, kind, source, from, to (RFC
// 3339 times, or dates YYYY-MM-DD meaning that whole day in UTC; both
// inclusive), cursor, limit (1..500). Errors: Invalid naming the parameter.
func (h *Handler) ActivityList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := participation.Filter{
		MemberID: queryID(&fe, q, "member_id"),
		Kind:     strings.TrimSpace(q.Get("kind")),
		Source:   strings.TrimSpace(q.Get("source")),
		From:     queryTime(&fe, q, "from", false),
		To:       queryTime(&fe, q, "to", true),
		Cursor:   q.Get("cursor"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, next, err := h.app.Participation.ListActivities(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, activityPage{Activities: list, NextCursor: next})
}

// queryTime reads an optional bound: an RFC 3339 time, or a date that
// stands for the start of its day in UTC (the end of it when end is true).
func queryTime(fe *apperr.FieldErrors, q url.Values, key string, end bool) time.Time {
	raw := strings.TrimSpace(q.Get(key))
	if raw == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t
	}
	if d, err := time.Parse(time.DateOnly, raw); err == nil {
		if end {
			return d.Add(24*time.Hour - time.Second)
		}
		return d
	}
	fe.Add(key, "must be an RFC 3339 time (2026-11-30T14:05:00Z) or a date (2026-11-30)")
	return time.Time{}
}

// kindList is every activity kind.
type kindList struct {
	Kinds []participation.Kind `json:"kinds"`
}

// ActivityKindList answers GET /api/v1/activity-kinds with every kind, its
// mode and weight, and why it sits in its mode.
func (h *Handler) ActivityKindList(w http.ResponseWriter, r *http.Request) {
	kinds, err := h.app.Participation.Kinds(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, kindList{Kinds: kinds})
}
