package accounts

import (
	"context"
	"fmt"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

var errLastOwner = apperr.New(apperr.Conflict,
	"Trellis needs at least one active owner. Make someone else an owner first.")

// SetPassword replaces a user's password and signs them out everywhere;
// API tokens keep working. It is ChangePassword with no options.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	_, err := s.ChangePassword(ctx, userID, password, PasswordChange{})
	return err
}

// PasswordChange says what else a password change ends besides the
// user's sessions.
type PasswordChange struct {
	// RevokeTokens revokes every API token and calendar subscription URL
	// the user holds too: a person who fears their password was known may
	// fear the same of a secret made with it.
	RevokeTokens bool
}

// ChangePassword replaces a user's password (10 to 1024 characters, else
// Invalid on field "password") and signs them out everywhere, so a session
// opened by whoever knew the old password does not outlive it. A person
// changing their own password should be given a new session afterwards.
// With opt.RevokeTokens it also revokes the user's API tokens and feed tokens, each with
// its own audit entry, in the same transaction, and returns how many it
// revoked. NotFound if there is no such user.
func (s *Service) ChangePassword(ctx context.Context, userID int64, password string, opt PasswordChange) (revoked int, err error) {
	var fe apperr.FieldErrors
	checkPassword(&fe, password)
	if err := fe.Err(); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, fmt.Errorf("hash password: %w", err)
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		revoked = 0
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
			hash, now.Unix(), userID); err != nil {
			return fmt.Errorf("update password: %w", err)
		}
		if err := deleteUserSessions(ctx, tx, userID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{
			Entity: "user", EntityID: userID, Action: "update",
			Summary: fmt.Sprintf("Changed the password of %s", u.Name),
		}); err != nil {
			return err
		}
		if opt.RevokeTokens {
			revoked, err = revokeUserTokens(ctx, tx, u, now)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	return revoked, nil
}

// SetRole gives a user another role. It returns Invalid (field "role") for
// an unknown role, NotFound for an unknown user, and Conflict when the
// change would leave no active owner. Setting the role a user already has
// changes nothing and records nothing.
func (s *Service) SetRole(ctx context.Context, userID int64, role Role) error {
	if !role.valid() {
		var fe apperr.FieldErrors
		fe.Add("role", "must be owner, manager or viewer")
		return fe.Err()
	}
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		owners, err := lockActiveOwners(ctx, tx)
		if err != nil {
			return err
		}
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if role != RoleOwner && isLastOwner(owners, userID) {
			return errLastOwner
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
			string(role), now.Unix(), userID); err != nil {
			return fmt.Errorf("update role: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "user", EntityID: userID, Action: "update",
			Summary: fmt.Sprintf("Changed the role of %s from %s to %s", u.Name, u.Role, role),
		})
	})
}

// Disable stops a user from signing in and ends their sessions. Their API
// tokens are left as they are (TokenUser refuses them while the account is
// disabled, and they work again if it is re-enabled); their past work keeps
// their name. It returns NotFound for an unknown user and Conflict for the
// last active owner. Disabling a disabled user changes nothing.
func (s *Service) Disable(ctx context.Context, userID int64) error {
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		owners, err := lockActiveOwners(ctx, tx)
		if err != nil {
			return err
		}
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return nil
		}
		if isLastOwner(owners, userID) {
			return errLastOwner
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?",
			now.Unix(), now.Unix(), userID); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		if err := deleteUserSessions(ctx, tx, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "user", EntityID: userID, Action: "disable",
			Summary: fmt.Sprintf("Disabled the account of %s", u.Name),
		})
	})
}

// Enable lets a disabled user sign in again, with the role they had. It
// returns NotFound for an unknown user; enabling an active user changes
// nothing.
func (s *Service) Enable(ctx context.Context, userID int64) error {
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := getUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Active() {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ?",
			now.Unix(), userID); err != nil {
			return fmt.Errorf("enable user: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "user", EntityID: userID, Action: "enable",
			Summary: fmt.Sprintf("Enabled the account of %s", u.Name),
		})
	})
}

// isLastOwner reports whether userID is the only one among the active
// owners.
func isLastOwner(owners []int64, userID int64) bool {
	return len(owners) == 1 && slices.Contains(owners, userID)
}
