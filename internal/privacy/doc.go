// Package privacy answers the two requests a member may make about their
// own data. Access: everything Trellis holds about them, in one JSON file
// (their record, emails, identities, tags, interactions, follow-ups,
// activities, attendance, merges and the audit entries about them).
// Erasure: removing them from every table, the search index and the
// logs of other capabilities (which register an Eraser), keeping only
// anonymous counts, and putting a one-way hash of their addresses and
// identities on a block list so an import or a create cannot bring them
// back. docs/privacy.md says what is kept, what is not, and why.
package privacy
