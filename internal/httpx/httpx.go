// Package httpx holds what the web UI and the JSON API share: the logged-in
// user in a request's context, the mapping from application errors to HTTP
// statuses, and JSON reading and writing.
package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

type userKey struct{}

// WithUser returns a context carrying the logged-in team user.
func WithUser(ctx context.Context, u accounts.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the logged-in user, if any.
func UserFrom(ctx context.Context) (accounts.User, bool) {
	u, ok := ctx.Value(userKey{}).(accounts.User)
	return u, ok
}

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusUnprocessableEntity,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.RateLimited:  http.StatusTooManyRequests,
	apperr.Timeout:      http.StatusServiceUnavailable,
	apperr.Internal:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err.
func Status(err error) int {
	if s, ok := statusOf[codeOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// codeOf is err's code, except that a failure the domain reported as
// internal is a Timeout when its cause is a query stopped for running out
// of time: whichever capability it came through, the person is told so.
func codeOf(err error) apperr.Code {
	code := apperr.CodeOf(err)
	if code == apperr.Internal && store.IsTimeout(err) {
		return apperr.Timeout
	}
	return code
}

// Public returns the message and fields that may be shown for err: the
// application error's own words, or a generic sentence for anything
// unexpected (whose detail goes to the log instead).
func Public(err error) (apperr.Code, string, map[string]string) {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code != apperr.Internal {
		return e.Code, e.Message, e.Fields
	}
	if codeOf(err) == apperr.Timeout {
		return apperr.Timeout, store.TimeoutMessage, nil
	}
	return apperr.Internal, "Something went wrong on our side. The error has been logged.", nil
}

// StaleOf returns what changed when err refuses an edit made against an
// older version of a record, or nil.
func StaleOf(err error) *apperr.Stale {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Conflict {
		return e.Stale
	}
	return nil
}

// LogError logs unexpected errors; expected ones (bad input, not found)
// are not worth a log line.
func LogError(log *slog.Logger, r *http.Request, err error) {
	if Status(err) >= 500 {
		log.Error("request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	}
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes one API error.
type ErrorDetail struct {
	Code    apperr.Code       `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// CurrentVersion and Changes are set on a 409 refusing an edit made
	// against an older version: the version now, and what changed since.
	CurrentVersion int64           `json:"current_version,omitempty"`
	Changes        []apperr.Change `json:"changes,omitempty"`
	// Items is set when a batch is refused: what is wrong with each item.
	Items []apperr.ItemError `json:"items,omitempty"`
}

// WriteError writes err as the API's JSON error with the matching status.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	LogError(log, r, err)
	code, msg, fields := Public(err)
	d := ErrorDetail{Code: code, Message: msg, Fields: fields}
	if st := StaleOf(err); st != nil {
		d.CurrentVersion, d.Changes = st.Version, st.Changes
	}
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Invalid {
		d.Items = e.Items
	}
	WriteJSON(w, Status(err), ErrorBody{Error: d})
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// MaxBody caps request bodies: no member record or interaction is near it.
const MaxBody = 1 << 20

// DecodeJSON reads one JSON value from the request body into v. Unknown
// fields are refused, so a typo in a field name is an error rather than a
// silently ignored value. The body must be UTF-8 (encoding/json would
// quietly replace other bytes with U+FFFD), and every string and key in it
// text by package text's rule; a problem is Invalid, named by its path in
// the body ("followup.what").
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return apperr.New(apperr.Invalid, "The request body is larger than %d bytes.", MaxBody)
	case err != nil:
		return apperr.Wrap(err, apperr.Invalid, "The request body could not be read.")
	}
	if at := invalidUTF8At(body); at >= 0 {
		return apperr.New(apperr.Invalid, "The request body is not valid UTF-8 (at byte %d).", at)
	}
	if err := decodeJSON(body, v); err != nil {
		return err
	}
	return checkJSONText(body)
}

// decodeJSON decodes body, one JSON value, into v, with errors a person
// can act on.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return apperr.New(apperr.Invalid, "The request body is empty; send a JSON object.")
		case errors.As(err, &syn):
			return apperr.New(apperr.Invalid, "The request body is not valid JSON (at byte %d).", syn.Offset)
		case errors.As(err, &typ):
			e := apperr.New(apperr.Invalid, "Field %q must be %s.", typ.Field, typ.Type.String())
			if typ.Field != "" {
				e.Fields = map[string]string{typ.Field: "must be " + typ.Type.String()}
			}
			return e
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &apperr.Error{Code: apperr.Invalid, Message: "Unknown field " + field + ".", Fields: map[string]string{field: "unknown field"}}
		default:
			return apperr.Wrap(err, apperr.Invalid, "The request body could not be read as JSON.")
		}
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "The request body must hold a single JSON value.")
	}
	return nil
}

// ClientIP returns the address of the person making the request, for
// login rate limiting and session records. Behind a reverse proxy or load
// balancer every request arrives from the proxy, so X-Forwarded-For is read,
// but only when the peer is one of the trusted proxies (anyone can send the
// header): the client is the right-most address in it that is not itself a
// trusted proxy.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	peer := remoteAddr(r)
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		addr, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !isTrusted(addr.Unmap(), trusted) {
			return addr.Unmap().String()
		}
	}
	return peer.String()
}

func remoteAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err == nil {
		return ap.Addr().Unmap()
	}
	a, err := netip.ParseAddr(r.RemoteAddr)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
