package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// touchEvery limits how often using a session or token writes to the
// database: last-seen times are for people, who do not need them to the
// second.
const touchEvery = time.Minute

var (
	errSessionEnded    = apperr.New(apperr.Unauthorized, "Your session has ended. Please sign in again.")
	errAccountDisabled = apperr.New(apperr.Forbidden, "This team account is disabled.")
)

// CreateSession starts a browser session for a user who has just signed in
// and returns the cookie value (shown only this once: the database keeps a
// hash) and when the session expires unless it is used. userAgent and ip
// are kept so a person can recognise their sessions. It returns NotFound
// for an unknown user and Forbidden for a disabled one.
func (s *Service) CreateSession(ctx context.Context, userID int64, userAgent, ip string) (string, time.Time, error) {
	token, err := newSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.now()
	expires := fromUnix(now.Add(s.sessionTTL()).Unix())
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return errAccountDisabled
		}
		_, err = tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hashSecret(token), userID, now.Unix(), expires.Unix(), now.Unix(),
			clean(userAgent, maxUserAgentBytes), clean(ip, maxIPBytes))
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// SessionUser returns the user a session cookie belongs to. It returns
// Unauthorized when the cookie is unknown, the session has expired or the
// user is disabled. Using a session records when it was last seen (at most
// once a minute) and, past half its life, extends it to a full SessionTTL
// from now. The database is the authority on expiry, so the web layer may
// simply renew the cookie's own expiry on every successful call.
func (s *Service) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errSessionEnded
	}
	hash := hashSecret(token)
	var expiresAt, lastSeen int64
	u, err := scanUser(s.DB.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.role, u.created_at, u.disabled_at,
			s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ?`, hash), &expiresAt, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errSessionEnded
	}
	if err != nil {
		return User{}, fmt.Errorf("look up session: %w", err)
	}
	now := s.now().Unix()
	if expiresAt <= now || !u.Active() {
		return User{}, errSessionEnded
	}
	ttl := int64(s.sessionTTL() / time.Second)
	newExpiry := expiresAt
	if expiresAt-now < ttl/2 {
		newExpiry = now + ttl
	}
	if newExpiry != expiresAt || now-lastSeen >= int64(touchEvery/time.Second) {
		if _, err := s.DB.Exec(ctx, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
			now, newExpiry, hash); err != nil {
			return User{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return u, nil
}

// DeleteSession ends a session (signing out). Ending a session that does
// not exist, or no longer does, is not an error.
func (s *Service) DeleteSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	if _, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashSecret(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
