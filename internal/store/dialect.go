package store

import (
	"errors"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Rebind rewrites ? placeholders as $1, $2 ... for PostgreSQL. Question
// marks inside single-quoted literals are left alone.
func Rebind(d Dialect, query string) string {
	if d != Postgres || strings.IndexByte(query, '?') < 0 {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Rebind rewrites placeholders for this database's dialect.
func (db *DB) Rebind(query string) string { return Rebind(db.Dialect, query) }

// SearchTerms splits what a person typed into a search box into words made
// of letters and digits only, so they can be handed to either full-text
// engine without any query syntax leaking through.
func SearchTerms(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// FullTextQuery turns search terms into the engine's query language: every
// term must match, and the last one matches as a prefix so results narrow
// while a person types. It returns "" when there is nothing to search for.
func FullTextQuery(d Dialect, terms []string) string {
	if len(terms) == 0 {
		return ""
	}
	parts := make([]string, len(terms))
	for i, t := range terms {
		last := i == len(terms)-1
		switch d {
		case Postgres:
			parts[i] = t
			if last {
				parts[i] += ":*"
			}
		default:
			parts[i] = `"` + t + `"`
			if last {
				parts[i] += "*"
			}
		}
	}
	if d == Postgres {
		return strings.Join(parts, " & ")
	}
	return strings.Join(parts, " ")
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine, so callers can turn it into a Conflict.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key failure on
// either engine. SQLite reports a delete that ON DELETE RESTRICT refuses
// as a trigger constraint (SQLITE_CONSTRAINT_TRIGGER) whose message says
// "FOREIGN KEY constraint failed", so that counts too.
func IsForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY ||
			(sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER && strings.Contains(sqErr.Error(), "FOREIGN KEY constraint failed"))
	}
	return false
}
