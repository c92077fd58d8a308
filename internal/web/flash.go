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

func setFlash(w http.ResponseWriter, f flash) {
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b),
		Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60,
	})
}

// takeFlash returns the pending flash message, if any, and clears it. The
// message is only ever shown as escaped text, so a forged cookie can do no
// more than show its owner odd words.
func takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
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
