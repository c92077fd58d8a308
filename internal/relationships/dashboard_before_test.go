package relationships_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestDashboardMatchesBefore holds the dashboard to what it showed before
// the next contact day was stored (DashboardBefore, the old code kept in
// export_test.go), byte for byte as JSON, on generated communities: one
// where most key members were contacted and one where most never were, in
// three time zones, over six weeks of days passing.
func TestDashboardMatchesBefore(t *testing.T) {
	zones := []string{"Europe/London", "Pacific/Auckland", "Pacific/Honolulu"}
	for _, size := range []struct{ members, keys, interactions, followUps int }{{600, 150, 3000, 400}, {400, 120, 150, 200}} {
		t.Run(fmt.Sprint(size.interactions, " interactions"), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db, base, mustLoad(t, zones[0]))
				seedCommunity(t, f, size.members, size.keys, size.interactions, size.followUps)
				for _, zone := range zones {
					f.svc.Location = mustLoad(t, zone)
					for day := range 14 {
						f.now = base.AddDate(0, 0, 3*day).Add(time.Duration(day) * 100 * time.Minute)
						sameDashboard(t, f.ctx, f.svc, zone+" "+f.now.Format(time.DateTime))
					}
				}
			})
		})
	}
}

// TestDashboardMatchesBeforeOnBench compares the two on the community
// TRELLIS_BENCH_DB names (a copy of a `trellis bench` or `trellis demo
// --bulk` database, migrated), when one is named.
func TestDashboardMatchesBeforeOnBench(t *testing.T) {
	dsn := os.Getenv("TRELLIS_BENCH_DB")
	if dsn == "" {
		t.Skip("TRELLIS_BENCH_DB names no database")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{MaxReaders: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := &relationships.Service{DB: db}
	for _, zone := range []string{"UTC", "Pacific/Auckland", "Pacific/Honolulu"} {
		svc.Location = mustLoad(t, zone)
		for day := range 10 {
			now := time.Now().AddDate(0, 0, 4*day)
			svc.Now = func() time.Time { return now }
			sameDashboard(t, ctx, svc, zone+" "+now.Format(time.DateOnly))
		}
	}
}

func sameDashboard(t *testing.T, ctx context.Context, svc *relationships.Service, when string) relationships.Dashboard {
	t.Helper()
	got, err := svc.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := svc.DashboardBefore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s: dashboard\n%s\nbefore\n%s", when, g, w)
	}
	if got.PastCadenceCount == 0 && got.DueThisWeekCount == 0 {
		t.Logf("%s: no key member due", when)
	}
	return got
}

// TestDashboardTiesGoByName: when more key members fall due on the last
// shown day than the lists hold, which are shown goes by name, not by the
// order they were added in, and archived key members among them take no
// place. Thirty key members contacted on one day, named in the reverse
// order of their ids, some archived.
func TestDashboardTiesGoByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, time.UTC)
		var ids []int64
		for i := range 30 {
			id := f.addMember(memberRow{name: fmt.Sprintf("Member %02d", 30-i), archived: i%7 == 3})
			if _, err := f.svc.SetKeyMember(f.ctx, id, 14, nil, ""); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		f.log(base.AddDate(0, 0, -20).Format("2006-01-02"), ids...) // all due six days ago
		f.log(base.AddDate(0, 0, -10).Format("2006-01-02"), ids[:12]...)
		f.log(base.AddDate(0, 0, -12).Format("2006-01-02"), ids[12:]...)
		for _, now := range []time.Time{base, base.AddDate(0, 0, 3), base.AddDate(0, 0, 9)} {
			f.now = now
			d := sameDashboard(t, f.ctx, f.svc, now.Format(time.DateOnly))
			for _, list := range [][]relationships.KeyMemberStatus{d.PastCadence, d.DueThisWeek} {
				for i := 1; i < len(list); i++ {
					if list[i-1].NextDue == list[i].NextDue && list[i-1].Name > list[i].Name {
						t.Errorf("%s: %s before %s, due the same day", now.Format(time.DateOnly), list[i-1].Name, list[i].Name)
					}
				}
			}
		}
		f.now = base.AddDate(0, 0, 9)
		d, err := f.svc.Dashboard(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.PastCadenceCount != 26 || len(d.PastCadence) != relationships.DashboardShown || d.PastCadence[0].Name != "Member 01" {
			t.Errorf("past cadence: %d, showing %d from %q; want 26 from Member 01", d.PastCadenceCount, len(d.PastCadence), d.PastCadence[0].Name)
		}
	})
}
