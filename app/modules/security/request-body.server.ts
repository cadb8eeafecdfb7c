// What a request body must look like before any action sees it: a form (urlencoded or multipart), within a size
// meant for its page, whose field names Conform can read. One check in front of Remix (server.ts) answers
// everything else with a translated 4xx, so that no action can answer 500 to a malformed body (issue 14,
// hole 10). See docs/decisions/016-trust-boundaries.md.
import { createHash } from "node:crypto";
import { getT, type Locale } from "#app/modules/i18n/i18n";

const kib = 1024;
const mib = 1024 * kib;

export const bodyLimits = {
  /** Any form of the app; the longest (an announcement, a household with its members) is a few KiB. */
  formBytes: 256 * kib,
  /** The CSV imports: a file of up to 5 MB (households) with the multipart framing around it. */
  importBytes: 6 * mib,
  /** Fields in one form; the attendance sheet of a large course has a few hundred. */
  fields: 1_000,
  nameLength: 200,
  /** Segments of one name (`members[3].phone` has three). */
  nameDepth: 16,
  /** The largest array index a name may hold: a larger one would make a sparse array of that length. */
  arrayIndex: 1_000,
} as const;

const importPaths = [/^\/households\/import\/?$/, /^\/roster\/import\/?$/];

/** The largest body the page at `pathname` accepts (a Remix data request, `….data`, counts as its page). */
export function bodyLimitFor(pathname: string): number {
  const page = pathname.replace(/\.data$/, "");
  return importPaths.some((p) => p.test(page)) ? bodyLimits.importBytes : bodyLimits.formBytes;
}

/** Provider callbacks that post JSON (decision 028): the only paths a JSON body may reach. */
const jsonPaths = [/^\/hooks\/sms\/(aliyun|tencent)\/[^/]+$/];

/** Whether the page at `pathname` takes a JSON body (a provider's push) rather than a form. */
export function acceptsJson(pathname: string): boolean {
  return jsonPaths.some((p) => p.test(pathname));
}

export type BodyProblem = "contentType" | "tooLarge" | "malformed" | "crossOrigin";

export interface Refusal {
  status: 400 | 403 | 413 | 415;
  problem: BodyProblem;
}

const refusals: Record<BodyProblem, Refusal> = {
  contentType: { status: 415, problem: "contentType" },
  tooLarge: { status: 413, problem: "tooLarge" },
  malformed: { status: 400, problem: "malformed" },
  crossOrigin: { status: 403, problem: "crossOrigin" },
};

export const refusal = (problem: BodyProblem): Refusal => refusals[problem];

const formTypes = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export interface BodyHeaders {
  contentType: string | undefined;
  contentLength: string | undefined;
  contentEncoding: string | undefined;
}

/**
 * What can be judged before reading the body: its declared type, length and encoding. An empty body without a
 * type is let through (it is read as an empty form).
 */
export function checkBodyHeaders(headers: BodyHeaders, limit: number, json = false): Refusal | null {
  const length = headers.contentLength === undefined ? null : Number(headers.contentLength);
  if (length !== null && length > limit) return refusals.tooLarge;
  if (headers.contentEncoding && headers.contentEncoding.toLowerCase() !== "identity")
    return refusals.contentType;
  const type = headers.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === undefined || type === "") return length === 0 ? null : refusals.contentType;
  return formTypes.has(type) || (json && type === "application/json") ? null : refusals.contentType;
}

// Conform's own grammar for names (`@conform-to/dom` parsePath): keys and `[n]` indices, a single "." between.
const nameToken = /([^.[\]]+)|\[(\d*)\]/g;
const forbiddenKeys = new Set(["__proto__", "constructor", "prototype"]);

/** Whether Conform can read `name` into a small object: anything else throws in it, or builds a huge one. */
export function isReadableFieldName(name: string): boolean {
  if (name === "" || name.length > bodyLimits.nameLength) return false;
  let last = 0;
  let segments = 0;
  let emptyBrackets = false;
  for (const match of name.matchAll(nameToken)) {
    const gapIsOneDot = match.index === last + 1 && name[last] === ".";
    if (match.index !== last && !gapIsOneDot) return false;
    // "[]" (a list appended to) may only end a name.
    if (emptyBrackets) return false;
    const [, key, index] = match;
    if (key !== undefined && forbiddenKeys.has(key)) return false;
    if (index === "") emptyBrackets = true;
    else if (index !== undefined && Number(index) > bodyLimits.arrayIndex) return false;
    if (++segments > bodyLimits.nameDepth) return false;
    last = match.index + match[0].length;
  }
  return last === name.length;
}

/** Reads the body as the action will (a form) and judges its fields; null when it may go on. */
export async function checkFormBody(
  contentType: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<Refusal | null> {
  let form: FormData;
  try {
    form = await new Request("http://body.check/", {
      method: "POST",
      headers: { "Content-Type": contentType },
      body,
    }).formData();
  } catch {
    return refusals.malformed;
  }
  let fields = 0;
  for (const name of form.keys()) {
    if (++fields > bodyLimits.fields) return refusals.tooLarge;
    if (!isReadableFieldName(name)) return refusals.malformed;
  }
  return null;
}

// Large plain text for whoever's browser posted the form; the CSP allows this one style by its hash.
const pageStyle =
  "body{font:18px/1.6 system-ui,sans-serif;color:#1f2328;max-width:36rem;margin:2rem auto;padding:0 1rem}" +
  "h1{font-size:1.5rem;line-height:1.3}a{color:#a61b1b}";
const pageStyleHash = createHash("sha256").update(pageStyle).digest("base64");

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The small translated page a refused request gets (a person whose browser sent it can read it). */
export function refusalPage(r: Refusal, locale: Locale): { body: string; headers: Record<string, string> } {
  const t = getT(locale);
  const title = t("security:refused.title");
  const message = t(`security:refused.${r.problem}`, { size: `${bodyLimits.importBytes / mib} MB` });
  const body = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${pageStyle}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(t("security:refused.home"))}</a></p></main></body></html>`;
  return {
    body,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${pageStyleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      "Cache-Control": "no-store",
    },
  };
}
