package web

// Routes returns the route table, so tests outside this package (the API's
// OpenAPI coverage test, the access walk) can check every route.
func (s *Server) Routes() []Route { return s.routes() }
