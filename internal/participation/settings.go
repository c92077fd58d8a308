package participation

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Settings are what every member's standing is derived with. A manager
// changes them on the activity kinds page; a change re-derives everyone.
type Settings struct {
	// WindowDays is how far back a member's current mode looks: their
	// mode is the deepest one they were active in over the last
	// WindowDays days. 90 by default: a quarter holds a few community
	// calls and a release cycle, so one quiet month does not read as a
	// member dropping a mode.
	WindowDays int `json:"window_days"`
	// HalfLifeDays is engagement's half-life: an activity counts its
	// kind's weight today and half of it HalfLifeDays later.
	HalfLifeDays int   `json:"half_life_days"`
	Version      int64 `json:"version"`
}

// Bounds of the settings, as the table's CHECKs hold them.
const (
	MinWindowDays   = 7
	MaxWindowDays   = 730
	MinHalfLifeDays = 1
	MaxHalfLifeDays = 730
)

// Window is WindowDays as a duration.
func (st Settings) Window() time.Duration { return time.Duration(st.WindowDays) * 24 * time.Hour }

// HalfLife is HalfLifeDays as a duration.
func (st Settings) HalfLife() time.Duration { return time.Duration(st.HalfLifeDays) * 24 * time.Hour }

func (st Settings) check(fe *apperr.FieldErrors) {
	if st.WindowDays < MinWindowDays || st.WindowDays > MaxWindowDays {
		fe.Add("window_days", "must be a whole number of days from %d to %d", MinWindowDays, MaxWindowDays)
	}
	if st.HalfLifeDays < MinHalfLifeDays || st.HalfLifeDays > MaxHalfLifeDays {
		fe.Add("half_life_days", "must be a whole number of days from %d to %d", MinHalfLifeDays, MaxHalfLifeDays)
	}
}

// Settings returns the settings in force.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	return loadSettings(ctx, s.DB)
}

func loadSettings(ctx context.Context, q store.Querier) (Settings, error) {
	var st Settings
	err := q.QueryRow(ctx, "SELECT window_days, half_life_days, version FROM participation_settings WHERE id = 1").
		Scan(&st.WindowDays, &st.HalfLifeDays, &st.Version)
	return st, store.Wrap(err, "Could not load the participation settings.")
}

// SaveSettings changes the window and half-life, for writers. in.Version
// is the version the manager's form was made on (0: whatever stands):
// when a colleague saved since, the change is refused with Conflict
// saying what they set, rather than overwriting it. A save that changes
// nothing writes nothing; otherwise RulesChanged runs after the commit.
func (s *Service) SaveSettings(ctx context.Context, in Settings) (Settings, error) {
	var fe apperr.FieldErrors
	in.check(&fe)
	if err := fe.Err(); err != nil {
		return Settings{}, err
	}
	changed := false
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != old.Version {
			return &apperr.Error{Code: apperr.Conflict,
				Message: fmt.Sprintf("The participation settings changed since you opened them (you opened version %d; they are now at version %d). Review them and save again with version %d.",
					in.Version, old.Version, old.Version),
				Stale: &apperr.Stale{Version: old.Version, Changes: []apperr.Change{
					{Field: "window_days", New: fmt.Sprint(old.WindowDays)},
					{Field: "half_life_days", New: fmt.Sprint(old.HalfLifeDays)},
				}}}
		}
		if in.WindowDays == old.WindowDays && in.HalfLifeDays == old.HalfLifeDays {
			return nil
		}
		changed = true
		// The row is locked by the UPDATE; the version in WHERE makes a
		// concurrent save that read the same version lose, not overwrite.
		res, err := tx.Exec(ctx, "UPDATE participation_settings SET window_days = ?, half_life_days = ?, version = version + 1, updated_at = ? WHERE id = 1 AND version = ?",
			in.WindowDays, in.HalfLifeDays, s.now().Unix(), old.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err == nil {
				err = apperr.New(apperr.Conflict, "The participation settings changed while yours were being saved. Reload them and save again.")
			}
			return err
		}
		summary := fmt.Sprintf("Changed participation settings: window %d days (was %d), engagement half-life %d days (was %d)",
			in.WindowDays, old.WindowDays, in.HalfLifeDays, old.HalfLifeDays)
		return audit.Record(ctx, tx, s.now(), audit.Change{Entity: "participation_settings", EntityName: "Participation settings", Action: "update", Summary: summary})
	})
	if err != nil {
		return Settings{}, store.Wrap(err, "Could not save the participation settings.")
	}
	st, err := s.Settings(ctx)
	if err != nil || !changed || s.RulesChanged == nil {
		return st, err
	}
	if err := s.RulesChanged(ctx); err != nil {
		return st, fmt.Errorf("after changing the participation settings: %w", err)
	}
	return st, nil
}
