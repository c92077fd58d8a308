package members_test

import (
	"fmt"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateBatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		batch := []members.Member{fullMember(), named("Grace Hopper", nil), named("Katherine Johnson", func(m *members.Member) {
			m.Tags = []string{"speaker"}
		})}
		ids, err := svc.CreateBatch(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 3 {
			t.Fatalf("got %d ids, want 3", len(ids))
		}
		for i, id := range ids {
			got, err := svc.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			// A batch stores exactly what Create would.
			want, _ := members.Validate(batch[i])
			want.ID, want.CreatedAt, want.UpdatedAt, want.Version = id, start, start, 1
			sameMember(t, got, want)
			if actions := auditActions(t, db, id); len(actions) != 1 || actions[0] != "create" {
				t.Errorf("member %d audit = %v", id, actions)
			}
		}
		if ids, err := svc.CreateBatch(ctx, nil); err != nil || len(ids) != 0 {
			t.Fatalf("empty batch = %v, %v", ids, err)
		}
	})
}

func TestCreateBatchIsAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		var batch []members.Member
		for i := range 20 {
			batch = append(batch, named(fmt.Sprint("Member ", i), nil))
		}
		batch[12].ORCID = "0000-0002-1825-0098"
		batch[15].Name = ""
		_, err := svc.CreateBatch(ctx, batch)
		fields := fieldsOf(t, err)
		if fields["members[12].orcid"] == "" || fields["members[15].name"] == "" || len(fields) != 2 {
			t.Fatalf("fields = %v, want members[12].orcid and members[15].name", fields)
		}

		// A failure in the database half way through rolls back the rows
		// already written: a trigger refuses the last member.
		batch[12].ORCID, batch[15].Name = "", "Member 15"
		batch[19].Name = "Refused"
		trigger := map[store.Dialect][]string{
			store.SQLite: {`CREATE TRIGGER refuse BEFORE INSERT ON members WHEN NEW.name = 'Refused'
				BEGIN SELECT RAISE(ABORT, 'refused'); END`},
			store.Postgres: {`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN IF NEW.name = 'Refused' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
				`CREATE TRIGGER refuse BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION refuse()`},
		}
		for _, q := range trigger[db.Dialect] {
			if _, err := db.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		_, err = svc.CreateBatch(ctx, batch)
		wantCode(t, err, apperr.Internal)
		var n int
		for _, table := range []string{"members", "audit_log"} {
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s has %d rows after a failed batch (%v), want 0", table, n, err)
			}
		}
	})
}
