package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/httpx"
)

// interactionNew shows the form to log an interaction. On a first visit
// the date is today (in the community's time zone), the current user is
// ticked as taking part and would own a follow-up, and ?member=ID ticks
// that member, whose page the browser returns to after saving. When Find
// or Add re-renders the form, the query holds everything typed so far.
func (s *Server) interactionNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := q
	if !interactionFormInQuery(q) {
		me, _ := httpx.UserFrom(r.Context())
		myID := strconv.FormatInt(me.ID, 10)
		form.Set("occurred_on", s.today())
		form.Set("user", myID)
		form.Set("followup.owner_id", myID)
		if ids := formIDs(q["member"]); len(ids) == 1 {
			form.Set("from_member", strconv.FormatInt(ids[0], 10))
		}
	}
	s.renderInteractionForm(w, r, http.StatusOK, 0, view{Form: form})
}

// interactionLog records an interaction, and the follow-up it gave rise
// to when one was filled in, then shows it (or goes back to the member it
// was logged from).
func (s *Server) interactionLog(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	it, err := s.app.Relationships.LogInteraction(r.Context(), interactionInput(r.PostForm))
	if e, ok := asInvalid(err); ok {
		s.renderInteractionForm(w, r, http.StatusUnprocessableEntity, 0,
			view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	to := "/interactions/" + strconv.FormatInt(it.ID, 10)
	if m := formID(r.PostForm.Get("from_member")); m != 0 {
		to = "/members/" + strconv.FormatInt(m, 10)
	}
	s.redirect(w, r, to, "Interaction logged.")
}
