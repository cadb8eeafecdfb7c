// Runs first (the "server" project in playwright.config.ts): the app answers and its database is up.
import { expect, test } from "@playwright/test";

test("the server answers and its database is up", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
});
