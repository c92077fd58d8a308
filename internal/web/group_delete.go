package web

import "net/http"

// groupDelete removes a stakeholder group the community added; its key
// members simply leave it. A built-in group is refused, and the list says
// why.
func (s *Server) groupDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	groups, err := s.app.Relationships.ListGroups(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	name := ""
	for _, g := range groups {
		if g.ID == id {
			name = g.Name
		}
	}
	err = s.app.Relationships.DeleteGroup(ctx, id)
	if e, ok := asInvalid(err); ok {
		s.renderGroups(w, r, http.StatusUnprocessableEntity, view{}, e.Message)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := "Deleted the stakeholder group " + name + "."
	if name == "" {
		// Added after the list was read: there is no name to hand.
		msg = "Deleted the stakeholder group."
	}
	s.redirect(w, r, "/groups", msg)
}
