package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/httpx"
)

// pages holds one parsed template set per page: the layout, the shared
// partials and the page's own file.
type pages struct {
	byName map[string]*template.Template
}

// Templates live in one folder per capability (members/, relationships/,
// accounts/, audit/) beside layout/ and partials/. A file in any folder
// named "partials" is shared by every page (each page's set holds those
// its templates can reach); layout/layout.html wraps every
// page; every other file is a page, named by its file name, which must be
// unique across folders because handlers render pages by that name.
const layoutFile = "templates/layout/layout.html"

func loadPages() (*pages, error) {
	var partials, files []string
	err := fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" || p == layoutFile {
			return err
		}
		if path.Base(path.Dir(p)) == "partials" {
			partials = append(partials, p)
		} else {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tf, err := readTemplateFiles(assets, slices.Concat([]string{layoutFile}, partials, files))
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := p.byName[name]; dup {
			return nil, fmt.Errorf("two page templates are named %s (%s)", name, f)
		}
		patterns := append([]string{layoutFile}, tf.partialsFor([]string{layoutFile, f}, partials)...)
		patterns = append(patterns, f)
		t, err := template.New("layout").Funcs(templateFuncs).ParseFS(assets, patterns...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", f, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every page template receives. Page-specific values go in
// Data; a form that failed keeps what was typed in Form and the problems,
// field by field, in Errors.
type view struct {
	Title     string
	Nav       string // which navigation entry is current
	User      accounts.User
	LoggedIn  bool
	Flash     *flash
	Version   string
	Path      string
	Query     url.Values
	Data      any
	Form      url.Values
	Errors    map[string]string
	FormError string
	// Stale, on an edit form, lists what changed since the form was
	// opened when saving it was refused for that (see stale.go).
	Stale *staleNotice
}

// Field returns the submitted value of a form field, for refilling forms.
func (v view) Field(name string) string { return v.Form.Get(name) }

// CanWrite reports whether the user may change things (owners, managers).
func (v view) CanWrite() bool { return v.LoggedIn && v.User.Role.CanWrite() }

// IsOwner reports whether the user administers this Trellis.
func (v view) IsOwner() bool { return v.LoggedIn && v.User.Role.CanAdmin() }

// render writes page name with the given status. The page is rendered into
// a buffer first, so a template error becomes a clean 500 rather than half
// a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	v.User, v.LoggedIn = httpx.UserFrom(r.Context())
	v.Flash = s.takeFlash(w, r)
	v.Version = app.Version
	v.Path = r.URL.Path
	v.Query = r.URL.Query()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render template", "name", name, "err", err)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderError shows err as a page, with the status its code maps to.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	httpx.LogError(s.log, r, err)
	_, msg, _ := httpx.Public(err)
	status := httpx.Status(err)
	s.render(w, r, status, "error", view{Title: http.StatusText(status), Data: errorPage{Status: status, Message: msg}})
}

type errorPage struct {
	Status  int
	Message string
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		httpx.WriteJSON(w, http.StatusNotFound, httpx.ErrorBody{Error: httpx.ErrorDetail{Code: "not_found", Message: "No such API route."}})
		return
	}
	s.render(w, r, http.StatusNotFound, "error", view{Title: "Not found", Data: errorPage{Status: 404, Message: "There is no page here."}})
}

// redirect sends the browser on after a successful form, with a flash
// message to show on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, message string) {
	if message != "" {
		s.setFlash(w, flash{Kind: "success", Message: message})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// static serves the embedded CSS, JavaScript and icons.
func (s *Server) static() http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
