// Signing in and out: password check, a fresh session every time, and the audit trail of both.
import { eq } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { verifyPassword } from "./password.server";
import { createSession, invalidateSession } from "./session.server";

export type SignInResult = { ok: true; token: string; userId: number } | { ok: false };

export async function signIn(
  email: string,
  password: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<SignInResult> {
  const database = getDatabase();
  const normalized = email.trim().toLowerCase();
  const user = await database.db.query.users.findFirst({ where: eq(schema.users.email, normalized) });
  const valid =
    !!user?.passwordHash && !user.disabledAt && (await verifyPassword(user.passwordHash, password));
  if (!user || !valid) {
    await database.write((tx) =>
      audit(tx, {
        actorId: user?.id ?? null,
        action: "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id,
        ip: meta.ip,
      }),
    );
    return { ok: false };
  }
  const { token } = await createSession(user.id, meta);
  await database.write((tx) =>
    audit(tx, {
      actorId: user.id,
      action: "auth.sign_in",
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
    }),
  );
  return { ok: true, token, userId: user.id };
}

export async function signOut(sessionId: string, userId: number, ip: string | null): Promise<void> {
  await invalidateSession(sessionId);
  await getDatabase().write((tx) =>
    audit(tx, { actorId: userId, action: "auth.sign_out", targetType: "user", targetId: userId, ip }),
  );
}
