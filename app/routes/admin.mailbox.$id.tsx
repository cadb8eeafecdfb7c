import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { readMailboxMessage } from "#app/modules/notifications/mailbox.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data, t }) => data?.subject ?? t("email:mailbox.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "mailbox.read");
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const message = await readMailboxMessage(id, { id: user.id, ip: requestIp(request) });
  if (!message) throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  const time = new Intl.DateTimeFormat(getLocale(request), {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: settings.timeZone,
  });
  // The HTML itself is served to the sandboxed frame by admin.mailbox.$id.html.ts.
  const { html: _html, ...shown } = message;
  return {
    ...shown,
    receivedAt: time.format(message.receivedAt),
  };
}

export default function MailboxMessage() {
  const m = useLoaderData<typeof loader>();
  const { t } = useTranslation("email");
  return (
    <article aria-labelledby="message-subject" className="message">
      <p>
        <Link to="/admin/mailbox">← {t("mailbox.back")}</Link>
      </p>
      <h1 id="message-subject">{m.subject ?? t("mailbox.withheldSubject")}</h1>
      <p className="notice">{m.text === null ? t("mailbox.withheld") : t("mailbox.masked")}</p>
      <dl className="message-fields">
        <dt>{t("mailbox.from")}</dt>
        <dd>{m.from}</dd>
        <dt>{t("mailbox.to")}</dt>
        <dd data-testid="message-to">{m.to}</dd>
        {m.replyTo ? (
          <>
            <dt>{t("mailbox.replyTo")}</dt>
            <dd>{m.replyTo}</dd>
          </>
        ) : null}
        <dt>{t("mailbox.received")}</dt>
        <dd>{m.receivedAt}</dd>
        <dt>{t("mailbox.inApp")}</dt>
        <dd data-testid="message-in-app">{t(`mailbox.inAppState.${m.inApp}`)}</dd>
      </dl>
      {m.text === null ? null : (
        <>
          <h2>{t("mailbox.html")}</h2>
          {/* An empty sandbox: the email's HTML cannot run scripts, submit forms or reach this page. */}
          <iframe
            className="message-html"
            title={m.subject ?? ""}
            sandbox=""
            src={`/admin/mailbox/${m.id}/html`}
          />
          <h2>{t("mailbox.text")}</h2>
          <pre className="message-text" data-testid="message-text">
            {m.text}
          </pre>
        </>
      )}
      <h2>{t("mailbox.headers")}</h2>
      <div className="table-scroll">
        <table className="message-headers">
          <tbody>
            {Object.entries(m.headers).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.attachments.length > 0 ? (
        <>
          <h2>{t("mailbox.attachments")}</h2>
          <ul>
            {m.attachments.map((a) => (
              <li key={a.filename}>
                {a.filename} ({a.contentType}
                {a.bytes === null ? "" : `, ${a.bytes} B`})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
