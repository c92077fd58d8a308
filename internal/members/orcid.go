package members

import (
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// orcidPrefixes are the URL forms people paste from orcid.org profiles.
var orcidPrefixes = []string{
	"https://orcid.org/", "http://orcid.org/",
	"https://www.orcid.org/", "http://www.orcid.org/",
	"orcid.org/",
}

// ParseORCID returns an ORCID iD in its canonical 0000-0002-1825-0097 form.
// It accepts the bare iD with or without dashes, a lower-case x as the last
// character and the https://orcid.org/ URL form. It fails with an Invalid
// error naming the field "orcid" when the text is not an ORCID iD or its
// ISO 7064 MOD 11-2 check digit is wrong (usually a typo).
func ParseORCID(s string) (string, error) {
	id, problem := parseORCID(s)
	if problem != "" {
		var fe apperr.FieldErrors
		fe.Add("orcid", "%s", problem)
		return "", fe.Err()
	}
	return id, nil
}

// parseORCID is ParseORCID with the problem as a plain message, for
// validation that collects every field's problem at once.
func parseORCID(s string) (id, problem string) {
	const shape = "must be an ORCID iD like 0000-0002-1825-0097"
	s = strings.TrimSpace(s)
	for _, p := range orcidPrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	s = strings.TrimSuffix(s, "/")
	var digits [16]byte
	switch len(s) {
	case 16:
		copy(digits[:], s)
	case 19:
		if s[4] != '-' || s[9] != '-' || s[14] != '-' {
			return "", shape
		}
		copy(digits[:], s[0:4]+s[5:9]+s[10:14]+s[15:19])
	default:
		return "", shape
	}
	for i, c := range digits {
		switch {
		case c >= '0' && c <= '9':
		case i == 15 && (c == 'X' || c == 'x'):
			digits[i] = 'X'
		default:
			return "", shape
		}
	}
	if orcidCheckDigit(digits[:15]) != digits[15] {
		return "", "has a wrong check digit; please copy it again from orcid.org"
	}
	d := string(digits[:])
	return d[0:4] + "-" + d[4:8] + "-" + d[8:12] + "-" + d[12:16], ""
}

// orcidCheckDigit computes the ISO 7064 MOD 11-2 check character of the
// first 15 digits of an ORCID iD, as documented by ORCID.
func orcidCheckDigit(base []byte) byte {
	total := 0
	for _, c := range base {
		total = (total + int(c-'0')) * 2
	}
	r := (12 - total%11) % 11
	if r == 10 {
		return 'X'
	}
	return byte('0' + r)
}
