package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/members"
)

// Format is a members export's file format.
type Format string

const (
	CSV   Format = "csv"
	VCard Format = "vcard"
)

// ParseFormat reads a format's name as a person types it.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv", "":
		return CSV, true
	case "vcard", "vcf":
		return VCard, true
	}
	return "", false
}

// Filename is the download's name for f.
func (f Format) Filename(base string) string {
	if f == VCard {
		return base + ".vcf"
	}
	return base + ".csv"
}

// ContentType is the download's media type for f.
func (f Format) ContentType() string {
	if f == VCard {
		return "text/vcard; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// Members writes every member matching filter to w in format, archived
// ones only when the filter asks for them, in id order. It reads a page of
// members at a time (members.Service.Each). It returns how many it wrote; a bad filter is Invalid.
func Members(ctx context.Context, svc *members.Service, filter members.Filter, format Format, w io.Writer) (int, error) {
	var write func(members.Member) error
	var flush func() error
	switch format {
	case VCard:
		vw := newVCardWriter(w)
		write, flush = vw.write, func() error { return nil }
	default:
		cw := csv.NewWriter(w)
		if err := cw.Write(memberHeader); err != nil {
			return 0, err
		}
		write = func(m members.Member) error { return cw.Write(memberRecord(m)) }
		flush = func() error { cw.Flush(); return cw.Error() }
	}
	n := 0
	err := svc.Each(ctx, filter, func(m members.Member) error {
		if err := write(m); err != nil {
			return fmt.Errorf("write member %d: %w", m.ID, err)
		}
		n++
		if n%1000 == 0 {
			rowsAdded(ctx, 1000)
			return flush()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	rowsAdded(ctx, int64(n%1000))
	return n, flush()
}

// memberHeader names the CSV's columns: the API's field names, lists
// joined with "; ".
var memberHeader = []string{"id", "name", "preferred_name", "pronouns", "email", "other_emails", "affiliation", "job_title",
	"orcid", "country", "time_zone", "career_stage", "expertise", "interests", "languages", "tags", "joined_on", "source",
	"status", "modality", "timing", "hours_per_month", "consent_contact", "consent_basis", "consent_date", "identities",
	"custom_fields", "notes", "archived_at", "created_at", "updated_at"}

func memberRecord(m members.Member) []string {
	var others []string
	for _, e := range m.Emails {
		if !e.Primary {
			others = append(others, e.Address)
		}
	}
	var ids []string
	for _, id := range m.Identities {
		ids = append(ids, id.Platform+":"+id.Handle)
	}
	hours := ""
	if m.Preferences.HoursPerMonth != nil {
		hours = strconv.Itoa(*m.Preferences.HoursPerMonth)
	}
	fields := ""
	if len(m.CustomFields) > 0 {
		b, _ := json.Marshal(m.CustomFields) // map[string]string always marshals; keys sorted
		fields = string(b)
	}
	archived := ""
	if m.ArchivedAt != nil {
		archived = m.ArchivedAt.UTC().Format(time.RFC3339)
	}
	return []string{strconv.FormatInt(m.ID, 10), Cell(m.Name), Cell(m.PreferredName), Cell(m.Pronouns), m.PrimaryEmail(),
		strings.Join(others, "; "), Cell(m.Affiliation), Cell(m.JobTitle), m.ORCID, m.Country, m.TimeZone,
		string(m.CareerStage), Cell(strings.Join(m.Expertise, "; ")), Cell(strings.Join(m.Interests, "; ")),
		Cell(strings.Join(m.Languages, "; ")), Cell(strings.Join(m.Tags, "; ")), m.JoinedOn, Cell(m.Source),
		string(m.Status), m.Preferences.Modality, m.Preferences.Timing, hours, strconv.FormatBool(m.Consent.Contact),
		m.Consent.Basis, m.Consent.Date, Cell(strings.Join(ids, "; ")), Cell(fields), Cell(m.Notes), archived,
		m.CreatedAt.UTC().Format(time.RFC3339), m.UpdatedAt.UTC().Format(time.RFC3339)}
}

// Cell keeps text a person typed from being read as a formula by a
// spreadsheet (a name starting "=" or "@"), by putting a quote before it.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
