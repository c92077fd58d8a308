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

// routes is the whole surface of Trellis: every page and every API call.
// Tests walk this table to check each route for each role.
func (s *Server) routes() []Route {
	var all []Route
	all = append(all, s.uiRoutes()...)
	all = append(all, s.memberRoutes()...)
	all = append(all, s.relationshipRoutes()...)
	all = append(all, s.settingsRoutes()...)
	all = append(all, s.apiRoutes()...)
	return all
}

func (s *Server) uiRoutes() []Route {
	return []Route{
		{"GET", "/healthz", Public, false, s.healthz},
		{"GET", "/login", Public, false, s.loginForm},
		{"POST", "/login", Public, false, s.login},
		{"POST", "/logout", Viewer, false, s.logout},
	}
}
