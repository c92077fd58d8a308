package participation

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Result is what a batch did: how many activities it created and how many
// were already there (the same source and external id sent before, or
// twice in the batch).
type Result struct {
	Created  int `json:"created"`
	Existing int `json:"existing"`
}

const (
	// chunkSize is how many items are checked, resolved and written at a
	// time: memory stays bounded however long the batch, and members are
	// looked up a few hundred at a query rather than one by one.
	chunkSize = 5000
	// maxItemErrors bounds the problems one refusal lists.
	maxItemErrors = 100
)

// Ingest stores a batch of activities (Decode's items) all together or
// not at all: if any item has a problem (malformed, unknown member or
// kind, a time in the future, a bad URL), nothing is kept and the Invalid
// error lists the problems in Items, by index, at most 100 of them.
// Items that name no source get defaultSource. An item whose source and
// external id are already stored (or came earlier in the batch) is counted
// as existing and changes nothing. The batch is one audit entry.
func (s *Service) Ingest(ctx context.Context, items iter.Seq[Decoded], defaultSource string) (Result, error) {
	var res Result
	touched := memberSet{}
	err := s.DB.InBulkTx(ctx, func(tx *store.Tx) error {
		var err error
		if res, err = s.ingest(ctx, tx, items, defaultSource, touched); err != nil {
			return err
		}
		if res.Created == 0 {
			return nil
		}
		return audit.Record(ctx, tx, s.now(), audit.Change{Entity: "activity", Action: "create",
			Summary: fmt.Sprintf("Recorded %d activities (%d already there)", res.Created, res.Existing)})
	})
	if err != nil {
		return Result{}, store.Wrap(err, "Could not store the activities.")
	}
	s.afterActivities(ctx, touched.ids())
	return res, nil
}

// ingest checks and writes items inside tx, adding the members they name
// to touched.
func (s *Service) ingest(ctx context.Context, tx *store.Tx, items iter.Seq[Decoded], defaultSource string, touched memberSet) (Result, error) {
	now := s.now()
	kindList, err := listKinds(ctx, tx)
	if err != nil {
		return Result{}, err
	}
	kinds := make(map[string]Kind, len(kindList))
	for _, k := range kindList {
		kinds[k.Key] = k
	}
	w, err := newWriter(ctx, tx, actorUserID(ctx), now.Unix())
	if err != nil {
		return Result{}, err
	}
	p := problems{}
	m := newMemberIndex()
	// Reading and checking the items (JSON decoding, mostly) runs beside
	// the writing, a chunk ahead, so the two share the machine's cores.
	chunks, stop := readChunks(ctx, items, func(d Decoded, r *row, bad func(ItemError)) bool {
		ok := true
		d.Item.check(r, now, defaultSource, kinds, func(field, msg string) {
			ok = false
			bad(ItemError{Index: d.Index, Line: d.Line, Field: field, Message: msg})
		})
		return ok
	})
	defer stop()
	for c := range chunks {
		if c.fatal != nil {
			return Result{}, apperr.New(apperr.Invalid, "%s Nothing was kept.", c.fatal.Message)
		}
		for _, e := range c.errs {
			p.add(e)
		}
		if err := m.resolve(ctx, tx, c.rows, &p); err != nil {
			return Result{}, err
		}
		if p.n == 0 {
			if err := w.write(ctx, c.rows); err != nil {
				return Result{}, err
			}
			touched.addRows(c.rows)
		}
	}
	if err := p.err(); err != nil {
		return Result{}, err
	}
	created, err := w.finish(ctx)
	if err != nil {
		return Result{}, err
	}
	if w.items == 0 {
		return Result{}, apperr.New(apperr.Invalid, "The batch holds no activities.")
	}
	return Result{Created: created, Existing: w.items - created}, nil
}

// problems collects what is wrong with a batch's items.
type problems struct {
	n     int
	items []ItemError
}

func (p *problems) add(e ItemError) {
	p.n++
	if len(p.items) < maxItemErrors {
		p.items = append(p.items, e)
	}
}

// err is the batch's refusal, or nil.
func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	slices.SortStableFunc(p.items, func(a, b ItemError) int { return a.Index - b.Index })
	e := apperr.New(apperr.Invalid, "%d items have problems; nothing was kept.", p.n)
	if p.n == 1 {
		it := p.items[0]
		where := fmt.Sprintf("Item %d", it.Index)
		if it.Line > 0 {
			where += fmt.Sprintf(" (line %d)", it.Line)
		}
		if it.Field != "" {
			where += " " + it.Field
		}
		e = apperr.New(apperr.Invalid, "%s %s; nothing was kept.", where, it.Message)
	} else if p.n > len(p.items) {
		e.Message = fmt.Sprintf("%d items have problems (the first %d are listed); nothing was kept.", p.n, len(p.items))
	}
	e.Items = p.items
	return e
}
