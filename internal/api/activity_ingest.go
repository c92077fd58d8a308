package api

import (
	"mime"
	"net/http"

	"github.com/trellis-community/trellis/internal/participation"
)

// maxActivityBody caps a batch of activities: about 250,000 activities of
// a typical size. Larger histories go in several batches (each batch is
// all or nothing on its own). The body is read as a stream, so memory
// stays bounded whatever the cap.
const maxActivityBody = 64 << 20

// ActivityIngest answers POST /api/v1/activities: one activity (a JSON
// object), a JSON array of them, or JSON Lines (Content-Type
// application/x-ndjson). The batch is kept whole or refused whole: 200
// with how many were created and how many already existed (the same
// source and external_id), or 422 with error.items naming each problem's
// index, line (JSON Lines) and field. Items without a source get "api".
func (h *Handler) ActivityIngest(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, maxActivityBody)
	res, err := h.app.Participation.Ingest(r.Context(), participation.Decode(body, isJSONLines(r)), participation.SourceAPI)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, res)
}

// isJSONLines reports whether the request says its body is JSON Lines.
func isJSONLines(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines":
		return true
	}
	return false
}
