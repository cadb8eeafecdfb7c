import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "#app/modules/auth/guard.server";
import { formatInZone } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { getLocale } from "#app/modules/i18n/locale.server";
import { listMessages, markAllMessagesRead } from "#app/modules/notifications/messages.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import messagesStylesUrl from "#app/styles/messages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: messagesStylesUrl }];

export const meta = pageMeta("messages:title");

const PageSchema = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const { before } = PageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ messages, nextBefore }, settings] = await Promise.all([
    listMessages(user.id, { before }),
    getSettings(),
  ]);
  const locale = getLocale(request);
  return {
    paged: before !== undefined,
    messages: messages.map((m) => ({
      id: m.id,
      subject: m.subject,
      channel: m.channel,
      unread: m.readAt === null,
      at: formatInZone(m.createdAt, settings.timeZone, locale, "dateTime"),
    })),
    olderHref: nextBefore ? `?before=${nextBefore}` : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "account.manageOwn");
  await markAllMessagesRead(user.id);
  throw redirect("/messages?notice=read");
}

export default function Messages() {
  const { messages, olderHref, paged } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("messages");
  const anyUnread = messages.some((m) => m.unread);
  return (
    <section aria-labelledby="messages-title" className="stack narrow">
      <h1 id="messages-title">{t("title")}</h1>
      {params.get("notice") === "read" ? (
        <p className="notice" role="status">
          {t("markedRead")}
        </p>
      ) : null}
      <p>{t("lead")}</p>
      {messages.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="messages-list" data-testid="messages">
          {messages.map((m) => (
            <li key={m.id} className={m.unread ? "messages-unread" : undefined}>
              <Link to={`/messages/${m.id}`}>
                <span className="messages-subject">{m.subject}</span>
                <span className="messages-meta">
                  {m.unread ? <span className="messages-flag">{t("unread")}</span> : null}
                  <span>{m.at}</span>
                  <span>{t(`channel.${m.channel}`)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="messages-actions">
        {anyUnread ? (
          <Form method="post">
            <button type="submit" className="secondary">
              {t("markAllRead")}
            </button>
          </Form>
        ) : null}
        {paged ? <Link to="/messages">{t("newer")}</Link> : null}
        {olderHref ? <Link to={olderHref}>{t("older")}</Link> : null}
      </div>
    </section>
  );
}
