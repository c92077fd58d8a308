package web

// apiRoutes: the JSON API (internal/api), described route by route in
// internal/api/openapi.json; a test keeps the two in step.
func (s *Server) apiRoutes() []Route {
	a := s.api
	return []Route{
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

		{"GET", "/api/v1/dashboard", Viewer, true, a.Dashboard},
		{"GET", "/api/v1/audit", Owner, true, a.AuditList},
	}
}
