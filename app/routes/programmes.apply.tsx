// Opens a household's case in a programme (the household applies): from the household's page by staff, or from
// /me/household by the resident. Answers with a redirect: to the case, or back with what went wrong.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser, safeRedirectPath } from "#app/modules/auth/guard.server";
import { openCase } from "#app/modules/programmes/cases.server";
import { CaseOpenSchema } from "#app/modules/programmes/form";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

const ApplySchema = CaseOpenSchema.extend({
  programmeId: z.coerce.number().int().positive(),
  back: z.string().optional(),
});

export function loader(_args: LoaderFunctionArgs) {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const parsed = ApplySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { programmeId, householdId, note, back } = parsed.data;
  const opened = await openCase(user, { programmeId, householdId, note }, new Date(), requestIp(request));
  const backTo = safeRedirectPath(back, `/households/${householdId}`);
  if (!opened.ok) {
    if (opened.error === "forbidden") throw forbidden();
    const sep = backTo.includes("?") ? "&" : "?";
    throw redirect(`${backTo}${sep}apply=${opened.error}#help-plan`);
  }
  // Staff go to the case; the resident stays on their own page.
  if (user.role === "resident")
    throw redirect(`${backTo}${backTo.includes("?") ? "&" : "?"}apply=opened#help-plan`);
  throw redirect(`/programmes/${programmeId}/cases/${opened.caseId}?notice=opened`);
}
