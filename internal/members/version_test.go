package members_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/versions"
)

// staleOf fails the test unless err is a Conflict about a stale version,
// and returns what it says changed.
func staleOf(t *testing.T, err error) *apperr.Stale {
	t.Helper()
	wantCode(t, err, apperr.Conflict)
	var e *apperr.Error
	if !errors.As(err, &e) || e.Stale == nil {
		t.Fatalf("conflict %v carries no Stale", err)
	}
	return e.Stale
}

// Edits run at once on one member, each adding its own custom field to the
// record as it then stands: every one survives, with its audit entry.
func TestConcurrentEditsAllSurvive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, members.Member{Name: "Ada Lovelace"})
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = svc.Edit(ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
					m.CustomFields[fmt.Sprintf("k%02d", i)] = "v"
					return m, nil
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("edit %d: %v", i, err)
			}
		}
		got, err := svc.Get(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.CustomFields) != n || got.Version != n+1 {
			t.Errorf("%d fields at version %d, want %d at %d", len(got.CustomFields), got.Version, n, n+1)
		}
		if a := auditActions(t, db, ada.ID); len(a) != n+1 {
			t.Errorf("audit %v, want create and %d updates", a, n)
		}
	})
}

// Every kind of change moves the version on, so an update made against the
// version before it is refused with what that change did.
func TestEveryChangeMovesTheVersionOn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, members.Member{Name: "Ada Lovelace", Tags: []string{"mentor"}})
		changes := []struct {
			name   string
			do     func() error
			change apperr.Change
		}{
			{"update", func() error {
				m := ada
				m.Affiliation = "Royal Society"
				_, err := svc.Update(ctx, m)
				return err
			}, apperr.Change{Field: "affiliation", Old: "", New: "Royal Society"}},
			{"bulk tag", func() error {
				_, err := svc.BulkTag(ctx, []int64{ada.ID}, "speaker", false)
				return err
			}, apperr.Change{Field: "tags", Old: "mentor", New: "mentor, speaker"}},
			{"archive", func() error { return svc.Archive(ctx, ada.ID) },
				apperr.Change{Field: "archived_at", Old: "", New: "2026-03-14"}},
			{"unarchive", func() error { return svc.Unarchive(ctx, ada.ID) },
				apperr.Change{Field: "archived_at", Old: "2026-03-14", New: ""}},
		}
		for _, c := range changes {
			t.Run(c.name, func(t *testing.T) {
				before, err := svc.Get(ctx, ada.ID)
				if err != nil {
					t.Fatal(err)
				}
				if err := c.do(); err != nil {
					t.Fatal(err)
				}
				after, err := svc.Get(ctx, ada.ID)
				if err != nil {
					t.Fatal(err)
				}
				if after.Version != before.Version+1 {
					t.Fatalf("version %d -> %d, want one more", before.Version, after.Version)
				}
				// A form opened before the change, saved now.
				stale := before
				stale.Notes = "typed in the old form"
				_, err = svc.Update(ctx, stale)
				st := staleOf(t, err)
				if st.Version != after.Version || len(st.Changes) != 1 || st.Changes[0] != c.change {
					t.Errorf("stale: version %d, changes %+v; want %d, [%+v]", st.Version, st.Changes, after.Version, c.change)
				}
				if got, _ := svc.Get(ctx, ada.ID); got.Notes != "" || got.Version != after.Version {
					t.Errorf("the stale update wrote: notes %q, version %d", got.Notes, got.Version)
				}
			})
		}
	})
}

// A version older than the kept history is still refused, saying it is
// too old to list what changed; a stale delete deletes nothing.
func TestStaleBeyondTheKeptHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, members.Member{Name: "Ada Lovelace"})
		for i := range versions.Kept + 2 {
			if _, err := svc.Edit(ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
				m.Notes = fmt.Sprint("edit ", i)
				return m, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		var kept int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM member_versions WHERE member_id = ?", ada.ID).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != versions.Kept {
			t.Errorf("%d versions kept, want %d", kept, versions.Kept)
		}
		st := staleOf(t, svc.DeleteAt(ctx, ada.ID, 1))
		if len(st.Changes) != 0 || st.Version != versions.Kept+3 {
			t.Errorf("too old a version: %+v", st)
		}
		st = staleOf(t, svc.DeleteAt(ctx, ada.ID, versions.Kept+2))
		if len(st.Changes) != 1 || st.Changes[0].Field != "notes" {
			t.Errorf("changes %+v, want notes", st.Changes)
		}
		if _, err := svc.Get(ctx, ada.ID); err != nil {
			t.Fatalf("a stale delete deleted: %v", err)
		}
		if err := svc.DeleteAt(ctx, ada.ID, versions.Kept+3); err != nil {
			t.Fatal(err)
		}
		// The history goes with the member: erasing them erases it.
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM member_versions WHERE member_id = ?", ada.ID).Scan(&kept); err != nil || kept != 0 {
			t.Errorf("%d versions left after delete (%v)", kept, err)
		}
	})
}
