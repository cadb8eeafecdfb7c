import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { clearSessionCookie } from "#app/modules/auth/session.server";
import { signOut } from "#app/modules/auth/sign-in.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) await signOut(user.sessionId, user.id, requestIp(request));
  throw redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export function loader() {
  throw redirect("/");
}
