package web

// relationshipRoutes: the dashboard, key members, stakeholder groups,
// interactions, follow-ups.
func (s *Server) relationshipRoutes() []Route {
	return []Route{
		{"GET", "/{$}", Viewer, false, s.dashboard},

		{"GET", "/key-members", Viewer, false, s.keyMemberList},
		{"GET", "/members/{id}/key", Writer, false, s.keyMemberForm},
		{"POST", "/members/{id}/key", Writer, false, s.keyMemberSave},
		{"POST", "/members/{id}/key/remove", Writer, false, s.keyMemberRemove},

		{"GET", "/groups", Viewer, false, s.groupList},
		{"POST", "/groups", Writer, false, s.groupCreate},
		{"POST", "/groups/{id}/delete", Writer, false, s.groupDelete},

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
	}
}
