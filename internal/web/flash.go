package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
)

const flashCookie = "trellis_flash"

// flash is a one-time message shown after an action ("Member saved.").
type flash struct {
	Kind    string `json:"k"` // success, error, info
	Message string `json:"m"`
}

func (s *Server) setFlash(w http.ResponseWriter, f flash) {
	b, _ := json.Marshal(f)
	http.SetCookie(w, s.flashCookie(base64.RawURLEncoding.EncodeToString(b), 60))
}

// flashCookie follows the session cookie's rules: HttpOnly, SameSite=Lax
// and Secure unless the operator runs plain HTTP (--insecure-cookies).
// The message it carries can name a member ("Ada Lovelace archived."), so
// it must not travel over plain HTTP either.
func (s *Server) flashCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: flashCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: !s.app.Config.InsecureCookies, SameSite: http.SameSiteLaxMode,
	}
}

// takeFlash returns the pending flash message, if any, and clears it. The
// message is only ever shown as escaped text, so a forged cookie can do no
// more than show its owner odd words.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, s.flashCookie("", -1))
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	var f flash
	if json.Unmarshal(b, &f) != nil || f.Message == "" {
		return nil
	}
	return &f
}
