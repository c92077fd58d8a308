package relationships_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestMergeMembers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		keepKey    bool // keep is a key member: monthly, Leadership + Funders
		dropKey    bool // drop is a key member: quarterly, Funders + Partners
		wantKey    bool
		wantCad    int
		wantGroups []string
		wantAudit  []string // key_member actions on keep
	}{
		{"both key: keep's record, groups united", true, true, true, 30, []string{"Leadership", "Funders", "Partners"}, []string{"create", "merge"}},
		{"only drop key: record moves", false, true, true, 91, []string{"Funders", "Partners"}, []string{"merge"}},
		{"only keep key: untouched", true, false, true, 30, []string{"Leadership", "Funders"}, []string{"create"}},
		{"neither key", false, false, false, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db, base, nil)
				keep, drop, other := f.member("Ada Lovelace"), f.member("A. Lovelace"), f.member("Grace")
				groups, _ := f.svc.ListGroups(f.ctx)
				leadership, funders, partners := groups[0].ID, groups[1].ID, groups[3].ID
				dropSince := base.Add(-400 * 24 * time.Hour)
				if tt.dropKey {
					f.now = dropSince
					if _, err := f.svc.SetKeyMember(f.ctx, drop, 91, []int64{funders, partners}, "from the old record"); err != nil {
						t.Fatal(err)
					}
					f.now = base
				}
				if tt.keepKey {
					if _, err := f.svc.SetKeyMember(f.ctx, keep, 30, []int64{leadership, funders}, "kept"); err != nil {
						t.Fatal(err)
					}
				}
				both := f.log("2026-03-01", keep, drop)      // both took part: one row after merge
				dropOnly := f.log("2026-03-05", drop, other) // moves to keep
				keepOnly := f.log("2026-02-01", keep)
				fu := f.followUp("Thank A. Lovelace", "2026-03-20", drop)

				err := db.InTx(f.ctx, func(tx *store.Tx) error {
					if err := f.svc.MergeMembers(f.ctx, tx, keep, drop); err != nil {
						return err
					}
					// What members.Service does after its hooks.
					_, err := tx.Exec(f.ctx, "DELETE FROM members WHERE id = ?", drop)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}

				for _, it := range []relationships.Interaction{both, dropOnly, keepOnly} {
					got, err := f.svc.GetInteraction(f.ctx, it.ID)
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for _, m := range got.Members {
						if m.ID == drop {
							t.Errorf("interaction %d still lists the dropped member", it.ID)
						}
						if m.ID == keep {
							n++
						}
					}
					if n != 1 {
						t.Errorf("interaction %d lists the kept member %d times: %+v", it.ID, n, got.Members)
					}
				}
				if got, _ := f.svc.GetInteraction(f.ctx, dropOnly.ID); len(got.Members) != 2 {
					t.Errorf("Grace lost from a moved interaction: %+v", got.Members)
				}
				moved, err := f.svc.GetFollowUp(f.ctx, fu.ID)
				if err != nil || moved.MemberID != keep {
					t.Errorf("follow-up %+v (%v), want it about %d", moved, err, keep)
				}

				km, err := f.svc.GetKeyMember(f.ctx, keep)
				if !tt.wantKey {
					checkErr(t, err, apperr.NotFound, "")
				} else {
					if err != nil {
						t.Fatal(err)
					}
					var gnames []string
					for _, g := range km.Groups {
						gnames = append(gnames, g.Name)
					}
					if km.CadenceDays != tt.wantCad || !slices.Equal(gnames, tt.wantGroups) {
						t.Errorf("key member %+v, want cadence %d and groups %v", km, tt.wantCad, tt.wantGroups)
					}
					if !tt.keepKey && (!km.Since.Equal(dropSince) || km.Note != "from the old record") {
						t.Errorf("moved record %+v lost its since or note", km)
					}
				}
				st, err := f.svc.KeyMemberStatuses(f.ctx, keep)
				if err != nil {
					t.Fatal(err)
				}
				if tt.wantKey && (len(st) != 1 || st[0].LastContact != "2026-03-05" || st[0].InteractionsLastYear != 3) {
					t.Errorf("status after merge %+v, want last contact 2026-03-05 and 3 interactions", st)
				}
				if got := f.auditActions("key_member", keep); !slices.Equal(got, tt.wantAudit) {
					t.Errorf("audit %v, want %v", got, tt.wantAudit)
				}
			})
		})
	}
}

func TestMergeMembersIntoItself(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		err := db.InTx(f.ctx, func(tx *store.Tx) error { return f.svc.MergeMembers(f.ctx, tx, ada, ada) })
		checkErr(t, err, apperr.Invalid, "")
	})
}
