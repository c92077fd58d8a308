package web

import (
	"net/url"
	"regexp"
	"strings"
)

// memberIdentity is an account on another platform as the profile shows
// it: with a link when the platform gives the handle an obvious address.
type memberIdentity struct {
	Platform string
	Handle   string
	URL      string // "" when there is no obvious address
}

var (
	githubUser   = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	gitlabUser   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$`)
	socialUser   = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	domainName   = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.[a-z]{2,63}$`)
	orcidID      = regexp.MustCompile(`^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$`)
	linkedinSlug = regexp.MustCompile(`^[A-Za-z0-9-]{3,100}$`)
)

// identityURL is the address of a handle on platform, or "" when the
// platform is not one whose addresses are obvious or the handle does not
// have the platform's shape. Only http(s) addresses come out, so a handle
// can never smuggle in another kind of link.
func identityURL(platform, handle string) string {
	h := strings.TrimSpace(handle)
	switch platform {
	case "website", "web", "homepage", "blog", "url":
		return websiteURL(h)
	case "github":
		h = strings.TrimPrefix(trimURLPrefix(h, "github.com/"), "@")
		if githubUser.MatchString(h) {
			return "https://github.com/" + h
		}
	case "gitlab":
		h = strings.TrimPrefix(trimURLPrefix(h, "gitlab.com/"), "@")
		if gitlabUser.MatchString(h) {
			return "https://gitlab.com/" + h
		}
	case "mastodon", "fediverse":
		// @user@host lives at https://host/@user.
		user, host, ok := strings.Cut(strings.TrimPrefix(h, "@"), "@")
		if ok && socialUser.MatchString(user) && domainName.MatchString(host) {
			return "https://" + strings.ToLower(host) + "/@" + user
		}
		if strings.HasPrefix(strings.ToLower(h), "https://") {
			return websiteURL(h)
		}
	case "bluesky", "bsky":
		h = strings.TrimPrefix(trimURLPrefix(h, "bsky.app/profile/"), "@")
		if domainName.MatchString(h) {
			return "https://bsky.app/profile/" + strings.ToLower(h)
		}
	case "twitter", "x":
		h = strings.TrimPrefix(trimURLPrefix(trimURLPrefix(h, "twitter.com/"), "x.com/"), "@")
		if socialUser.MatchString(h) && len(h) <= 15 {
			return "https://x.com/" + h
		}
	case "linkedin":
		if u := websiteURL(h); u != "" && strings.HasSuffix(hostOf(u), "linkedin.com") {
			return u
		}
		if linkedinSlug.MatchString(h) {
			return "https://www.linkedin.com/in/" + h
		}
	case "orcid":
		h = trimURLPrefix(h, "orcid.org/")
		if orcidID.MatchString(h) {
			return "https://orcid.org/" + h
		}
	}
	return ""
}

// websiteURL accepts an http(s) address or a bare domain ("ada.example.org")
// and returns it as an address to link to, or "".
func websiteURL(s string) string {
	if !strings.Contains(s, "://") {
		if host, _, _ := strings.Cut(s, "/"); !domainName.MatchString(host) {
			return ""
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return ""
	}
	return u.String()
}

// trimURLPrefix removes an address's scheme, "www." and prefix from s, so
// a pasted profile link reads as the bare handle. s is returned unchanged
// when it does not start with prefix.
func trimURLPrefix(s, prefix string) string {
	t := s
	for _, p := range []string{"https://", "http://"} {
		if len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
			t = t[len(p):]
		}
	}
	if len(t) >= 4 && strings.EqualFold(t[:4], "www.") {
		t = t[4:]
	}
	if len(t) >= len(prefix) && strings.EqualFold(t[:len(prefix)], prefix) {
		return strings.TrimSuffix(t[len(prefix):], "/")
	}
	return s
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}
