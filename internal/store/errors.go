package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Wrap is how every capability reports a failed database call to a
// person. Application errors pass through untouched. What the engines
// report is classified the same way on both:
//   - a unique or foreign-key violation is a Conflict: two changes met
//     (PostgreSQL runs transactions side by side), or something this
//     refers to was removed while saving, and trying again sorts it out;
//   - a query stopped by the request's deadline or the statement timeout
//     is a Timeout, which says so rather than "something went wrong";
//   - anything else is Internal with msg, which callers write to be safe
//     to show ("Could not list the members.").
//
// Callers that know what a unique violation means (a name already taken)
// check IsUniqueViolation themselves first and return their own Conflict.
func Wrap(err error, msg string) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	switch {
	case IsTimeout(err):
		return apperr.Wrap(err, apperr.Timeout, "%s", TimeoutMessage)
	case IsUniqueViolation(err):
		return apperr.Wrap(err, apperr.Conflict,
			"This clashes with a change saved at the same moment; please try again.")
	case IsForeignKeyViolation(err):
		return apperr.Wrap(err, apperr.Conflict,
			"Something this refers to was removed while saving; please try again.")
	}
	return apperr.Internalf(err, "%s", msg)
}

// TimeoutMessage is what a person is told when their request ran out of
// time in the database.
const TimeoutMessage = "This took too long and was stopped. Try again, or narrow what you asked for."

// IsTimeout reports whether err means a query was stopped because it ran
// out of time or its request went away: the context's deadline or
// cancellation, PostgreSQL's statement_timeout or cancel request
// (SQLSTATE 57014), or SQLite's interrupt, which modernc.org/sqlite uses
// to honour a cancelled context.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "57014"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code()&0xff == sqlite3.SQLITE_INTERRUPT
	}
	return false
}

// isBusy reports whether err is SQLite's "database is locked": another
// connection held the write lock for longer than busy_timeout.
func isBusy(err error) bool {
	var sqErr *sqlite.Error
	return errors.As(err, &sqErr) && sqErr.Code()&0xff == sqlite3.SQLITE_BUSY
}
