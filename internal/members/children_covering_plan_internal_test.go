package members

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestChildrenReadIndexOnly: on PostgreSQL, a page's emails, tags and
// identities are read from their tables' primary keys alone (index-only
// scans), never from the tables' heaps, once a VACUUM has marked the
// pages all-visible as a bulk load's does (migration 0044).
func TestChildrenReadIndexOnly(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skip("PostgreSQL only")
	}
	db := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	ms := make([]BulkMember, 2000)
	for i := range ms {
		ms[i] = BulkMember{CreatedAt: time.Unix(1, 0), Member: Member{Name: fmt.Sprintf("Member %d", i),
			Emails:     []Email{{Address: fmt.Sprintf("m%d@example.org", i), Primary: true}},
			Identities: []Identity{{Platform: "github", Handle: fmt.Sprintf("m%d", i)}},
			Tags:       []string{"a", "b"}, Interests: []string{"c"}, Languages: []string{"d"}}}
	}
	var ids []any
	err := db.InBulkTx(ctx, func(tx *store.Tx) error {
		got, err := WriteBulk(ctx, tx, ms)
		for _, id := range got[:50] {
			ids = append(ids, id)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "VACUUM (ANALYZE) member_emails, member_tags, member_identities"); err != nil {
		t.Fatal(err)
	}
	from, args := childrenOf(store.Postgres, ids)
	// childrenSQL's branches, one a table, in its order.
	branches := strings.Split(childrenSQL(from), " UNION ALL ")
	for i, table := range []string{"member_emails", "member_tags", "member_identities"} {
		query := branches[i]
		var plan strings.Builder
		err := store.EachRow(ctx, db, "EXPLAIN "+query, args, func(rows *sql.Rows) error {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan.WriteString(line + "\n")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan.String(), "Index Only Scan using "+table+"_pkey") {
			t.Errorf("%s of a page are not read from its primary key alone:\n%s", table, plan.String())
		}
	}
}
