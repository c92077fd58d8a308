package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/relationships"
)

// groupsPage lists the stakeholder groups.
type groupsPage struct {
	Groups []groupRow
	// Problem is why the last action was refused (a built-in group cannot
	// be deleted), shown above the list.
	Problem string
}

type groupRow struct {
	relationships.Group
	KeyMembers int // active key members in the group
}

// groupList shows the built-in and the community's own stakeholder groups
// with how many key members each holds.
func (s *Server) groupList(w http.ResponseWriter, r *http.Request) {
	s.renderGroups(w, r, http.StatusOK, view{}, "")
}

// groupCreate adds a stakeholder group. A name already taken is shown
// beside the field, like any other problem with it.
func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	g, err := s.app.Relationships.CreateGroup(r.Context(), r.PostForm.Get("name"))
	if err != nil {
		code, msg, fields := httpx.Public(err)
		switch code {
		case apperr.Invalid:
			s.renderGroups(w, r, http.StatusUnprocessableEntity, view{Form: r.PostForm, Errors: fields, FormError: msg}, "")
		case apperr.Conflict:
			s.renderGroups(w, r, http.StatusConflict, view{Form: r.PostForm, Errors: map[string]string{"name": msg}, FormError: msg}, "")
		default:
			s.renderError(w, r, err)
		}
		return
	}
	s.redirect(w, r, "/groups", "Added the stakeholder group "+g.Name+".")
}

func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, status int, v view, problem string) {
	ctx := r.Context()
	groups, err := s.app.Relationships.ListGroups(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	keys, err := s.app.Relationships.KeyMemberStatuses(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	counts := map[int64]int{}
	for _, k := range keys {
		for _, g := range k.Groups {
			counts[g.ID]++
		}
	}
	p := groupsPage{Problem: problem}
	for _, g := range groups {
		p.Groups = append(p.Groups, groupRow{Group: g, KeyMembers: counts[g.ID]})
	}
	v.Title, v.Nav, v.Data = "Stakeholder groups", "settings", p
	s.render(w, r, status, "group_list", v)
}
