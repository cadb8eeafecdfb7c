import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { AnnouncementBody, AnnouncementFacts, KindBadge } from "#app/components/announcement-view";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import {
  broadcastProgress,
  getAnnouncement,
  localDateTime,
  presentAnnouncement,
  publishAnnouncement,
  type BroadcastProgress,
} from "#app/modules/announcements/announcements.server";
import { PublishFormSchema } from "#app/modules/announcements/form";
import { countReach } from "#app/modules/announcements/targeting.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { publishedNotice, publishWarning } from "#app/modules/announcements/publish-notice";

export const meta = pageMeta<typeof loader>(({ data }) => data?.announcement.title);

const notices = ["created", "updated", "published", "scheduled", "notEditable"] as const;

function announcementId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const row = await getAnnouncement(announcementId(params.id));
  if (!row) throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  const [reach, progress] = await Promise.all([countReach(row.audience), broadcastProgress(row.id)]);
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    announcement: presentAnnouncement(row, getLocale(request), settings.timeZone),
    reach,
    progress,
    timeZone: settings.timeZone,
    notice: notices.find((n) => n === notice) ?? null,
    warning: publishWarning(reach),
    publishedAs: publishedNotice(reach, progress.total),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "announcement.write");
  const id = announcementId(params.id);
  const submission = parseWithZod(await request.formData(), { schema: PublishFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const now = new Date();
  const at = submission.value.publishAt
    ? localDateTime(submission.value.publishAt, (await getSettings()).timeZone)
    : undefined;
  if (at && at <= now)
    return data(submission.reply({ fieldErrors: { publishAt: ["announcements:validation.past"] } }), {
      status: 400,
    });
  const outcome = await publishAnnouncement(id, user.id, { at, now });
  if (outcome.status === "notFound") throw new Response("Not found", { status: 404 });
  throw redirect(`/admin/announcements/${id}?notice=${outcome.status}`);
}

function Progress({ id, initial }: { id: number; initial: BroadcastProgress }) {
  const { t } = useTranslation("announcements");
  const fetcher = useFetcher<BroadcastProgress>();
  const progress = fetcher.data ?? initial;
  const { load } = fetcher;
  useEffect(() => {
    if (progress.done) return;
    const timer = setInterval(() => load(`/admin/announcements/${id}/progress`), 2000);
    return () => clearInterval(timer);
  }, [id, progress.done, load]);
  const states = ["queued", "sent", "failed", "cancelled"] as const;
  return (
    <section aria-labelledby="progress-title" className="card">
      <h2 id="progress-title">{t("publish.progressTitle")}</h2>
      <ul className="status-counts" data-testid="progress">
        {states.map((s) => (
          <li key={s} className={`status-${s}`}>
            <span className="status-count" data-testid={`progress-${s}`}>
              {progress[s]}
            </span>{" "}
            {t(`publish.${s}`)}
          </li>
        ))}
      </ul>
      <p role="status">
        {t("publish.total", { count: progress.total })} ·{" "}
        {progress.total === 0 ? t("publish.none") : progress.done ? t("publish.done") : t("publish.going")}
      </p>
    </section>
  );
}

export default function StaffAnnouncement() {
  const {
    announcement: a,
    reach,
    progress,
    timeZone,
    notice,
    warning,
    publishedAs,
  } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("announcements");
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublishFormSchema }),
  });
  return (
    <div className="stack">
      <p>
        <Link to="/admin/announcements">{t("admin.title")}</Link>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {t(`admin.${notice === "published" ? publishedAs : notice}`, { at: a.publishAt ?? "" })}
        </p>
      ) : null}
      <div className="page-head">
        <h1>{a.title}</h1>
        <div className="button-row">
          {a.status !== "published" ? (
            <Link className="button secondary" to={`/admin/announcements/${a.id}/edit`}>
              {t("admin.edit")}
            </Link>
          ) : null}
          <Link className="button secondary" to={`/announcements/${a.id}/print`}>
            {t("detail.print")}
          </Link>
        </div>
      </div>
      <p>
        <KindBadge kind={a.kind} /> <span className="badge">{t(`statuses.${a.status}`)}</span>{" "}
        {a.status === "published" && a.publishedAt ? t("admin.publishedAt", { at: a.publishedAt }) : null}
        {a.status === "scheduled" && a.publishAt ? t("admin.scheduledFor", { at: a.publishAt }) : null}
        {a.expired ? <span className="badge expired">{t("detail.expired")}</span> : null}
      </p>
      {a.status === "published" ? <Progress id={a.id} initial={progress} /> : null}
      {a.status !== "published" ? (
        <section aria-labelledby="publish-title" className="card">
          <h2 id="publish-title">{t("publish.legend")}</h2>
          <p data-testid="publish-reach">{t("publish.reach", { count: reach })}</p>
          {warning === "nobody" ? (
            <p className="form-error" role="alert" data-testid="publish-nobody">
              {t("publish.nobody")}
            </p>
          ) : null}
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="publish" />
            <Field meta={fields.publishAt} label={t("publish.publishAt")} type="datetime-local" />
            <p className="hint">{t("publish.publishAtHint", { zone: timeZone })}</p>
            <div className="field">
              <label className="choice">
                <input
                  {...getInputProps(fields.confirm, { type: "checkbox" })}
                  aria-describedby={fields.confirm.errors ? `${fields.confirm.id}-error` : undefined}
                />{" "}
                {t("publish.confirm")}
              </label>
              {fields.confirm.errors ? (
                <p className="field-error" id={`${fields.confirm.id}-error`}>
                  {fields.confirm.errors.map((e) => t(e as never)).join(" ")}
                </p>
              ) : null}
            </div>
            <button type="submit" className="primary">
              {t("publish.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <article className="card announcement">
        <AnnouncementFacts a={a} />
        <AnnouncementBody html={a.html} />
      </article>
    </div>
  );
}
