// Reads Trellis's iCalendar feeds with Mozilla's ical.js, the parser
// Thunderbird uses, and checks a client would show what the manager
// planned.
//
// 1. internal/calendar/testdata/series.ics (kept equal to calendar.Write's
//    output by TestGoldenFeed): a monthly call, 16:00 Berlin time on the
//    first Tuesday, January to June 2026, February skipped (EXDATE), March
//    moved to Thursday 5 March 17:00 (RECURRENCE-ID), May cancelled, and a
//    cancelled one-off workshop. It is expanded through the feed's own
//    VTIMEZONE and the exact instants are checked.
// 2. With a trellis binary: it starts `trellis serve --demo`, logs in as
//    the demo owner, makes a calendar subscription URL in Settings and
//    reads the feed from it, which must parse and expand.
//
// Usage: node ics.mjs [path/to/trellis]   (e2e/run passes it)

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ICAL from "ical.js";

const here = dirname(fileURLToPath(import.meta.url));
const problems = [];
const fail = (what, msg) => problems.push(`${what}: ${msg}`);

// occurrences expands every series of the calendar text (with its
// exceptions related) and lists each occurrence in UTC.
function occurrences(text, until) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  const masters = new Map();
  const exceptions = [];
  for (const c of root.getAllSubcomponents("vevent")) {
    const e = new ICAL.Event(c);
    if (e.isRecurrenceException()) exceptions.push(e);
    else masters.set(e.uid, e);
  }
  for (const e of exceptions) {
    const m = masters.get(e.uid);
    if (!m) throw new Error(`RECURRENCE-ID for ${e.uid}, which has no series`);
    m.relateException(e);
  }
  const out = [];
  for (const m of masters.values()) {
    const it = m.iterator();
    for (let next = it.next(), n = 0; next && n < 1000; next = it.next(), n++) {
      if (until && next.compare(until) > 0) break;
      const d = m.getOccurrenceDetails(next);
      out.push({
        uid: m.uid,
        summary: d.item.summary,
        status: d.item.component.getFirstPropertyValue("status"),
        sequence: d.item.sequence,
        start: d.startDate.toJSDate().toISOString(),
        end: d.endDate.toJSDate().toISOString(),
      });
      if (!m.isRecurring()) break;
    }
  }
  return { root, list: out.sort((a, b) => a.start.localeCompare(b.start)) };
}

const file = join(here, "..", "internal", "calendar", "testdata", "series.ics");
const { root, list } = occurrences(readFileSync(file, "utf8"));
for (const [prop, want] of [["version", "2.0"], ["method", "PUBLISH"], ["x-wr-calname", "Trellis community"]]) {
  const got = root.getFirstPropertyValue(prop);
  if (got !== want) fail(file, `${prop.toUpperCase()} is ${got}, want ${want}`);
}
const s7 = "session-7@trellis.test", s9 = "session-9@trellis.test";
const want = [
  [s7, "Community call", "CONFIRMED", 3, "2026-01-06T15:00:00.000Z", "2026-01-06T16:00:00.000Z"],
  [s7, "Community call (moved)", "CONFIRMED", 4, "2026-03-05T16:00:00.000Z", "2026-03-05T17:00:00.000Z"],
  [s7, "Community call", "CONFIRMED", 3, "2026-04-07T14:00:00.000Z", "2026-04-07T15:00:00.000Z"],
  [s9, "Data workshop", "CANCELLED", 1, "2026-04-20T09:00:00.000Z", "2026-04-20T12:00:00.000Z"],
  [s7, "Community call", "CANCELLED", 4, "2026-05-05T14:00:00.000Z", "2026-05-05T15:00:00.000Z"],
  [s7, "Community call", "CONFIRMED", 3, "2026-06-02T14:00:00.000Z", "2026-06-02T15:00:00.000Z"],
].map(([uid, summary, status, sequence, start, end]) => ({ uid, summary, status, sequence, start, end }));
if (JSON.stringify(list) !== JSON.stringify(want)) {
  fail(file, `ical.js expands it to\n${JSON.stringify(list, null, 1)}\nwant\n${JSON.stringify(want, null, 1)}`);
}

// demoFeedURL starts the demo server and makes a subscription URL the
// way a person does: log in, then "Create subscription address".
async function demoFeedURL(binary, dir) {
  const proc = spawn(binary, ["serve", "--demo", "--db", join(dir, "ics.db"), "--addr", "127.0.0.1:0", "--insecure-cookies"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const started = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("trellis serve --demo did not start in 60 s:\n" + out)), 60000);
    const onData = (chunk) => {
      out += chunk;
      const addr = out.match(/running at (http:\/\/\S+)/), login = out.match(/Demo login: (\S+) \/ (\S+)/);
      if (addr && login) {
        clearTimeout(timer);
        resolve({ base: addr[1], email: login[1], password: login[2] });
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", (c) => { out += c; });
    proc.on("exit", (code) => reject(new Error(`trellis serve exited (${code}):\n` + out)));
  });
  const { base, email, password } = started;
  const form = (o) => ({ method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(o).toString() });
  const login = await fetch(base + "/login", form({ email, password }));
  const cookie = (login.headers.getSetCookie() || []).map((c) => c.split(";")[0]).find((c) => c.startsWith("trellis_session="));
  if (!cookie) throw new Error(`logging in gave status ${login.status} and no session`);
  const made = await fetch(base + "/settings/feeds", { ...form({ feed_name: "e2e" }), headers: { ...form({}).headers, Cookie: cookie } });
  const url = (await made.text()).match(/https?:\/\/[^\s<"]+\/feeds\/[^\s<"]+\/calendar\.ics/);
  if (made.status !== 201 || !url) throw new Error(`creating a subscription URL gave status ${made.status}`);
  // The page shows the address as the browser would reach it.
  return { proc, url: base + new URL(url[0]).pathname };
}

if (process.argv[2]) {
  const dir = mkdtempSync(join(tmpdir(), "trellis-ics-"));
  let proc;
  try {
    const demo = await demoFeedURL(process.argv[2], dir);
    proc = demo.proc;
    const res = await fetch(demo.url);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    if (!/^text\/calendar/.test(res.headers.get("content-type") || "")) throw new Error(`Content-Type ${res.headers.get("content-type")}`);
    const { list: got } = occurrences(await res.text(), ICAL.Time.fromJSDate(new Date(Date.now() + 400 * 86400e3), true));
    console.log(`ics: the demo feed parses, ${got.length} occurrences in the coming 400 days`);
  } catch (e) {
    fail("demo feed", e.message);
  } finally {
    if (proc) proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`ics: ical.js reads the feed and expands it as planned (${list.length} occurrences)`);
