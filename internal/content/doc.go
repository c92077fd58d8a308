// Package content is the community's content plan: the blog posts,
// newsletters, reports, videos and social posts a community manager
// publishes, each with who wrote it, where it goes out, when it is planned
// and when it went out, whom it is for, which shared goals it serves and
// how it did (views, clicks, downloads ...). The content calendar shows a
// month of it; the board shows what is an idea, in drafting, in review,
// scheduled or out.
//
// A pillar is one foundational piece (a community playbook, a report)
// with its campaign: the smaller items that carry it across channels, each
// pointing at the pillar. A campaign template lists those items with
// their offsets from the launch ("blog post on launch day, newsletter
// +14 days"); applying it to a pillar plans them all at once, and the
// pillar's page shows how far the campaign has come and what is overdue.
//
// Dates are calendar dates, YYYY-MM-DD, with no time zone; "today" is the
// community's today (Service.Now read in Service.Location).
package content
