package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
)

// rng is a seeded random source. Each part of the generator draws from
// its own stream (people, key members, interactions ...), so a change to
// how one part uses randomness leaves the others' data as it was.
type rng struct{ *rand.Rand }

func newRNG(seed int64, stream string) *rng {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return &rng{rand.New(rand.NewPCG(uint64(seed), h.Sum64()))}
}

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between returns a whole number from lo to hi, both included.
func (r *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

func pick[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

func shuffle[T any](r *rng, xs []T) {
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

// sample returns n distinct elements of xs in random order (all of them
// when there are fewer).
func sample[T any](r *rng, xs []T, n int) []T {
	idx := r.Perm(len(xs))
	out := make([]T, 0, min(n, len(xs)))
	for _, i := range idx[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// weighted draws indexes with probability proportional to their weights,
// in O(log n) per draw.
type weighted struct{ cum []float64 }

func newWeighted(weights []float64) weighted {
	cum := make([]float64, len(weights))
	total := 0.0
	for i, w := range weights {
		total += max(w, 0)
		cum[i] = total
	}
	return weighted{cum}
}

// draw returns an index, or -1 when every weight is zero.
func (w weighted) draw(r *rng) int {
	if len(w.cum) == 0 || w.cum[len(w.cum)-1] == 0 {
		return -1
	}
	x := r.Float64() * w.cum[len(w.cum)-1]
	// The first running total past x belongs to an index with weight.
	return sort.Search(len(w.cum), func(i int) bool { return w.cum[i] > x })
}

// pickWeighted draws one of keys with the given weights.
func pickWeighted[T any](r *rng, keys []T, weights []float64) T {
	return keys[newWeighted(weights).draw(r)]
}
