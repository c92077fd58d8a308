package participation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		calls := 0
		f.svc.RulesChanged = func(context.Context) error { calls++; return nil }
		st, err := f.svc.Settings(f.ctx)
		if err != nil || st.WindowDays != 90 || st.HalfLifeDays != 90 || st.Version != 1 {
			t.Fatalf("defaults: %+v %v", st, err)
		}
		for _, tc := range []struct {
			name       string
			in         participation.Settings
			wantCode   apperr.Code
			wantFields []string
			wantCalls  int
			want       participation.Settings
		}{
			{"too short and too long", participation.Settings{WindowDays: 6, HalfLifeDays: 731}, apperr.Invalid, []string{"window_days", "half_life_days"}, 0, participation.Settings{WindowDays: 90, HalfLifeDays: 90, Version: 1}},
			{"a change", participation.Settings{WindowDays: 60, HalfLifeDays: 30, Version: 1}, "", nil, 1, participation.Settings{WindowDays: 60, HalfLifeDays: 30, Version: 2}},
			{"the same again writes nothing", participation.Settings{WindowDays: 60, HalfLifeDays: 30, Version: 2}, "", nil, 1, participation.Settings{WindowDays: 60, HalfLifeDays: 30, Version: 2}},
			{"made on an old version", participation.Settings{WindowDays: 120, HalfLifeDays: 30, Version: 1}, apperr.Conflict, nil, 1, participation.Settings{WindowDays: 60, HalfLifeDays: 30, Version: 2}},
			{"no version: applied to what stands", participation.Settings{WindowDays: 7, HalfLifeDays: 730}, "", nil, 2, participation.Settings{WindowDays: 7, HalfLifeDays: 730, Version: 3}},
		} {
			_, err := f.svc.SaveSettings(f.ctx, tc.in)
			var ae *apperr.Error
			switch {
			case tc.wantCode == "" && err != nil:
				t.Errorf("%s: %v", tc.name, err)
			case tc.wantCode != "" && (!errors.As(err, &ae) || ae.Code != tc.wantCode):
				t.Errorf("%s: err %v, want %s", tc.name, err, tc.wantCode)
			}
			for _, field := range tc.wantFields {
				if ae == nil || ae.Fields[field] == "" {
					t.Errorf("%s: no error on %s: %v", tc.name, field, err)
				}
			}
			if calls != tc.wantCalls {
				t.Errorf("%s: RulesChanged ran %d times, want %d", tc.name, calls, tc.wantCalls)
			}
			if got, err := f.svc.Settings(f.ctx); err != nil || got != tc.want {
				t.Errorf("%s: settings %+v %v, want %+v", tc.name, got, err, tc.want)
			}
		}
	})
}
