package programming

import (
	"context"

	"github.com/trellis-community/trellis/internal/store"
)

// backfillKey marks, in settings, a database whose attendance has been
// given its activities once; from then on every change keeps them in step.
const backfillKey = "programming.attendance_activities"

// BackfillActivities gives attendance recorded before attendance became
// activities its activities, once: app.Open calls it at every start, and
// after the first it costs one lookup. It runs in one transaction with
// the mark it leaves, so a start that fails part way leaves nothing half
// done, and two processes starting at once write the same rows. It
// returns how many entries it covered.
//
// At start-up rather than as a migration: the activities are computed in
// Go (a moved date's start, a session's title or its programme's), which
// SQL migrations cannot call; and rather than a command, because nobody
// should have to know to run it.
func (s *Service) BackfillActivities(ctx context.Context) (int, error) {
	if s.Activities == nil {
		return 0, nil
	}
	var n int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var done int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM settings WHERE key = ?", backfillKey).Scan(&done); err != nil || done > 0 {
			return err
		}
		all := attScope{"1 = 1", nil}
		entries, err := attended(ctx, tx, all)
		if err != nil {
			return err
		}
		n = len(entries)
		if err := s.syncActivities(ctx, tx, all, nil); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, 'done') ON CONFLICT (key) DO NOTHING", backfillKey)
		return err
	})
	return n, store.Wrap(err, "Could not give recorded attendance its activities.")
}
