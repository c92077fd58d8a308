// Package demo fills an empty Trellis with a community to explore: the
// "Open Research Software Network", about 300 members who write and
// support research software, as a newcomer sees it the first time they run
// `trellis serve --demo`. It also generates larger communities of the same
// kind (`trellis demo --members 100000`) for benchmarks.
//
// The community is what a community manager would recognise: members from
// many cultures at some 60 institutions, funders, companies and
// non-profits across 27 countries; students and early career researchers,
// senior academics and people outside academia; expertise, interests,
// languages, participation preferences and consent; some handles on GitHub,
// the forum and the fediverse. About 35 key members sit in the five
// built-in stakeholder groups and a "Working group leads" group, each with
// a cadence. A team of four (the demo owner, two managers and a viewer)
// has a year of interactions behind it, about two per member, with
// follow-ups. Two pairs of duplicate records (the same address typed in
// capitals; the same ORCID iD under a name written the other way round)
// give the merge page something to do. Two years of activities across
// GitHub, the forum, Slack, the team's own records and the old
// spreadsheet, with the past year's session attendance, show members
// climbing and stepping down between the participation modes, drifting
// away, and newcomers staying or not (see activities.go).
//
// Everything is generated from a seed, so the same seed gives the same
// people, interactions and follow-ups on every run and every machine. The
// dates are not fixed: they are laid out relative to the day the demo is
// loaded, so the dashboard is alive whenever someone looks. On load day
// there are follow-ups overdue, due today and coming up; key members due
// this week and past their cadence, two never contacted; warm, cooling and
// cold relationships; and about ten members who joined this month.
//
// Load works only through the domain services (members, relationships,
// accounts), so the data obeys every rule a person's input does. Each step
// runs with the service's clock set to the moment it happens in the
// community's history, so timestamps and the audit log read as a year of
// work rather than one afternoon. Interactions are logged as a busy team
// logs them: each colleague's conversations of a day in one batch, when
// the last of them is over.
//
// No demo record can reach or name a real person or place: institutions
// and their towns are made up, every email address is under the reserved
// .example domain (RFC 2606), and ORCID iDs, though valid, come from a
// range ORCID has never issued.
package demo
