package accounts

import (
	"context"
	"fmt"
)

// PurgeExpired deletes expired sessions and sign-in attempts older than a
// day, and returns how many rows went. Run it now and then (a daily job);
// nothing breaks if it never runs, the tables just grow.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", now.Unix())
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	sessions, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	res, err = s.DB.Exec(ctx, "DELETE FROM login_attempts WHERE at < ?", now.Add(-attemptRetention).Unix())
	if err != nil {
		return sessions, fmt.Errorf("purge login attempts: %w", err)
	}
	attempts, err := res.RowsAffected()
	if err != nil {
		return sessions, fmt.Errorf("purge login attempts: %w", err)
	}
	return sessions + attempts, nil
}
