package participation

import (
	"fmt"
	"slices"
	"testing"
)

// halfOf and median are the figures as the roll-up first made them, from
// sorted lists: the reference the distributions must agree with.

// halfOf is the fewest of the counts whose sum is at least half of all of
// them: how many people make half of the contributions. It sorts counts.
func halfOf(counts []int) int {
	slices.SortFunc(counts, func(x, y int) int { return y - x })
	total := 0
	for _, c := range counts {
		total += c
	}
	sum := 0
	for i, c := range counts {
		sum += c
		if 2*sum >= total {
			return i + 1
		}
	}
	return 0
}

// median is the middle value of vs (the mean of the two middle ones for
// an even count), nil for none. It sorts vs.
func median(vs []int) *float64 {
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	n := len(vs)
	m := float64(vs[n/2])
	if n%2 == 0 {
		m = float64(vs[n/2-1]+vs[n/2]) / 2
	}
	return &m
}

// distFromBytes turns fuzz input into member rows of one month: each
// byte pair is a member's activities and contributions (at most the
// activities), a third byte their days to a first contribution (255 for
// none).
func distFromBytes(data []byte) []memberMonth {
	var rows []memberMonth
	for i := 0; i+2 < len(data); i += 3 {
		total := int(data[i]%40) + 1
		c := min(int(data[i+1]%40), total)
		r := memberMonth{memberID: int64(i/3 + 1), deepest: 1, firstContribution: -1}
		r.acts[0], r.acts[1] = total-c, c
		if c > 0 {
			r.deepest = 2
			if data[i+2] != 255 {
				r.firstContribution = int(data[i+2])
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// referenceFigures makes the non-sum figures of rows from sorted lists.
func referenceFigures(rows []memberMonth) string {
	var totals, contribs, days []int
	for _, r := range rows {
		totals = append(totals, r.total())
		if c := r.contributions(); c > 0 {
			contribs = append(contribs, c)
		}
		if r.firstContribution >= 0 {
			days = append(days, r.firstContribution)
		}
	}
	slices.SortFunc(totals, func(x, y int) int { return y - x })
	n := len(totals)
	top1, top10 := 0, 0
	for i, t := range totals {
		if i < (n+99)/100 {
			top1 += t
		}
		if i < (n+9)/10 {
			top10 += t
		}
	}
	return fmt.Sprint(top1, top10, halfOf(contribs), len(days), fmtMedian(median(days)))
}

func fmtMedian(m *float64) string {
	if m == nil {
		return "none"
	}
	return fmt.Sprint(*m)
}

func accFigures(r monthRow) string {
	return fmt.Sprint(r.top1, r.top10, r.halfContributors, r.firstContributions, fmtMedian(r.firstContribMedian))
}

// FuzzMonthDistribution: a month's figures made from its distributions
// equal those made from sorted lists, whether the month was counted
// whole, or stored, read back, and then had some members taken out and
// put back changed.
func FuzzMonthDistribution(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{1, 0, 255}, uint8(1))
	f.Add([]byte{5, 3, 0, 5, 3, 10, 2, 2, 4, 9, 0, 255, 30, 30, 1}, uint8(2))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 200, 200, 200}, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		rows := distFromBytes(data)
		whole := newMonthAcc(202601)
		for _, r := range rows {
			whole.add(r)
		}
		got := whole.finish()
		if g, w := accFigures(got), referenceFigures(rows); g != w {
			t.Fatalf("whole: got %s, want %s", g, w)
		}
		// Store it, read it back, change the members from cut on.
		dist, err := unpackDist(whole.dist.pack())
		if err != nil {
			t.Fatal(err)
		}
		base, err := unpackMembers(got.packed)
		if err != nil {
			t.Fatal(err)
		}
		stored := newMonthAcc(202601)
		stored.row, stored.dist, stored.base = got, dist, base
		delta := newMonthAcc(202601)
		changed := slices.Clone(rows)
		for i := int(cut) % (len(rows) + 1); i < len(rows); i++ {
			delta.remove(rows[i])
			r := rows[len(rows)-1-i]
			r.memberID = rows[i].memberID
			r.acts[0]++
			if i%3 == 0 {
				continue // the member left the month
			}
			delta.add(r)
			changed[i] = r
		}
		changed = slices.DeleteFunc(changed, func(r memberMonth) bool {
			for i := int(cut) % (len(rows) + 1); i < len(rows); i++ {
				if i%3 == 0 && rows[i].memberID == r.memberID {
					return true
				}
			}
			return false
		})
		stored.merge(delta)
		if !stored.consistent() {
			t.Fatal("a change of rows that were stored left the month inconsistent")
		}
		again := newMonthAcc(202601)
		for _, r := range changed {
			again.add(r)
		}
		want := again.finish()
		inc := stored.finish()
		if g, w := accFigures(inc), referenceFigures(changed); g != w {
			t.Fatalf("incremental: got %s, want %s", g, w)
		}
		if inc.active != want.active || string(inc.packed) != string(want.packed) || string(stored.dist.pack()) != string(again.dist.pack()) {
			t.Fatalf("incremental: %d members %x dist %x, want %d %x %x", inc.active, inc.packed, stored.dist.pack(), want.active, want.packed, again.dist.pack())
		}
	})
}

// FuzzUnpackDist: damaged distributions are errors, never panics, and
// what unpacks packs back the same.
func FuzzUnpackDist(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0})
	f.Add(monthDist{hist{1: 3, 7: 1}, hist{2: 1}, hist{0: 2, 30: 1}}.pack())
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := unpackDist(b)
		if err != nil {
			return
		}
		if got := d.pack(); string(got) != string(b) {
			t.Fatalf("unpacked and packed %x, got %x", b, got)
		}
	})
}
