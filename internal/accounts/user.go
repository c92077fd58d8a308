package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// User is a team account: someone who signs in to Trellis. It never
// carries the password hash, so it is safe to render or send as JSON.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	// DisabledAt is set once an owner has disabled the account; a
	// disabled user cannot sign in and their tokens stop working.
	DisabledAt *time.Time `json:"disabled_at"`
}

// Active reports whether the user may sign in.
func (u User) Active() bool { return u.DisabledAt == nil }

// CreateUser adds a team account. The email is trimmed and lower-cased; the
// name must not be empty; the password must be 10 to 1024 characters. It
// returns Invalid (naming the fields) for bad input and Conflict on field
// "email" when the address already has an account, disabled or not.
func (s *Service) CreateUser(ctx context.Context, email, name string, role Role, password string) (User, error) {
	email = normalizeEmail(email)
	name = strings.TrimSpace(name)
	var fe apperr.FieldErrors
	checkEmail(&fe, email)
	checkLabel(&fe, "name", name, maxNameLen)
	if !role.valid() {
		fe.Add("role", "must be owner, manager or viewer")
	}
	checkPassword(&fe, password)
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	// Hash before the transaction: it takes tens of milliseconds on
	// purpose, and SQLite's one writer should not wait on it.
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	now := s.now()
	u := User{Email: email, Name: name, Role: role, CreatedAt: fromUnix(now.Unix())}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.Insert(ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, email, name, string(role), hash, now.Unix(), now.Unix())
		if store.IsUniqueViolation(err) {
			return &apperr.Error{
				Code:    apperr.Conflict,
				Message: "There is already a team account for this email address.",
				Fields:  map[string]string{"email": "is already in use"},
				Err:     err,
			}
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		u.ID = id
		return audit.Record(ctx, tx, now, audit.Change{
			Entity: "user", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Added %s (%s) as %s", name, email, role),
		})
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// GetUser returns the account with this id, or NotFound.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	return getUser(ctx, s.DB, id)
}

// UserByEmail returns the account with this address (compared without
// regard to case or surrounding spaces), or NotFound.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	u, _, err := userByEmail(ctx, s.DB, normalizeEmail(email))
	return u, err
}

// ListUsers returns every account, disabled ones included, ordered by name
// (ignoring case). The slice is empty, never nil, when there are none.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+userColumns+" FROM users ORDER BY LOWER(name), name, id")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}

// CountUsers returns how many accounts exist, disabled ones included. Zero
// means a new installation that still needs its first owner.
func (s *Service) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}
