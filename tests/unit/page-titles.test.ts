// Every page names itself through pageMeta (app/modules/i18n/meta.ts) with translation keys, so no tab title
// stays in one language. The routes are read as text: importing them would pull in the whole server.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n, supportedLocales } from "#app/modules/i18n/i18n";

const routesDir = join(process.cwd(), "app/routes");
// The catch-all only throws a 404, which the root's meta names.
const untitled = new Set(["$.tsx"]);

const pages = readdirSync(routesDir)
  .filter((file) => file.endsWith(".tsx") && !untitled.has(file))
  .map((file) => ({ file, source: readFileSync(join(routesDir, file), "utf8") }))
  .filter(({ source }) => /^export default /m.test(source));

/** The `meta` export's expression, from `pageMeta` to its closing parenthesis. */
function metaExpression(source: string): string | null {
  const start = source.search(/^export const meta = pageMeta[<(]/m);
  if (start < 0) return null;
  let depth = 0;
  for (let i = source.indexOf("(", start); i < source.length; i++) {
    if (source[i] === "(") depth++;
    if (source[i] === ")" && --depth === 0) return source.slice(start, i + 1);
  }
  return null;
}

/** Why a meta expression could show a reader words that are not translated; empty when it cannot. */
export function untranslatedParts(expression: string, keyExists: (key: string) => boolean): string[] {
  const problems: string[] = [];
  if (/\p{Script=Han}/u.test(expression)) problems.push("Chinese text");
  if (/\btitle\s*:/.test(expression)) problems.push("a title written by hand");
  // A literal compared against (`level === "extreme"`) chooses a key; it is never shown.
  for (const { 1: literal, index } of expression.matchAll(/"([^"]*)"/g)) {
    if (literal === undefined || !/\p{L}/u.test(literal)) continue;
    if (/[!=]==\s*$/.test(expression.slice(0, index))) continue;
    const isDescriptor = /^(robots|noindex|description)$/.test(literal);
    if (!isDescriptor && !keyExists(literal)) problems.push(`"${literal}" is not a translation key`);
  }
  for (const [, text] of expression.matchAll(/`([^`]*)`/g)) {
    if (text !== undefined && /\p{L}/u.test(text.replace(/\$\{[^}]*\}/g, ""))) problems.push(`\`${text}\``);
  }
  return problems;
}

const translators = supportedLocales.map((locale) => createI18n(locale));
const keyExists = (key: string) => translators.every((i18n) => i18n.exists(key));

describe("page titles", () => {
  it("find the pages to check", () => {
    expect(pages.length).toBeGreaterThan(40);
  });

  for (const { file, source } of pages) {
    it(`${file} names its page through pageMeta with translation keys`, () => {
      const expression = metaExpression(source);
      expect(expression, "export const meta = pageMeta(…)").not.toBeNull();
      expect(source.match(/export (const|function|async function) meta\b/g)).toHaveLength(1);
      expect(untranslatedParts(expression ?? "", keyExists)).toEqual([]);
    });
  }

  it("catch a hard-coded, a Chinese or an unknown title", () => {
    expect(untranslatedParts('pageMeta("courses:catalog.title")', keyExists)).toEqual([]);
    expect(untranslatedParts('pageMeta(({ data }) => data?.course.title ?? "Course")', keyExists)).toEqual([
      '"Course" is not a translation key',
    ]);
    expect(untranslatedParts("pageMeta(() => `${x} · 连心 Lianxin`)", keyExists)).toContain("Chinese text");
    expect(untranslatedParts('pageMeta("courses:no.such.title")', keyExists)).toHaveLength(1);
    expect(
      untranslatedParts('pageMeta(({ data }) => [data.title, data.name].join(" · "))', keyExists),
    ).toEqual([]);
    expect(
      untranslatedParts('pageMeta(({ data }) => (data?.x === "y" ? "Title" : null))', keyExists),
    ).toEqual(['"Title" is not a translation key']);
  });
});
