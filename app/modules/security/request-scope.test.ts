import { describe, expect, it } from "vitest";
import { perRequest, runInRequestScope } from "./request-scope.server";

describe("values kept for one request", () => {
  it("are made once per request, across awaits, and never shared between requests", async () => {
    let made = 0;
    const make = () => ++made;
    const request = () =>
      runInRequestScope(async () => {
        const first = perRequest("user:a", make);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [first, perRequest("user:a", make)];
      });
    const [one, two] = await Promise.all([request(), request()]);
    expect(one?.[0]).toBe(one?.[1]);
    expect(two?.[0]).toBe(two?.[1]);
    expect(one?.[0]).not.toBe(two?.[0]);
    expect(made).toBe(2);
  });

  it("are not kept outside a request", () => {
    let made = 0;
    perRequest("k", () => ++made);
    perRequest("k", () => ++made);
    expect(made).toBe(2);
  });
});
