package accounts

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// FeedTokenPrefix starts every calendar feed token. It differs from
// TokenPrefix so a feed URL, which people paste into calendar apps and
// share more loosely, can never be taken for an API token.
const FeedTokenPrefix = "trlcal_"

// FeedToken is a calendar subscription secret as listed to its owner. The
// secret itself is shown only when it is created.
type FeedToken struct {
	ID         int64
	UserID     int64
	Name       string // where it is used ("Phone"), may be empty
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

var errFeedTokenInvalid = apperr.NotFoundf("There is no such calendar feed.")

// CreateFeedToken makes a calendar subscription secret for a user and
// returns it in plain text ("trlcal_" and 43 more characters), to be put
// in a feed URL. Only a hash is stored. name is optional, at most 100
// characters (Invalid on field "name"). It returns NotFound for an
// unknown user and Forbidden for a disabled one.
func (s *Service) CreateFeedToken(ctx context.Context, userID int64, name string) (string, FeedToken, error) {
	name = strings.TrimSpace(name)
	if name != "" {
		var fe apperr.FieldErrors
		checkLabel(&fe, "name", name, maxTokenNameLen)
		if err := fe.Err(); err != nil {
			return "", FeedToken{}, err
		}
	}
	secret, err := newSecret()
	if err != nil {
		return "", FeedToken{}, err
	}
	plaintext := FeedTokenPrefix + secret
	now := s.now()
	t := FeedToken{UserID: userID, Name: name, CreatedAt: fromUnix(now.Unix())}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return errAccountDisabled
		}
		t.ID, err = tx.Insert(ctx, `INSERT INTO feed_tokens (user_id, name, token_hash, created_at)
			VALUES (?, ?, ?, ?)`, userID, name, hashSecret(plaintext), now.Unix())
		if err != nil {
			return fmt.Errorf("insert feed token: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "feed_token", EntityID: t.ID, Action: "create",
			Summary: fmt.Sprintf("Created a calendar subscription URL for %s", u.Name),
		})
	})
	if err != nil {
		return "", FeedToken{}, err
	}
	return plaintext, t, nil
}

// FeedTokenUser returns the user a calendar feed token belongs to, for
// reading feeds only. It returns NotFound, the same for every case so a
// guessed URL learns nothing, when the token is malformed, unknown or
// revoked or its user is disabled. Use is recorded in last_used_at, at
// most once a minute.
func (s *Service) FeedTokenUser(ctx context.Context, plaintext string) (User, error) {
	if !strings.HasPrefix(plaintext, FeedTokenPrefix) || len(plaintext) != len(FeedTokenPrefix)+43 {
		return User{}, errFeedTokenInvalid
	}
	hash := hashSecret(plaintext)
	var tokenID int64
	var stored string
	var lastUsed, revoked *int64
	u, err := scanUser(s.DB.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.role, u.created_at, u.disabled_at,
			t.id, t.token_hash, t.last_used_at, t.revoked_at
		FROM feed_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ?`, hash), &tokenID, &stored, &lastUsed, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errFeedTokenInvalid
	}
	if err != nil {
		return User{}, fmt.Errorf("look up feed token: %w", err)
	}
	// The index found the row by hash; comparing again in constant time
	// costs nothing and keeps the check itself free of timing.
	if subtle.ConstantTimeCompare([]byte(stored), []byte(hash)) != 1 || revoked != nil || !u.Active() {
		return User{}, errFeedTokenInvalid
	}
	now := s.now().Unix()
	if lastUsed == nil || now-*lastUsed >= int64(touchEvery/time.Second) {
		if _, err := s.DB.Exec(ctx, "UPDATE feed_tokens SET last_used_at = ? WHERE id = ?", now, tokenID); err != nil {
			return User{}, fmt.Errorf("touch feed token: %w", err)
		}
	}
	return u, nil
}

// ListFeedTokens returns a user's feed tokens, revoked ones included,
// newest first; empty, never nil, when there are none.
func (s *Service) ListFeedTokens(ctx context.Context, userID int64) ([]FeedToken, error) {
	rows, err := s.DB.Query(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM feed_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list feed tokens: %w", err)
	}
	defer rows.Close()
	tokens := []FeedToken{}
	for rows.Next() {
		var t FeedToken
		var created int64
		var lastUsed, revoked *int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &lastUsed, &revoked); err != nil {
			return nil, fmt.Errorf("list feed tokens: %w", err)
		}
		t.CreatedAt = fromUnix(created)
		t.LastUsedAt = fromNullUnix(lastUsed)
		t.RevokedAt = fromNullUnix(revoked)
		tokens = append(tokens, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list feed tokens: %w", err)
	}
	return tokens, nil
}

// RevokeFeedToken stops one of a user's feed URLs from working, for good.
// It returns NotFound when the user has no feed token with that id
// (including one that belongs to someone else). Revoking twice changes
// nothing.
func (s *Service) RevokeFeedToken(ctx context.Context, userID, tokenID int64) error {
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var owner string
		var revoked *int64
		err := tx.QueryRow(ctx, `SELECT t.revoked_at, u.name
			FROM feed_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.id = ? AND t.user_id = ?`, tokenID, userID).Scan(&revoked, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no such calendar subscription URL.")
		}
		if err != nil {
			return fmt.Errorf("load feed token %d: %w", tokenID, err)
		}
		if revoked != nil {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE feed_tokens SET revoked_at = ? WHERE id = ?", now.Unix(), tokenID); err != nil {
			return fmt.Errorf("revoke feed token %d: %w", tokenID, err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "feed_token", EntityID: tokenID, Action: "revoke",
			Summary: fmt.Sprintf("Revoked a calendar subscription URL of %s", owner),
		})
	})
}
