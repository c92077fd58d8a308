package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Sign-in throttling. Attempts are counted in the database rather than in
// memory so that every Trellis instance behind a load balancer sees them.
const (
	// LoginWindow is how far back failed attempts count.
	LoginWindow = 15 * time.Minute
	// MaxFailuresPerEmail failed attempts for one address within
	// LoginWindow make further attempts for it wait.
	MaxFailuresPerEmail = 5
	// MaxFailuresPerIP does the same for one client address, which stops
	// one machine from trying a password against many accounts.
	MaxFailuresPerIP = 20
	// attemptRetention is how long attempts are kept at all.
	attemptRetention = 24 * time.Hour
)

var errBadCredentials = apperr.New(apperr.Unauthorized, "Email or password is incorrect.")

// dummy is a hash to verify against when nobody has the address being
// tried, so an unknown address takes as long to refuse as a wrong password
// and response times do not reveal who has an account.
var dummy struct {
	once sync.Once
	hash string
}

func dummyHash() string {
	dummy.once.Do(func() {
		secret, err := newSecret()
		if err == nil {
			dummy.hash, _ = HashPassword(secret)
		}
	})
	return dummy.hash
}

// Login checks an email address and password and returns the user they
// belong to. It does not start a session: call CreateSession for that.
//
// An unknown address, a wrong password and a disabled account all return
// the same Unauthorized error, "Email or password is incorrect.", after the
// same amount of work. After MaxFailuresPerEmail failed attempts for an
// email address, or MaxFailuresPerIP from one client IP, within LoginWindow,
// Login returns RateLimited saying how long to wait, without looking at the
// password. A refused attempt counts as a failure too, so a script that
// keeps guessing stays locked out while a person who waits gets back in.
// ip may be empty (the command line), in which case only the per-email
// limit applies.
//
// Every attempt is recorded. A successful one also clears out attempts older
// than a day and, when the password was hashed with older parameters,
// rehashes it with today's.
func (s *Service) Login(ctx context.Context, email, password, ip string) (User, error) {
	email = normalizeEmail(email)
	ip = clean(ip, maxIPBytes)
	now := s.now()

	if err := s.checkLoginRate(ctx, email, ip, now); err != nil {
		if apperr.Is(err, apperr.RateLimited) {
			if rerr := s.recordAttempt(ctx, email, ip, now, nil); rerr != nil {
				return User{}, rerr
			}
		}
		return User{}, err
	}

	u, hash, err := userByEmail(ctx, s.DB, email)
	known := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return User{}, err
	}
	if !known {
		hash = dummyHash()
	}
	match, err := VerifyPassword(hash, password)
	if err != nil && known {
		return User{}, fmt.Errorf("verify password of user %d: %w", u.ID, err)
	}
	if !known || !match || !u.Active() {
		if err := s.recordAttempt(ctx, email, ip, now, nil); err != nil {
			return User{}, err
		}
		return User{}, errBadCredentials
	}
	if err := s.recordAttempt(ctx, email, ip, now, &success{userID: u.ID, password: password, hash: hash}); err != nil {
		return User{}, err
	}
	return u, nil
}

// PasswordMatches reports whether password is the current password of
// the user with this id. It is for trusted callers that already act with
// full rights, such as the demo loader deciding whether the demo password
// needs resetting, and never for request handlers or anything else a
// person can drive: unlike Login it records no attempt, applies no rate
// limit and does not look at whether the account is disabled, so exposed
// to a person it would let them guess passwords without limit. Signing in
// is Login's job.
//
// NotFound when there is no such user; a stored hash that cannot be read
// is an error, as it is for Login.
func (s *Service) PasswordMatches(ctx context.Context, userID int64, password string) (bool, error) {
	var hash string
	err := s.DB.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errUserNotFound
	}
	if err != nil {
		return false, fmt.Errorf("load password of user %d: %w", userID, err)
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return false, fmt.Errorf("verify password of user %d: %w", userID, err)
	}
	return ok, nil
}

// success is what recordAttempt needs to tidy up after a good sign-in.
type success struct {
	userID   int64
	password string
	hash     string
}

// recordAttempt writes one attempt, successful when ok is not nil.
func (s *Service) recordAttempt(ctx context.Context, email, ip string, now time.Time, ok *success) error {
	var rehash string
	if ok != nil && needsRehash(ok.hash) {
		// A failure here only postpones the upgrade to the next sign-in.
		rehash, _ = HashPassword(ok.password)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO login_attempts (email, ip, at, ok) VALUES (?, ?, ?, ?)",
			email, ip, now.Unix(), ok != nil); err != nil {
			return err
		}
		if ok == nil {
			return nil
		}
		// Purging here rather than on failures keeps an attacker from
		// making every refused guess cost a table scan.
		if _, err := tx.Exec(ctx, "DELETE FROM login_attempts WHERE at < ?",
			now.Add(-attemptRetention).Unix()); err != nil {
			return err
		}
		if rehash != "" {
			// Matching the old hash leaves a password changed meanwhile alone.
			if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
				rehash, ok.userID, ok.hash); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record login attempt: %w", err)
	}
	return nil
}

// checkLoginRate returns RateLimited when email or ip has too many recent
// failures.
func (s *Service) checkLoginRate(ctx context.Context, email, ip string, now time.Time) error {
	since := now.Add(-LoginWindow).Unix()
	retry, err := s.retryAfter(ctx, "email", email, MaxFailuresPerEmail, since)
	if err != nil {
		return err
	}
	if ip != "" {
		ipRetry, err := s.retryAfter(ctx, "ip", ip, MaxFailuresPerIP, since)
		if err != nil {
			return err
		}
		if ipRetry > retry {
			retry = ipRetry
		}
	}
	if retry == 0 {
		return nil
	}
	wait := time.Duration(retry-now.Unix()) * time.Second
	minutes := int((wait + time.Minute - 1) / time.Minute)
	unit := "minutes"
	if minutes <= 1 {
		minutes, unit = 1, "minute"
	}
	return apperr.New(apperr.RateLimited,
		"Too many failed sign-in attempts. Please wait %d %s and try again.", minutes, unit)
}

// retryAfter returns when the failures for one key (column "email" or
// "ip") drop below limit, as Unix seconds, or 0 if they already have. That
// moment is when the limit-th most recent failure leaves the window.
func (s *Service) retryAfter(ctx context.Context, column, key string, limit int, since int64) (int64, error) {
	// column is one of two constants, never user input.
	q := "SELECT at FROM login_attempts WHERE " + column + " = ? AND ok = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?"
	var at int64
	err := s.DB.QueryRow(ctx, q, key, false, since, limit-1).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count failed sign-ins by %s: %w", column, err)
	}
	return at + int64(LoginWindow/time.Second), nil
}
