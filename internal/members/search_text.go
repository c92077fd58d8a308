package members

import (
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// searchText is what full-text search sees of a member: every name they go
// by, where they work, how to reach them, every tag and handle, and the
// notes. It is stored in members.search_text, which feeds the FTS5 table
// (SQLite) or the generated tsvector (PostgreSQL).
//
// The text is split into folded lower-case words here, exactly as a search
// is, because the engines would otherwise disagree: PostgreSQL keeps
// "ada@example.org" as one token, reads the dashes in an ORCID iD as minus
// signs and keeps accents, while FTS5 splits the first two and drops them.
func searchText(m Member) string {
	parts := []string{m.Name, m.PreferredName, m.Affiliation, m.JobTitle, m.ORCID}
	for _, e := range m.Emails {
		parts = append(parts, e.Address)
	}
	for _, l := range tagLists(&m) {
		parts = append(parts, *l.tags...)
	}
	for _, id := range m.Identities {
		parts = append(parts, id.Handle)
	}
	parts = append(parts, m.Notes)
	var words []string
	for _, p := range parts {
		words = append(words, searchTerms(p)...)
	}
	return strings.Join(words, " ")
}

// searchTerms splits text into the words both the stored search text and
// a search are made of, with diacritics folded so that either spelling
// finds the other.
func searchTerms(s string) []string { return store.SearchTerms(foldKey(s)) }
