package content

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
)

// Metric is one reading of a figure for an item: how many views, clicks,
// downloads or attendees it had on the day it was read. Label names a
// custom figure.
type Metric struct {
	ID        int64      `json:"id"`
	Name      MetricName `json:"name"`
	Label     string     `json:"label,omitempty"`
	Value     float64    `json:"value"`
	ReadOn    string     `json:"read_on"` // YYYY-MM-DD
	EnteredAt time.Time  `json:"entered_at"`
}

// Title is the figure as the UI names it: a custom one by its label.
func (m Metric) Title() string {
	if m.Name == CustomMetric && m.Label != "" {
		return m.Label
	}
	return m.Name.Label()
}

// MetricInput is one reading a person or a script enters.
type MetricInput struct {
	Name   MetricName `json:"name"`
	Label  string     `json:"label"`
	Value  *float64   `json:"value"`
	ReadOn string     `json:"read_on"` // empty means today
}

func (in *MetricInput) check(today string, fe *apperr.FieldErrors) {
	in.Name = MetricName(strings.ToLower(strings.TrimSpace(string(in.Name))))
	in.Label = strings.TrimSpace(in.Label)
	in.ReadOn = strings.TrimSpace(in.ReadOn)
	if in.ReadOn == "" {
		in.ReadOn = today
	}
	if in.Name != CustomMetric {
		in.Label = ""
	}
	switch {
	case !in.Name.Valid():
		fe.Add("name", "must be one of %s", joinNames(MetricNames()))
	case in.Name == CustomMetric && in.Label == "":
		fe.Add("label", "a custom figure needs its name")
	case utf8.RuneCountInString(in.Label) > maxLabel:
		fe.Add("label", "must be at most %d characters", maxLabel)
	}
	text.Check(fe, "label", in.Label)
	switch {
	case in.Value == nil:
		fe.Add("value", "is required")
	case math.IsNaN(*in.Value) || math.IsInf(*in.Value, 0) || *in.Value < 0 || *in.Value > 1e15:
		fe.Add("value", "must be a number from 0 up")
	}
	switch {
	case !validDate(in.ReadOn):
		fe.Add("read_on", "must be a date written YYYY-MM-DD")
	case in.ReadOn > today:
		fe.Add("read_on", "cannot be after today (%s)", today)
	}
}

// AddMetric records one reading for item id; earlier readings are kept as
// its history. Errors: NotFound for an unknown item; Invalid naming
// "name", "label", "value" or "read_on".
func (s *Service) AddMetric(ctx context.Context, id int64, in MetricInput) (Metric, error) {
	var fe apperr.FieldErrors
	in.check(s.Today(), &fe)
	if err := fe.Err(); err != nil {
		return Metric{}, err
	}
	now := s.now()
	m := Metric{Name: in.Name, Label: in.Label, Value: *in.Value, ReadOn: in.ReadOn, EnteredAt: now}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var title string
		if err := tx.QueryRow(ctx, "SELECT title FROM content_items WHERE id = ?", id).Scan(&title); err != nil {
			if err == sql.ErrNoRows {
				return apperr.NotFoundf("Content item not found.")
			}
			return err
		}
		var err error
		m.ID, err = tx.Insert(ctx, `INSERT INTO content_metrics (content_id, name, label, value, read_on, entered_by, entered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, string(m.Name), m.Label, m.Value, m.ReadOn, actorUserID(ctx), now.Unix())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, "content", id, title, "update",
			fmt.Sprintf("Recorded %s %s on %s", formatValue(m.Value), strings.ToLower(m.Title()), m.ReadOn))
	})
	if err != nil {
		return Metric{}, store.Wrap(err, "Could not record the figure.")
	}
	return m, nil
}

// Metrics returns every reading for item id, newest first; NotFound for
// an unknown item.
func (s *Service) Metrics(ctx context.Context, id int64) ([]Metric, error) {
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM content_items WHERE id = ?", id).Scan(&n); err != nil {
		return nil, store.Wrap(err, "Could not load the figures.")
	}
	if n == 0 {
		return nil, apperr.NotFoundf("Content item not found.")
	}
	out := []Metric{}
	err := store.EachRow(ctx, s.DB, `SELECT id, name, label, value, read_on, entered_at FROM content_metrics
		WHERE content_id = ? ORDER BY read_on DESC, id DESC`, []any{id}, func(rows *sql.Rows) error {
		m, err := scanMetric(rows)
		out = append(out, m)
		return err
	})
	return out, store.Wrap(err, "Could not load the figures.")
}

func scanMetric(rows *sql.Rows, lead ...any) (Metric, error) {
	var m Metric
	var at int64
	var name string
	if err := rows.Scan(append(lead, &m.ID, &name, &m.Label, &m.Value, &m.ReadOn, &at)...); err != nil {
		return m, err
	}
	m.Name, m.EnteredAt = MetricName(name), store.UnixTime(at)
	return m, nil
}

// fillFigures puts each item's latest reading of each figure on it.
func fillFigures(ctx context.Context, q store.Querier, d store.Dialect, ids []int64, at map[int64]*Item) error {
	cond, arg := store.AnyOfCond(d, "content_id", ids)
	seen := map[string]bool{}
	return store.EachRow(ctx, q, `SELECT content_id, id, name, label, value, read_on, entered_at FROM content_metrics
		WHERE `+cond+` ORDER BY content_id, name, label, read_on DESC, id DESC`, []any{arg}, func(rows *sql.Rows) error {
		var id int64
		m, err := scanMetric(rows, &id)
		if err != nil {
			return err
		}
		key := fmt.Sprint(id, "|", m.Name, "|", m.Label)
		if !seen[key] {
			seen[key] = true
			at[id].Figures = append(at[id].Figures, m)
		}
		return nil
	})
}

// formatValue shows a figure without a needless ".0".
func formatValue(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%g", v)
}
