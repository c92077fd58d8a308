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
//
// Three limits work together, so that guessing is slow while nobody can
// lock an account's owner out by guessing wrong on purpose:
//   - one email address tried from one client address (the pair) is
//     blocked for a while after MaxFailuresPerPair failures: the guesser's
//     own machine stops, the owner's machine is untouched;
//   - one client address is blocked after MaxFailuresPerIP failures, for
//     one machine trying a password against many accounts;
//   - one email address, from anywhere, is only slowed down: after
//     SlowEmailAfter failures within LoginWindow every further attempt
//     waits a delay after the latest failure, doubling with each failure
//     up to MaxEmailDelay. A guesser spread over many machines gets one
//     guess per MaxEmailDelay once the delay is at its cap (30 an hour,
//     where a per-email block of 5 per 15 minutes allowed 20); the owner
//     waits at most MaxEmailDelay, however many machines guess.
const (
	// LoginWindow is how far back failed attempts count.
	LoginWindow = 15 * time.Minute
	// MaxFailuresPerPair failed attempts for one email address from one
	// client address within LoginWindow block that pair.
	MaxFailuresPerPair = 5
	// MaxFailuresPerIP does the same for one client address, whatever the
	// email addresses tried.
	MaxFailuresPerIP = 20
	// SlowEmailAfter failures for one email address within LoginWindow,
	// from any client addresses, start the delays.
	SlowEmailAfter = 5
	// FirstEmailDelay is the delay after the SlowEmailAfter-th failure;
	// each later failure doubles it.
	FirstEmailDelay = time.Second
	// MaxEmailDelay caps the delay: the longest an owner ever waits
	// because of someone else's guesses.
	MaxEmailDelay = 2 * time.Minute
	// attemptRetention is how long attempts are kept at all.
	attemptRetention = 24 * time.Hour
)

// RetryAfter returns how long the caller of Login must wait when err is
// Login's RateLimited error, rounded up to whole seconds, and false for
// any other error.
func RetryAfter(err error) (time.Duration, bool) {
	var rl *rateLimited
	if errors.As(err, &rl) {
		return rl.wait, true
	}
	return 0, false
}

// rateLimited is the RateLimited error with the wait attached, which
// the web layer sends as Retry-After. It unwraps to the *apperr.Error, so
// the code and message reach every layer as usual.
type rateLimited struct {
	err  *apperr.Error
	wait time.Duration
	kind attempt // attemptBlocked or attemptDelayed, as recorded
}

func (e *rateLimited) Error() string { return e.err.Error() }
func (e *rateLimited) Unwrap() error { return e.err }

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
// same amount of work. When a limit applies (see LoginWindow and the
// constants after it) Login returns RateLimited, saying how long to wait
// (RetryAfter gives it as a duration), without looking at the password.
// An attempt refused by the pair's or the address's limit counts against
// that pair and address, so a script that keeps guessing from one machine
// stays blocked; no refusal counts against the email address, so nobody
// can keep its owner waiting, and one refused only for the email
// address's delay counts against nothing, so an owner trying while they
// wait does not get their own machine blocked. ip may be empty (the
// command line), in which case the per-address limit does not apply.
//
// Every attempt is recorded. A successful one also clears out attempts older
// than a day and, when the password was hashed with older parameters,
// rehashes it with today's.
func (s *Service) Login(ctx context.Context, email, password, ip string) (User, error) {
	email = normalizeEmail(email)
	ip = clean(ip, maxIPBytes)
	now := s.now()

	if err := s.checkLoginRate(ctx, email, ip, now); err != nil {
		var rl *rateLimited
		if errors.As(err, &rl) {
			if rerr := s.recordAttempt(ctx, email, ip, now, rl.kind, nil); rerr != nil {
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
		if err := s.recordAttempt(ctx, email, ip, now, attemptFailed, nil); err != nil {
			return User{}, err
		}
		return User{}, errBadCredentials
	}
	if err := s.recordAttempt(ctx, email, ip, now, attemptOK, &success{userID: u.ID, password: password, hash: hash}); err != nil {
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

// attempt is how a sign-in attempt ended.
type attempt int

const (
	attemptOK      attempt = iota
	attemptFailed          // the password was checked and was wrong
	attemptBlocked         // its pair or address had too many failures
	attemptDelayed         // its email address had to wait
)

// refusedBy is the login_attempts.refused_by of each kind of attempt.
var refusedBy = map[attempt]string{attemptBlocked: "block", attemptDelayed: "delay"}

// recordAttempt writes one attempt; ok carries what a successful one
// needs tidying up and is nil otherwise.
func (s *Service) recordAttempt(ctx context.Context, email, ip string, now time.Time, kind attempt, ok *success) error {
	var rehash string
	if ok != nil && needsRehash(ok.hash) {
		// A failure here only postpones the upgrade to the next sign-in.
		rehash, _ = HashPassword(ok.password)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO login_attempts (email, ip, at, ok, refused_by) VALUES (?, ?, ?, ?, ?)",
			email, ip, now.Unix(), kind == attemptOK, refusedBy[kind]); err != nil {
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

// checkLoginRate returns RateLimited when the pair, the client address or
// the email address must wait (see LoginWindow).
func (s *Service) checkLoginRate(ctx context.Context, email, ip string, now time.Time) error {
	since := now.Add(-LoginWindow).Unix()
	retry, err := s.blockedUntil(ctx, "email = ? AND ip = ?", []any{email, ip}, MaxFailuresPerPair, since)
	if err != nil {
		return fmt.Errorf("count failed sign-ins for the pair: %w", err)
	}
	if ip != "" {
		ipRetry, err := s.blockedUntil(ctx, "ip = ?", []any{ip}, MaxFailuresPerIP, since)
		if err != nil {
			return fmt.Errorf("count failed sign-ins from the address: %w", err)
		}
		retry = max(retry, ipRetry)
	}
	kind := attemptBlocked
	if retry <= now.Unix() {
		kind = attemptDelayed
	}
	emailRetry, err := s.slowedUntil(ctx, email, since)
	if err != nil {
		return err
	}
	retry = max(retry, emailRetry)
	if retry <= now.Unix() {
		return nil
	}
	wait := time.Duration(retry-now.Unix()) * time.Second
	return &rateLimited{kind: kind, wait: wait, err: apperr.New(apperr.RateLimited,
		"Too many failed sign-in attempts. Please wait %s and try again.", waitWords(wait))}
}

// blockedUntil returns when the failures matching where drop below limit,
// as Unix seconds, or 0 if they already have. That moment is when the
// limit-th most recent failure leaves the window. Attempts refused by
// these limits count as failures; those refused by an email address's
// delay do not.
func (s *Service) blockedUntil(ctx context.Context, where string, args []any, limit int, since int64) (int64, error) {
	// where is one of two constants, never user input.
	q := "SELECT at FROM login_attempts WHERE " + where + " AND ok = ? AND refused_by <> ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?"
	var at int64
	err := s.DB.QueryRow(ctx, q, append(args, false, refusedBy[attemptDelayed], since, limit-1)...).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return at + int64(LoginWindow/time.Second), nil
}

// slowedUntil returns when the next attempt for email may be made, as
// Unix seconds, or 0 when it need not wait: the latest checked failure
// plus EmailDelay of the number of checked failures in the window.
// Refused attempts do not count, or a guesser could keep the delay going
// for ever without making a single guess.
func (s *Service) slowedUntil(ctx context.Context, email string, since int64) (int64, error) {
	var n int
	var latest sql.NullInt64
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE email = ? AND refused_by = ? AND ok = ? AND at > ?",
		email, "", false, since).Scan(&n, &latest)
	if err != nil {
		return 0, fmt.Errorf("count failed sign-ins for the email address: %w", err)
	}
	d := EmailDelay(n)
	if d == 0 || !latest.Valid {
		return 0, nil
	}
	return latest.Int64 + int64(d/time.Second), nil
}

// EmailDelay is how long after the latest failure an email address with n
// failures in LoginWindow must wait: nothing below SlowEmailAfter, then
// FirstEmailDelay doubling with each failure, at most MaxEmailDelay.
func EmailDelay(n int) time.Duration {
	if n < SlowEmailAfter {
		return 0
	}
	d := FirstEmailDelay
	for range n - SlowEmailAfter {
		d *= 2
		if d >= MaxEmailDelay {
			return MaxEmailDelay
		}
	}
	return d
}

// waitWords says a wait the way a person would: seconds under a minute,
// whole minutes (rounded up) beyond.
func waitWords(d time.Duration) string {
	if d < time.Minute {
		n := int((d + time.Second - 1) / time.Second)
		return plural(max(n, 1), "second")
	}
	return plural(int((d+time.Minute-1)/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
