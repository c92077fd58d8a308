package participation

// Scripts send activities in one plain shape: a flat object of the known
// fields, strings without escapes and a whole-number member id. Reading
// that shape with encoding/json (reflection, a scanner state machine and
// an allocation per field) cost more than storing the activity. fastItem
// reads just that shape by hand; anything else (an escape, a null, an
// unknown or differently cased field, a fraction, bad JSON) it leaves to
// encoding/json, which then also words the error. So the two never read
// one body differently: FuzzFastItem checks it.

// fastItem reads raw, one JSON object already known to be UTF-8, into it
// when raw has the plain shape, and reports whether it did. kinds and
// sources are repeated in every item: in keeps one copy of each.
func fastItem(raw []byte, it *Item, in *interner) bool {
	// One string for the whole object, which every field slices: one
	// allocation an item rather than one a field.
	var line string
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return skipSpace(raw, i+1) == len(raw)
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return false
		}
		k0 := i + 1
		k1 := k0
		for k1 < len(raw) && raw[k1] != '"' {
			if c := raw[k1]; (c < 'a' || c > 'z') && c != '_' {
				return false // escapes, capitals: encoding/json matches those its own way
			}
			k1++
		}
		if k1 >= len(raw) {
			return false
		}
		i = skipSpace(raw, k1+1)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		i = skipSpace(raw, i+1)
		key := raw[k0:k1]
		if string(key) == "member_id" {
			n, next, ok := plainInt(raw, i)
			if !ok {
				return false
			}
			it.MemberID, i = n, next
		} else {
			var field *string
			switch string(key) {
			case "member_email":
				field = &it.MemberEmail
			case "kind":
				field = &it.Kind
			case "occurred_at":
				field = &it.OccurredAt
			case "source":
				field = &it.Source
			case "external_id":
				field = &it.ExternalID
			case "title":
				field = &it.Title
			case "url":
				field = &it.URL
			default:
				return false
			}
			if i >= len(raw) || raw[i] != '"' {
				return false
			}
			v0 := i + 1
			v1 := v0
			for v1 < len(raw) && raw[v1] != '"' {
				if c := raw[v1]; c == '\\' || c < 0x20 {
					return false
				}
				v1++
			}
			if v1 >= len(raw) {
				return false
			}
			switch {
			case field == &it.Kind || field == &it.Source:
				*field = in.intern(raw[v0:v1])
			default:
				if line == "" {
					line = string(raw)
				}
				*field = line[v0:v1]
			}
			i = v1 + 1
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return skipSpace(raw, i+1) == len(raw)
		default:
			return false
		}
	}
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainInt reads a JSON number at b[i:] that is a whole number of at most
// 18 digits (so it fits an int64), and returns it and the index after it.
func plainInt(b []byte, i int) (n int64, next int, ok bool) {
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 18 || (digits > 1 && b[start] == '0') {
		return 0, 0, false
	}
	if i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// interner keeps one copy of each short string it is given, up to a
// bound, so the kind and source of a million items are a few strings.
type interner struct{ m map[string]string }

func (in *interner) intern(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < 256 && len(b) <= 64 {
		in.m[s] = s
	}
	return s
}
