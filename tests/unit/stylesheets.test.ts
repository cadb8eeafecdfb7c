// Class names are global: when two domains style the same name, the later rule silently restyles the other's
// pages (`.narrow`, `.choice-group` and `.tabs` once did). These checks keep each name defined once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postcss, { type Rule } from "postcss";
import { describe, expect, it } from "vitest";

const stylesDir = join(process.cwd(), "app/styles");
const routeSheets = ["help.css", "privacy.css", "roster.css", "messages.css", "audit.css"];

function rulesOf(file: string): Rule[] {
  const rules: Rule[] = [];
  postcss.parse(readFileSync(join(stylesDir, file), "utf8")).walkRules((rule) => {
    if (rule.parent?.type !== "atrule" || !/keyframes$/.test((rule.parent as postcss.AtRule).name))
      rules.push(rule);
  });
  return rules;
}

/** The at-rules a rule sits in (`@media print`), so the same selector in print and on screen is no clash. */
function contextOf(rule: Rule): string {
  const conditions: string[] = [];
  for (let node = rule.parent; node && node.type === "atrule"; node = node.parent)
    conditions.push(`@${(node as postcss.AtRule).name} ${(node as postcss.AtRule).params}`);
  return conditions.join(" ");
}

/** Selectors written alone as a rule's whole selector more than once in one context: two definitions. */
export function definedTwice(css: string): string[] {
  const seen = new Map<string, number>();
  postcss.parse(css).walkRules((rule) => {
    if (rule.selectors.length !== 1) return;
    const key = `${contextOf(rule)} ${rule.selector}`.trim();
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}

/** `.tabs` in `.tabs a[aria-current]`: the compound a selector starts from. */
const leadingCompound = (selector: string) => selector.trim().split(/\s+|>|\+|~/)[0] ?? "";

describe("stylesheets", () => {
  it("define each selector of app.css once", () => {
    expect(definedTwice(readFileSync(join(stylesDir, "app.css"), "utf8"))).toEqual([]);
  });

  it("catch a class defined twice, but not a shared rule followed by a specific one", () => {
    expect(definedTwice(".narrow { max-width: 36rem } .x {} .narrow { max-width: 40rem }")).toEqual([
      ".narrow",
    ]);
    expect(definedTwice(".muted, .hint { color: grey } .hint { margin: 0 }")).toEqual([]);
    expect(definedTwice(".a { color: red } @media print { .a { display: none } }")).toEqual([]);
  });

  for (const sheet of routeSheets) {
    it(`${sheet} restyles none of app.css's names`, () => {
      const shared = new Set(rulesOf("app.css").flatMap((rule) => rule.selectors.map(leadingCompound)));
      const clashes = rulesOf(sheet)
        .flatMap((rule) => rule.selectors.map(leadingCompound))
        .filter((compound) => compound.startsWith(".") && shared.has(compound));
      expect([...new Set(clashes)]).toEqual([]);
    });
  }
});
