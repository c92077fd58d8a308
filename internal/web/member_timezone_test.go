package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestMemberTimeZoneByCity: the form offers the IANA zones as suggestions
// and takes a city that names one zone; an ambiguous place lists the
// zones it could be.
func TestMemberTimeZoneByCity(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		memRun(t, env, []memCase{
			{"the form suggests zones by city and country", webtest.Request{Method: "GET", Path: "/members/new"}, memWant{
				status: http.StatusOK,
				body: []string{`list="time-zones" autocomplete="off"`, `<datalist id="time-zones">`,
					`<option value="Europe/Stockholm">Stockholm, Sweden</option>`,
					// Countries by name, not by code.
					`<option value="AF">Afghanistan</option><option value="AX">Åland Islands</option><option value="AL">Albania</option>`},
			}},
			{"a city is enough", webtest.Request{Method: "POST", Path: "/members", Form: memForm("name", "Sven Svensson", "time_zone", "Stockholm")}, memWant{
				status: http.StatusSeeOther,
			}},
			{"a region with several zones lists them", webtest.Request{Method: "POST", Path: "/members", Form: memForm("name", "Hoosier", "time_zone", "Indiana")}, memWant{
				status: http.StatusUnprocessableEntity,
				body:   []string{`id="e-time_zone">&#34;Indiana&#34; fits several time zones: America/Indiana/`},
			}},
		})
		res, err := env.App.Members.List(env.Ctx, members.Filter{Q: "Sven"}, members.Page{Limit: 5})
		if err != nil || len(res.Members) != 1 || res.Members[0].TimeZone != "Europe/Stockholm" {
			t.Fatalf("Sven's zone: %+v %v", res.Members, err)
		}
	})
}
