package demo

import (
	"fmt"
	"strings"
)

// asciiFolds maps each accented letter the name and town tables use to
// the plain letters an email address or a handle would carry.
var asciiFolds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ı': "i", 'ð': "d", 'þ': "th"}
	for _, g := range []struct{ to, from string }{
		{"a", "áàâäãåāăąạảấầẩẫậắằẳẵặ"},
		{"c", "çćč"},
		{"e", "éèêëēęěẹẻẽếềểễệ"},
		{"g", "ğ"},
		{"i", "íìîïīįịỉĩ"},
		{"n", "ñńň"},
		{"o", "óòôöõōọỏốồổỗộơớờởỡợ"},
		{"r", "ř"},
		{"s", "śşšș"},
		{"t", "țť"},
		{"u", "úùûüūůụủũưứừửữự"},
		{"y", "ýỳỹỵỷ"},
		{"z", "źżž"},
	} {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()

// ascii lower-cases s and folds its accents away: "Łukasz Wiśniewski"
// becomes "lukasz wisniewski". Letters outside the table are dropped.
func ascii(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case asciiFolds[r] != "":
			b.WriteString(asciiFolds[r])
		}
	}
	return b.String()
}

// compact keeps only the letters and digits of ascii(s): "O'Brien" and "de
// Vries" become "obrien" and "devries".
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, ascii(s))
}

// slug turns a town into a domain label: "Porto das Águas" is
// "porto-das-aguas".
func slug(s string) string {
	words := strings.FieldsFunc(ascii(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return strings.Join(words, "-")
}

// orcidFor returns a valid ORCID iD, check digit included, from n in
// [0, 4,000,000). The iDs fall in 0000-0003-6000-0000 to
// 0000-0003-9999-9999, past the end of the blocks ORCID issues from
// (0000-0001-5000-0007 to 0000-0003-5000-0001 and the 0009- block), so a
// demo member's iD never leads to a real researcher's record.
func orcidFor(n int) string {
	base := fmt.Sprintf("00000003%07d", 6_000_000+n)
	d := base + string(orcidCheck(base))
	return d[0:4] + "-" + d[4:8] + "-" + d[8:12] + "-" + d[12:16]
}

// orcidCheck computes the ISO 7064 MOD 11-2 check character of the 15
// digits of an ORCID iD.
func orcidCheck(digits string) byte {
	total := 0
	for _, c := range []byte(digits) {
		total = (total + int(c-'0')) * 2
	}
	r := (12 - total%11) % 11
	if r == 10 {
		return 'X'
	}
	return byte('0' + r)
}

// uniques hands out email addresses, handles and ORCID iDs no one else in
// the community has, so the only duplicates the merge page finds are the
// ones the demo plants on purpose.
type uniques struct {
	taken map[string]bool
}

func newUniques() *uniques { return &uniques{taken: map[string]bool{}} }

// claim returns the first candidate nobody has yet, or the first one with
// a number added when all are taken. kind keeps emails and each platform's
// handles apart.
func (u *uniques) claim(kind string, candidates ...string) string {
	for _, c := range candidates {
		if c != "" && !u.taken[kind+" "+c] {
			u.taken[kind+" "+c] = true
			return c
		}
	}
	for n := 2; ; n++ {
		c := numbered(candidates[0], n)
		if !u.taken[kind+" "+c] {
			u.taken[kind+" "+c] = true
			return c
		}
	}
}

// numbered adds n to a handle, or to the local part of an address.
func numbered(s string, n int) string {
	if local, domain, ok := strings.Cut(s, "@"); ok {
		return fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	return fmt.Sprintf("%s%d", s, n)
}
