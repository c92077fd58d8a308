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

func TestSetKeyMember(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada Lovelace")
		groups, err := f.svc.ListGroups(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		leadership, funders := groups[0].ID, groups[1].ID

		km, err := f.svc.SetKeyMember(f.ctx, ada, relationships.Monthly, []int64{funders, leadership, funders}, " Chairs the board ")
		if err != nil {
			t.Fatal(err)
		}
		if km.MemberID != ada || km.CadenceDays != 30 || km.Note != "Chairs the board" || !km.Since.Equal(base) {
			t.Fatalf("created %+v", km)
		}
		if len(km.Groups) != 2 || km.Groups[0].ID != leadership || km.Groups[1].ID != funders {
			t.Fatalf("groups %+v, want Leadership then Funders, once each", km.Groups)
		}

		// An edit a week later changes cadence and groups but not Since.
		f.now = base.Add(7 * 24 * time.Hour)
		km, err = f.svc.SetKeyMember(f.ctx, ada, relationships.Quarterly, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		if km.CadenceDays != 91 || len(km.Groups) != 0 || km.Groups == nil || !km.Since.Equal(base) {
			t.Fatalf("updated %+v, want quarterly, no groups (empty, not nil), since %v", km, base)
		}
		got, err := f.svc.GetKeyMember(f.ctx, ada)
		if err != nil {
			t.Fatal(err)
		}
		if got.CadenceDays != km.CadenceDays || !got.Since.Equal(km.Since) {
			t.Errorf("GetKeyMember %+v, want %+v", got, km)
		}

		tests := []struct {
			name    string
			member  int64
			cadence int
			groups  []int64
			note    string
			code    apperr.Code
			field   string
		}{
			{"cadence zero", ada, 0, nil, "", apperr.Invalid, "cadence_days"},
			{"cadence over a year", ada, 367, nil, "", apperr.Invalid, "cadence_days"},
			{"unknown group", ada, 30, []int64{leadership, 999}, "", apperr.Invalid, "groups"},
			{"note too long", ada, 30, nil, string(slices.Repeat([]byte("n"), 2001)), apperr.Invalid, "note"},
			{"unknown member", 999, 30, nil, "", apperr.NotFound, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.SetKeyMember(f.ctx, tt.member, tt.cadence, tt.groups, tt.note)
				checkErr(t, err, tt.code, tt.field)
			})
		}
		// A failed change leaves the record as it was.
		if got, _ := f.svc.GetKeyMember(f.ctx, ada); got.CadenceDays != 91 {
			t.Errorf("after failed edits cadence %d, want 91", got.CadenceDays)
		}

		if err := f.svc.RemoveKeyMember(f.ctx, ada); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GetKeyMember(f.ctx, ada)
		checkErr(t, err, apperr.NotFound, "")
		checkErr(t, f.svc.RemoveKeyMember(f.ctx, ada), apperr.NotFound, "")

		if got := f.auditActions("key_member", ada); !slices.Equal(got, []string{"create", "update", "delete"}) {
			t.Errorf("audit %v, want create, update, delete", got)
		}
	})
}
