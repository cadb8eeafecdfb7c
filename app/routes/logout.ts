import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { clearSessionCookie } from "#app/modules/auth/session.server";
import { requestMeta, signOut } from "#app/modules/auth/sign-in.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await getOptionalUser(request);
  if (user) await signOut(user.sessionId, user.id, requestMeta(request).ip);
  throw redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export function loader() {
  throw redirect("/");
}
