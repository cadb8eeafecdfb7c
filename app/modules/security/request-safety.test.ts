import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isSameOriginRequest } from "./request-safety.server";

const post = (path: string, headers: Record<string, string>) =>
  new Request(`http://localhost:3000${path}`, { method: "POST", headers });

describe("same-origin rule for changes", () => {
  it("accepts a POST whose Origin is the app's own", () => {
    expect(isSameOriginRequest(post("/login", { Origin: "http://localhost:3000" }))).toBe(true);
  });
  it("refuses a POST from another origin, to a page or a resource route", () => {
    expect(isSameOriginRequest(post("/login", { Origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(post("/logout", { Origin: "https://evil.example" }))).toBe(false);
  });
  it("falls back to Sec-Fetch-Site when there is no Origin, and refuses when there is neither", () => {
    expect(isSameOriginRequest(post("/login", { "Sec-Fetch-Site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(post("/login", { "Sec-Fetch-Site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(post("/login", {}))).toBe(false);
    expect(isSameOriginRequest(post("/login", { Origin: "null" }))).toBe(false);
  });
  it("refuses Origin: null even when Sec-Fetch-Site says same-origin (decision 005)", () => {
    expect(
      isSameOriginRequest(post("/reset-password", { Origin: "null", "Sec-Fetch-Site": "same-origin" })),
    ).toBe(false);
    expect(isSameOriginRequest(post("/login", { Origin: "", "Sec-Fetch-Site": "same-origin" }))).toBe(false);
  });
  it("lets GET through and exempts only the listed one-click unsubscribe path", () => {
    expect(isSameOriginRequest(new Request("http://localhost:3000/login"))).toBe(true);
    expect(isSameOriginRequest(post("/unsubscribe/abc", { Origin: "https://mail.example" }))).toBe(true);
    expect(isSameOriginRequest(post("/unsubscribed-not/abc", { Origin: "https://mail.example" }))).toBe(
      false,
    );
  });
});

describe("content security policy", () => {
  it("is strict in production: nonce scripts, no objects, no base, no framing", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe("every route action", () => {
  it("checks the request's origin first (app/routes/*: export action → requireSameOrigin)", () => {
    const dir = join(process.cwd(), "app/routes");
    const missing = readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.|\.server\./.test(f))
      // The one-click unsubscribe route is the listed exemption (crossOriginExemptPaths): mail providers POST it.
      .filter((f) => f !== "unsubscribe.$token.tsx")
      // So are the SMS providers' reply pushes (decision 028).
      .filter((f) => !/^hooks\.sms\.(aliyun|tencent)\.\$token\.ts$/.test(f))
      .filter((f) => {
        const source = readFileSync(join(dir, f), "utf8");
        if (!/export (async )?function action|export const action/.test(source)) return false;
        const body = source.slice(source.search(/export (async )?function action|export const action/));
        return !/^export async function action\([^)]*\)\s*\{\s*requireSameOrigin\(request\);/.test(body);
      });
    expect(missing).toEqual([]);
  });
});
