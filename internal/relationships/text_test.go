package relationships_test

import (
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// The service holds the text rule itself, as a backstop for callers that
// do not come through the web edge (the command line, imports): a NUL, a
// byte that is not UTF-8 or another control character is Invalid naming
// the field, on SQLite exactly as on PostgreSQL (where a NUL used to fail
// with "invalid byte sequence for encoding UTF8").
func TestServiceRefusesBadText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.addMember(memberRow{name: "Ada Lovelace"})
		logged, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Talked", MemberIDs: []int64{ada}})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"a\x00b", "a\xffb", "a\xc0\xafb", "a\x1bb", "a\rb"} {
			tests := []struct {
				name  string
				field string
				do    func() error
			}{
				{"interaction summary", "summary", func() error {
					_, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{Channel: relationships.Call, Summary: bad, MemberIDs: []int64{ada}})
					return err
				}},
				{"interaction outcome on edit", "outcome", func() error {
					_, err := f.svc.UpdateInteraction(f.ctx, logged.ID, relationships.InteractionInput{
						OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Talked", Outcome: bad, MemberIDs: []int64{ada}})
					return err
				}},
				{"follow-up of an interaction", "followup.what", func() error {
					_, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{Channel: relationships.Call, Summary: "Fine", MemberIDs: []int64{ada},
						FollowUp: &relationships.FollowUpInput{What: bad, DueOn: "2026-03-20"}})
					return err
				}},
				{"follow-up", "what", func() error {
					_, err := f.svc.CreateFollowUp(f.ctx, relationships.FollowUpInput{What: bad, DueOn: "2026-03-20"})
					return err
				}},
				{"batch", "interactions[1].notes", func() error {
					_, err := f.svc.LogInteractions(f.ctx, []relationships.InteractionInput{
						{OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Fine", MemberIDs: []int64{ada}},
						{OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Fine", Notes: bad, MemberIDs: []int64{ada}}})
					return err
				}},
				{"key-member note", "note", func() error {
					_, err := f.svc.SetKeyMember(f.ctx, ada, 30, nil, bad)
					return err
				}},
				{"group name", "name", func() error {
					_, err := f.svc.CreateGroup(f.ctx, bad)
					return err
				}},
			}
			for _, tt := range tests {
				t.Run(tt.name+"/"+bad, func(t *testing.T) {
					err := tt.do()
					var e *apperr.Error
					if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Fields[tt.field] == "" {
						t.Fatalf("error %v, want Invalid naming %q", err, tt.field)
					}
				})
			}
		}
	})
}
