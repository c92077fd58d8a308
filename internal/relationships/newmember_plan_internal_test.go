package relationships

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestNewMembersReadIndexes: the dashboard's new-member queries read the
// joined and created indexes, not every member.
func TestNewMembersReadIndexes(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	for _, q := range []struct {
		where, index string
		args         []any
	}{
		{newByJoined, "members_joined", []any{"2026-03-01", "2026-04-01"}},
		{newByCreated, "members_created", []any{1, 2}},
	} {
		plan := storetest.QueryPlan(t, db, "SELECT COUNT(*) FROM members m WHERE "+q.where, q.args...)
		if !strings.Contains(plan, "USING INDEX "+q.index) && !strings.Contains(plan, "USING COVERING INDEX "+q.index) {
			t.Errorf("%s: plan does not read %s:\n%s", q.where, q.index, plan)
		}
	}
}
