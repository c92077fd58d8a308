package web

// memberRoutes: member pages and segments.
func (s *Server) memberRoutes() []Route {
	return []Route{
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
		{"POST", "/segments", Writer, false, s.segmentCreate},
		{"POST", "/segments/{id}/delete", Writer, false, s.segmentDelete},
	}
}
