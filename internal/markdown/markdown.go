// Package markdown renders the notes community managers write about members
// and interactions. Notes are typed by people and may be pasted from
// anywhere, so rendering is safe by construction: raw HTML is dropped and
// dangerous link schemes (javascript:, vbscript:, data: outside images) are
// removed by goldmark's safe mode.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	// Hard wraps: people write notes line by line, as in a chat.
	goldmark.WithRendererOptions(html.WithHardWraps()),
)

// Render returns src as safe HTML for a template. If rendering fails the
// text is shown escaped, so a note is never lost from view.
func Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<pre>" + template.HTMLEscapeString(src) + "</pre>")
	}
	return template.HTML(buf.String())
}
