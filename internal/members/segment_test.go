package members_test

import (
	"reflect"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestSegments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		filter := members.Filter{
			Q: "ecology", Status: []members.Status{members.StatusLapsed, members.StatusActive},
			CareerStage: []members.CareerStage{members.StageEarlyCareer}, Country: []string{"ke", "UG"},
			Tags: []string{"mentor"}, HasEmail: ptr(true), ConsentContact: ptr(false),
			JoinedFrom: "2025-01-01", KeyOnly: true, Sort: "-joined",
		}
		early, err := svc.CreateSegment(ctx, " Early career in East Africa ", filter)
		if err != nil {
			t.Fatal(err)
		}
		canonical, _ := members.ParseFilter(filter.Values())
		if early.Name != "Early career in East Africa" || !reflect.DeepEqual(early.Filter, canonical) ||
			early.Query != canonical.Values().Encode() || !early.CreatedAt.Equal(start) {
			t.Fatalf("created %+v", early)
		}
		got, err := svc.GetSegment(ctx, early.ID)
		if err != nil || !reflect.DeepEqual(got, early) {
			t.Fatalf("GetSegment = %+v, %v; want %+v", got, err, early)
		}
		all, err := svc.CreateSegment(ctx, "Archived", members.Filter{Archived: members.ArchivedOnly})
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.ListSegments(ctx)
		if err != nil || len(list) != 2 || list[0].ID != all.ID || list[1].ID != early.ID {
			t.Fatalf("ListSegments = %+v, %v", list, err)
		}

		_, err = svc.CreateSegment(ctx, "Archived", members.Filter{})
		wantCode(t, err, apperr.Conflict)
		if fields := err.(*apperr.Error).Fields; fields["name"] == "" {
			t.Errorf("conflict fields = %v, want name", fields)
		}
		_, err = svc.CreateSegment(ctx, " ", members.Filter{})
		if fields := fieldsOf(t, err); fields["name"] == "" {
			t.Errorf("fields = %v, want name", fields)
		}
		_, err = svc.CreateSegment(ctx, "Bad", members.Filter{Sort: "age"})
		if fields := fieldsOf(t, err); fields["sort"] == "" {
			t.Errorf("fields = %v, want sort", fields)
		}

		if err := svc.DeleteSegment(ctx, early.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.GetSegment(ctx, early.ID)
		wantCode(t, err, apperr.NotFound)
		wantCode(t, svc.DeleteSegment(ctx, early.ID), apperr.NotFound)
		if list, _ := svc.ListSegments(ctx); len(list) != 1 {
			t.Fatalf("%d segments left, want 1", len(list))
		}
	})
}
