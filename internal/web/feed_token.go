package web

import (
	"errors"
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// feedTokenCreate makes a calendar subscription URL and shows it once, on
// the settings page: it is a secret, so it is rendered, never redirected
// to or kept in a cookie.
func (s *Server) feedTokenCreate(w http.ResponseWriter, r *http.Request) {
	u, _ := httpx.UserFrom(r.Context())
	secret, _, err := s.app.Accounts.CreateFeedToken(r.Context(), u.ID, r.PostFormValue("feed_name"))
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Fields["name"] != "" {
		// The settings page has two name fields; this form's is feed_name.
		ae.Fields = map[string]string{"feed_name": ae.Fields["name"]}
	}
	if err != nil {
		s.formFailed(w, r, err, func(v view) { s.renderSettingsWith(w, r, http.StatusUnprocessableEntity, v, settingsData{}) })
		return
	}
	s.renderSettingsWith(w, r, http.StatusCreated, view{}, settingsData{NewFeedURL: s.feedURL(r, secret)})
}

func (s *Server) feedTokenRevoke(w http.ResponseWriter, r *http.Request) {
	u, _ := httpx.UserFrom(r.Context())
	id, err := pathID(r)
	if err == nil {
		err = s.app.Accounts.RevokeFeedToken(r.Context(), u.ID, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/settings", "Subscription URL revoked. Calendars using it will stop updating.")
}

// feedURL is the whole subscription URL a calendar app needs, on the host
// the person is using Trellis at: https, unless the operator runs plain
// HTTP (as for cookies, --insecure-cookies).
func (s *Server) feedURL(r *http.Request, secret string) string {
	scheme := "https"
	if r.TLS == nil && s.app.Config.InsecureCookies {
		scheme = "http"
	}
	return scheme + "://" + r.Host + "/feeds/" + secret + "/calendar.ics"
}
