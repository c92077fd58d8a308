package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// Merging folds a second record of the same person into another: GET
// /members/{id}/merge lists candidates (possible duplicates with the
// reasons, or search results), the members marked as different people and
// the merges this record took part in (each with Undo). ?with=OTHER shows
// both side by side, the record that stays (id) and the one that goes
// (OTHER) named by id, with a link to swap them; POST /members/{id}/merge
// with drop=OTHER does it, keeping id.

// memberMergeData is the merge page, in its choosing or confirming state.
type memberMergeData struct {
	Keep        members.Member
	Query       string
	Candidates  []members.Duplicate // Reasons empty for search results
	Searched    bool
	Drop        *members.Member       // set when confirming
	Moves       string                // what moves, in a sentence
	Fills       []string              // fields of Keep filled in from Drop
	Distinct    []members.Member      // marked as different people from Keep
	WasDistinct bool                  // Keep and Drop were marked as different people
	History     []members.MergeRecord // merges Keep took part in, newest first
	Options     memberOptions
}

// memberMergeSearchLimit caps the candidates a search lists.
const memberMergeSearchLimit = 20

func (s *Server) memberMergeForm(w http.ResponseWriter, r *http.Request) {
	keep, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	d := memberMergeData{Keep: keep, Options: memberFormOptions()}
	if with := r.URL.Query().Get("with"); with != "" {
		s.memberMergeConfirm(w, r, d, with)
		return
	}
	d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if d.Query != "" {
		d.Searched = true
		res, err := s.app.Members.List(ctx, members.Filter{Q: d.Query, Archived: members.ArchivedInclude},
			members.Page{Limit: memberMergeSearchLimit + 1})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		for _, m := range res.Members {
			if m.ID != keep.ID && len(d.Candidates) < memberMergeSearchLimit {
				d.Candidates = append(d.Candidates, members.Duplicate{Member: m})
			}
		}
	} else {
		dups, err := s.app.Members.FindDuplicates(ctx, keep)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		d.Candidates = dups
	}
	var err error
	if d.Distinct, err = s.app.Members.DistinctFrom(ctx, keep.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.History, err = s.app.Members.Merges(ctx, keep.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "member_merge", view{Title: fmt.Sprintf("Merge records: %s (#%d)", keep.Name, keep.ID),
		Nav: "members", Data: d})
}

// memberMergeConfirm shows both records and says what the merge will do.
func (s *Server) memberMergeConfirm(w http.ResponseWriter, r *http.Request, d memberMergeData, with string) {
	ctx := r.Context()
	dropID, err := strconv.ParseInt(with, 10, 64)
	if err != nil || dropID <= 0 {
		s.renderError(w, r, apperr.NotFoundf("There is no member %q to merge.", with))
		return
	}
	if dropID == d.Keep.ID {
		s.renderError(w, r, apperr.New(apperr.Invalid, "A member cannot be merged with themselves. Choose another record."))
		return
	}
	drop, err := s.app.Members.Get(ctx, dropID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Drop = &drop
	distinct, err := s.app.Members.DistinctFrom(ctx, d.Keep.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.WasDistinct = slices.ContainsFunc(distinct, func(m members.Member) bool { return m.ID == drop.ID })
	moves, err := s.memberMergeMoves(r, d.Keep, drop)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Moves = moves
	d.Fills = memberMergeFills(d.Keep, drop)
	title := fmt.Sprintf("Merge #%d %s into #%d %s", drop.ID, drop.Name, d.Keep.ID, d.Keep.Name)
	s.render(w, r, http.StatusOK, "member_merge", view{Title: title, Nav: "members", Data: d})
}

// memberMergeMoves says what of drop's moves to keep: "Bob's 3
// interactions, 2 emails and 1 identity move to Ada; Bob is then removed."
// Things keep already has (the same address, an interaction they shared)
// are not counted.
func (s *Server) memberMergeMoves(r *http.Request, keep, drop members.Member) (string, error) {
	ctx := r.Context()
	var parts []string
	count := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, memberPlural(n, one, many))
		}
	}
	list, next, err := s.app.Relationships.ListInteractions(ctx, relationships.InteractionFilter{MemberID: drop.ID, Limit: 500})
	if err != nil {
		return "", err
	}
	shared := 0
	for _, in := range list {
		for _, p := range in.Members {
			if p.ID == keep.ID {
				shared++
				break
			}
		}
	}
	if next != "" {
		parts = append(parts, "more than 500 interactions")
	} else {
		count(len(list)-shared, "interaction", "interactions")
	}
	fus, _, err := s.app.Relationships.ListFollowUps(ctx, relationships.FollowUpFilter{MemberID: drop.ID, Status: "all", Limit: 500})
	if err != nil {
		return "", err
	}
	count(len(fus), "follow-up", "follow-ups")
	count(memberCountNew(drop.Emails, keep.Emails, func(e members.Email) string { return e.Address }), "email", "emails")
	tags := 0
	for _, pair := range [][2][]string{{drop.Expertise, keep.Expertise}, {drop.Interests, keep.Interests},
		{drop.Languages, keep.Languages}, {drop.Tags, keep.Tags}} {
		tags += memberCountNew(pair[0], pair[1], strings.ToLower)
	}
	count(tags, "tag", "tags")
	count(memberCountNew(drop.Identities, keep.Identities, func(x members.Identity) string {
		return x.Platform + " " + strings.ToLower(strings.TrimPrefix(x.Handle, "@"))
	}), "identity", "identities")
	fields := 0
	for name := range drop.CustomFields {
		if _, ok := keep.CustomFields[name]; !ok {
			fields++
		}
	}
	count(fields, "custom field", "custom fields")
	if drop.Notes != "" {
		parts = append(parts, "notes")
	}
	if _, err := s.app.Relationships.GetKeyMember(ctx, drop.ID); err == nil {
		parts = append(parts, "key-member record")
	} else if !apperr.Is(err, apperr.NotFound) {
		return "", err
	}
	if len(parts) == 0 {
		return "Nothing of " + drop.Name + "'s is new to " + keep.Name + "; " + drop.Name + " is then removed.", nil
	}
	verb := " move to "
	if len(parts) == 1 && !strings.HasSuffix(parts[0], "s") {
		verb = " moves to "
	}
	return drop.Name + "'s " + memberAndList(parts) + verb + keep.Name + "; " + drop.Name + " is then removed.", nil
}

// memberMergeFills names the fields keep lacks that drop will fill in.
func memberMergeFills(keep, drop members.Member) []string {
	var out []string
	fill := func(label, k, d string) {
		if k == "" && d != "" {
			out = append(out, label)
		}
	}
	fill("preferred name", keep.PreferredName, drop.PreferredName)
	fill("pronouns", keep.Pronouns, drop.Pronouns)
	fill("affiliation", keep.Affiliation, drop.Affiliation)
	fill("job title", keep.JobTitle, drop.JobTitle)
	fill("ORCID iD", keep.ORCID, drop.ORCID)
	fill("country", keep.Country, drop.Country)
	fill("time zone", keep.TimeZone, drop.TimeZone)
	fill("career stage", string(keep.CareerStage), string(drop.CareerStage))
	fill("how they joined", keep.Source, drop.Source)
	if drop.JoinedOn != "" && (keep.JoinedOn == "" || drop.JoinedOn < keep.JoinedOn) {
		out = append(out, "joined date (the earlier one is kept)")
	}
	if keep.Consent == (members.Consent{}) && drop.Consent != (members.Consent{}) {
		out = append(out, "consent")
	}
	return out
}

// memberMerge folds the record named by the drop field into this one.
func (s *Server) memberMerge(w http.ResponseWriter, r *http.Request) {
	keep, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	dropID, err := strconv.ParseInt(r.PostForm.Get("drop"), 10, 64)
	if err != nil || dropID <= 0 {
		s.renderError(w, r, apperr.New(apperr.Invalid, "Choose the record to merge into %s first.", keep.Name))
		return
	}
	drop, err := s.app.Members.Get(r.Context(), dropID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.app.Members.Merge(r.Context(), keep.ID, dropID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(keep.ID), fmt.Sprintf("Merged %s (#%d) into this record (#%d). "+
		"If it was a mistake, Undo merge is on the Merge page.", drop.Name, drop.ID, keep.ID))
}

// memberCountNew counts the items of from whose key is not among to's keys.
func memberCountNew[T any](from, to []T, key func(T) string) int {
	have := map[string]bool{}
	for _, t := range to {
		have[key(t)] = true
	}
	n := 0
	for _, f := range from {
		if k := key(f); !have[k] {
			have[k] = true
			n++
		}
	}
	return n
}

// memberPlural is "1 email" or "3 emails".
func memberPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// memberAndList joins ["a", "b", "c"] as "a, b and c".
func memberAndList(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
