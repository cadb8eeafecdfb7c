// Malformed bodies against every action of the app (issue 14, hole 10): wrong content types, lying multipart,
// deeply nested and repeated names, huge values, unknown and known intents with garbage, ids that are not ids,
// posted anonymously and as a fresh account of every role. No answer may be a 5xx, and an answer that refuses
// (4xx) must have written nothing: no audit entry by the account that sent it. The actions are found by reading
// app/routes, so a new action is fuzzed without editing this file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { eq } from "drizzle-orm";
import { createSession, invalidateUserSessions, sessionCookieName } from "#app/modules/auth/session.server";
import type { Role } from "#db/schema/core";
import { db, schema } from "#db/client.server";
import { expect, test } from "#tests/e2e/fixtures";

interface ActionRoute {
  file: string;
  /** Path segments; a `$param` is filled per request. */
  segments: string[];
  intents: string[];
}

const routesDir = join(process.cwd(), "app/routes");

/** Remix flat-route file name → URL segments (`admin.courses.$id_.edit.tsx` → admin, courses, $id, edit). */
function segmentsOf(file: string): string[] {
  const stem = file.replace(/\.tsx?$/, "");
  const parts = stem.match(/(?:\[[^\]]*\]|[^.])+/g) ?? [];
  return parts
    .filter((p) => p !== "_index" && !p.startsWith("_"))
    .map((p) => p.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1"));
}

/** The intents an action knows, read from its source: every string compared with or offered as `intent`. */
function intentsOf(source: string): string[] {
  const found = new Set<string>();
  for (const line of source.split("\n")) {
    if (!/intent/i.test(line)) continue;
    for (const m of line.matchAll(/["'`]([a-z][\w-]{1,40})["'`]/gi))
      if (m[1] !== "intent") found.add(m[1] ?? "");
  }
  for (const m of source.matchAll(/case "([\w-]{2,40})":/g)) found.add(m[1] ?? "");
  return [...found].filter(Boolean).slice(0, 20);
}

function actionRoutes(): ActionRoute[] {
  return readdirSync(routesDir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.|\.server\./.test(f))
    .flatMap((file) => {
      const source = readFileSync(join(routesDir, file), "utf8");
      if (!/export (async )?function action|export const action/.test(source)) return [];
      return [{ file, segments: segmentsOf(file), intents: intentsOf(source) }];
    });
}

/** Ids that are no record: absent, not a number, negative, fractional, beyond any integer. */
const badIds = ["999999999", "abc", "-1", "1.5", "9".repeat(40)];

function pathFor(route: ActionRoute, id: string): string {
  return `/${route.segments.map((s) => (s.startsWith("$") ? encodeURIComponent(id) : s)).join("/")}`;
}

const garbage = new URLSearchParams({
  id: "abc",
  householdId: "-1",
  volunteerId: "1e999",
  memberId: "",
  courseId: "NaN",
  sessionId: "0x10",
  date: "not-a-date",
  startsAt: "2026-13-45T99:99",
  email: "not an email",
  phone: "9".repeat(60),
  role: "emperor",
  level: "ultra",
  status: "weird",
  tier: "9",
  page: "-5",
  name: "名".repeat(3000),
  title: "",
  body: "<script>alert(1)</script>",
  password: "x",
  redirectTo: "//evil.example",
  amount: "NaN",
}).toString();

interface Payload {
  name: string;
  contentType?: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}

const urlencoded = (name: string, body: string): Payload => ({
  name,
  contentType: "application/x-www-form-urlencoded",
  body,
});

const multipart = (boundary: string, parts: string) => `--${boundary}\r\n${parts}\r\n--${boundary}--\r\n`;

const transportPayloads: Payload[] = [
  { name: "JSON", contentType: "application/json", body: '{"intent":"save","a":{"b":[1,2]}}' },
  { name: "text/plain", contentType: "text/plain", body: "intent=save" },
  { name: "XML", contentType: "application/xml", body: "<a><b/></a>" },
  { name: "no content type", body: "intent=save&a=1" },
  {
    name: "lying multipart boundary",
    contentType: "multipart/form-data; boundary=lie",
    body: multipart("truth", 'Content-Disposition: form-data; name="intent"\r\n\r\nsave'),
  },
  {
    name: "multipart without a boundary",
    contentType: "multipart/form-data",
    body: multipart("b", 'Content-Disposition: form-data; name="intent"\r\n\r\nsave'),
  },
  {
    name: "truncated multipart",
    contentType: "multipart/form-data; boundary=b",
    body: '--b\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsa',
  },
  {
    name: "a gzip-encoded body",
    contentType: "application/x-www-form-urlencoded; charset=utf-8",
    headers: { "Content-Encoding": "gzip" },
    body: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
  },
  urlencoded("names nested 5,000 deep", `a${"[b]".repeat(5000)}=1`),
  urlencoded("dotted names 5,000 deep", `a${".b".repeat(5000)}=1`),
  urlencoded("the same name 10,000 times", Array.from({ length: 10_000 }, () => "intent=save").join("&")),
  urlencoded("a value over the size limit", `name=${"x".repeat(300 * 1024)}`),
  urlencoded("prototype names", "__proto__[admin]=1&constructor[prototype][admin]=1&intent=save"),
  urlencoded("names Conform cannot read", "a..b=1&[=1&a]=1&a[-1]=1&a[][b]=1&a[99999999]=1"),
  urlencoded("broken percent escapes", "intent=%ZZ&%E0%A4%A=1&name=%FF%FE"),
];

const formPayloads: Payload[] = [
  urlencoded("empty form", ""),
  urlencoded("unknown intent", "intent=definitely-not-an-intent"),
  urlencoded("garbage fields", garbage),
  urlencoded("garbage with an unknown intent", `intent=__proto__&${garbage}`),
  urlencoded("a large value within the limit", `intent=save&note=${"长".repeat(30_000)}&${garbage}`),
  urlencoded("repeated fields", "intent=a&intent=b&id=1&id=2&email=a@b.c&email=d@e.f"),
  {
    name: "a file where text is expected",
    contentType: "multipart/form-data; boundary=fz",
    body: multipart(
      "fz",
      'Content-Disposition: form-data; name="name"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n=1+1,2\r\n' +
        '--fz\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot a file',
    ),
  },
];

const intentPayloads = (intents: string[]): Payload[] =>
  intents.flatMap((intent) => [
    urlencoded(`intent ${intent} alone`, `intent=${encodeURIComponent(intent)}`),
    urlencoded(`intent ${intent} with garbage`, `intent=${encodeURIComponent(intent)}&${garbage}`),
  ]);

interface Identity {
  label: string;
  userId: number | null;
  cookie: () => Promise<string | null>;
}

interface Finding {
  who: string;
  path: string;
  payload: string;
  status: number | string;
}

async function send(
  api: APIRequestContext,
  origin: string,
  path: string,
  payload: Payload,
  cookie: string | null,
) {
  const headers: Record<string, string> = { Origin: origin, ...payload.headers };
  if (payload.contentType) headers["Content-Type"] = payload.contentType;
  if (cookie) headers.Cookie = cookie;
  return api.post(path, { headers, data: payload.body, maxRedirects: 0, failOnStatusCode: false });
}

/** Audit entries that record a change: reads and refusals are audited too, and are no write. */
const notAChange =
  /(read|Read|readHealth|viewed|list|listed|denied|Refused|refused|Printed|Exported|exported)$|^auth\.sign_in_failed$/;

async function changesBy(userId: number): Promise<number> {
  const rows = await db()
    .select({ action: schema.auditLog.action })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.actorId, userId));
  return rows.filter((r) => !notAChange.test(r.action)).length;
}

/** The first role whose GET of the route's page (with id 1) is 200: a role that can reach its action. */
async function reachingRole(
  api: APIRequestContext,
  route: ActionRoute,
  identities: Identity[],
): Promise<Identity> {
  for (const identity of identities) {
    const cookie = await identity.cookie();
    const response = await api.get(pathFor(route, "1"), {
      headers: cookie ? { Cookie: cookie } : {},
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    if (response.status() === 200) return identity;
  }
  return identities[0] as Identity;
}

test("malformed bodies to every action answer 4xx, never 5xx, and refusals write nothing", async ({
  baseURL,
  newAccount,
}, testInfo) => {
  // Its own project ("fuzz" in playwright.config.ts), run after the page tests; a few thousand requests take
  // about a minute on a quiet machine, much longer on a shared one.
  const origin = new URL(baseURL ?? "").origin;
  const routes = actionRoutes();
  expect(routes.length).toBeGreaterThan(30);

  const anonymous: Identity = { label: "anonymous", userId: null, cookie: async () => null };
  const allRoles: Identity[] = [];
  /** Accounts of every role for one worker: an account's audit entries then come from that worker alone. */
  const rolesForWorker = async (): Promise<Identity[]> => {
    const roles: Identity[] = [];
    for (const [role, tier] of [
      ["admin", undefined],
      ["organizer", undefined],
      ["volunteer", 3],
      ["resident", undefined],
    ] as [Role, number | undefined][]) {
      const account = await newAccount(role, { volunteerTier: tier });
      roles.push({
        label: role,
        userId: account.id,
        // A fresh session per route: an action may sign its sender out (logout, "sign out everywhere").
        cookie: async () => `${sessionCookieName()}=${(await createSession(account.id)).token}`,
      });
    }
    allRoles.push(...roles);
    return roles;
  };

  const findings: Finding[] = [];
  const partialWrites: Finding[] = [];
  let sent = 0;
  const api = await playwrightRequest.newContext({ baseURL });
  const post = async (identity: Identity, cookie: string | null, path: string, payload: Payload) => {
    const before = identity.userId === null ? 0 : await changesBy(identity.userId);
    let status: number | string;
    try {
      status = (await send(api, origin, path, payload, cookie)).status();
    } catch (error) {
      status = `no answer: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
    sent++;
    const finding = { who: identity.label, path, payload: payload.name, status };
    if (typeof status !== "number" || status >= 500) findings.push(finding);
    else if (status >= 400 && identity.userId !== null && (await changesBy(identity.userId)) > before)
      partialWrites.push(finding);
  };
  try {
    // Routes are fuzzed four at a time, each worker with accounts of its own whose requests go one after
    // another, so that an account's audit count before and after a request belongs to that request.
    const queue = [...routes];
    const worker = async () => {
      const roles = await rolesForWorker();
      for (let route = queue.shift(); route; route = queue.shift()) {
        const [primary = "", ...others] = route.segments.some((s) => s.startsWith("$"))
          ? badIds.map((id) => pathFor(route, id))
          : [pathFor(route, "")];
        const role = await reachingRole(api, route, [...roles, anonymous]);
        for (const identity of role === anonymous ? [anonymous] : [anonymous, role]) {
          const cookie = await identity.cookie();
          for (const payload of [...transportPayloads, ...formPayloads, ...intentPayloads(route.intents)])
            await post(identity, cookie, primary, payload);
          // Ids that are not ids, with the payloads that reach the action's own parsing.
          for (const path of identity === anonymous ? [] : others)
            for (const payload of [
              ...formPayloads.slice(1, 3),
              ...intentPayloads(route.intents).filter((_, i) => i % 2),
            ])
              await post(identity, cookie, path, payload);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    await api.dispose();
    for (const identity of allRoles)
      if (identity.userId !== null) await invalidateUserSessions(identity.userId);
  }

  testInfo.annotations.push({ type: "requests", description: String(sent) });
  expect(findings, `${findings.length} of ${sent} requests answered 5xx or not at all`).toEqual([]);
  expect(partialWrites, "refused requests that wrote an audit entry").toEqual([]);
  const health = await (await playwrightRequest.newContext({ baseURL })).get("/healthz");
  expect(health.status()).toBe(200);
});
