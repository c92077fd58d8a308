package web

import "testing"

// Every form the edge shows again is a route: a renamed route would
// otherwise quietly fall back to the error page.
func TestTextFormPagesAreRoutes(t *testing.T) {
	t.Parallel()
	s := &Server{}
	routes := map[string]bool{}
	for _, rt := range s.routes() {
		routes[rt.Method+" "+rt.Pattern] = true
	}
	for key := range s.textFormPages() {
		if !routes[key] {
			t.Errorf("%q is not in the route table", key)
		}
	}
}
