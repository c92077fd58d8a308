package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/httpx"
)

// interactionNew shows the form to log an interaction. On a first visit
// the date is today (in the community's time zone), the current user is
// ticked as taking part and would own a follow-up, and ?member=ID ticks
// that member, whose page the browser returns to after saving. Nothing
// else is read from the query: Find and Add post the draft back (see
// interactionFindOrAdd), so notes never travel in a URL.
func (s *Server) interactionNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	me, _ := httpx.UserFrom(r.Context())
	myID := strconv.FormatInt(me.ID, 10)
	form := url.Values{"occurred_on": {s.today()}, "user": {myID}, "followup.owner_id": {myID}}
	if ids := formIDs(q["member"]); len(ids) == 1 {
		form.Set("member", strconv.FormatInt(ids[0], 10))
		form.Set("from_member", strconv.FormatInt(ids[0], 10))
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
	if s.interactionFindOrAdd(w, r, 0) {
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

// interactionFindOrAdd handles the form's Find and Add buttons, which post
// the whole draft back to where Log or Save would send it: the form comes
// back with what was typed, the search results for "find", and the member
// named by "add" ticked. It reports whether it handled the request (false
// means the person pressed Log or Save).
func (s *Server) interactionFindOrAdd(w http.ResponseWriter, r *http.Request, id int64) bool {
	add := formID(r.PostForm.Get("add"))
	if r.PostForm.Get("op") != "find" && add == 0 {
		return false
	}
	form := r.PostForm
	form.Del("op")
	form.Del("add")
	if add != 0 {
		form.Add("member", strconv.FormatInt(add, 10))
	}
	s.renderInteractionForm(w, r, http.StatusOK, id, view{Form: form})
	return true
}
