// How many people an audience reaches, for the editor's live count while the form is filled in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { AudienceQuerySchema } from "#app/modules/announcements/form";
import { countReach } from "#app/modules/announcements/targeting.server";
import { requirePermission } from "#app/modules/auth/guard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const params = new URL(request.url).searchParams;
  const parsed = AudienceQuerySchema.safeParse({
    residents: params.get("residents") ?? "",
    compoundIds: params.getAll("compoundIds"),
    levels: params.getAll("levels"),
    categories: params.getAll("categories"),
    needs: params.getAll("needs"),
    zeroEmployment: params.get("zeroEmployment") ?? "",
    volunteerTiers: params.getAll("volunteerTiers"),
  });
  if (!parsed.success) return data({ count: 0 }, { status: 400 });
  return { count: await countReach(parsed.data) };
}
