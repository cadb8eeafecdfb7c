import { describe, expect, it } from "vitest";
import { appOrigin } from "#app/config.server";
import { safeRedirectPath } from "./guard.server";

const fallback = "/home";

describe("safeRedirectPath", () => {
  it.each([
    ["/households/12", "/households/12"],
    ["/households?compound=3&page=2#list", "/households?compound=3&page=2#list"],
    ["/roster/../me", "/me"],
    ["/a b", "/a%20b"],
    ["/\u3000/evil.example", "/%E3%80%80/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/%0Aevil", "/%0Aevil"],
    [`${appOrigin()}/visits`, "/visits"],
    ["visits", "/visits"],
    // A same-scheme "relative" URL: browsers, too, read it as a path on the current origin.
    ["http:evil.example", "/evil.example"],
  ])("keeps %j inside the app as %j", (input, expected) => {
    expect(safeRedirectPath(input, fallback)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "HTTP://EVIL.EXAMPLE",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//\u3000evil.example",
    "///evil.example",
    "/\t\\evil.example",
    "https://127.0.0.1.evil.example/",
    "http://[::1",
  ])("sends %j to the fallback", (input) => {
    expect(safeRedirectPath(input, fallback)).toBe(fallback);
  });

  it("never returns a value a Location header would refuse (controls, non-ASCII)", () => {
    for (const input of ["/\n", "/\u3000", "/é", "/\u0000x", "/%E3%80%80", "/\u2028"]) {
      const path = safeRedirectPath(input, fallback);
      expect(path).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => new Headers({ Location: path })).not.toThrow();
    }
  });

  it("falls back on nothing, an empty value or a file", () => {
    expect(safeRedirectPath(null, fallback)).toBe(fallback);
    expect(safeRedirectPath(undefined, fallback)).toBe(fallback);
    expect(safeRedirectPath("", fallback)).toBe(fallback);
    expect(safeRedirectPath(new File(["x"], "x.txt"), fallback)).toBe(fallback);
  });
});
