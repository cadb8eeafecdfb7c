import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import {
  cancelEmail,
  listOutbox,
  outboxCounts,
  retryFailedEmail,
} from "#app/modules/notifications/outbox.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { emailStatuses } from "#db/schema/email";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const OutboxActionSchema = z.object({
  intent: z.enum(["retry", "cancel"], { error: "email:outbox.notChanged" }),
  id: z.coerce.number({ error: "email:outbox.notChanged" }).int().positive("email:outbox.notChanged"),
});

export const meta = pageMeta("email:outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox.manage");
  const locale = getLocale(request);
  const [counts, failed, queued, settings] = await Promise.all([
    outboxCounts(),
    listOutbox("failed"),
    listOutbox("queued"),
    getSettings(),
  ]);
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: settings.timeZone,
  });
  const done = new URL(request.url).searchParams.get("done");
  return {
    counts,
    done: done === "retried" || done === "cancelled" ? done : null,
    failed: failed.map((r) => ({ ...r, at: time.format(r.updatedAt) })),
    queued: queued.map((r) => ({ ...r, at: time.format(r.nextAttemptAt) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "outbox.manage");
  const submission = parseWithZod(await request.formData(), { schema: OutboxActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { intent, id } = submission.value;
  const changed = intent === "retry" ? await retryFailedEmail(id, user.id) : await cancelEmail(id, user.id);
  if (!changed) return data(submission.reply({ formErrors: ["email:outbox.notChanged"] }), { status: 400 });
  throw redirect(`/admin/outbox?done=${intent === "retry" ? "retried" : "cancelled"}`);
}

export default function Outbox() {
  const { counts, failed, queued, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("email");
  const errors = result?.error ? Object.values(result.error).flat() : [];
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p>{t("outbox.lead")}</p>
      <p>
        <Link to="/admin/emails/preview">{t("preview.title")}</Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(done === "retried" ? "outbox.retried" : "outbox.cancelled")}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <p className="form-error" role="alert">
          {errors.map((e) => t(e as never)).join(" ")}
        </p>
      ) : null}
      <h2>{t("outbox.counts")}</h2>
      <ul className="status-counts">
        {emailStatuses.map((s) => (
          <li key={s} className={`status-${s}`}>
            <span className="status-count">{counts[s]}</span> {t(`statuses.${s}`)}
          </li>
        ))}
      </ul>
      <h2>{t("outbox.failedTitle")}</h2>
      {failed.length === 0 ? (
        <p>{t("outbox.noFailed")}</p>
      ) : (
        <ul className="outbox-list">
          {failed.map((r) => (
            <li key={r.id} className="card">
              <p className="outbox-to">
                <strong>{r.to}</strong> · {r.template} · {r.at}
              </p>
              <p>
                {t("outbox.attempts")}: {r.attempts}
              </p>
              <p className="outbox-error">
                {t("outbox.error")}: {r.lastError}
              </p>
              <Form method="post" className="button-row">
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" name="intent" value="retry" className="primary">
                  {t("outbox.retry")}
                </button>
                <button type="submit" name="intent" value="cancel" className="secondary">
                  {t("outbox.cancel")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("outbox.queuedTitle")}</h2>
      {queued.length === 0 ? (
        <p>{t("outbox.noQueued")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("outbox.template")}</th>
                <th scope="col">{t("outbox.due")}</th>
                <th scope="col">{t("outbox.attempts")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("outbox.cancel")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queued.map((r) => (
                <tr key={r.id}>
                  <td>{r.to}</td>
                  <td>{r.template}</td>
                  <td>{r.at}</td>
                  <td>{r.attempts}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="cancel" className="secondary">
                        {t("outbox.cancel")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
