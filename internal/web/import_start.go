package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store"
)

// importStart saves the mapping chosen on the preview and queues the run,
// as a dry run ("mode" check) or for real.
func (s *Server) importStart(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	run, err := s.app.Imports.Get(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	mapping := imports.Mapping{}
	if data, err := s.app.Imports.File(ctx, id); err == nil {
		p, err := s.app.Imports.Importers[run.Kind].Preview(strings.NewReader(string(data)), run.FileName, run.Mapping, 0)
		if err == nil {
			for _, c := range p.Columns {
				f := r.PostForm.Get("map." + strconv.Itoa(c.Index))
				if f == "custom" {
					f = "custom:" + c.Header
				}
				if !csvmembers.ValidField(f) {
					s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf("Column %q: %q is not a field.", c.Header, f),
						Fields: map[string]string{"map." + strconv.Itoa(c.Index): "is not a field"}})
					return
				}
				mapping[c.Header] = f
			}
		}
	}
	source := strings.TrimSpace(r.PostForm.Get("source"))
	if len(source) > 200 {
		s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "source: must be at most 200 characters.", Fields: map[string]string{"source": "must be at most 200 characters"}})
		return
	}
	dry := r.PostForm.Get("mode") == "check"
	err = s.app.Imports.Start(ctx, id, source, mapping, func(tx *store.Tx) (int64, error) {
		job, _, err := s.app.Jobs.EnqueueTx(ctx, tx, app.JobImport, app.ImportJob{RunID: id, DryRun: dry}, jobs.EnqueueOptions{MaxAttempts: 1})
		return job, err
	})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.app.Jobs.Wake()
	msg := "The import has started."
	if dry {
		msg = "The dry run has started: nothing will be kept."
	}
	s.redirect(w, r, fmt.Sprintf("/imports/%d", id), msg)
}
