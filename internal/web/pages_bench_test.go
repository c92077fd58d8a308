package web_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// BenchmarkPages times the pages a community manager opens every day, end
// to end through the HTTP handler (routing, auth, queries, templates), on a
// generated community of TRELLIS_BENCH_MEMBERS members (default 10,000).
//
// Targets on a 2-core machine, SQLite: the dashboard under 50 ms, list
// and profile pages under 20 ms, API pages under 10 ms.
//
//	go test ./internal/web -run '^$' -bench Pages -benchtime 50x
func BenchmarkPages(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("TRELLIS_BENCH_MEMBERS")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			env := webtest.New(b, d)
			if _, err := demo.Load(env.Ctx, env.App, demo.Options{Members: n}); err != nil {
				b.Fatal(err)
			}
			page, err := env.App.Members.List(env.Ctx, members.Filter{KeyOnly: true}, members.Page{Limit: 1})
			if err != nil || len(page.Members) == 0 {
				b.Fatalf("no key member to show: %v", err)
			}
			member := strconv.FormatInt(page.Members[0].ID, 10)
			pages := []struct{ name, path string }{
				{"dashboard", "/"},
				{"members", "/members"},
				{"members_search", "/members?q=python"},
				{"members_filtered", "/members?career_stage=early_career&status=active&sort=-joined"},
				{"member_profile", "/members/" + member},
				{"interactions", "/interactions"},
				{"followups_overdue", "/followups?status=overdue"},
				{"key_members", "/key-members"},
				{"api_members", "/api/v1/members?limit=50"},
				{"api_dashboard", "/api/v1/dashboard"},
			}
			for _, p := range pages {
				b.Run(p.name, func(b *testing.B) {
					req := webtest.Request{Method: "GET", Path: p.path, Role: accounts.RoleManager}
					for b.Loop() {
						if rec := env.Do(b, req); rec.Code != 200 {
							b.Fatalf("%s: status %d", p.path, rec.Code)
						}
					}
				})
			}
		})
	}
}
