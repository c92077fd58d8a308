package web

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestPartialsFor(t *testing.T) {
	fsys := fstest.MapFS{
		"layout.html":     {Data: []byte(`<main>{{template "content" .}}</main>{{template "flash" .}}`)},
		"p/flash.html":    {Data: []byte(`{{define "flash"}}{{if .}}{{.}}{{end}}{{end}}`)},
		"p/field.html":    {Data: []byte(`{{define "field"}}{{range .}}{{template "error" .}}{{else}}{{block "hint" .}}h{{end}}{{end}}{{end}}{{define "error"}}e{{end}}`)},
		"p/hintword.html": {Data: []byte(`{{define "word"}}{{with .}}{{template "deep" .}}{{end}}{{end}}`)},
		"p/deep.html":     {Data: []byte(`{{define "deep"}}d{{end}}`)},
		"p/unused.html":   {Data: []byte(`{{define "unused"}}{{template "deep" .}}{{end}}`)},
		"p/shadow.html":   {Data: []byte(`{{define "own"}}partial's{{end}}`)},
		"form.html":       {Data: []byte(`{{define "content"}}{{template "field" .}}{{template "own" .}}{{end}}{{define "own"}}x{{end}}`)},
		"word.html":       {Data: []byte(`{{define "content"}}{{if .}}{{else}}{{template "word" .}}{{end}}{{end}}`)},
		"plain.html":      {Data: []byte(`{{define "content"}}plain{{end}}`)},
		"bare.html":       {Data: []byte(`{{define "bare"}}{{template "deep" .}}{{end}}{{define "content"}}{{end}}`)},
	}
	partials := []string{"p/deep.html", "p/field.html", "p/flash.html", "p/hintword.html", "p/shadow.html", "p/unused.html"}
	pagesFiles := []string{"form.html", "word.html", "plain.html", "bare.html"}
	tf, err := readTemplateFiles(fsys, slices.Concat([]string{"layout.html"}, partials, pagesFiles))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page string
		want []string
	}{
		// through a range's body and its else's block; "own" is the page's
		{"form.html", []string{"p/field.html", "p/flash.html"}},
		// through an else and a with, two partials deep
		{"word.html", []string{"p/deep.html", "p/flash.html", "p/hintword.html"}},
		{"plain.html", []string{"p/flash.html"}},
		// a template the page defines and a handler executes by name
		{"bare.html", []string{"p/deep.html", "p/flash.html"}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			if got := tf.partialsFor([]string{"layout.html", tc.page}, partials); !slices.Equal(got, tc.want) {
				t.Errorf("partialsFor(%s) = %q, want %q", tc.page, got, tc.want)
			}
		})
	}
	if _, err := readTemplateFiles(fstest.MapFS{"bad.html": {Data: []byte(`{{define "x"}}`)}}, []string{"bad.html"}); err == nil {
		t.Error("an unterminated define parsed")
	}
}

// TestEveryPageHasItsTemplates: in every page's set, each template called
// from one of its templates is defined, so leaving partials out cannot
// make a page fail when it renders.
func TestEveryPageHasItsTemplates(t *testing.T) {
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.byName) < 20 {
		t.Fatalf("only %d pages", len(p.byName))
	}
	for name, set := range p.byName {
		for _, tmpl := range set.Templates() {
			if tmpl.Tree == nil {
				continue
			}
			for _, called := range appendCalls(nil, tmpl.Tree.Root) {
				if set.Lookup(called) == nil {
					t.Errorf("page %s: template %s calls %q, which its set does not define", name, tmpl.Name(), called)
				}
			}
		}
	}
}
