package imports

import (
	"io"
	"sync/atomic"
	"time"
)

// Progress is how far a running import has come. The file's bytes say
// how much is left, since a file's rows are not known until it is read.
type Progress struct {
	Started time.Time
	Total   int64 // bytes in the file, 0 when unknown
	read    atomic.Int64
	rows    atomic.Int64
}

// Snapshot is Progress at one moment.
type Snapshot struct {
	Rows    int64
	Read    int64 // bytes
	Total   int64
	Elapsed time.Duration
}

// Snapshot reads p.
func (p *Progress) Snapshot(now time.Time) Snapshot {
	return Snapshot{Rows: p.rows.Load(), Read: p.read.Load(), Total: p.Total, Elapsed: now.Sub(p.Started)}
}

// Fraction is the share of the file read, 0..1, or -1 when unknown.
func (s Snapshot) Fraction() float64 {
	if s.Total <= 0 {
		return -1
	}
	return min(1, float64(s.Read)/float64(s.Total))
}

// Rate is rows per second so far.
func (s Snapshot) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Rows) / s.Elapsed.Seconds()
}

// ETA is the time left at the rate so far, or -1 when unknown.
func (s Snapshot) ETA() time.Duration {
	f := s.Fraction()
	if f <= 0 || s.Elapsed <= 0 {
		return -1
	}
	return time.Duration(float64(s.Elapsed) * (1 - f) / f)
}

// Percent is Fraction as a whole percentage, for the UI.
func (s Snapshot) Percent() int { return int(s.Fraction() * 100) }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// Progress returns the progress of run id while it executes in this
// process.
func (s *Service) Progress(id int64) (Snapshot, bool) {
	v, ok := s.progress.Load(id)
	if !ok {
		return Snapshot{}, false
	}
	return v.(*Progress).Snapshot(s.now()), true
}

// Left says the time left in words ("4s"), or "" when unknown.
func (s Snapshot) Left() string {
	d := s.ETA()
	if d < 0 {
		return ""
	}
	return d.Round(time.Second).String()
}
