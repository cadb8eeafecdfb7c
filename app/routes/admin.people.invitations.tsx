import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { InvitationActions } from "#app/components/people/invitation-actions";
import { requirePermission } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { pageMeta } from "#app/modules/i18n/meta";
import {
  listPendingInvitations,
  resendInvitation,
  withdrawInvitation,
} from "#app/modules/people/invitations.server";
import { formatDay } from "#app/modules/roster/dates";
import { getSettings } from "#app/modules/settings/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

const ChangeSchema = z.object({
  intent: z.enum(["resend", "withdraw"]),
  userId: z.coerce.number().int().positive(),
  back: z.enum(["list", "person"]).catch("list"),
});

export const meta = pageMeta("lifecycle:invitations.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people.list");
  const now = new Date();
  const [invitations, settings] = await Promise.all([listPendingInvitations(user, now), getSettings()]);
  return {
    timeZone: settings.timeZone,
    invitations: invitations.map((i) => ({
      ...i,
      ageDays: i.sentAt ? Math.floor((now.getTime() - i.sentAt.getTime()) / 86_400_000) : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "people.list");
  const parsed = ChangeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, userId, back } = parsed.data;
  const change = intent === "resend" ? resendInvitation : withdrawInvitation;
  const outcome = await change(user, userId, requestMeta(request));
  if (outcome !== "ok") throw new Response(outcome, { status: outcome === "notFound" ? 404 : 403 });
  const notice = intent === "resend" ? "resent" : "withdrawn";
  throw redirect(back === "person" ? `/admin/people/${userId}?invitation=${notice}` : `?notice=${notice}`);
}

export default function Invitations() {
  const { invitations, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation("lifecycle");
  const { t: ta } = useTranslation("auth");
  const [params] = useSearchParams();
  const notice = params.get("notice");
  return (
    <div className="stack">
      <p>
        <Link to="/admin/people">← {ta("people.title")}</Link>
      </p>
      <h1>{t("invitations.title")}</h1>
      <p className="hint">{t("invitations.lead")}</p>
      {notice === "resent" || notice === "withdrawn" ? (
        <p className="notice" role="status">
          {t(notice === "resent" ? "invitations.resent" : "invitations.withdrawnNotice")}
        </p>
      ) : null}
      {invitations.length === 0 ? <p>{t("invitations.empty")}</p> : null}
      <ul className="people-list invitation-list">
        {invitations.map((i) => (
          <li key={i.userId} className="card">
            <Link to={`/admin/people/${i.userId}`}>
              <strong>{i.name}</strong>
            </Link>
            <span>
              {ta(`roles.${i.role}`)}
              {i.compoundName ? ` · ${i.compoundName}` : ""}
            </span>
            <span className="muted">{i.email ?? i.phone}</span>
            <span>
              <span className={`badge invitation-${i.state}`}>{t(`invitations.states.${i.state}`)}</span>{" "}
              {i.ageDays === null
                ? null
                : i.ageDays === 0
                  ? t("invitations.today")
                  : t("invitations.age", { count: i.ageDays })}
              {i.state === "pending" && i.expiresAt
                ? ` · ${t("invitations.expires", { date: formatDay(i.expiresAt, timeZone) })}`
                : ""}
            </span>
            <InvitationActions userId={i.userId} state={i.state} back="list" name={i.name} />
          </li>
        ))}
      </ul>
    </div>
  );
}
