import { expect, test } from "#tests/e2e/fixtures";

test("GET /healthz reports the database as up, uncached, in JSON", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(await response.json()).toEqual({ ok: true, database: "up" });
});
