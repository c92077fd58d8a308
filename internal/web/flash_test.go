package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestFlashCookieSecure: the one-time message can name a member, so its
// cookie follows the session cookie's rules, --insecure-cookies included,
// both when it is set and when it is cleared.
func TestFlashCookieSecure(t *testing.T) {
	t.Parallel()
	d := storetest.Dialects()[0]
	for _, insecure := range []bool{false, true} {
		env := webtest.New(t, d, func(c *config.Config) { c.InsecureCookies = insecure })
		flashOf := func(rec interface{ Result() *http.Response }) *http.Cookie {
			for _, c := range rec.Result().Cookies() {
				if c.Name == "trellis_flash" {
					return c
				}
			}
			return nil
		}
		set := env.Do(t, webtest.Request{Method: "POST", Path: "/logout", Role: accounts.RoleViewer, Form: url.Values{}})
		c := flashOf(set)
		if c == nil || c.Value == "" {
			t.Fatalf("insecure=%v: logout set no flash cookie", insecure)
		}
		if c.Secure == insecure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("insecure=%v: flash cookie %+v, want Secure=%v, HttpOnly, SameSite=Lax", insecure, c, !insecure)
		}
		cleared := env.Do(t, webtest.Request{Method: "GET", Path: "/login",
			Header: http.Header{"Cookie": {"trellis_flash=" + c.Value}}})
		c = flashOf(cleared)
		if c == nil || c.MaxAge >= 0 {
			t.Fatalf("insecure=%v: showing the flash did not clear it: %+v", insecure, c)
		}
		if c.Secure == insecure {
			t.Errorf("insecure=%v: clearing flash cookie has Secure=%v", insecure, c.Secure)
		}
	}
}
