package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/privacy"
)

// exports are the downloads the API and the Export page share.
func exports(a *app.App) export.Sources {
	return export.Sources{DB: a.DB, Members: a.Members, Calendar: a.Calendar, Now: a.Now, AppVersion: app.Version}
}

// ExportMembers answers GET /api/v1/export/members with every member (or
// a segment's: ?segment=ID) as CSV or vCard 4.0 (?format=csv|vcard),
// streamed. Invalid for a bad parameter, NotFound for an unknown segment.
func (h *Handler) ExportMembers(w http.ResponseWriter, r *http.Request) {
	d, err := exports(h.app).MembersDownload(r.Context(), r.URL.Query())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Serve(w, r, h.log)
}

// ExportActivities answers GET /api/v1/export/activities with every
// activity as CSV.
func (h *Handler) ExportActivities(w http.ResponseWriter, r *http.Request) {
	exports(h.app).ActivitiesDownload().Serve(w, r, h.log)
}

// ExportInteractions answers GET /api/v1/export/interactions with every
// interaction as CSV.
func (h *Handler) ExportInteractions(w http.ResponseWriter, r *http.Request) {
	exports(h.app).InteractionsDownload().Serve(w, r, h.log)
}

// ExportArchive answers GET /api/v1/export/archive with the whole
// database as a gzipped JSON Lines archive (docs/archive.md). Owners only:
// it holds the team's password and token hashes.
func (h *Handler) ExportArchive(w http.ResponseWriter, r *http.Request) {
	exports(h.app).ArchiveDownload().Serve(w, r, h.log)
}

// MemberExport answers GET /api/v1/members/{id}/export with everything
// Trellis holds about the member, for a request of access (privacy.Access),
// as a JSON attachment. NotFound when there is none.
func (h *Handler) MemberExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acc, err := h.app.Privacy.Access(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="member-`+r.PathValue("id")+`-data.json"`)
	w.Header().Set("Cache-Control", "no-store")
	ok(w, acc)
}

// MemberErase answers POST /api/v1/members/{id}/erase, body
// {"confirm": "<the member's name>"}, with what the erasure did. It removes
// the member for good (privacy.Erase). If-Match, when sent, must name the
// member's current version. Owners only. Invalid when confirm is not
// their name, NotFound, Conflict for a stale If-Match.
func (h *Handler) MemberErase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var body struct {
		Confirm string `json:"confirm"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, cancel := privacy.EraseContext(r.Context())
	defer cancel()
	res, err := h.app.Privacy.EraseConfirmed(ctx, id, version, body.Confirm)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, res)
}
