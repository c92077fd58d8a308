package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/httpx"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := httpx.UserFrom(r.Context()); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", view{Title: "Log in", Form: url.Values{"next": {r.URL.Query().Get("next")}}, Data: s.loginPage(r)})
}

// loginPageData tells a newcomer how to get in: on an empty database, how
// to create the first account; on a demo instance (serve --demo), the demo
// login. A real instance never shows a login.
type loginPageData struct {
	NoAccounts   bool
	DemoEmail    string
	DemoPassword string
}

func (s *Server) loginPage(r *http.Request) loginPageData {
	var d loginPageData
	if s.app.Config.Demo {
		d.DemoEmail, d.DemoPassword = demo.DemoEmail, demo.DemoPassword
	}
	n, err := s.app.Accounts.CountUsers(r.Context())
	if err != nil {
		httpx.LogError(s.log, r, err)
		return d
	}
	d.NoAccounts = n == 0
	return d
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.New(apperr.Invalid, "The form could not be read."))
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	ctx := r.Context()
	user, err := s.app.Accounts.Login(ctx, email, r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		_, msg, _ := httpx.Public(err)
		httpx.LogError(s.log, r, err)
		setRetryAfter(w, err)
		form := url.Values{"email": {email}, "next": {r.PostForm.Get("next")}}
		s.render(w, r, httpx.Status(err), "login", view{Title: "Log in", Form: form, FormError: msg, Data: s.loginPage(r)})
		return
	}
	token, expires, err := s.app.Accounts.CreateSession(ctx, user.ID, r.UserAgent(), s.clientIP(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, s.sessionCookie(token, expires))
	s.redirect(w, r, localPath(r.PostForm.Get("next"), "/"), "Welcome back, "+user.Name+".")
}

// setRetryAfter tells a client refused by the sign-in limits when to try
// again (RFC 9110, section 10.2.3), in whole seconds.
func setRetryAfter(w http.ResponseWriter, err error) {
	if wait, ok := accounts.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.app.Accounts.DeleteSession(r.Context(), c.Value); err != nil {
			httpx.LogError(s.log, r, err)
		}
	}
	http.SetCookie(w, s.sessionCookie("", time.Unix(0, 0)))
	s.redirect(w, r, "/login", "You are logged out.")
}

// sessionCookie is HttpOnly (no script can read it), SameSite=Lax (not sent
// on cross-site form posts) and Secure unless the operator runs plain HTTP
// on a private network.
func (s *Server) sessionCookie(value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/",
		HttpOnly: true, Secure: !s.app.Config.InsecureCookies, SameSite: http.SameSiteLaxMode,
		Expires: expires,
	}
	if value == "" {
		c.MaxAge = -1
	}
	return c
}
