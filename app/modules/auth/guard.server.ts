// Loaders and actions call these; they throw the response a refusal needs (redirect to sign-in, or 403).
import { redirect } from "@remix-run/node";
import { eq, isNull, and, sql } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { appOrigin } from "#app/config.server";
import { perRequest } from "#app/modules/security/request-scope.server";
import { can, type Action, type Actor, type ResourceArgs } from "./policy";
import { readSessionToken, validateSessionToken } from "./session.server";

export interface CurrentUser extends Actor {
  name: string;
  /** Null for an account made with a phone number (decision 027). */
  email: string | null;
  phone: string | null;
  locale: "zh-CN" | "en";
  sessionId: string;
}

// A page's root loader and its own loader both ask who is signed in: the answer is kept for the request
// (request-scope.server.ts), per session token.
export function getOptionalUser(request: Request): Promise<CurrentUser | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  return perRequest(`user:${token}`, () => lookUpUser(token));
}

async function lookUpUser(token: string): Promise<CurrentUser | null> {
  const session = await validateSessionToken(token);
  if (!session) return null;
  const [user] = await getDatabase()
    .prepared("signed-in-user", (db) =>
      db
        .select({
          id: schema.users.id,
          name: schema.users.name,
          email: schema.users.email,
          phone: schema.users.phone,
          role: schema.users.role,
          volunteerTier: schema.users.volunteerTier,
          compoundId: schema.users.compoundId,
          supervisorId: schema.users.supervisorId,
          locale: schema.users.locale,
        })
        .from(schema.users)
        .where(and(eq(schema.users.id, sql.placeholder("id")), isNull(schema.users.disabledAt)))
        .prepare(),
    )
    .execute({ id: session.userId });
  return user ? { ...user, sessionId: session.id } : null;
}

/**
 * Where to send someone after signing in: only a place in this app. The value is resolved against the app's
 * origin the way a browser resolves a Location (tabs and newlines dropped, a backslash read as a slash), and kept only
 * when it stays on that origin; what is returned is the normalised path, so the header carries no control
 * character or raw non-ASCII. Anything else (`//host`, `/\thost`, `javascript:`, an unparsable value) gives
 * `fallback`.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to === "") return fallback;
  const origin = new URL(appOrigin()).origin;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return url.pathname + url.search + url.hash;
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** The signed-in user when the policy allows `action`; otherwise a thrown redirect or 403. */
export async function requirePermission<A extends Action>(
  request: Request,
  action: A,
  ...resource: ResourceArgs<A>
): Promise<CurrentUser> {
  const user = await requireUser(request);
  assertPermission(user, action, ...resource);
  return user;
}

/** For record rules checked after the record is loaded: throws 403 when the policy refuses. */
export function assertPermission<A extends Action>(
  user: Actor,
  action: A,
  ...resource: ResourceArgs<A>
): void {
  if (!can(user, action, ...resource)) throw forbidden();
}
