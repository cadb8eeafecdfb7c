// The Tencent Cloud reply callback (短信回复): replies to our texts, TD and the like opting out (decision 028).
// The provider posts JSON from its own servers: the secret in the path is the authority, not the origin.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { receiveSmsReplies } from "#app/modules/notifications/sms-replies.server";

/** Providers only post; a GET is answered as for a path that does not exist. */
export function loader(): never {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await receiveSmsReplies("tencent", {
    token: params.token ?? "",
    body: await request.text(),
    ip: requestMeta(request).ip,
  });
  return Response.json(result.body, { status: result.status });
}
