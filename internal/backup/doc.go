// Package backup takes the whole community out of Trellis and puts it back:
// the archive (every table, row by row, as JSON Lines that any tool can
// read), `trellis backup` (a file copy of a SQLite database taken while
// Trellis serves, or an archive of a PostgreSQL one) and `trellis restore`,
// which loads either into an empty database of either engine. Moving a
// community from SQLite to PostgreSQL and back through the archive loses
// nothing. docs/archive.md describes the format.
package backup
