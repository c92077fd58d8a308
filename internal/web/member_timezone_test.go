package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestMemberTimeZoneByCity: the form offers the IANA zones as suggestions
// and takes a city that names one zone; an ambiguous place lists the
// zones it could be.
func TestMemberTimeZoneByCity(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.Run(t, env, []webtest.Case{
			{Name: "the form suggests zones by city and country", Req: webtest.Request{Role: accounts.RoleManager, Method: "GET", Path: "/members/new"}, Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{`list="time-zones" autocomplete="off"`, `<datalist id="time-zones">`,
					`<option value="Europe/Stockholm">Stockholm, Sweden</option>`,
					// Countries by name, not by code.
					`<option value="AF">Afghanistan</option><option value="AX">Åland Islands</option><option value="AL">Albania</option>`},
			}},
			{Name: "a city is enough", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members", Form: webtest.Form("name", "Sven Svensson", "time_zone", "Stockholm")}, Want: webtest.Want{
				Status: http.StatusSeeOther,
			}},
			{Name: "a region with several zones lists them", Req: webtest.Request{Role: accounts.RoleManager, Method: "POST", Path: "/members", Form: webtest.Form("name", "Hoosier", "time_zone", "Indiana")}, Want: webtest.Want{
				Status: http.StatusUnprocessableEntity,
				Body:   []string{`id="e-time_zone">&#34;Indiana&#34; fits several time zones: America/Indiana/`},
			}},
		})
		res, err := env.App.Members.List(env.Ctx, members.Filter{Q: "Sven"}, members.Page{Limit: 5})
		if err != nil || len(res.Members) != 1 || res.Members[0].TimeZone != "Europe/Stockholm" {
			t.Fatalf("Sven's zone: %+v %v", res.Members, err)
		}
	})
}
