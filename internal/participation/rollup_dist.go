package participation

import (
	"encoding/binary"
	"errors"
	"slices"
)

// A month's figures that are not sums (the shares of the most active, how
// many people make half of the contributions, the median days to a first
// contribution) need every member's number, not a total. The month keeps
// them as distributions (participation_months.distribution): how many
// members did each number of activities, each number of contributions,
// and took each number of days to a first contribution. Taking a member's
// old row out and putting the new one in is then a count down and a count
// up, and the figures come out of the distributions exactly as they came
// out of the sorted lists, so an incremental roll-up leaves what a rebuild
// would.

// hist counts members by a number: value -> members. A count never rests
// at zero (the key is deleted), so two equal distributions encode alike.
type hist map[int]int

func (h hist) add(v, n int) {
	if c := h[v] + n; c != 0 {
		h[v] = c
	} else {
		delete(h, v)
	}
}

// count is how many members h holds.
func (h hist) count() int {
	n := 0
	for _, c := range h {
		n += c
	}
	return n
}

// ok reports whether every count is positive: a distribution a roll-up
// took more out of than it held was not what the month's rows say.
func (h hist) ok() bool {
	for v, c := range h {
		if c <= 0 || v < 0 {
			return false
		}
	}
	return true
}

// desc is h's values, largest first.
func (h hist) desc() []int {
	vs := make([]int, 0, len(h))
	for v := range h {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, func(x, y int) int { return y - x })
	return vs
}

// topSum is the sum of the k largest values, members counted one by one.
func (h hist) topSum(k int) int {
	sum := 0
	for _, v := range h.desc() {
		if k <= 0 {
			break
		}
		n := min(k, h[v])
		sum += n * v
		k -= n
	}
	return sum
}

// half is halfOf over the distribution: the fewest members whose numbers
// add up to at least half of all of them.
func (h hist) half() int {
	vs := h.desc()
	total := 0
	for _, v := range vs {
		total += v * h[v]
	}
	sum, taken := 0, 0
	for _, v := range vs {
		c := h[v]
		if need := total - 2*sum; v > 0 {
			// The fewest j of this value with 2*(sum+j*v) >= total.
			if j := max(1, (need+2*v-1)/(2*v)); j <= c {
				return taken + j
			}
		} else if 2*sum >= total {
			return taken + 1
		}
		sum += c * v
		taken += c
	}
	return 0
}

// median is median over the distribution.
func (h hist) median() *float64 {
	n := h.count()
	if n == 0 {
		return nil
	}
	vs := h.desc()
	slices.Reverse(vs)
	at := func(i int) int {
		for _, v := range vs {
			if i < h[v] {
				return v
			}
			i -= h[v]
		}
		return 0
	}
	m := float64(at(n / 2))
	if n%2 == 0 {
		m = float64(at(n/2-1)+at(n/2)) / 2
	}
	return &m
}

// monthDist is a month's three distributions.
type monthDist struct {
	totals   hist // activities per member
	contribs hist // contributions per member, for members with any
	days     hist // days to a first contribution, for members who made it this month
}

func newMonthDist() monthDist { return monthDist{hist{}, hist{}, hist{}} }

func (d monthDist) ok() bool { return d.totals.ok() && d.contribs.ok() && d.days.ok() }

// pack encodes d: for each distribution in turn, its number of values and
// then each value (ascending, as the gap from the one before) with its
// count, all unsigned varints.
func (d monthDist) pack() []byte {
	var out []byte
	for _, h := range []hist{d.totals, d.contribs, d.days} {
		vs := h.desc()
		slices.Reverse(vs)
		out = binary.AppendUvarint(out, uint64(len(vs)))
		prev := 0
		for _, v := range vs {
			out = binary.AppendUvarint(out, uint64(v-prev))
			out = binary.AppendUvarint(out, uint64(h[v]))
			prev = v
		}
	}
	return out
}

var errDist = errors.New("participation: a month's distribution is damaged")

// unpackDist reads what pack wrote. Damaged data is an error, never a
// panic.
func unpackDist(b []byte) (monthDist, error) {
	d := newMonthDist()
	next := func() (int, error) {
		v, n := binary.Uvarint(b)
		// Only the shortest form of each number, as pack writes it.
		if n <= 0 || v > 1<<40 || n != len(binary.AppendUvarint(nil, v)) {
			return 0, errDist
		}
		b = b[n:]
		return int(v), nil
	}
	for _, h := range []hist{d.totals, d.contribs, d.days} {
		n, err := next()
		if err != nil {
			return d, err
		}
		prev := 0
		for i := range n {
			gap, err := next()
			if err != nil {
				return d, err
			}
			c, err := next()
			if err != nil {
				return d, err
			}
			if (i > 0 && gap == 0) || c == 0 {
				return d, errDist
			}
			prev += gap
			h[prev] = c
		}
	}
	if len(b) > 0 {
		return d, errDist
	}
	return d, nil
}
