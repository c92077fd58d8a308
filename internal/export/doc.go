// Package export takes the community's records out of Trellis in the
// formats other tools read: members as a spreadsheet (CSV) or an address
// book (vCard 4.0), a saved segment or any members filter alone, the
// programming calendar as iCalendar, and activities and interactions as
// CSV. Every export streams: it reads a page or a row at a time and writes
// as it goes, so a community of any size exports in the same memory. The
// whole database, for a backup or a move, is package backup's archive.
// Exports too long to wait for (the archive, and 10,000 rows or more) run
// as jobs that keep the file in the database for a day (job.go).
package export
