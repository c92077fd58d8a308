package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// memberJSON is a member as the API shows it: the record, and where they
// stand in participation (members knows nothing of participation; the
// API puts the two side by side).
type memberJSON struct {
	members.Member
	Participation participation.Summary `json:"participation"`
}

// withParticipation adds each member's stored standing, in one query for
// the lot.
func (h *Handler) withParticipation(ctx context.Context, list []members.Member) ([]memberJSON, error) {
	ids := make([]int64, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	sums, err := h.app.Participation.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]memberJSON, len(list))
	for i, m := range list {
		s, found := sums[m.ID]
		if !found {
			s = participation.NoSummary
		}
		out[i] = memberJSON{Member: m, Participation: s}
	}
	return out, nil
}

// MemberParticipation answers GET /api/v1/members/{id}/participation with
// where the member stands, derived afresh: mode, stage and its rule,
// engagement with the activities that make it up, and the pathway.
// NotFound when there is no such member.
func (h *Handler) MemberParticipation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.app.Participation.MemberStanding(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, d)
}

// participationListPage is one page of a list a manager acts on.
type participationListPage struct {
	List       participation.ListName  `json:"list"`
	Title      string                  `json:"title"`
	Rule       string                  `json:"rule"`
	Members    []participation.ListRow `json:"members"`
	NextCursor string                  `json:"next_cursor,omitempty"`
}

// ParticipationList answers GET /api/v1/participation/lists/{name}: one
// page of next-step, quiet-newcomers or going-quiet, with the list's rule.
// Query: months (next-step: how long around, 1..60, default 3), limit,
// cursor. Errors: NotFound for an unknown list; Invalid naming the
// parameter.
func (h *Handler) ParticipationList(w http.ResponseWriter, r *http.Request) {
	name := participation.ListName(r.PathValue("name"))
	info, found := name.Info()
	if !found {
		h.fail(w, r, apperr.NotFoundf("There is no list %q: the lists are next-step, quiet-newcomers and going-quiet.", name))
		return
	}
	q := r.URL.Query()
	var fe apperr.FieldErrors
	lq := participation.ListQuery{Name: name, Cursor: q.Get("cursor"), Limit: queryLimit(&fe, q)}
	if raw := strings.TrimSpace(q.Get("months")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			fe.Add("months", "must be a whole number from 1 to 60")
		}
		lq.Months = n
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	rows, next, err := h.app.Participation.List(r.Context(), lq)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, participationListPage{List: name, Title: info.Title, Rule: info.Rule, Members: rows, NextCursor: next})
}
