package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
)

type usersData struct {
	Users []accounts.User
	Roles []accounts.Role
}

// users lists the team for owners, with a form to add someone.
func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, view{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, v view) {
	list, err := s.app.Accounts.ListUsers(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Title, v.Nav = "Team", "settings"
	v.Data = usersData{Users: list, Roles: accounts.Roles()}
	s.render(w, r, status, "users", v)
}

func (s *Server) userAdd(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.New(apperr.Invalid, "The form could not be read."))
		return
	}
	f := r.PostForm
	role, err := accounts.ParseRole(f.Get("role"))
	var u accounts.User
	if err == nil {
		u, err = s.app.Accounts.CreateUser(r.Context(), f.Get("email"), f.Get("name"), role, f.Get("password"))
	}
	if err != nil {
		s.formFailed(w, r, err, func(v view) { s.renderUsers(w, r, http.StatusUnprocessableEntity, v) })
		return
	}
	s.redirect(w, r, "/settings/users", "Added "+u.Name+" as "+string(u.Role)+".")
}

func (s *Server) userRole(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var role accounts.Role
	if err == nil {
		role, err = accounts.ParseRole(r.PostFormValue("role"))
	}
	if err == nil {
		err = s.app.Accounts.SetRole(r.Context(), id, role)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/settings/users", "Role changed to "+string(role)+".")
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.app.Accounts.Disable(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/settings/users", "Account disabled; its sessions and tokens no longer work.")
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.app.Accounts.Enable(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/settings/users", "Account enabled.")
}
