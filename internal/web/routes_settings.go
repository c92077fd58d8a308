package web

// settingsRoutes: your account, API tokens, team users, audit log.
func (s *Server) settingsRoutes() []Route {
	return []Route{
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
	}
}
