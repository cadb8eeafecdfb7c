import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { usesLocalMailbox } from "#app/modules/notifications/delivery.server";
import { listMailbox } from "#app/modules/notifications/mailbox.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("email:mailbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "mailbox.read");
  const url = new URL(request.url);
  const to = url.searchParams.get("to")?.slice(0, 200) ?? "";
  const before = Number(url.searchParams.get("before"));
  const locale = getLocale(request);
  const [{ messages, nextBefore }, settings] = await Promise.all([
    listMailbox({ to, before: Number.isSafeInteger(before) && before > 0 ? before : undefined }),
    getSettings(),
  ]);
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: settings.timeZone,
  });
  return {
    to,
    local: usesLocalMailbox(),
    messages: messages.map((m) => ({ ...m, receivedAt: time.format(m.receivedAt) })),
    olderHref: nextBefore
      ? `?${new URLSearchParams({ ...(to ? { to } : {}), before: String(nextBefore) })}`
      : null,
  };
}

export default function Mailbox() {
  const { to, local, messages, olderHref } = useLoaderData<typeof loader>();
  const { t } = useTranslation("email");
  return (
    <section aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">{t("mailbox.title")}</h1>
      <p>{local ? t("mailbox.lead") : t("mailbox.providerNote")}</p>
      <Form method="get" className="form inline-form" role="search">
        <div className="field">
          <label htmlFor="mailbox-to">{t("mailbox.search")}</label>
          <input id="mailbox-to" name="to" type="search" defaultValue={to} autoComplete="off" />
        </div>
        <button type="submit" className="primary">
          {t("mailbox.searchSubmit")}
        </button>
      </Form>
      {messages.length === 0 ? (
        <p>{t("mailbox.empty")}</p>
      ) : (
        <ul className="message-list">
          {messages.map((m) => (
            <li key={m.id}>
              <Link to={`/admin/mailbox/${m.id}`}>
                <span className="message-subject">{m.subject ?? t("mailbox.withheldSubject")}</span>
                <span className="message-meta">
                  {m.to} · {m.receivedAt} · {t(`mailbox.inAppState.${m.inApp}`)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="pager">
        {to || olderHref ? <Link to="/admin/mailbox">{t("mailbox.newer")}</Link> : null}
        {olderHref ? <Link to={olderHref}>{t("mailbox.older")}</Link> : null}
      </p>
    </section>
  );
}
