// The e2e `test`: every page fails its test on a console error or an uncaught page error unless the test
// said it expects it, and `loginAs(email)` signs a demo account in by writing a session straight into the
// server's database (only the sign-in spec goes through the real form). In a spec:
//   import { expect, test } from "#tests/e2e/fixtures";
//   test("…", async ({ page, loginAs, consoleErrors }) => { await loginAs("organizer@example.org"); … });
import { test as base, expect, type ConsoleMessage } from "@playwright/test";
import { eq } from "drizzle-orm";
import { hashPassword } from "#app/modules/auth/password.server";
import {
  createSession,
  generateSecureRandomString,
  invalidateSession,
  sessionCookieName,
} from "#app/modules/auth/session.server";
import type { Role } from "#db/schema/core";
import { Database, db, getDatabase, schema, setDatabase } from "#db/client.server";

export interface SignedInUser {
  id: number;
  name: string;
  email: string;
  role: string;
}

/** What a test may expect to see logged; anything else logged fails the test. */
export class ConsoleErrors {
  private readonly allowed: RegExp[] = [];
  readonly unexpected: string[] = [];

  /** Lets errors matching `pattern` through for the rest of this test. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  record(text: string): void {
    if (!this.allowed.some((pattern) => pattern.test(text))) this.unexpected.push(text);
  }
}

export interface NewAccount {
  id: number;
  email: string;
  password: string;
}

interface TestFixtures {
  loginAs: (email: string) => Promise<SignedInUser>;
  /**
   * A fresh account of its own for a test that changes what others rely on (a password, a lockout): the demo
   * accounts are shared by every test and both projects, which run at the same time.
   */
  /** `compoundId`: the compound a resident chose when registering (organizers find only their compounds'). */
  newAccount: (role: Role, options?: { volunteerTier?: number; compoundId?: number }) => Promise<NewAccount>;
  consoleErrors: ConsoleErrors;
}

interface WorkerFixtures {
  e2eDatabase: Database;
}

/**
 * Chromium logs every 4xx answer as "Failed to load resource". When the answer is the page itself or its
 * Remix data request (`.data`), the status is the app's deliberate reply and the test asserts it; a 4xx
 * for a script, stylesheet or image is a broken page and still fails.
 */
function isDeliberateHttpError(message: ConsoleMessage, pageUrl: string): boolean {
  if (!/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()))
    return false;
  const resource = message.location().url;
  return resource === pageUrl || new URL(resource).pathname.endsWith(".data");
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  e2eDatabase: [
    // Playwright reads the fixtures a function needs from its destructured first argument.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const url = process.env.DATABASE_URL;
      if (!url) throw new Error("DATABASE_URL is not set: run the e2e suite through playwright.config.ts");
      const database = new Database({ url });
      setDatabase(database);
      await use(database);
      setDatabase(undefined);
      database.close();
    },
    { scope: "worker" },
  ],

  // eslint-disable-next-line no-empty-pattern
  consoleErrors: async ({}, use) => {
    await use(new ConsoleErrors());
  },

  page: async ({ page, consoleErrors }, use) => {
    page.on("console", (message) => {
      if (message.type() !== "error" || isDeliberateHttpError(message, page.url())) return;
      consoleErrors.record(`console.error: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => consoleErrors.record(`uncaught ${error.name}: ${error.message}`));
    await use(page);
    expect(consoleErrors.unexpected, "the page logged errors").toEqual([]);
  },

  newAccount: async ({ e2eDatabase: _ }, use) => {
    await use(async (role, options = {}) => {
      const email = `e2e-${generateSecureRandomString(10)}@example.org`;
      const password = `e2e ${generateSecureRandomString(12)}`;
      const passwordHash = await hashPassword(password);
      const [row] = await getDatabase().writeAtomic((d) =>
        d
          .insert(schema.users)
          .values({
            email,
            name: `测试 ${role}`,
            role,
            volunteerTier: role === "volunteer" ? (options.volunteerTier ?? 3) : null,
            compoundId: options.compoundId ?? null,
            passwordHash,
            emailVerifiedAt: new Date(),
          })
          .returning({ id: schema.users.id }),
      );
      if (!row) throw new Error("could not create the e2e account");
      return { id: row.id, email, password };
    });
  },

  loginAs: async ({ context, baseURL, e2eDatabase: _ }, use) => {
    const sessions: string[] = [];
    await use(async (email) => {
      const user = await db().query.users.findFirst({ where: eq(schema.users.email, email) });
      if (!user?.email)
        throw new Error(`No account ${email} in the e2e database (demo accounts: db/seed/demo.ts)`);
      const { session, token } = await createSession(user.id, { userAgent: "playwright loginAs" });
      sessions.push(session.id);
      const name = sessionCookieName();
      // `__Host-` cookies must be host-only with Path=/ (so `domain`, not `url`). Chromium keeps a Secure
      // cookie on http://127.0.0.1 because loopback counts as a secure context, so the production cookie
      // works as it is and the server needs no e2e-only switch.
      await context.addCookies([
        {
          name,
          value: token,
          domain: new URL(baseURL ?? "http://127.0.0.1").hostname,
          path: "/",
          httpOnly: true,
          secure: name.startsWith("__Host-"),
          sameSite: "Lax",
        },
      ]);
      return { id: user.id, name: user.name, email: user.email, role: user.role };
    });
    for (const id of sessions) await invalidateSession(id);
  },
});

export { expect };
