import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/modules/auth/guard.server";
import { formatInZone } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { getLocale } from "#app/modules/i18n/locale.server";
import { openMessage } from "#app/modules/notifications/messages.server";
import { getSettings } from "#app/modules/settings/settings.server";
import messagesStylesUrl from "#app/styles/messages.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: messagesStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) => data?.subject ?? t("messages:title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "account.manageOwn");
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  // Another person's message is not found: the lookup is by id within the signed-in owner's own messages.
  const message = await openMessage(user.id, id);
  if (!message) throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  return {
    subject: message.subject,
    channel: message.channel,
    at: formatInZone(message.createdAt, settings.timeZone, getLocale(request), "dateTime"),
    body: message.body,
  };
}

export default function Message() {
  const m = useLoaderData<typeof loader>();
  const { t } = useTranslation("messages");
  return (
    <article aria-labelledby="message-title" className="stack narrow">
      <p>
        <Link to="/messages">← {t("back")}</Link>
      </p>
      <h1 id="message-title">{m.subject}</h1>
      <p className="messages-meta">
        <span>{t("received", { time: m.at })}</span>
        <span>{t(`channel.${m.channel}`)}</span>
      </p>
      <p className="notice">{t("private")}</p>
      <div className="messages-body" data-testid="message-body">
        {m.body.map((segment, i) =>
          "href" in segment ? (
            <a key={i} href={segment.href} rel="noreferrer">
              {segment.text}
            </a>
          ) : (
            <span key={i}>{segment.text}</span>
          ),
        )}
      </div>
    </article>
  );
}
