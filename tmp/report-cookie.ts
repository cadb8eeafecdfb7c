import { eq } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { createSession, sessionCookieName } from "#app/modules/auth/session.server";
const email = process.argv[2] ?? "admin@example.org";
const user = await getDatabase().db.query.users.findFirst({ where: eq(schema.users.email, email) });
if (!user) throw new Error("no user");
const { token } = await createSession(user.id, { userAgent: "timing" });
console.log(`${sessionCookieName()}=${token}`);
process.exit(0);
