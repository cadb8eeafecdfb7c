import type { LoaderFunctionArgs } from "@remix-run/node";
import { appOrigin } from "#app/config.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { emailHtmlResponse } from "#app/modules/notifications/email-frame.server";
import { previewTemplates } from "#app/modules/notifications/render.server";
import { getSettings } from "#app/modules/settings/settings.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "email.preview");
  const settings = await getSettings();
  const template = previewTemplates(settings.communityName, appOrigin()).find(
    (t) => t.name === params.template,
  );
  const rendering = template?.renderings.find((r) => r.locale === params.locale);
  if (!rendering) throw new Response("Not found", { status: 404 });
  return emailHtmlResponse(rendering.html);
}
