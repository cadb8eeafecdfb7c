import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { emailHtmlResponse } from "#app/modules/notifications/email-frame.server";
import { readMailboxMessage } from "#app/modules/notifications/mailbox.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "mailbox.read");
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const message = await readMailboxMessage(id, { id: user.id, ip: requestIp(request) }, "mailbox.read_html");
  if (!message?.html) throw new Response("Not found", { status: 404 });
  return emailHtmlResponse(message.html);
}
