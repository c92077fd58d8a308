package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// userColumns is what scanUser reads, in order. The password hash is never
// among them: it is read only where a password is checked.
const userColumns = "id, email, name, role, created_at, disabled_at"

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanUser reads userColumns, followed by any extra destinations.
func scanUser(r scanner, extra ...any) (User, error) {
	var u User
	var role string
	var created int64
	var disabled *int64
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &created, &disabled}, extra...)
	if err := r.Scan(dest...); err != nil {
		return User{}, err
	}
	u.Role = Role(role)
	u.CreatedAt = fromUnix(created)
	u.DisabledAt = fromNullUnix(disabled)
	return u, nil
}

var errUserNotFound = apperr.NotFoundf("There is no such team account.")

// getUser loads one user through q (the read pool, or a transaction that
// must see its own changes).
func getUser(ctx context.Context, q store.Querier, id int64) (User, error) {
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %d: %w", id, err)
	}
	return u, nil
}

// userByEmail loads a user and their password hash by normalized address.
func userByEmail(ctx context.Context, q store.Querier, email string) (User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+", password_hash FROM users WHERE email = ?", email), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, "", errUserNotFound
	}
	if err != nil {
		return User{}, "", fmt.Errorf("load user by email: %w", err)
	}
	return u, hash, nil
}

// lockActiveOwners returns the ids of owners who can still sign in. On
// PostgreSQL it locks their rows until the transaction ends, so that two
// owners demoting each other at the same moment cannot both see "one other
// owner left" and leave the workspace with none. (SQLite needs no lock: its
// write transactions already run one at a time.) Every transaction that
// may remove an owner calls this before touching any user row, so the locks
// are always taken in the same order.
func lockActiveOwners(ctx context.Context, tx *store.Tx) ([]int64, error) {
	q := "SELECT id FROM users WHERE role = ? AND disabled_at IS NULL ORDER BY id"
	if tx.Dialect == store.Postgres {
		q += " FOR UPDATE"
	}
	rows, err := tx.Query(ctx, q, string(RoleOwner))
	if err != nil {
		return nil, fmt.Errorf("lock owners: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("lock owners: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// deleteUserSessions signs a user out everywhere.
func deleteUserSessions(ctx context.Context, tx *store.Tx, userID int64) error {
	if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return nil
}
