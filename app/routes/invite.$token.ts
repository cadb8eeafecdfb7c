// The link in the invitation email: its token moves into a cookie and the browser goes on to /invite.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stashLinkSecret } from "#app/modules/auth/link-secret.server";

export function loader({ params }: LoaderFunctionArgs) {
  return stashLinkSecret("invite", params.token ?? "");
}
