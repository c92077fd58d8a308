package web

import "net/http"

// Access is who may use a route.
type Access int

const (
	Public Access = iota // anyone, logged in or not
	Viewer               // any logged-in team user
	Writer               // owners and managers
	Owner                // owners only
)

func (a Access) String() string {
	return [...]string{"public", "viewer", "writer", "owner"}[a]
}

// Route is one entry of the application's surface.
type Route struct {
	Method  string
	Pattern string
	Access  Access
	API     bool // JSON API (bearer token) rather than browser page (session cookie)
	Handler http.HandlerFunc
}

// routes is the whole surface of Trellis: every page and every API call,
// with who may use it. Tests walk this table to check each route for each
// role, and that every API route is in the OpenAPI description.
func (s *Server) routes() []Route {
	a := s.api
	return []Route{
		// Machinery and signing in.
		{"GET", "/healthz", Public, false, s.healthz},
		{"GET", "/login", Public, false, s.loginForm},
		{"POST", "/login", Public, false, s.login},
		{"POST", "/logout", Viewer, false, s.logout},

		// The relationship dashboard, key members and stakeholder groups.
		{"GET", "/{$}", Viewer, false, s.dashboard},

		{"GET", "/key-members", Viewer, false, s.keyMemberList},
		{"GET", "/members/{id}/key", Writer, false, s.keyMemberForm},
		{"POST", "/members/{id}/key", Writer, false, s.keyMemberSave},
		{"POST", "/members/{id}/key/remove", Writer, false, s.keyMemberRemove},

		{"GET", "/groups", Viewer, false, s.groupList},
		{"POST", "/groups", Writer, false, s.groupCreate},
		{"POST", "/groups/{id}/delete", Writer, false, s.groupDelete},

		// Interactions and follow-ups.
		{"GET", "/interactions", Viewer, false, s.interactionList},
		{"GET", "/interactions/new", Writer, false, s.interactionNew},
		{"POST", "/interactions", Writer, false, s.interactionLog},
		{"GET", "/interactions/{id}", Viewer, false, s.interactionShow},
		{"GET", "/interactions/{id}/edit", Writer, false, s.interactionEdit},
		{"POST", "/interactions/{id}", Writer, false, s.interactionUpdate},
		{"POST", "/interactions/{id}/delete", Writer, false, s.interactionDelete},

		{"GET", "/followups", Viewer, false, s.followUpList},
		{"GET", "/followups/new", Writer, false, s.followUpNew},
		{"POST", "/followups", Writer, false, s.followUpCreate},
		{"POST", "/followups/{id}/complete", Writer, false, s.followUpComplete},
		{"POST", "/followups/{id}/reopen", Writer, false, s.followUpReopen},
		{"POST", "/followups/{id}/snooze", Writer, false, s.followUpSnooze},

		// Members and saved filters.
		{"GET", "/members", Viewer, false, s.memberList},
		{"POST", "/members/bulk-tag", Writer, false, s.memberBulkTag},
		{"GET", "/members/new", Writer, false, s.memberNew},
		{"POST", "/members", Writer, false, s.memberCreate},
		{"GET", "/members/{id}", Viewer, false, s.memberShow},
		{"GET", "/members/{id}/edit", Writer, false, s.memberEdit},
		{"POST", "/members/{id}", Writer, false, s.memberUpdate},
		{"POST", "/members/{id}/archive", Writer, false, s.memberArchive},
		{"POST", "/members/{id}/unarchive", Writer, false, s.memberUnarchive},
		{"POST", "/members/{id}/delete", Writer, false, s.memberDelete},
		{"GET", "/members/{id}/merge", Writer, false, s.memberMergeForm},
		{"POST", "/members/{id}/merge", Writer, false, s.memberMerge},
		{"POST", "/merges/{id}/undo", Writer, false, s.memberMergeUndo},
		{"POST", "/members/{id}/distinct", Writer, false, s.memberDistinct},
		{"POST", "/members/{id}/distinct/{other}/remove", Writer, false, s.memberDistinctRemove},
		{"POST", "/segments", Writer, false, s.segmentCreate},
		{"POST", "/segments/{id}/delete", Writer, false, s.segmentDelete},

		// Participation: activities logged by hand and the kinds they count as.
		{"GET", "/members/{id}/activities/new", Writer, false, s.activityNew},
		{"POST", "/members/{id}/activities", Writer, false, s.activityLog},
		{"GET", "/participation/kinds", Viewer, false, s.kindList},
		{"POST", "/participation/kinds", Writer, false, s.kindCreate},
		{"GET", "/participation/kinds/{key}/edit", Writer, false, s.kindEdit},
		{"POST", "/participation/kinds/{key}", Writer, false, s.kindUpdate},

		// Settings: your account and tokens; the team and audit log for owners.
		{"GET", "/settings", Viewer, false, s.settings},
		{"POST", "/settings/password", Viewer, false, s.passwordChange},
		{"POST", "/settings/tokens", Viewer, false, s.tokenCreate},
		{"POST", "/settings/tokens/{id}/revoke", Viewer, false, s.tokenRevoke},
		{"GET", "/settings/users", Owner, false, s.users},
		{"POST", "/settings/users", Owner, false, s.userAdd},
		{"POST", "/settings/users/{id}/role", Owner, false, s.userRole},
		{"POST", "/settings/users/{id}/disable", Owner, false, s.userDisable},
		{"POST", "/settings/users/{id}/enable", Owner, false, s.userEnable},
		{"GET", "/audit", Owner, false, s.auditLog},

		// Background jobs (imports, reports, clean-ups), for owners.
		{"GET", "/jobs", Owner, false, s.jobList},
		{"POST", "/jobs/{id}/retry", Owner, false, s.jobRetry},

		// The JSON API (internal/api), described by the fragments in internal/api/openapi/.
		{"GET", "/api/v1/openapi.json", Public, true, a.OpenAPI},
		{"GET", "/api/v1/me", Viewer, true, a.Me},

		{"GET", "/api/v1/members", Viewer, true, a.MemberList},
		{"POST", "/api/v1/members", Writer, true, a.MemberCreate},
		{"POST", "/api/v1/members/bulk-tag", Writer, true, a.MemberBulkTag},
		{"GET", "/api/v1/members/{id}", Viewer, true, a.MemberGet},
		{"PATCH", "/api/v1/members/{id}", Writer, true, a.MemberPatch},
		{"DELETE", "/api/v1/members/{id}", Writer, true, a.MemberDelete},
		{"POST", "/api/v1/members/{id}/archive", Writer, true, a.MemberArchive},
		{"POST", "/api/v1/members/{id}/unarchive", Writer, true, a.MemberUnarchive},
		{"POST", "/api/v1/members/{id}/merge", Writer, true, a.MemberMerge},
		{"GET", "/api/v1/members/{id}/merges", Viewer, true, a.MemberMerges},
		{"POST", "/api/v1/merges/{id}/undo", Writer, true, a.MergeUndo},
		{"POST", "/api/v1/members/{id}/not-duplicates", Writer, true, a.MemberNotDuplicate},
		{"DELETE", "/api/v1/members/{id}/not-duplicates/{other}", Writer, true, a.MemberNotDuplicateDelete},

		{"GET", "/api/v1/segments", Viewer, true, a.SegmentList},
		{"POST", "/api/v1/segments", Writer, true, a.SegmentCreate},
		{"GET", "/api/v1/segments/{id}", Viewer, true, a.SegmentGet},
		{"DELETE", "/api/v1/segments/{id}", Writer, true, a.SegmentDelete},

		{"GET", "/api/v1/key-members", Viewer, true, a.KeyMemberList},
		{"PUT", "/api/v1/members/{id}/key", Writer, true, a.KeyMemberPut},
		{"DELETE", "/api/v1/members/{id}/key", Writer, true, a.KeyMemberDelete},
		{"GET", "/api/v1/groups", Viewer, true, a.GroupList},
		{"POST", "/api/v1/groups", Writer, true, a.GroupCreate},

		{"GET", "/api/v1/interactions", Viewer, true, a.InteractionList},
		{"POST", "/api/v1/interactions", Writer, true, a.InteractionLog},
		{"GET", "/api/v1/interactions/{id}", Viewer, true, a.InteractionGet},
		{"PATCH", "/api/v1/interactions/{id}", Writer, true, a.InteractionPatch},
		{"DELETE", "/api/v1/interactions/{id}", Writer, true, a.InteractionDelete},

		{"GET", "/api/v1/followups", Viewer, true, a.FollowUpList},
		{"POST", "/api/v1/followups", Writer, true, a.FollowUpCreate},
		{"GET", "/api/v1/followups/{id}", Viewer, true, a.FollowUpGet},
		{"PATCH", "/api/v1/followups/{id}", Writer, true, a.FollowUpPatch},

		// Participation: activities and the kinds they count as.
		{"GET", "/api/v1/activities", Viewer, true, a.ActivityList},
		{"POST", "/api/v1/activities", Writer, true, a.ActivityIngest},
		{"GET", "/api/v1/activity-kinds", Viewer, true, a.ActivityKindList},

		{"GET", "/api/v1/dashboard", Viewer, true, a.Dashboard},
		{"GET", "/api/v1/audit", Owner, true, a.AuditList},
		{"GET", "/api/v1/jobs", Owner, true, a.JobList},
	}
}

// Routes returns the route table, so tests outside this package (the API's
// OpenAPI coverage test, the access walk) can check every route.
func (s *Server) Routes() []Route { return s.routes() }
