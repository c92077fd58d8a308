package imports

import (
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
)

// Service runs imports; it is safe for concurrent use.
type Service struct {
	DB *store.DB
	// Members gives the tables of other capabilities that hold rows of
	// members (MergeTables): an undo refuses to remove a member someone
	// has since logged an interaction or an attendance for.
	Members *members.Service
	// Programming writes the attendance kinds' lists (attend.go).
	Programming *programming.Service
	// Importers are the kinds of import, by Kind.
	Importers map[string]Importer
	// Activities keeps what records carry as activities; nil refuses a
	// file whose records carry any.
	Activities *ActivitySink
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	progress sync.Map // run id -> *Progress, while a run executes in this process
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

// Kinds lists the registered importers.
func (s *Service) Kinds() []Importer {
	var out []Importer
	for _, k := range []string{"csv", "vcard", "mailchimp", "listmonk", "zoom", "eventbrite", "meetup", "slack", "discourse", "github"} {
		if imp, ok := s.Importers[k]; ok {
			out = append(out, imp)
		}
	}
	return out
}
