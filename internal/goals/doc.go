// Package goals keeps the community's shared goals: what all its members
// share and value, each with why it matters and how success shows (a few
// indicators with a target and the figure now). Programming and content
// are planned around them: every programme, session and content item
// names the goals it serves and how, and a goal's page gathers everything
// that serves it, quarter by quarter, so a manager can see at a glance
// which goals are well served and which nothing serves at all.
package goals
