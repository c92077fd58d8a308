package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/httpx"
)

// goalRetire marks a goal as no longer pursued, from today. What served it
// keeps serving it.
func (s *Server) goalRetire(w http.ResponseWriter, r *http.Request) {
	s.goalSetStatus(w, r, s.app.Goals.Retire, "Goal retired. What served it stays on its page.")
}

// goalReactivate takes a retired goal up again.
func (s *Server) goalReactivate(w http.ResponseWriter, r *http.Request) {
	s.goalSetStatus(w, r, s.app.Goals.Reactivate, "Goal active again.")
}

func (s *Server) goalSetStatus(w http.ResponseWriter, r *http.Request,
	set func(ctx context.Context, id, version int64) (goals.Goal, error), done string) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	_, err = set(r.Context(), id, version)
	back := "/goals/" + strconv.FormatInt(id, 10)
	if msg, stale := goalStale(err); stale {
		s.redirectProblem(w, r, back, msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, back, done)
}

// goalDelete removes a goal nothing serves. A goal something still serves
// is kept, and its page says what serves it and to retire it instead.
func (s *Server) goalDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err = s.app.Goals.Delete(r.Context(), id, version)
	back := "/goals/" + strconv.FormatInt(id, 10)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, back, msg)
		return
	}
	if apperr.Is(err, apperr.Conflict) {
		// Still served: the domain's message names what serves it.
		_, msg, _ := httpx.Public(err)
		s.redirectProblem(w, r, back, msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/goals", "Goal deleted.")
}

// goalStale returns, when err refuses a retire or reactivate because the
// goal changed since its page was shown, a message naming what changed.
func goalStale(err error) (string, bool) {
	st := httpx.StaleOf(err)
	if st == nil {
		return "", false
	}
	if len(st.Changes) == 0 {
		_, msg, _ := httpx.Public(err)
		return "Nothing was changed. " + msg, true
	}
	parts := make([]string, len(st.Changes))
	for i, c := range st.Changes {
		parts[i] = changeLabel(c.Field) + ": " + shortValue(c.Old) + " → " + shortValue(c.New)
	}
	return "Nothing was changed: this goal changed since you opened it (" + strings.Join(parts, "; ") +
		"). Check the changes, then try again if you still mean to.", true
}
