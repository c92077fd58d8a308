package relationships_test

import (
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestGroups(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		groups, err := f.svc.ListGroups(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range groups {
			if !g.Builtin {
				t.Errorf("group %q is not built in", g.Name)
			}
			names = append(names, g.Name)
		}
		want := []string{"Leadership", "Funders", "Champions", "Partners", "Advisory board"}
		if !slices.Equal(names, want) {
			t.Fatalf("built-in groups %v, want %v", names, want)
		}

		press, err := f.svc.CreateGroup(f.ctx, "  Press  ")
		if err != nil {
			t.Fatal(err)
		}
		if press.Name != "Press" || press.Builtin || press.ID == 0 {
			t.Fatalf("created %+v", press)
		}

		tests := []struct {
			name  string
			input string
			code  apperr.Code
			field string
		}{
			{"empty", "   ", apperr.Invalid, "name"},
			{"too long", string(slices.Repeat([]byte("x"), 81)), apperr.Invalid, "name"},
			{"duplicate", "Press", apperr.Conflict, ""},
			{"duplicate ignoring case", "funders", apperr.Conflict, ""},
		}
		for _, tt := range tests {
			t.Run("create "+tt.name, func(t *testing.T) {
				_, err := f.svc.CreateGroup(f.ctx, tt.input)
				checkErr(t, err, tt.code, tt.field)
			})
		}

		ada := f.member("Ada")
		if _, err := f.svc.SetKeyMember(f.ctx, ada, 30, []int64{press.ID, groups[0].ID}, ""); err != nil {
			t.Fatal(err)
		}
		checkErr(t, f.svc.DeleteGroup(f.ctx, groups[0].ID), apperr.Invalid, "")
		checkErr(t, f.svc.DeleteGroup(f.ctx, 9999), apperr.NotFound, "")
		if err := f.svc.DeleteGroup(f.ctx, press.ID); err != nil {
			t.Fatal(err)
		}
		km, err := f.svc.GetKeyMember(f.ctx, ada)
		if err != nil {
			t.Fatal(err)
		}
		if len(km.Groups) != 1 || km.Groups[0].Name != "Leadership" {
			t.Errorf("after deleting Press, groups %+v, want Leadership only", km.Groups)
		}
		if got := f.auditActions("stakeholder_group", press.ID); !slices.Equal(got, []string{"create", "delete"}) {
			t.Errorf("audit %v, want create, delete", got)
		}
	})
}
