package cli

import (
	"github.com/spf13/cobra"
)

// importPlatformCmds are the imports of community platforms' own exports:
// no columns to map, so only --dry-run.
func (e *env) importPlatformCmds() []*cobra.Command {
	kinds := []struct{ kind, file, short, long string }{
		{"slack", "EXPORT.zip", "Import a Slack workspace export (zip): members, identities and messages",
			`slack imports the zip a Slack admin exports (Settings > Import/Export Data):
everyone in users.json becomes a member (bots left out) with the identity
slack:<user id> and their email when the export has it, and every message in
a channel a "posted_chat" activity, every reply in a thread "replied_chat".
Joins, bots' messages and direct messages are left out.`},
		{"discourse", "FILE", "Import a Discourse user list (CSV) or posts (JSON)",
			`discourse imports a Discourse forum's user list as an admin exports it
(user_list_*.csv: members with their emails and the identity
discourse:<username>; its counts are not activities), or posts as the API
returns them saved as JSON (/posts.json, /t/{id}.json): the first post of a
topic is "posted_forum", a reply "replied_forum", by username.`},
		{"github", "FILE", "Import GitHub activity saved by gh api (issues, pull requests, comments, reviews)",
			`github imports what ` + "`gh api --paginate`" + ` saves from repos/O/R/issues,
.../pulls, .../issues/comments, .../pulls/comments and .../pulls/N/reviews
(pages back to back in one file is fine): each author is a member with the
identity github:<login> (bots left out), and each item an activity:
opened_issue, opened_pull_request, commented_code, reviewed_pull_request.`},
	}
	var cmds []*cobra.Command
	for _, k := range kinds {
		cmds = append(cmds, e.importKindCmd(importKind{kind: k.kind, file: k.file, short: k.short, long: k.long}))
	}
	return cmds
}
