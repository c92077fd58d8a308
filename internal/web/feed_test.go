package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/calendar"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/web"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// testSource is a calendar with one weekly call, and programme 7.
func testSource(ctx context.Context, programmeID int64) (calendar.Listing, error) {
	if programmeID != 0 && programmeID != 7 {
		return calendar.Listing{}, apperr.NotFoundf("There is no programme with id %d.", programmeID)
	}
	start := time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)
	l := calendar.Listing{Events: []calendar.Event{{UID: "series-1@trellis.test", Sequence: 2, Updated: start.AddDate(0, -1, 0),
		Summary: "Community call", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin",
		RRule: "FREQ=WEEKLY;COUNT=4"}}}
	if programmeID == 7 {
		l.Name = "Community calls"
	}
	return l, nil
}

const (
	viewer  = accounts.RoleViewer
	manager = accounts.RoleManager
	owner   = accounts.RoleOwner
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var feedURLRe = regexp.MustCompile(`https?://[^/<]+(/feeds/[A-Za-z0-9_-]+/calendar\.ics)`)

// makeFeedURL creates a subscription URL through Settings, as a person
// would, and returns its path.
func makeFeedURL(t *testing.T, env *webtest.Env, role accounts.Role) string {
	t.Helper()
	rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/feeds", Role: role, Form: map[string][]string{"feed_name": {"Phone"}}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create feed URL: status %d: %s", rec.Code, rec.Body.String())
	}
	m := feedURLRe.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no feed URL shown: %s", rec.Body.String())
	}
	return m[1]
}

func TestCalendarFeeds(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		env.App.Calendar = testSource
		feed := makeFeedURL(t, env, viewer)
		programme := strings.Replace(feed, "/calendar.ics", "/programmes/7/calendar.ics", 1)
		isFeed := []string{"BEGIN:VCALENDAR", "METHOD:PUBLISH", "UID:series-1@trellis.test", "DTSTART;TZID=Europe/Berlin:20260303T160000", "BEGIN:VTIMEZONE"}
		// A programme's feed carries the name its source gives it.
		isProgrammeFeed := append(slices.Clone(isFeed), "X-WR-CALNAME:Community calls")
		webtest.Run(t, env, []webtest.Case{
			{Name: "API, community", Req: webtest.Request{Method: "GET", Path: "/api/v1/calendar.ics", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: isFeed}},
			{Name: "API, programme", Req: webtest.Request{Method: "GET", Path: "/api/v1/programmes/7/calendar.ics", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: isProgrammeFeed}},
			{Name: "API, unknown programme", Req: webtest.Request{Method: "GET", Path: "/api/v1/programmes/8/calendar.ics", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "API, no token", Req: webtest.Request{Method: "GET", Path: "/api/v1/calendar.ics"},
				Want: webtest.Want{Status: http.StatusUnauthorized, Code: apperr.Unauthorized}},
			{Name: "feed URL, logged out", Req: webtest.Request{Method: "GET", Path: feed}, Want: webtest.Want{Status: http.StatusOK, Body: isFeed}},
			{Name: "feed URL, programme", Req: webtest.Request{Method: "GET", Path: programme}, Want: webtest.Want{Status: http.StatusOK, Body: isProgrammeFeed}},
			{Name: "feed URL, unknown programme", Req: webtest.Request{Method: "GET", Path: strings.Replace(programme, "/7/", "/8/", 1)},
				Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "feed URL, token altered", Req: webtest.Request{Method: "GET", Path: strings.Replace(feed, "trlcal_", "trlcal_x", 1)},
				Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "feed URL, an API token in its place", Req: webtest.Request{Method: "GET", Path: "/feeds/" + env.Token(owner) + "/calendar.ics"},
				Want: webtest.Want{Status: http.StatusNotFound}},
		})

		long := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/feeds", Role: viewer, Form: map[string][]string{"feed_name": {strings.Repeat("n", 101)}}})
		if long.Code != http.StatusUnprocessableEntity || !strings.Contains(long.Body.String(), `id="e-feed_name"`) {
			t.Errorf("a name too long: status %d, error on feed_name shown %v", long.Code, strings.Contains(long.Body.String(), `id="e-feed_name"`))
		}
		settings := env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: viewer}).Body.String()
		if !strings.Contains(settings, "Calendar subscription") || !strings.Contains(settings, "Phone") || strings.Contains(settings, "trlcal_") {
			t.Errorf("settings should list the address by name, never its secret")
		}

		rec := env.Do(t, webtest.Request{Method: "GET", Path: feed})
		if ct := rec.Header().Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		etag := rec.Header().Get("ETag")
		if etag == "" || rec.Header().Get("Last-Modified") != "Tue, 03 Feb 2026 15:00:00 GMT" {
			t.Errorf("ETag %q, Last-Modified %q", etag, rec.Header().Get("Last-Modified"))
		}
		again := env.Do(t, webtest.Request{Method: "GET", Path: feed, Header: http.Header{"If-None-Match": {etag}}})
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("If-None-Match with the current ETag: status %d, %d bytes; want 304 and none", again.Code, again.Body.Len())
		}
		stale := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/calendar.ics", Role: viewer, Header: http.Header{"If-None-Match": {`"old"`}}})
		if stale.Code != http.StatusOK || stale.Header().Get("ETag") != etag {
			t.Errorf("a stale ETag: status %d, ETag %q; want 200 and %q (the same feed as the API's)", stale.Code, stale.Header().Get("ETag"), etag)
		}

		// Revoked from Settings, the URL stops working.
		tokens, err := env.App.Accounts.ListFeedTokens(env.Ctx, env.Users[viewer].ID)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("ListFeedTokens = %v, %v", tokens, err)
		}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/feeds/" + itoa(tokens[0].ID) + "/revoke", Role: owner, Form: map[string][]string{}}); rec.Code != http.StatusNotFound {
			t.Errorf("someone else revoking: status %d, want 404", rec.Code)
		}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/feeds/" + itoa(tokens[0].ID) + "/revoke", Role: viewer, Form: map[string][]string{}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("revoke: status %d", rec.Code)
		}
		for _, p := range []string{feed, programme} {
			if rec := env.Do(t, webtest.Request{Method: "GET", Path: p}); rec.Code != http.StatusNotFound {
				t.Errorf("revoked %s: status %d, want 404", p, rec.Code)
			}
		}
		// A disabled user's URL stops too.
		mine := makeFeedURL(t, env, manager)
		if err := env.App.Accounts.Disable(env.Ctx, env.Users[manager].ID); err != nil {
			t.Fatal(err)
		}
		if rec := env.Do(t, webtest.Request{Method: "GET", Path: mine}); rec.Code != http.StatusNotFound {
			t.Errorf("disabled user's feed: status %d, want 404", rec.Code)
		}
	})
}

// TestEmptyCalendarWithoutSource: before programming is wired in, the
// community feed is an empty, valid calendar and no programme exists.
func TestEmptyCalendarWithoutSource(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.Run(t, env, []webtest.Case{
			{Name: "community", Req: webtest.Request{Method: "GET", Path: "/api/v1/calendar.ics", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{"BEGIN:VCALENDAR", "VERSION:2.0", "END:VCALENDAR"}}},
			{Name: "programme", Req: webtest.Request{Method: "GET", Path: "/api/v1/programmes/1/calendar.ics", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
		})
	})
}

// TestFeedTokenOpensNothingElse walks the route table: a live feed token,
// sent every way a credential can travel, is refused on every route that
// is not a feed.
func TestFeedTokenOpensNothingElse(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		feed := makeFeedURL(t, env, owner)
		secret := strings.Split(feed, "/")[2]
		if rec := env.Do(t, webtest.Request{Method: "GET", Path: feed}); rec.Code != http.StatusOK {
			t.Fatalf("the feed token does not work on its feed: %d", rec.Code)
		}
		for _, rt := range env.Server.Routes() {
			if rt.Access == web.Feed || rt.Access == web.Public {
				continue
			}
			path := concretePath(rt.Pattern)
			for how, h := range map[string]http.Header{
				"bearer": {"Authorization": {"Bearer " + secret}},
				"cookie": {"Cookie": {"trellis_session=" + secret}},
			} {
				t.Run(rt.Method+" "+rt.Pattern+" by "+how, func(t *testing.T) {
					req := webtest.Request{Method: rt.Method, Path: path, Header: h}
					if rt.Method != http.MethodGet && !rt.API {
						req.Form = map[string][]string{}
					}
					rec := env.Do(t, req)
					switch {
					case rt.API && rec.Code != http.StatusUnauthorized:
						t.Errorf("status %d, want 401", rec.Code)
					case !rt.API && (rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login")):
						t.Errorf("status %d to %q, want 303 to /login", rec.Code, rec.Header().Get("Location"))
					}
				})
			}
		}
	})
}

// FuzzFeedPath: whatever a feed URL holds where the token goes, the
// answer is 404 (or 400 for a path no server would route), never a
// server error and never a feed.
func FuzzFeedPath(f *testing.F) {
	env := webtest.New(f, store.SQLite)
	secret, _, err := env.App.Accounts.CreateFeedToken(env.Ctx, env.Users[viewer].ID, "")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(secret[:len(secret)-1])
	f.Add(accounts.FeedTokenPrefix)
	f.Add(env.Token(owner))
	f.Add("%00")
	f.Add("../settings")
	f.Fuzz(func(t *testing.T, token string) {
		if token == secret {
			return
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = "/feeds/" + token + "/calendar.ics"
		req.URL.RawPath = ""
		rec := httptest.NewRecorder()
		env.Handler.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK || rec.Code >= 500 {
			t.Fatalf("token %q: status %d", token, rec.Code)
		}
	})
}
