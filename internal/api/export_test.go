package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/emersion/go-vcard"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestExportsAndPrivacyOverTheAPI(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "=cmd|' /C calc'!A0",
			Emails:     []members.Email{{Address: "ada@example.org", Primary: true}, {Address: "ada@work.example"}},
			Identities: []members.Identity{{Platform: "github", Handle: "ada"}}, Tags: []string{"mentor", "open science"}, Pronouns: "she/her"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Tags: []string{"navy"}})
		webtest.LogInteraction(t, env, "2026-03-02", "call", "Talked about compilers", ada.ID, grace.ID)
		seg, err := env.App.Members.CreateSegment(env.Ctx, "Mentors", members.Filter{Tags: []string{"mentor"}})
		if err != nil {
			t.Fatal(err)
		}
		adaPath := "/api/v1/members/" + webtest.ID(ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "members csv", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/members?format=csv", Role: viewer},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					rows, err := csv.NewReader(rec.Body).ReadAll()
					if err != nil {
						t.Fatal(err)
					}
					if len(rows) != 3 || rows[0][1] != "name" {
						t.Fatalf("rows %v, want a header and two members", rows)
					}
					ada := rows[1]
					if ada[1] != "Ada Lovelace" || ada[4] != "ada@example.org" || ada[5] != "ada@work.example" || ada[6] != "'=cmd|' /C calc'!A0" {
						t.Errorf("Ada's row %q: name, email, other email, or the formula guard is wrong", ada)
					}
					if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
						t.Errorf("Content-Disposition %q", cd)
					}
				}}},
			{Name: "a segment as vcard", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/members?format=vcard&segment=" + webtest.ID(seg.ID), Role: viewer},
				Want: webtest.Want{Status: 200, Absent: []string{"Grace Hopper"}, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/vcard") {
						t.Errorf("Content-Type %q", ct)
					}
					dec := vcard.NewDecoder(rec.Body)
					card, err := dec.Decode()
					if err != nil {
						t.Fatal(err)
					}
					if card.Value(vcard.FieldVersion) != "4.0" || card.PreferredValue(vcard.FieldFormattedName) != "Ada Lovelace" ||
						card.PreferredValue(vcard.FieldEmail) != "ada@example.org" || len(card.Values(vcard.FieldEmail)) != 2 {
						t.Errorf("card %v", card)
					}
					cats := card.Values(vcard.FieldCategories)
					if len(cats) != 2 || cats[1] != "open science" {
						t.Errorf("categories %q, want both tags, each its own", cats)
					}
					if _, err := dec.Decode(); !errors.Is(err, io.EOF) {
						t.Errorf("a second card: %v, want only Ada", err)
					}
				}}},
			{Name: "bad format", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/members?format=xml", Role: viewer},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "format"}},
			{Name: "unknown segment", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/members?segment=9999", Role: viewer},
				Want: webtest.Want{Status: 404}},
			{Name: "interactions", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/interactions", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{"Talked about compilers", "Ada Lovelace; Grace Hopper"}}},
			{Name: "activities", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/activities", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{"id,occurred_at,member_id"}}},
			{Name: "archive for a manager", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/archive", Role: manager},
				Want: webtest.Want{Status: 403}},
			{Name: "archive for an owner", Req: webtest.Request{Method: "GET", Path: "/api/v1/export/archive", Role: owner},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
					if err != nil {
						t.Fatal(err)
					}
					rd, err := backup.NewReader(zr)
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for {
						_, err := rd.Next()
						if errors.Is(err, io.EOF) {
							break
						}
						if err != nil {
							t.Fatal(err)
						}
						n++
					}
					if n < 10 {
						t.Errorf("the archive holds %d rows", n)
					}
				}}},
			{Name: "data for a viewer", Req: webtest.Request{Method: "GET", Path: adaPath + "/export", Role: viewer},
				Want: webtest.Want{Status: 403}},
			{Name: "data for a manager", Req: webtest.Request{Method: "GET", Path: adaPath + "/export", Role: manager},
				Want: webtest.Want{Status: 200, Body: []string{`"format":"trellis-subject-access"`, "ada@work.example", "Talked about compilers"}}},
			{Name: "erase as a manager", Req: webtest.Request{Method: "POST", Path: adaPath + "/erase", Role: manager, JSON: map[string]string{"confirm": "Ada Lovelace"}},
				Want: webtest.Want{Status: 403}},
			{Name: "erase without the name", Req: webtest.Request{Method: "POST", Path: adaPath + "/erase", Role: owner, JSON: map[string]string{"confirm": "Ada"}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "confirm"}},
			{Name: "erase a stale version", Req: webtest.Request{Method: "POST", Path: adaPath + "/erase", Role: owner, JSON: map[string]string{"confirm": "Ada Lovelace"},
				Header: http.Header{"If-Match": {`"99"`}}}, Want: webtest.Want{Status: 409}},
			{Name: "erase", Req: webtest.Request{Method: "POST", Path: adaPath + "/erase", Role: owner, JSON: map[string]string{"confirm": " ada lovelace "}},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
					if body["blocked"] != float64(3) {
						t.Errorf("erasure %v, want 3 identifiers blocked", body)
					}
				}}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: adaPath, Role: viewer}, Want: webtest.Want{Status: 404}},
			{Name: "cannot come back", Req: webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager,
				JSON: map[string]any{"name": "Ada L.", "emails": []map[string]any{{"address": "ada@work.example", "primary": true}}}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "emails"}},
			{Name: "the audit keeps no name", Req: webtest.Request{Method: "GET", Path: "/api/v1/audit?entity=member&entity_id=" + webtest.ID(ada.ID), Role: owner},
				Want: webtest.Want{Status: 200, Body: []string{"Erased a member"}, Absent: []string{"Lovelace", "ada@"}}},
		})
	})
}
