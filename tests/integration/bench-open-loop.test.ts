import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { openLoop } from "#tests/bench/load";

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server that holds every answer until `stallMs` after it started, then answers at once. */
function stallingServer(stallMs: number): Promise<string> {
  const started = performance.now();
  server = createServer((_request, response) => {
    const wait = Math.max(0, started + stallMs - performance.now());
    setTimeout(() => response.end("ok"), wait);
  });
  return new Promise((resolve) =>
    server?.listen(0, "127.0.0.1", () => {
      const address = server?.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`);
    }),
  );
}

describe("the open-loop load generator", () => {
  it("keeps sending on schedule through a stall and counts each request's wait from its due time", async () => {
    const url = await stallingServer(400);
    const result = await openLoop({ url }, { rate: 100, seconds: 0.5 });
    expect(result.errors).toEqual({});
    expect(result.completed).toBe(50);
    // Every request was due within the stall: a closed-loop client would have sent one and waited, and a
    // generator timing from the send would see the later ones as fast.
    expect(result.maxInFlight).toBeGreaterThan(30);
    expect(result.p50Ms).toBeGreaterThan(100);
    expect(result.p99Ms).toBeGreaterThan(300);
  });

  it("counts a non-2xx answer as an error", async () => {
    server = createServer((_request, response) => {
      response.statusCode = 503;
      response.end();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const result = await openLoop({ url: `http://127.0.0.1:${port}/` }, { rate: 50, seconds: 0.2 });
    expect(result.errors).toEqual({ "503": 10 });
    expect(result.completed).toBe(0);
  });
});
