package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

type settingsData struct {
	Tokens     []accounts.Token
	NewToken   string // shown once, right after it is created
	FeedTokens []accounts.FeedToken
	NewFeedURL string // the calendar subscription URL, shown once
}

// settings shows the team user's own account: password and API tokens.
func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, http.StatusOK, view{}, "")
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, v view, newToken string) {
	s.renderSettingsWith(w, r, status, v, settingsData{NewToken: newToken})
}

// renderSettingsWith renders the settings page with the secret just made
// (if any) in d; it fills in the lists.
func (s *Server) renderSettingsWith(w http.ResponseWriter, r *http.Request, status int, v view, d settingsData) {
	u, _ := httpx.UserFrom(r.Context())
	var err error
	if d.Tokens, err = s.app.Accounts.ListTokens(r.Context(), u.ID); err == nil {
		d.FeedTokens, err = s.app.Accounts.ListFeedTokens(r.Context(), u.ID)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Title, v.Nav = "Settings", "settings"
	v.Data = d
	s.render(w, r, status, "settings", v)
}

// passwordChange asks for the current password first, through the same
// rate-limited check as the login form, so a walked-away laptop cannot be
// used to take the account over. It ends every other session and, when
// the person ticks "Also revoke my API tokens", their tokens too.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	u, _ := httpx.UserFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.New(apperr.Invalid, "The form could not be read."))
		return
	}
	current, next, confirm := r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("confirm")
	var errs apperr.FieldErrors
	if next != confirm {
		errs.Add("confirm", "The two new passwords differ.")
	}
	if _, err := s.app.Accounts.Login(r.Context(), u.Email, current, s.clientIP(r)); err != nil {
		if !apperr.Is(err, apperr.Unauthorized) && !apperr.Is(err, apperr.RateLimited) {
			s.renderError(w, r, err)
			return
		}
		setRetryAfter(w, err)
		_, msg, _ := httpx.Public(err)
		if apperr.Is(err, apperr.Unauthorized) {
			msg = "This is not your current password."
		}
		errs.Add("current", "%s", msg)
	}
	err := errs.Err()
	revoked := 0
	if err == nil {
		opt := accounts.PasswordChange{RevokeTokens: r.PostForm.Get("revoke_tokens") != ""}
		revoked, err = s.app.Accounts.ChangePassword(r.Context(), u.ID, next, opt)
	}
	if err != nil {
		s.formFailed(w, r, err, func(v view) { s.renderSettings(w, r, http.StatusUnprocessableEntity, v, "") })
		return
	}
	// Changing a password ends every session, so a thief's stolen cookie
	// dies with the old password; this browser gets a fresh one.
	token, expires, err := s.app.Accounts.CreateSession(r.Context(), u.ID, r.UserAgent(), s.clientIP(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, s.sessionCookie(token, expires))
	msg := "Your password is changed. Other devices have been logged out."
	switch {
	case revoked == 1:
		msg = "Your password is changed. Other devices have been logged out and your token revoked."
	case revoked > 1:
		msg = fmt.Sprintf("Your password is changed. Other devices have been logged out and your %d tokens revoked.", revoked)
	}
	s.redirect(w, r, "/settings", msg)
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u, _ := httpx.UserFrom(r.Context())
	name := r.PostFormValue("name")
	plaintext, _, err := s.app.Accounts.CreateToken(r.Context(), u.ID, name)
	if err != nil {
		s.formFailed(w, r, err, func(v view) { s.renderSettings(w, r, http.StatusUnprocessableEntity, v, "") })
		return
	}
	// Rendered, not redirected: the token is shown this once and never
	// travels in a cookie or a URL.
	s.renderSettings(w, r, http.StatusCreated, view{}, plaintext)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	u, _ := httpx.UserFrom(r.Context())
	id, err := pathID(r)
	if err == nil {
		err = s.app.Accounts.RevokeToken(r.Context(), u.ID, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/settings", "Token revoked. Scripts using it can no longer reach Trellis.")
}

// formFailed re-renders a form with the problems next to their fields when
// err is invalid input, and shows an error page otherwise.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, rerender func(v view)) {
	code, msg, fields := httpx.Public(err)
	if code != apperr.Invalid && code != apperr.Conflict && code != apperr.RateLimited {
		s.renderError(w, r, err)
		return
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{}
	}
	// Passwords are never echoed back into a page.
	for _, k := range []string{"password", "current", "confirm"} {
		form.Del(k)
	}
	rerender(view{Form: form, Errors: fields, FormError: msg})
}
