package members

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestChildrenReadIndexWithoutStatistics: on PostgreSQL, a page's tags are
// read through the member_id index even when the table has never been
// analysed, as after a bulk load on a server with autovacuum off.
func TestChildrenReadIndexWithoutStatistics(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skip("PostgreSQL only")
	}
	db := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	ms := make([]BulkMember, 5000)
	for i := range ms {
		ms[i] = BulkMember{CreatedAt: time.Unix(1, 0), Member: Member{Name: fmt.Sprintf("Member %d", i),
			Tags: []string{"a", "b"}, Interests: []string{"c"}, Languages: []string{"d"}}}
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
	from, args := childrenOf(store.Postgres, ids)
	rows, err := db.Query(ctx, "EXPLAIN SELECT member_id, kind, tag"+from("member_tags"), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if strings.Contains(plan.String(), "Seq Scan on member_tags") {
		t.Errorf("the tags of a page are read with a sequential scan:\n%s", plan.String())
	}
}
