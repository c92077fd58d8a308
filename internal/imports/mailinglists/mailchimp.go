package mailinglists

import (
	"encoding/csv"
	"io"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Mailchimp imports a Mailchimp audience export: the CSV files in the zip
// "Export audience" gives (subscribed_members_export_*.csv,
// unsubscribed_members_export_*.csv, cleaned_members_export_*.csv), one
// at a time.
type Mailchimp struct{}

// Kind implements imports.Importer.
func (Mailchimp) Kind() string { return "mailchimp" }

// Label implements imports.Importer.
func (Mailchimp) Label() string { return "Mailchimp audience export (CSV)" }

// mailchimpColumns are the columns every audience export has, by header
// in lower case. The merge fields (Email Address, First Name, Last Name,
// Address, Phone Number by default) are renamed or added per audience:
// the ones not here are guessed from their header. The rest are read by
// the importer itself ("") or say nothing about the person.
var mailchimpColumns = map[string]string{
	"email address": "email", "first name": "first_name", "last name": "last_name",
	"address": "", "phone number": "", "birthday": "",
	"member_rating": "", "optin_time": "", "optin_ip": "", "confirm_time": "", "confirm_ip": "",
	"latitude": "", "longitude": "", "gmtoff": "", "dstoff": "", "timezone": "", "cc": "", "region": "",
	"last_changed": "", "leid": "", "euid": "", "notes": "notes", "tags": "",
	"unsub_time": "", "unsub_campaign_title": "", "unsub_campaign_id": "", "unsub_reason": "", "unsub_reason_other": "",
	"clean_time": "", "clean_campaign_title": "", "clean_campaign_id": "",
}

// Preview implements imports.Importer.
func (Mailchimp) Preview(r io.Reader, fileName string, mapping imports.Mapping, rows int) (imports.Preview, error) {
	f, err := openList(r, fileName, mapping, mailchimpColumns)
	if err != nil {
		return imports.Preview{}, err
	}
	return f.preview(rows)
}

// Records implements imports.Importer. Which list the file is comes from
// its columns: an unsubscribed export has UNSUB_TIME, a cleaned one
// (addresses that bounced) CLEAN_TIME.
func (Mailchimp) Records(r io.Reader, fileName string, mapping imports.Mapping) iter.Seq2[imports.Record, error] {
	f, err := openList(r, fileName, mapping, mailchimpColumns)
	if err == nil {
		err = f.needEmail(fileName, "a Mailchimp audience export")
	}
	if err != nil {
		return refuse(err)
	}
	return f.records(func(row []string, rec *imports.Record) { mailchimpRow(f, row, rec) })
}

// mailchimpRow adds what Mailchimp's own columns say to rec.
func mailchimpRow(f *listFile, row []string, rec *imports.Record) {
	m := &rec.Member
	switch {
	case f.has("unsub_time"):
		// They left the list: not to be contacted, since they left.
		m.Consent = members.Consent{Date: consentDay(f, row, rec, "unsub_time")}
	case f.has("clean_time"):
		// Mailchimp stopped sending: the address bounced or complained.
		m.Consent = members.Consent{Date: consentDay(f, row, rec, "clean_time")}
	default:
		// Subscribed: they opted in (and confirmed, on a double opt-in
		// list), which is consent as GDPR Article 6(1)(a) means it.
		date := consentDay(f, row, rec, "confirm_time")
		if date == "" {
			date = consentDay(f, row, rec, "optin_time")
		}
		m.Consent = members.Consent{Contact: true, Basis: "consent", Date: date}
	}
	addField(rec, "consent")
	if v := f.cell(row, "optin_time"); v != "" && m.JoinedOn == "" {
		if d, ok := day(v); ok {
			m.JoinedOn = d
			addField(rec, "joined_on")
		}
	}
	if v := f.cell(row, "tags"); v != "" {
		for _, t := range mailchimpTags(v) {
			m.Tags = append(m.Tags, t)
			addField(rec, "tags")
		}
	}
	// CC and TIMEZONE are where Mailchimp placed the subscriber's IP
	// address: taken when they name a country and a zone, left out when
	// not (a guess is no reason to refuse a person).
	setCountry(rec, f.cell(row, "cc"))
	if tz := f.cell(row, "timezone"); strings.Contains(tz, "/") || strings.EqualFold(tz, "UTC") {
		setTimeZone(rec, tz)
	}
}

// consentDay reads the day of a time column for the consent, refusing
// the row when the column holds something else.
func consentDay(f *listFile, row []string, rec *imports.Record, col string) string {
	v := f.cell(row, col)
	if v == "" {
		return ""
	}
	d, ok := day(v)
	if !ok {
		problem(rec, "consent.date", "%s %q is not a date and time such as 2024-03-01 10:22:33", strings.ToUpper(col), v)
	}
	return d
}

// mailchimpTags reads the TAGS column: the tags quoted and separated by
// commas, `"Speaker","Board member"`, which is itself a CSV line.
func mailchimpTags(v string) []string {
	cr := csv.NewReader(strings.NewReader(v))
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	cells, err := cr.Read()
	if err != nil {
		cells = strings.Split(v, ",")
	}
	var out []string
	for _, c := range cells {
		if c = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), `"`)); c != "" {
			out = append(out, c)
		}
	}
	return out
}
