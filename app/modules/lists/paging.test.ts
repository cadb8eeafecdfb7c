import { describe, expect, it } from "vitest";
import { pageParam } from "./paging";

describe("a list's page number", () => {
  it("is the page asked for, or the first for anything SQLite would refuse as an offset", () => {
    const page = (query: string) => pageParam(new URL(`http://x/list${query}`));
    expect(page("?page=3")).toBe(3);
    expect(page("")).toBe(1);
    for (const bad of ["1e400", "9999999999999999999999", "-2", "0", "2.5", "abc", "Infinity"])
      expect(page(`?page=${bad}`), bad).toBe(1);
  });
});
