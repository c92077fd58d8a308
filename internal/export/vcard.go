package export

import (
	"io"
	"strconv"
	"strings"

	"github.com/emersion/go-vcard"

	"github.com/trellis-community/trellis/internal/members"
)

// vcardWriter writes members as vCard 4.0 (RFC 6350) cards, one after the
// other, as address books export them. Properties from RFC 9554
// (PRONOUNS, SOCIALPROFILE) carry what RFC 6350 has no word for.
type vcardWriter struct{ enc *vcard.Encoder }

func newVCardWriter(w io.Writer) *vcardWriter { return &vcardWriter{enc: vcard.NewEncoder(w)} }

func (v *vcardWriter) write(m members.Member) error { return v.enc.Encode(Card(m)) }

// Card is m as a vCard 4.0.
func Card(m members.Member) vcard.Card {
	c := vcard.Card{}
	c.SetValue(vcard.FieldVersion, "4.0")
	c.SetKind(vcard.KindIndividual)
	c.Set(vcard.FieldUID, &vcard.Field{Value: "trellis-member-" + strconv.FormatInt(m.ID, 10),
		Params: vcard.Params{vcard.ParamValue: {"text"}}})
	c.SetValue(vcard.FieldFormattedName, clean(m.DisplayName()))
	if m.PreferredName != "" && m.PreferredName != m.Name {
		c.AddValue(vcard.FieldNickname, clean(m.Name))
	}
	if m.Pronouns != "" {
		c.AddValue("PRONOUNS", clean(m.Pronouns))
	}
	for _, e := range m.Emails {
		f := &vcard.Field{Value: e.Address, Params: vcard.Params{}}
		if e.Primary {
			f.Params.Set(vcard.ParamPreferred, "1")
		}
		c.Add(vcard.FieldEmail, f)
	}
	if m.Affiliation != "" {
		c.AddValue(vcard.FieldOrganization, clean(m.Affiliation))
	}
	if m.JobTitle != "" {
		c.AddValue(vcard.FieldTitle, clean(m.JobTitle))
	}
	if m.Country != "" {
		c.AddAddress(&vcard.Address{Country: m.Country})
	}
	if m.TimeZone != "" {
		c.Add(vcard.FieldTimezone, &vcard.Field{Value: m.TimeZone, Params: vcard.Params{vcard.ParamValue: {"text"}}})
	}
	if m.ORCID != "" {
		c.Add(vcard.FieldURL, &vcard.Field{Value: "https://orcid.org/" + m.ORCID, Params: vcard.Params{vcard.ParamType: {"orcid"}}})
	}
	for _, id := range m.Identities {
		if id.Platform == "website" {
			c.AddValue(vcard.FieldURL, clean(id.Handle))
			continue
		}
		c.Add("SOCIALPROFILE", &vcard.Field{Value: clean(id.Handle),
			Params: vcard.Params{vcard.ParamType: {id.Platform}, vcard.ParamValue: {"text"}}})
	}
	// One CATEGORIES line per tag: the encoder escapes every comma, so a
	// comma-separated list would read back as one tag.
	for _, list := range [][]string{m.Tags, m.Interests, m.Expertise} {
		for _, t := range list {
			c.AddValue(vcard.FieldCategories, clean(t))
		}
	}
	for _, l := range m.Languages {
		c.AddValue(vcard.FieldLanguage, clean(l))
	}
	if m.Notes != "" {
		c.AddValue(vcard.FieldNote, clean(m.Notes))
	}
	c.SetRevision(m.UpdatedAt)
	return c
}

// clean makes line breaks "\n", which the encoder escapes; a bare
// carriage return would end the line early.
func clean(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
