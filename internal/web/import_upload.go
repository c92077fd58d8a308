package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"

	"github.com/trellis-community/trellis/internal/apperr"
)

// maxImportUpload bounds an uploaded file: a spreadsheet of a few hundred
// thousand members. Larger files go through `trellis import`, which
// streams them.
const maxImportUpload = 64 << 20

// importUpload keeps an uploaded file as a new run and shows its preview,
// where the mapping is checked before anything is imported.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxImportUpload+1<<20)
	fail := func(msg string) {
		s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "file: " + msg, Fields: map[string]string{"file": msg}})
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(fmt.Sprintf("is larger than %d MB: import it with `trellis import csv FILE`", maxImportUpload>>20))
			return
		}
		fail("could not be read: choose a file and send the form again")
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail("choose a file to import")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportUpload+1))
	if err != nil {
		fail("could not be read")
		return
	}
	if len(data) > maxImportUpload {
		fail(fmt.Sprintf("is larger than %d MB: import it with `trellis import csv FILE`", maxImportUpload>>20))
		return
	}
	kind := r.FormValue("kind")
	if kind == "" {
		kind = "csv"
	}
	session, at, err := importSession(r, kind, s.app.Imports.Importers[kind])
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	id, err := s.app.Imports.Upload(r.Context(), kind, filepath.Base(hdr.Filename), data)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if session != 0 {
		if err := s.app.Imports.SetSession(r.Context(), id, session, at); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.redirect(w, r, fmt.Sprintf("/imports/%d", id), "")
}
