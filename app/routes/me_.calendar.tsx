// The person's calendar feed: what it is, the link shown once when made, making a new one (the old stops
// working) or turning it off, and how to add it to the common calendar apps.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CopyField } from "#app/components/copy-field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { feedUrls } from "#app/modules/calendar/feed.server";
import { createFeed, feedStatus, revokeFeed } from "#app/modules/calendar/feeds.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import calendarStylesUrl from "#app/styles/calendar.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

const FeedSchema = z.object({
  intent: z.enum(["create", "regenerate", "revoke"], { error: "calendar:validation.intent" }),
});

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStylesUrl }];

export const meta = pageMeta("calendar:page.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const locale = getLocale(request);
  const [status, settings] = await Promise.all([feedStatus(user.id), getSettings()]);
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: settings.timeZone,
  });
  return {
    feed: status && {
      created: format.format(status.createdAt),
      lastFetched: status.lastFetchedAt ? format.format(status.lastFetchedAt) : null,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "account.manageOwn");
  const submission = parseWithZod(await request.formData(), { schema: FeedSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), urls: null }, { status: 400 });
  const meta = { ip: requestIp(request) };
  if (submission.value.intent === "revoke") {
    await revokeFeed(user.id, meta);
    throw redirect("/me/calendar?notice=revoked");
  }
  // The token exists only in this answer: it is shown now and never again, so no redirect here.
  const token = await createFeed(user.id, meta);
  return { result: submission.reply({ resetForm: true }), urls: feedUrls(token) };
}

export default function CalendarFeedPage() {
  const { feed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("calendar");
  const urls = actionData?.urls ?? null;
  const errors = actionData?.result.error?.intent ?? actionData?.result.error?.[""] ?? undefined;
  return (
    <section aria-labelledby="calendar-title" className="stack calendar-page">
      <h1 id="calendar-title">{t("page.title")}</h1>
      {params.get("notice") === "revoked" && !feed ? (
        <p className="notice" role="status">
          {t("notice.revoked")}
        </p>
      ) : null}
      <p className="lead">{t("page.lead")}</p>
      <p>{t("page.contains")}</p>
      <p>
        {t("page.reminders")} <Link to="/account/email">{t("page.remindersLink")}</Link>
      </p>
      <FormErrors id="calendar-errors" errors={errors} />

      {urls ? (
        <section aria-labelledby="created-title" className="card created-feed stack">
          <h2 id="created-title">{t("created.title")}</h2>
          <p className="warning">{t("created.once")}</p>
          <CopyField id="feed-https" label={t("created.https")} value={urls.https} />
          <CopyField id="feed-webcal" label={t("created.webcal")} value={urls.webcal} />
          <p>
            <a className="button" href={urls.webcal}>
              {t("created.open")}
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="status-title" className="card stack">
        <h2 id="status-title">{t("status.title")}</h2>
        {feed ? (
          <>
            <p>
              {t("status.created", { when: feed.created })}{" "}
              {feed.lastFetched ? t("status.fetched", { when: feed.lastFetched }) : t("status.neverFetched")}
            </p>
            <details className="confirm">
              <summary>{t("actions.regenerate")}</summary>
              <p>{t("actions.regenerateWarning")}</p>
              <Form method="post">
                <button type="submit" name="intent" value="regenerate" className="danger">
                  {t("actions.regenerateConfirm")}
                </button>
              </Form>
            </details>
            <details className="confirm">
              <summary>{t("actions.revoke")}</summary>
              <p>{t("actions.revokeWarning")}</p>
              <Form method="post">
                <button type="submit" name="intent" value="revoke" className="danger">
                  {t("actions.revokeConfirm")}
                </button>
              </Form>
            </details>
          </>
        ) : (
          <>
            <p>{t("status.none")}</p>
            <Form method="post">
              <button type="submit" name="intent" value="create" className="primary big">
                {t("actions.create")}
              </button>
            </Form>
          </>
        )}
      </section>

      <p className="warning">{t("page.private")}</p>

      <section aria-labelledby="howto-title" className="stack">
        <h2 id="howto-title">{t("howto.title")}</h2>
        <div className="howto">
          <h3>{t("howto.google")}</h3>
          <p>{t("howto.googleSteps")}</p>
        </div>
        <div className="howto">
          <h3>{t("howto.apple")}</h3>
          <p>{t("howto.appleSteps")}</p>
        </div>
        <div className="howto">
          <h3>{t("howto.outlook")}</h3>
          <p>{t("howto.outlookSteps")}</p>
        </div>
      </section>
    </section>
  );
}
