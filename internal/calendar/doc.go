// Package calendar publishes the community's programming as iCalendar
// (RFC 5545) feeds that people subscribe to from their own calendar
// clients: every community call, workshop and training, with recurring
// series, skipped dates, moved occurrences and cancellations, so a change
// the manager makes reaches everyone's calendar on its own.
//
// Programming turns its sessions into Events; this package only writes
// them out (and serves the feeds), so it knows nothing of programmes.
package calendar
