package web

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"text/template/parse"
)

// templateFiles holds each file's template definitions, by path: for each
// template the file defines (its own body, under its base name as
// ParseFS names it, and every {{define}}), the names of the templates it
// calls.
type templateFiles map[string]map[string][]string

func readTemplateFiles(fsys fs.FS, files []string) (templateFiles, error) {
	out := templateFiles{}
	for _, f := range files {
		text, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		trees := map[string]*parse.Tree{}
		t := parse.New(path.Base(f))
		t.Mode = parse.SkipFuncCheck // the functions are the page set's business
		if _, err := t.Parse(string(text), "", "", trees); err != nil {
			return nil, fmt.Errorf("parse template %s: %w", f, err)
		}
		defs := map[string][]string{}
		for name, tree := range trees {
			defs[name] = appendCalls(nil, tree.Root)
		}
		out[f] = defs
	}
	return out, nil
}

// appendCalls appends the names of the templates n calls ({{template}}
// and {{block}}) to names.
func appendCalls(names []string, n parse.Node) []string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				names = appendCalls(names, c)
			}
		}
	case *parse.TemplateNode:
		names = append(names, n.Name)
	case *parse.IfNode:
		names = appendCalls(appendCalls(names, n.List), n.ElseList)
	case *parse.RangeNode:
		names = appendCalls(appendCalls(names, n.List), n.ElseList)
	case *parse.WithNode:
		names = appendCalls(appendCalls(names, n.List), n.ElseList)
	}
	return names
}

// partialsFor is the partial files a page made of fixed (the layout and
// the page's file) can reach: those defining a template that fixed's
// templates call, directly or through other partials, in the order of
// partials. The others are left out of the page's set: each page held a
// parsed copy of every partial, most of the templates' memory.
func (tf templateFiles) partialsFor(fixed, partials []string) []string {
	definedIn := map[string]string{} // template name -> partial file
	for _, f := range partials {
		for name := range tf[f] {
			definedIn[name] = f
		}
	}
	seen := map[string]bool{}
	var queue []string
	for _, f := range fixed {
		for name, calls := range tf[f] {
			seen[name] = true
			queue = append(queue, calls...)
		}
	}
	used := map[string]bool{}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		f, ok := definedIn[name]
		if !ok || used[f] {
			continue
		}
		used[f] = true
		for _, calls := range tf[f] {
			queue = append(queue, calls...)
		}
	}
	return slices.DeleteFunc(slices.Clone(partials), func(f string) bool { return !used[f] })
}
