package web

import "net/http"

// Access is who may use a route.
type Access int

const (
	Public Access = iota // anyone, logged in or not
	Viewer               // any logged-in team user
	Writer               // owners and managers
	Owner                // owners only
	// Feed is a calendar feed at a secret URL: the feed token in its path
	// is the only credential it takes, and a feed token opens nothing else.
	Feed
)

func (a Access) String() string {
	return [...]string{"public", "viewer", "writer", "owner", "feed"}[a]
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

		// Shared goals: what programming and content serve.
		{"GET", "/goals", Viewer, false, s.goalList},
		{"GET", "/goals/new", Writer, false, s.goalNew},
		{"POST", "/goals", Writer, false, s.goalCreate},
		{"GET", "/goals/{id}", Viewer, false, s.goalShow},
		{"GET", "/goals/{id}/edit", Writer, false, s.goalEdit},
		{"POST", "/goals/{id}", Writer, false, s.goalUpdate},
		{"POST", "/goals/{id}/retire", Writer, false, s.goalRetire},
		{"POST", "/goals/{id}/reactivate", Writer, false, s.goalReactivate},
		{"POST", "/goals/{id}/delete", Writer, false, s.goalDelete},
		// Programming: programmes, their sessions and series, and the calendar.
		{"GET", "/programmes", Viewer, false, s.programmeList},
		{"GET", "/programmes/new", Writer, false, s.programmeNew},
		{"POST", "/programmes", Writer, false, s.programmeCreate},
		{"GET", "/programmes/{id}", Viewer, false, s.programmeShow},
		{"GET", "/programmes/{id}/edit", Writer, false, s.programmeEdit},
		{"POST", "/programmes/{id}", Writer, false, s.programmeUpdate},
		{"POST", "/programmes/{id}/delete", Writer, false, s.programmeDelete},
		{"GET", "/programmes/{id}/sessions/new", Writer, false, s.sessionNew},
		{"POST", "/programmes/{id}/sessions", Writer, false, s.sessionCreate},
		{"GET", "/sessions/{id}/edit", Writer, false, s.sessionEdit},
		{"POST", "/sessions/{id}", Writer, false, s.sessionUpdate},
		{"POST", "/sessions/{id}/delete", Writer, false, s.sessionDelete},
		{"GET", "/sessions/{id}/move", Writer, false, s.sessionMoveForm},
		{"POST", "/sessions/{id}/occurrence", Writer, false, s.sessionOccurrence},
		// Registrations and attendance, per occurrence (?at= or "at" names a
		// date of a series by its original start).
		{"GET", "/sessions/{id}/attendance", Viewer, false, s.attendanceShow},
		{"POST", "/sessions/{id}/attendance", Writer, false, s.attendanceAdd},
		{"POST", "/sessions/{id}/attendance/mark", Writer, false, s.attendanceMark},
		{"POST", "/sessions/{id}/attendance/remove", Writer, false, s.attendanceRemove},
		{"POST", "/sessions/{id}/attendance/find", Writer, false, s.attendanceFind},
		{"POST", "/sessions/{id}/attendance/new-member", Writer, false, s.attendanceNewMember},
		{"GET", "/calendar", Viewer, false, s.calendarMonth},
		{"GET", "/calendar/agenda", Viewer, false, s.calendarAgenda},
		// Content: the list, calendar and board, items with their figures,
		// pillars' campaigns and the campaign templates.
		{"GET", "/content", Viewer, false, s.contentList},
		{"GET", "/content/calendar", Viewer, false, s.contentCalendar},
		{"GET", "/content/board", Viewer, false, s.contentBoard},
		{"GET", "/content/new", Writer, false, s.contentNew},
		{"POST", "/content", Writer, false, s.contentCreate},
		{"GET", "/content/{id}", Viewer, false, s.contentShow},
		{"GET", "/content/{id}/edit", Writer, false, s.contentEdit},
		{"POST", "/content/{id}", Writer, false, s.contentUpdate},
		{"POST", "/content/{id}/delete", Writer, false, s.contentDelete},
		{"POST", "/content/{id}/status", Writer, false, s.contentStatus},
		{"POST", "/content/{id}/metrics", Writer, false, s.contentMetricAdd},
		{"POST", "/content/{id}/campaign", Writer, false, s.contentCampaignApply},
		{"GET", "/content/templates", Viewer, false, s.contentTemplates},
		{"POST", "/content/templates", Writer, false, s.contentTemplateSave},
		{"GET", "/content/templates/{id}/edit", Viewer, false, s.contentTemplateShow},
		{"POST", "/content/templates/{id}/edit", Writer, false, s.contentTemplateSave},
		{"POST", "/content/templates/{id}/delete", Writer, false, s.contentTemplateDelete},
		// Participation: activities logged by hand and the kinds they count as.
		{"GET", "/members/{id}/activities/new", Writer, false, s.activityNew},
		{"POST", "/members/{id}/activities", Writer, false, s.activityLog},
		{"GET", "/participation/kinds", Viewer, false, s.kindList},
		{"POST", "/participation/kinds", Writer, false, s.kindCreate},
		{"GET", "/participation/kinds/{key}/edit", Writer, false, s.kindEdit},
		{"POST", "/participation/kinds/{key}", Writer, false, s.kindUpdate},
		// Where each member stands: the model and its settings, and the lists to act on.
		{"GET", "/participation/model", Viewer, false, s.participationModel},
		{"POST", "/participation/settings", Writer, false, s.participationSettingsSave},
		{"GET", "/participation/lists", Viewer, false, s.participationLists},
		// Participation over time: the funnel, flows and health figures with
		// their CSVs, and the community's lifecycle stage.
		{"GET", "/participation", Viewer, false, s.participationShow},
		{"GET", "/participation/funnel.csv", Viewer, false, s.participationFunnelCSV},
		{"GET", "/participation/flows.csv", Viewer, false, s.participationFlowsCSV},
		{"GET", "/participation/health.csv", Viewer, false, s.participationHealthCSV},
		{"GET", "/participation/groups.csv", Viewer, false, s.participationGroupsCSV},
		{"GET", "/participation/lifecycle", Viewer, false, s.lifecycleShow},
		{"POST", "/participation/lifecycle", Writer, false, s.lifecycleCreate},
		{"GET", "/participation/lifecycle/{id}/edit", Writer, false, s.lifecycleEdit},
		{"POST", "/participation/lifecycle/{id}", Writer, false, s.lifecycleUpdate},
		{"POST", "/participation/lifecycle/{id}/delete", Writer, false, s.lifecycleDelete},

		// The content and programming audit (internal/contentaudit): a period's
		// programmes and content against the goals, its gaps, and saved audits
		// with notes and decisions. (/audit is the log of changes.)
		{"GET", "/content-audit", Viewer, false, s.contentAudit},
		{"GET", "/content-audit.csv", Viewer, false, s.contentAuditCSV},
		{"GET", "/content-audit/print", Viewer, false, s.contentAuditPrint},
		{"GET", "/content-audit/saved", Viewer, false, s.contentAuditSavedList},
		{"POST", "/content-audit/saved", Writer, false, s.contentAuditSave},
		{"GET", "/content-audit/saved/{id}", Viewer, false, s.contentAuditSaved},
		{"GET", "/content-audit/saved/{id}/compare", Viewer, false, s.contentAuditCompare},
		{"POST", "/content-audit/saved/{id}/notes", Writer, false, s.contentAuditNotes},
		{"POST", "/content-audit/saved/{id}/decisions", Writer, false, s.contentAuditDecide},
		{"POST", "/content-audit/saved/{id}/delete", Writer, false, s.contentAuditDelete},

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

		// Calendar subscription URLs (internal/calendar): made and revoked in
		// Settings; the feeds themselves answer to the secret in their path.
		{"POST", "/settings/feeds", Viewer, false, s.feedTokenCreate},
		{"POST", "/settings/feeds/{id}/revoke", Viewer, false, s.feedTokenRevoke},
		{"GET", "/feeds/{token}/calendar.ics", Feed, false, s.feedCalendar},
		{"GET", "/feeds/{token}/programmes/{id}/calendar.ics", Feed, false, s.feedCalendar},

		// Imports: upload a file, check its mapping, dry-run, import, undo.
		{"GET", "/imports", Viewer, false, s.importList},
		{"POST", "/imports", Writer, false, s.importUpload},
		// The review queue of uncertain matches from every import: merging
		// takes the same right as any merge.
		{"GET", "/imports/review", Viewer, false, s.importReview},
		{"POST", "/imports/review/{id}/merge", Writer, false, s.importReviewMerge},
		{"POST", "/imports/review/{id}/distinct", Writer, false, s.importReviewDistinct},
		{"GET", "/imports/{id}", Viewer, false, s.importShow},
		{"POST", "/imports/{id}/start", Writer, false, s.importStart},
		{"POST", "/imports/{id}/undo", Writer, false, s.importUndo},
		{"GET", "/members/{id}/sources", Viewer, false, s.memberSources},
		// Exports: downloads of the community's records, streamed; a member's
		// own data for a request of access, and erasure at their request.
		{"GET", "/export", Viewer, false, s.exportPage},
		{"GET", "/export/members", Viewer, false, s.exportMembers},
		{"GET", "/export/activities.csv", Viewer, false, s.exportActivities},
		{"GET", "/export/interactions.csv", Viewer, false, s.exportInteractions},
		{"GET", "/export/calendar.ics", Viewer, false, s.exportCalendar},
		{"GET", "/export/archive", Owner, false, s.exportArchive},
		// Long exports as jobs: started, followed, downloaded by the person
		// who asked or an owner (the archive kind is for owners).
		{"POST", "/export/jobs", Viewer, false, s.exportJobStart},
		{"GET", "/export/jobs/{id}", Viewer, false, s.exportJobShow},
		{"GET", "/export/jobs/{id}/download", Viewer, false, s.exportJobDownload},
		{"GET", "/members/{id}/data.json", Writer, false, s.memberData},
		{"GET", "/members/{id}/erase", Owner, false, s.memberEraseForm},
		{"POST", "/members/{id}/erase", Owner, false, s.memberErase},

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

		// The imports' review queue of uncertain matches.
		{"GET", "/api/v1/imports/review", Viewer, true, a.ImportReviewList},
		{"POST", "/api/v1/imports/review/{id}/merge", Writer, true, a.ImportReviewMerge},
		{"POST", "/api/v1/imports/review/{id}/distinct", Writer, true, a.ImportReviewDistinct},

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

		{"GET", "/api/v1/goals", Viewer, true, a.GoalList},
		{"POST", "/api/v1/goals", Writer, true, a.GoalCreate},
		{"GET", "/api/v1/goals/{id}", Viewer, true, a.GoalGet},
		{"PATCH", "/api/v1/goals/{id}", Writer, true, a.GoalPatch},
		{"DELETE", "/api/v1/goals/{id}", Writer, true, a.GoalDelete},
		// Programming: programmes, their sessions and the expanded calendar.
		{"GET", "/api/v1/programmes", Viewer, true, a.ProgrammeList},
		{"POST", "/api/v1/programmes", Writer, true, a.ProgrammeCreate},
		{"GET", "/api/v1/programmes/{id}", Viewer, true, a.ProgrammeGet},
		{"PATCH", "/api/v1/programmes/{id}", Writer, true, a.ProgrammePatch},
		{"DELETE", "/api/v1/programmes/{id}", Writer, true, a.ProgrammeDelete},
		{"GET", "/api/v1/programmes/{id}/sessions", Viewer, true, a.SessionList},
		{"POST", "/api/v1/programmes/{id}/sessions", Writer, true, a.SessionCreate},
		{"GET", "/api/v1/sessions", Viewer, true, a.Occurrences},
		{"GET", "/api/v1/sessions/{id}", Viewer, true, a.SessionGet},
		{"PATCH", "/api/v1/sessions/{id}", Writer, true, a.SessionPatch},
		{"DELETE", "/api/v1/sessions/{id}", Writer, true, a.SessionDelete},
		{"POST", "/api/v1/sessions/{id}/occurrences", Writer, true, a.SessionOccurrence},
		// Content: items, figures, campaign templates and pillars' campaigns.
		{"GET", "/api/v1/content", Viewer, true, a.ContentList},
		{"POST", "/api/v1/content", Writer, true, a.ContentCreate},
		{"GET", "/api/v1/content/{id}", Viewer, true, a.ContentGet},
		{"PATCH", "/api/v1/content/{id}", Writer, true, a.ContentPatch},
		{"DELETE", "/api/v1/content/{id}", Writer, true, a.ContentDelete},
		{"GET", "/api/v1/content/{id}/metrics", Viewer, true, a.ContentMetrics},
		{"POST", "/api/v1/content/{id}/metrics", Writer, true, a.ContentMetricAdd},
		{"GET", "/api/v1/content/{id}/campaign", Viewer, true, a.ContentCampaign},
		{"POST", "/api/v1/content/{id}/campaign", Writer, true, a.ContentCampaignApply},
		{"GET", "/api/v1/content-templates", Viewer, true, a.ContentTemplateList},
		{"POST", "/api/v1/content-templates", Writer, true, a.ContentTemplateCreate},
		// Participation: activities and the kinds they count as.
		{"GET", "/api/v1/activities", Viewer, true, a.ActivityList},
		{"POST", "/api/v1/activities", Writer, true, a.ActivityIngest},
		{"GET", "/api/v1/activity-kinds", Viewer, true, a.ActivityKindList},
		{"GET", "/api/v1/members/{id}/participation", Viewer, true, a.MemberParticipation},
		{"GET", "/api/v1/participation/lists/{name}", Viewer, true, a.ParticipationList},
		// Participation over time: the same figures as /participation.
		{"GET", "/api/v1/participation/funnel", Viewer, true, a.ParticipationFunnel},
		{"GET", "/api/v1/participation/flows", Viewer, true, a.ParticipationFlows},
		{"GET", "/api/v1/participation/health", Viewer, true, a.ParticipationHealth},
		{"GET", "/api/v1/participation/lifecycle", Viewer, true, a.LifecycleGet},
		{"POST", "/api/v1/participation/lifecycle", Writer, true, a.LifecycleCreate},
		{"PATCH", "/api/v1/participation/lifecycle/{id}", Writer, true, a.LifecyclePatch},
		{"DELETE", "/api/v1/participation/lifecycle/{id}", Writer, true, a.LifecycleDelete},
		// Registrations and attendance of one occurrence (?occurrence= or
		// "occurrence": its original start).
		{"GET", "/api/v1/sessions/{id}/attendance", Viewer, true, a.AttendanceGet},
		{"POST", "/api/v1/sessions/{id}/attendance", Writer, true, a.AttendancePost},
		{"POST", "/api/v1/sessions/{id}/attendance/bulk", Writer, true, a.AttendanceBulk},
		{"DELETE", "/api/v1/sessions/{id}/attendance/{member}", Writer, true, a.AttendanceDelete},

		// The content and programming audit, and saved audits.
		{"GET", "/api/v1/content-audit", Viewer, true, a.ContentAudit},
		{"GET", "/api/v1/content-audits", Viewer, true, a.ContentAuditList},
		{"POST", "/api/v1/content-audits", Writer, true, a.ContentAuditSave},
		{"GET", "/api/v1/content-audits/{id}", Viewer, true, a.ContentAuditGet},

		{"GET", "/api/v1/dashboard", Viewer, true, a.Dashboard},
		{"GET", "/api/v1/audit", Owner, true, a.AuditList},
		{"GET", "/api/v1/jobs", Owner, true, a.JobList},
		{"GET", "/api/v1/imports/{id}", Viewer, true, a.ImportGet},

		// Calendar feeds as iCalendar, for an API token.
		{"GET", "/api/v1/calendar.ics", Viewer, true, a.Calendar},
		{"GET", "/api/v1/programmes/{id}/calendar.ics", Viewer, true, a.Calendar},

		// Exports, streamed; a member's data for a request of access, and
		// erasure at their request (owners).
		{"GET", "/api/v1/export/members", Viewer, true, a.ExportMembers},
		{"GET", "/api/v1/export/activities", Viewer, true, a.ExportActivities},
		{"GET", "/api/v1/export/interactions", Viewer, true, a.ExportInteractions},
		{"GET", "/api/v1/export/archive", Owner, true, a.ExportArchive},
		// Exports as jobs: any export, made in the background and kept a day.
		{"POST", "/api/v1/exports", Viewer, true, a.ExportStart},
		{"GET", "/api/v1/exports/{id}", Viewer, true, a.ExportGet},
		{"GET", "/api/v1/exports/{id}/download", Viewer, true, a.ExportDownload},
		{"GET", "/api/v1/members/{id}/export", Writer, true, a.MemberExport},
		{"POST", "/api/v1/members/{id}/erase", Owner, true, a.MemberErase},
	}
}

// Routes returns the route table, so tests outside this package (the API's
// OpenAPI coverage test, the access walk) can check every route.
func (s *Server) Routes() []Route { return s.routes() }
