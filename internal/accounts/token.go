package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// TokenPrefix starts every API token, so a token pasted somewhere it should
// not be (a chat, a public repository) is easy to recognise and scan for.
const TokenPrefix = "trl_"

// Token is a personal API token as listed to its owner. The token itself
// is shown only when it is created.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

var errTokenInvalid = apperr.New(apperr.Unauthorized, "This API token is not valid.")

// CreateToken makes a personal API token for a user and returns it in
// plain text ("trl_" and 43 more characters) along with its listing. Only a
// hash is stored, so the plain text cannot be shown again. name says what
// the token is for ("Weekly report script"); it is required, at most 100
// characters (Invalid on field "name"). It returns NotFound for an unknown
// user and Forbidden for a disabled one.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, Token, error) {
	name = strings.TrimSpace(name)
	var fe apperr.FieldErrors
	checkLabel(&fe, "name", name, maxTokenNameLen)
	if err := fe.Err(); err != nil {
		return "", Token{}, err
	}
	secret, err := newSecret()
	if err != nil {
		return "", Token{}, err
	}
	plaintext := TokenPrefix + secret
	now := s.now()
	t := Token{UserID: userID, Name: name, CreatedAt: fromUnix(now.Unix())}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return errAccountDisabled
		}
		t.ID, err = tx.Insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at)
			VALUES (?, ?, ?, ?)`, userID, name, hashSecret(plaintext), now.Unix())
		if err != nil {
			return fmt.Errorf("insert api token: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "api_token", EntityID: t.ID, Action: "create",
			Summary: fmt.Sprintf("Created API token %q for %s", name, u.Name),
		})
	})
	if err != nil {
		return "", Token{}, err
	}
	return plaintext, t, nil
}

// TokenUser returns the user an API token belongs to. It returns
// Unauthorized when the token is unknown or revoked or its user is
// disabled. Use is recorded in last_used_at, at most once a minute.
func (s *Service) TokenUser(ctx context.Context, plaintext string) (User, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return User{}, errTokenInvalid
	}
	var tokenID int64
	var lastUsed, revoked *int64
	u, err := scanUser(s.DB.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.role, u.created_at, u.disabled_at,
			t.id, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ?`, hashSecret(plaintext)), &tokenID, &lastUsed, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errTokenInvalid
	}
	if err != nil {
		return User{}, fmt.Errorf("look up api token: %w", err)
	}
	switch {
	case revoked != nil:
		return User{}, apperr.New(apperr.Unauthorized, "This API token has been revoked.")
	case !u.Active():
		return User{}, apperr.New(apperr.Unauthorized, "The team account this API token belongs to is disabled.")
	}
	now := s.now().Unix()
	if lastUsed == nil || now-*lastUsed >= int64(touchEvery/time.Second) {
		if _, err := s.DB.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, tokenID); err != nil {
			return User{}, fmt.Errorf("touch api token: %w", err)
		}
	}
	return u, nil
}

// ListTokens returns a user's tokens, revoked ones included, newest first.
// The slice is empty, never nil, when there are none (or no such user).
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.DB.Query(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	defer rows.Close()
	tokens := []Token{}
	for rows.Next() {
		var t Token
		var created int64
		var lastUsed, revoked *int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &lastUsed, &revoked); err != nil {
			return nil, fmt.Errorf("list api tokens: %w", err)
		}
		t.CreatedAt = fromUnix(created)
		t.LastUsedAt = fromNullUnix(lastUsed)
		t.RevokedAt = fromNullUnix(revoked)
		tokens = append(tokens, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return tokens, nil
}

// RevokeToken stops one of a user's tokens from working, for good. It
// returns NotFound when the user has no token with that id (including one
// that belongs to someone else). Revoking a revoked token changes nothing.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name, owner string
		var revoked *int64
		err := tx.QueryRow(ctx, `SELECT t.name, t.revoked_at, u.name
			FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.id = ? AND t.user_id = ?`, tokenID, userID).Scan(&name, &revoked, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no such API token.")
		}
		if err != nil {
			return fmt.Errorf("load api token %d: %w", tokenID, err)
		}
		if revoked != nil {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", now.Unix(), tokenID); err != nil {
			return fmt.Errorf("revoke api token %d: %w", tokenID, err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "api_token", EntityID: tokenID, Action: "revoke",
			Summary: fmt.Sprintf("Revoked API token %q of %s", name, owner),
		})
	})
}

// revokeUserTokens revokes every live secret the user made besides their
// password: API tokens and calendar subscription URLs (feed tokens), each
// with its own audit entry, and returns how many it revoked.
func revokeUserTokens(ctx context.Context, tx *store.Tx, u User, now time.Time) (int, error) {
	kinds := []struct{ table, entity, what string }{
		{"api_tokens", "api_token", "API token"},
		{"feed_tokens", "feed_token", "calendar subscription URL"},
	}
	type live struct {
		id   int64
		name string
	}
	total := 0
	for _, k := range kinds {
		rows, err := tx.Query(ctx, "SELECT id, name FROM "+k.table+" WHERE user_id = ? AND revoked_at IS NULL ORDER BY id", u.ID)
		if err != nil {
			return 0, fmt.Errorf("list %s of user %d: %w", k.table, u.ID, err)
		}
		var tokens []live
		for rows.Next() {
			var t live
			if err := rows.Scan(&t.id, &t.name); err != nil {
				rows.Close()
				return 0, fmt.Errorf("list %s of user %d: %w", k.table, u.ID, err)
			}
			tokens = append(tokens, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("list %s of user %d: %w", k.table, u.ID, err)
		}
		if len(tokens) == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "UPDATE "+k.table+" SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
			now.Unix(), u.ID); err != nil {
			return 0, fmt.Errorf("revoke %s of user %d: %w", k.table, u.ID, err)
		}
		for _, t := range tokens {
			if err := audit.Record(ctx, tx, now, audit.Change{
				Entity: k.entity, EntityID: t.id, Action: "revoke",
				Summary: fmt.Sprintf("Revoked %s %q of %s with a password change", k.what, t.name, u.Name),
			}); err != nil {
				return 0, err
			}
		}
		total += len(tokens)
	}
	return total, nil
}
