package accounts

import (
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Role is what a team account may do in Trellis.
type Role string

const (
	// RoleOwner runs the workspace: everything a manager does, plus team
	// accounts, settings and the audit log.
	RoleOwner Role = "owner"
	// RoleManager looks after members, relationships and programming.
	RoleManager Role = "manager"
	// RoleViewer reads everything and changes nothing.
	RoleViewer Role = "viewer"
)

// Roles lists every role, most powerful first, for pickers in forms.
func Roles() []Role { return []Role{RoleOwner, RoleManager, RoleViewer} }

// ParseRole turns what a form or the API sent into a Role, ignoring case
// and surrounding spaces. Anything else is an Invalid error on field "role".
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.valid() {
		var fe apperr.FieldErrors
		fe.Add("role", "must be owner, manager or viewer")
		return "", fe.Err()
	}
	return r, nil
}

func (r Role) valid() bool {
	return r == RoleOwner || r == RoleManager || r == RoleViewer
}

// CanWrite reports whether the role may change community data (members,
// interactions, programming): owners and managers.
func (r Role) CanWrite() bool { return r == RoleOwner || r == RoleManager }

// CanAdmin reports whether the role may manage team accounts and read the
// audit log: owners only.
func (r Role) CanAdmin() bool { return r == RoleOwner }
